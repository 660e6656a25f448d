"""Calibration's sums kept on SQLite (store/sqlite/calibration_sums.py): the figures a page
shows are read in a few rows whatever the history; a write made outside the store (the
triggers mark it) is counted on the next read; the doctor finds a tampered total or part and
`--repair` mends it. Every store's figures equal a recount: test_calibration_store.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from support.world import ALICE
from test_calibration_store import history, recomputed

from interview_autopilot.core import calibration
from interview_autopilot.store import recorder
from interview_autopilot.store.sqlite import SqliteStore, calibration_sums
from interview_autopilot.store.sqlite import migrations as sqlite_steps


def rows_read(call) -> int:  # type: ignore[no-untyped-def]
    recording = recorder.start()
    try:
        call()
    finally:
        recorder.stop()
    return sum(s.rows or 0 for s in recording.statements)


def test_the_figures_are_read_in_rows_independent_of_the_history(tmp_path: Path) -> None:
    small, large = SqliteStore(tmp_path / "small.db"), SqliteStore(tmp_path / "large.db")
    history(small, 4, 12)
    history(large, 4, 120)
    for store in (small, large):
        assert store.calibration_sums(ALICE.user_id)  # something to read
    counts = []
    for store in (small, large):
        counts.append(
            rows_read(lambda s=store: (s.calibration_sums(ALICE.user_id), s.calibration_sums(None)))
        )
    # one row per metric of the person and of the team, at most, at either size
    assert all(n <= 2 * len(calibration.METRICS) for n in counts), counts


def test_a_write_outside_the_store_counts_on_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = SqliteStore(path)
    ids = history(store, 5, 30)
    before = store.calibration_sums(None)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DELETE FROM feedback WHERE user_id = ?", (str(ALICE.user_id),))
    raw.close()
    assert store.calibration_sums(ALICE.user_id) == {}
    assert store.calibration_sums(None) != before
    assert store.calibration_table() == recomputed(store, ids)
    # the ATS records the raw write left stale are the doctor's to find; not calibration's
    assert not [p for p in store.doctor().problems if p.startswith("calibration")]


def test_the_doctor_finds_and_repairs_a_tampered_calibration_sum(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = SqliteStore(path)
    ids = history(store, 3, 25)
    store.doctor(repair=True)  # decisions taken on interviews are carried to their application
    assert store.doctor().ok
    uid = str(ALICE.user_id)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute(
            "UPDATE calibration_totals SET n = n + 7 WHERE user_id = ? AND metric = ?",
            (uid, calibration.SCORECARDS),
        )
        raw.execute(
            "UPDATE calibration_totals SET n = n - 1 WHERE user_id = '' AND metric = ?",
            (calibration.SCORECARDS,),
        )
        raw.execute(
            "UPDATE calibration_parts SET n = n + 3 WHERE (interview_id, user_id, metric) "
            "= (SELECT interview_id, user_id, metric FROM calibration_parts LIMIT 1)"
        )
    raw.close()
    report = store.doctor()
    text = "\n".join(report.problems)
    assert not report.ok
    assert f"calibration_totals interviewer {uid} scorecards" in text
    assert "calibration_totals the team scorecards" in text
    assert "calibration_parts: 1 interview(s) differ from their feedback" in text
    store.doctor(repair=True)
    assert store.doctor().ok
    expected = recomputed(store, ids)
    assert store.calibration_table() == expected
    assert store.calibration_sums(ALICE.user_id) == expected.get(ALICE.user_id, {})


def test_an_application_s_interviews_are_marked_by_candidate_after_an_upgrade(
    tmp_path: Path,
) -> None:
    """A file whose calibration triggers found an application's interviews by job (every
    interview of the job read per application written) gets them made again by candidate."""
    path = tmp_path / "s.db"
    SqliteStore(path).close()
    raw = sqlite3.connect(path, isolation_level=None)
    for name in calibration_sums.APPLICATION_TRIGGERS:
        (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        raw.execute(f"DROP TRIGGER {name}")
        raw.execute(sql.replace("+job_key", "job_key"))  # as the calibration step made them
    raw.execute(f"PRAGMA user_version = {len(sqlite_steps.STEPS) - 1}")
    assert not calibration_sums.applications_marked_by_candidate(raw)
    SqliteStore(path).close()
    assert calibration_sums.applications_marked_by_candidate(raw)
    assert sqlite_steps.version(raw) == len(sqlite_steps.STEPS)
    mark = calibration_sums._MARK_APPLICATION.format("new")
    select = mark[mark.index("SELECT") : mark.index(" ON CONFLICT")].replace("new.", ":")
    bound = {"candidate_id": "c", "job_id": "j"}
    plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + select, bound)]
    assert any("interviews_by_candidate" in step for step in plan), plan
    raw.close()
