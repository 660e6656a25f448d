"""Calibration's sums kept on SQLite, so that a person's figures and the team's are read in a
few rows whatever the history (core/calibration.py says what each sum is).

- `calibration_parts`: what each interview's feedback adds to each author's sums
  (`contributions`), one row per (interview, author, metric);
- `calibration_totals`: their sum per author and metric, and the team's under the author ''
  (TEAM);
- `calibration_dirty`: the interviews whose parts may have changed. Triggers mark them in the
  same transaction as every write that moves a figure, whoever writes: feedback inserted,
  edited or removed; an interview inserted, deleted, or its end, candidate, title or own
  decision changed; an application inserted, deleted or its decision changed (its interviews:
  same candidate, title folding to its job's); a job inserted, deleted or retitled (the
  interviews filed under the old and the new title).

The store folds the marked interviews (`fold`) before every write transaction commits
(SqliteStore._tx), so the totals are exact at every commit: the old parts come off the totals,
the parts recomputed from the interview's feedback, end and final decision (the same reads
and function as a recount) go on. A read folds what a write outside the store left marked.
A schema step creates the tables and triggers and fills them; the doctor compares the totals
with a recount from the feedback and `--repair` refills them.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import groupby

from ...core import calibration
from ...core.applications import application_id_for
from ...core.calibration import Sums
from ...core.filters import job_key
from ...core.models import DoctorReport, Feedback, HiringCall
from .counts import statements
from .rows import feedback_row, text_time

TEAM = ""  # calibration_totals' author for the team's sums
CHUNK = 500  # ids bound per IN (...) query

# ON CONFLICT DO NOTHING, not INSERT OR IGNORE: a trigger's OR clause yields to the one of the
# statement that fired it
_MARK_INTERVIEW = "INSERT INTO calibration_dirty VALUES ({}.interview_id) ON CONFLICT DO NOTHING;"
# An application's interviews are found by its candidate: `+job_key` keeps SQLite off the index
# by job, which would read every interview of the job for each application written.
_MARK_APPLICATION = (
    "INSERT INTO calibration_dirty SELECT interview_id FROM interviews "
    "WHERE candidate_id = {0}.candidate_id "
    "AND +job_key = (SELECT title_key FROM jobs WHERE job_id = {0}.job_id) "
    "ON CONFLICT DO NOTHING;"
)
APPLICATION_TRIGGERS = (
    "calibration_application_insert",
    "calibration_application_update",
    "calibration_application_delete",
)
_MARK_JOB = (
    "INSERT INTO calibration_dirty SELECT interview_id FROM interviews "
    "WHERE job_key = {}.title_key ON CONFLICT DO NOTHING;"
)
_INTERVIEW_COLUMNS = "scheduled_end, candidate_id, job_title, job_key, hiring_call"

DDL = f"""
CREATE TABLE IF NOT EXISTS calibration_parts (
    interview_id TEXT NOT NULL, user_id TEXT NOT NULL, metric TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (interview_id, user_id, metric)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS calibration_totals (
    user_id TEXT NOT NULL, metric TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (user_id, metric)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS calibration_dirty (interview_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS calibration_feedback_insert AFTER INSERT ON feedback BEGIN
    {_MARK_INTERVIEW.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_feedback_update AFTER UPDATE ON feedback BEGIN
    {_MARK_INTERVIEW.format("OLD")}
    {_MARK_INTERVIEW.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_feedback_delete AFTER DELETE ON feedback BEGIN
    {_MARK_INTERVIEW.format("OLD")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_interview_insert AFTER INSERT ON interviews BEGIN
    {_MARK_INTERVIEW.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_interview_update
AFTER UPDATE OF {_INTERVIEW_COLUMNS} ON interviews BEGIN
    {_MARK_INTERVIEW.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_interview_delete AFTER DELETE ON interviews BEGIN
    {_MARK_INTERVIEW.format("OLD")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_application_insert AFTER INSERT ON applications BEGIN
    {_MARK_APPLICATION.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_application_update
AFTER UPDATE OF decision_call, candidate_id, job_id ON applications BEGIN
    {_MARK_APPLICATION.format("OLD")}
    {_MARK_APPLICATION.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_application_delete AFTER DELETE ON applications BEGIN
    {_MARK_APPLICATION.format("OLD")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_job_insert AFTER INSERT ON jobs BEGIN
    {_MARK_JOB.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_job_update AFTER UPDATE OF title_key ON jobs BEGIN
    {_MARK_JOB.format("OLD")}
    {_MARK_JOB.format("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS calibration_job_delete AFTER DELETE ON jobs BEGIN
    {_MARK_JOB.format("OLD")}
END;
"""
TABLES = ("calibration_parts", "calibration_totals", "calibration_dirty")

FEEDBACK = (
    "SELECT f.*, i.scheduled_end AS interview_end, i.hiring_call AS interview_call, "
    "i.candidate_id AS interview_candidate, i.job_title AS interview_title "
    "FROM feedback f JOIN interviews i ON i.interview_id = f.interview_id "
)

Interviews = Iterator[tuple[list[Feedback], datetime, HiringCall | None]]


def add_calibration_sums(db: sqlite3.Connection) -> None:
    """The schema step: the tables and triggers, filled from the feedback (inside the
    caller's transaction)."""
    for statement in statements(DDL):
        db.execute(statement)
    refill(db)


def mark_applications_by_candidate(db: sqlite3.Connection) -> None:
    """The schema step: the application triggers made again as DDL has them, for files whose
    calibration step made them find the interviews by job (inside the caller's
    transaction)."""
    for name in APPLICATION_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in statements(DDL):
        if any(name in statement for name in APPLICATION_TRIGGERS):
            db.execute(statement)


def applications_marked_by_candidate(db: sqlite3.Connection) -> bool:
    found = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (APPLICATION_TRIGGERS[0],),
    ).fetchone()
    return bool(found and "+job_key" in found[0])


def calibration_sums_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'calibration_totals'"
        ).fetchone()
    )


def application_calls(
    db: sqlite3.Connection, interviews: list[tuple[str, str]]
) -> dict[tuple[str, str], HiringCall]:
    """(candidate id, job title) -> the decision of that candidate's application to the job
    the title folds to, for the pairs whose application has one."""
    keys = sorted({job_key(title) for _candidate, title in interviews})
    jobs: dict[str, str] = {}
    for start in range(0, len(keys), CHUNK):
        part = keys[start : start + CHUNK]
        marks = ",".join("?" * len(part))
        jobs.update(
            db.execute(
                f"SELECT title_key, job_id FROM jobs WHERE title_key IN ({marks})", part
            ).fetchall()
        )
    wanted: dict[str, tuple[str, str]] = {}
    for candidate, title in set(interviews):
        job = jobs.get(job_key(title))
        if job:
            app = application_id_for(uuid.UUID(candidate), uuid.UUID(job))
            wanted[str(app)] = (candidate, title)
    ids = sorted(wanted)
    out: dict[tuple[str, str], HiringCall] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        marks = ",".join("?" * len(part))
        for app, call in db.execute(
            "SELECT application_id, decision_call FROM applications "
            f"WHERE decision_call IS NOT NULL AND application_id IN ({marks})",
            part,
        ).fetchall():
            out[wanted[app]] = HiringCall(call)
    return out


def _interviews(rows: list[sqlite3.Row], calls: dict[tuple[str, str], HiringCall]) -> Interviews:
    for _iid, group in groupby(rows, key=lambda r: r["interview_id"]):
        found = list(group)
        top = found[0]
        own = HiringCall(top["interview_call"]) if top["interview_call"] else None
        yield (
            [feedback_row(r) for r in found],
            text_time(top["interview_end"]),
            calibration.final_call(
                calls.get((top["interview_candidate"], top["interview_title"])), own
            ),
        )


def recount_rows(db: sqlite3.Connection, where: str, params: tuple[str, ...]) -> Interviews:
    """The interviews whose feedback `where` selects, each with its feedback, end and final
    decision, read from the sources."""
    rows = db.execute(FEEDBACK + where + " ORDER BY f.interview_id", params).fetchall()
    calls = application_calls(db, [(r["interview_candidate"], r["interview_title"]) for r in rows])
    return _interviews(rows, calls)


def _parts_of(db: sqlite3.Connection, ids: list[str]) -> Counter[tuple[str, str, str]]:
    """(interview, author, metric) -> n, recomputed from the sources for `ids`."""
    marks = ",".join("?" * len(ids))
    out: Counter[tuple[str, str, str]] = Counter()
    for feedback, end, call in recount_rows(db, f"WHERE f.interview_id IN ({marks})", tuple(ids)):
        iid = str(feedback[0].interview_id)
        for (user, metric), n in calibration.contributions(feedback, end, call).items():
            out[(iid, str(user), metric)] += n
    return out


def _add_totals(db: sqlite3.Connection, deltas: Counter[tuple[str, str]]) -> None:
    db.executemany(
        "INSERT INTO calibration_totals VALUES (?, ?, ?) "
        "ON CONFLICT(user_id, metric) DO UPDATE SET n = n + excluded.n",
        [(u, m, n) for (u, m), n in sorted(deltas.items()) if n],
    )
    db.execute("DELETE FROM calibration_totals WHERE n = 0")


def fold(db: sqlite3.Connection) -> int:
    """Bring the parts and totals of every marked interview up to date, then unmark them
    (inside the caller's transaction). Returns how many interviews were folded."""
    dirty = [r[0] for r in db.execute("SELECT interview_id FROM calibration_dirty").fetchall()]
    for start in range(0, len(dirty), CHUNK):
        ids = dirty[start : start + CHUNK]
        marks = ",".join("?" * len(ids))
        deltas: Counter[tuple[str, str]] = Counter()
        for user, metric, n in db.execute(
            f"SELECT user_id, metric, n FROM calibration_parts WHERE interview_id IN ({marks})",
            ids,
        ).fetchall():
            deltas[(user, metric)] -= n
            deltas[(TEAM, metric)] -= n
        db.execute(f"DELETE FROM calibration_parts WHERE interview_id IN ({marks})", ids)
        parts = _parts_of(db, ids)
        db.executemany(
            "INSERT INTO calibration_parts VALUES (?, ?, ?, ?)",
            [(i, u, m, n) for (i, u, m), n in sorted(parts.items())],
        )
        for (_i, user, metric), n in parts.items():
            deltas[(user, metric)] += n
            deltas[(TEAM, metric)] += n
        _add_totals(db, deltas)
        db.execute(f"DELETE FROM calibration_dirty WHERE interview_id IN ({marks})", ids)
    return len(dirty)


def refill(db: sqlite3.Connection) -> None:
    """Every interview with feedback recounted from scratch (inside the caller's
    transaction)."""
    db.execute("DELETE FROM calibration_parts")
    db.execute("DELETE FROM calibration_totals")
    db.execute("INSERT OR IGNORE INTO calibration_dirty SELECT DISTINCT interview_id FROM feedback")
    fold(db)


def _sums(rows: list[sqlite3.Row]) -> Sums:
    return {metric: int(n) for metric, n in rows if n}


def read_person(db: sqlite3.Connection, user_id: uuid.UUID | None) -> Sums:
    """One author's sums (None: the team's): the rows of one author, at most one per
    metric."""
    key = TEAM if user_id is None else str(user_id)
    return _sums(
        db.execute("SELECT metric, n FROM calibration_totals WHERE user_id = ?", (key,)).fetchall()
    )


def read_table(db: sqlite3.Connection) -> dict[uuid.UUID, Sums]:
    """Every author's sums."""
    out: dict[uuid.UUID, Sums] = {}
    for user, metric, n in db.execute(
        "SELECT user_id, metric, n FROM calibration_totals WHERE user_id != ? ORDER BY user_id",
        (TEAM,),
    ).fetchall():
        if n:
            out.setdefault(uuid.UUID(user), {})[metric] = int(n)
    return out


def check(
    db: sqlite3.Connection, report: DoctorReport, problem: Callable[[str], None], repair: bool
) -> None:
    """Compare the kept parts and totals with a recount from the feedback (inside the
    caller's transaction); `repair` refills them."""
    fold(db)
    people: dict[uuid.UUID, Sums] = {}
    parts: Counter[tuple[str, str, str]] = Counter()
    for feedback, end, call in recount_rows(db, "", ()):
        iid = str(feedback[0].interview_id)
        for (author, metric), n in calibration.contributions(feedback, end, call).items():
            parts[(iid, str(author), metric)] += n
            sums = people.setdefault(author, {})
            sums[metric] = sums.get(metric, 0) + n
    kept = Counter(
        {(i, u, m): n for i, u, m, n in db.execute("SELECT * FROM calibration_parts") if n}
    )
    wrong_parts = sorted({i for i, _u, _m in (parts - kept) + (kept - parts)})
    if wrong_parts:
        problem(
            f"calibration_parts: {len(wrong_parts)} interview(s) differ from their feedback, "
            f"the first {wrong_parts[0]}"
        )
    expected = {str(u): s for u, s in people.items()}
    expected[TEAM] = calibration.team_of(people.values())
    stored: dict[str, Sums] = {}
    for user, metric, n in db.execute("SELECT user_id, metric, n FROM calibration_totals"):
        if n:
            stored.setdefault(user, {})[metric] = int(n)
    wrong = bool(wrong_parts)
    for user in sorted(set(stored) | set(expected)):
        have, want = stored.get(user, {}), expected.get(user, {})
        for metric in sorted(set(have) | set(want)):
            if have.get(metric, 0) != want.get(metric, 0):
                who = "the team" if user == TEAM else f"interviewer {user}"
                problem(
                    f"calibration_totals {who} {metric}: {have.get(metric, 0)}, "
                    f"the feedback says {want.get(metric, 0)}"
                )
                wrong = True
    if wrong and repair:
        refill(db)
        report.repaired += 1
