"""SQLite-only guarantees: the list screen reads through its index (no scan, no sort), WAL."""

from __future__ import annotations

import pytest

from interview_autopilot.core.errors import ConfigError
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.store.sqlite.rows import NEWEST_FIRST, SUMMARY_SELECT


def plan(store: SqliteStore, sql: str, *params: object) -> str:
    rows = store._db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return "\n".join(r["detail"] for r in rows)


def test_list_by_status_is_an_index_range_without_sort(tmp_path) -> None:
    store = SqliteStore(tmp_path / "plan.db")
    sql = (
        SUMMARY_SELECT
        + " WHERE i.status = ? AND (i.scheduled_start, i.id_order) < (?, ?)"
        + NEWEST_FIRST
        + " LIMIT 51"
    )
    detail = plan(store, sql, "completed", "2026-11-01", "x")
    assert "SEARCH i USING INDEX interviews_by_status" in detail
    assert "TEMP B-TREE" not in detail and "SCAN" not in detail
    store.close()


def test_wal_and_foreign_keys_are_on(tmp_path) -> None:
    store = SqliteStore(tmp_path / "wal.db")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_an_unusable_path_is_one_clear_error(tmp_path) -> None:
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_bytes(b"this is not a database file at all" * 100)
    for path in (tmp_path, not_a_db):  # a folder, then a file that is no database
        with pytest.raises(ConfigError, match="SQLITE_PATH"):
            SqliteStore(path)
    assert not_a_db.read_bytes().startswith(b"this is not")  # nothing overwritten


def test_counts_per_status_are_kept_by_triggers_checked_and_refilled(tmp_path) -> None:
    """status_counts follows every write; a file made before it gets it filled at open; the
    doctor finds a wrong count and --repair refills it."""
    import sqlite3

    from interview_autopilot.core.models import InterviewStatus as S
    from interview_autopilot.features.sample import read_sample_data
    from interview_autopilot.store.sqlite.store import SqliteStore

    path = tmp_path / "counts.db"
    store = SqliteStore(path)
    data = read_sample_data()
    store.bulk_load(data)
    expected = {s: sum(1 for i in data.interviews if i.status is s) for s in S}
    assert store.count_by_status() == expected
    first = next(i for i in data.interviews if i.status is S.SCHEDULED)
    store.change_status(first.interview_id, S.CANCELLED)
    store.bulk_load(data)  # the reload puts it back: no double count either way
    assert store.count_by_status() == expected
    store.close()

    raw = sqlite3.connect(path)  # as a file from before the table, then a wrong count
    raw.execute("DROP TABLE status_counts")
    raw.execute("PRAGMA user_version = 0")  # such files predate the numbered schema steps
    raw.commit()
    raw.close()
    store = SqliteStore(path)
    assert store.count_by_status() == expected
    store.close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE status_counts SET n = n + 7 WHERE status = 'completed'")
    raw.commit()
    raw.close()
    store = SqliteStore(path)
    report = store.doctor()
    assert f"status_counts completed: {expected[S.COMPLETED] + 7}, the interviews say" in "\n".join(
        report.problems
    )
    store.doctor(repair=True)
    assert store.doctor().ok and store.count_by_status() == expected
    store.close()
