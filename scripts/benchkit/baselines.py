"""What a list page is compared with, on the same data in the same run: the whole table read
and filtered in pandas (the naive way), and the bare driver/SQL queries the page needs (no store
code around them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from interview_autopilot.core.models import MAX_UUID
from interview_autopilot.store.base import PAGE_SIZE

COMPLETED = "completed"
SCAN_FETCH = 5000  # rows per page of a full scan
END = datetime(2200, 1, 1, tzinfo=UTC)

if TYPE_CHECKING:
    import pandas as pd  # imported when used: the load's child process never needs it


def _first_page(frame: pd.DataFrame) -> pd.DataFrame:
    chosen = frame[frame["status"] == COMPLETED]
    return chosen.sort_values(["scheduled_start", "interview_id"], ascending=False).head(PAGE_SIZE)


def sqlite_calls(path: str) -> tuple[list[tuple[str, Callable[[], object]]], Callable[[], None]]:
    """The SQLite baselines, and how to close their connection."""
    import pandas as pd

    from interview_autopilot.store.sqlite.rows import NEWEST_FIRST, SUMMARY_SELECT

    db = sqlite3.connect(path, check_same_thread=False)
    page_sql = SUMMARY_SELECT + " WHERE i.status = ?" + NEWEST_FIRST + " LIMIT ?"

    def scan() -> object:
        return _first_page(pd.read_sql_query("SELECT * FROM interviews", db))

    def bare() -> object:
        return db.execute(page_sql, (COMPLETED, PAGE_SIZE + 1)).fetchall()

    calls = [
        ("full scan + pandas: first page of completed", scan),
        ("bare SQL: first page of completed", bare),
    ]
    return calls, db.close


def cassandra_calls(
    session: Any, keyspace: str
) -> tuple[list[tuple[str, Callable[[], object]]], Callable[[], None]]:
    """The Cassandra baselines on `session` (rows as tuples, no store code)."""
    import pandas as pd
    from cassandra.query import SimpleStatement

    from interview_autopilot.store.cassandra.statements import CQL

    counts = session.prepare(CQL["counts_from_desc"].format(ks=keyspace))
    page = session.prepare(CQL["page_desc"].format(ks=keyspace))
    columns = (
        "status, scheduled_start, interview_id, candidate_name, job_title, recruiter_name, "
        "feedback_count, participant_count, recommendation"
    )
    scan_cql = f"SELECT {columns} FROM {keyspace}.interviews_by_status"

    def scan() -> object:
        result = session.execute(SimpleStatement(scan_cql, fetch_size=SCAN_FETCH))
        frames = []
        while True:  # one DataFrame per page, the completed rows kept
            rows = result.current_rows
            frame = pd.DataFrame(rows, columns=[c.strip() for c in columns.split(",")])
            frames.append(frame[frame["status"] == COMPLETED])
            if not result.has_more_pages:
                break
            result.fetch_next_page()
        return _first_page(pd.concat(frames))

    def bare() -> object:
        """The page's own reads: the newest day counts, then those days' rows."""
        found: list[Any] = []
        for bucket, n in session.execute(counts, (COMPLETED, "9999-12-31", 32)):
            if n <= 0:
                continue
            want = PAGE_SIZE + 1 - len(found)
            found += list(session.execute(page, (COMPLETED, bucket, END, MAX_UUID, min(n, want))))
            if len(found) > PAGE_SIZE:
                break
        return found

    calls = [
        ("full scan + pandas: first page of completed", scan),
        ("bare driver: first page of completed", bare),
    ]
    return calls, lambda: None
