"""SQLite-only guarantees: the list screen reads through its index (no scan, no sort), WAL."""

from __future__ import annotations

import pytest

from interview_autopilot.errors import ConfigError
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
