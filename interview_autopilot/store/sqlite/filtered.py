"""The Interviews list filtered by recruiter or job title on SQLite (`Store` methods).

The same rows, order and counts as Cassandra's interviews_by_filter: `recruiter_id`, or the
stored `job_key` (the folded title, `filters.job_key`, written by every interview write), each
read through an index on (filter, status, scheduled_start DESC, id_order DESC). A schema step
(migrations.py, `add_job_key`) adds the column and fills it, then makes the indexes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from ...core.filters import ListFilter, job_key
from ...core.models import InterviewPage, InterviewStatus, PageCursor, utc_now
from ..base import PAGE_SIZE
from .rows import NEWEST_FIRST, SUMMARY_SELECT, id_order_key, summary_row, time_text

INDEXES = """
CREATE INDEX IF NOT EXISTS interviews_by_recruiter
    ON interviews(recruiter_id, status, scheduled_start DESC, id_order DESC);
CREATE INDEX IF NOT EXISTS interviews_by_job
    ON interviews(job_key, status, scheduled_start DESC, id_order DESC);
"""
COLUMN = {"recruiter": "i.recruiter_id", "job": "i.job_key"}


def add_job_key(db: sqlite3.Connection) -> None:
    """Add and fill `job_key`, then the filter indexes (a schema step: inside the caller's
    transaction)."""
    db.execute("ALTER TABLE interviews ADD COLUMN job_key TEXT")
    titles = db.execute("SELECT DISTINCT job_title FROM interviews").fetchall()
    db.executemany(
        "UPDATE interviews SET job_key = ? WHERE job_title = ?",
        [(job_key(r[0]), r[0]) for r in titles],
    )
    for statement in INDEXES.strip().split(";"):
        if statement.strip():
            db.execute(statement)


def _where(list_filter: ListFilter) -> str:
    return f" WHERE {COLUMN[list_filter.kind]} = ? AND i.status = ?"


class FilteredLists:
    """Needs the store's connection and lock (see SqliteStore)."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    _errors: Callable[[], AbstractContextManager[None]]

    def _page_of(self, sql: str, params: list[object], limit: int) -> InterviewPage:
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        with self._lock, self._errors():
            found = [summary_row(r) for r in self._db.execute(sql, (*params, limit + 1))]
        more = len(found) > limit
        found = found[:limit]
        cursor = PageCursor(found[-1].scheduled_start, found[-1].interview_id) if more else None
        return InterviewPage(found, cursor)

    def list_filtered(
        self,
        list_filter: ListFilter,
        status: InterviewStatus,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
    ) -> InterviewPage:
        status = InterviewStatus(status)
        sql = SUMMARY_SELECT + _where(list_filter)
        params: list[object] = [list_filter.value, status.value]
        if after is not None:
            sql += " AND (i.scheduled_start, i.id_order) < (?, ?)"
            params += [time_text(after.scheduled_start), id_order_key(after.interview_id)]
        return self._page_of(sql + NEWEST_FIRST + " LIMIT ?", params, limit)

    def list_upcoming_filtered(
        self,
        list_filter: ListFilter,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        if after is None:
            key = [time_text(now or utc_now()), ""]
        else:
            key = [time_text(after.scheduled_start), id_order_key(after.interview_id)]
        sql = (
            SUMMARY_SELECT
            + _where(list_filter)
            + (
                " AND (i.scheduled_start, i.id_order) > (?, ?)"
                " ORDER BY i.scheduled_start ASC, i.id_order ASC LIMIT ?"
            )
        )
        params: list[object] = [list_filter.value, InterviewStatus.SCHEDULED.value, *key]
        return self._page_of(sql, params, limit)

    def count_past_due_and_upcoming(
        self, now: datetime, list_filter: ListFilter | None = None
    ) -> tuple[int, int]:
        moment = time_text(now)
        sql = (
            "SELECT COALESCE(SUM(i.scheduled_start <= ?), 0), "
            "COALESCE(SUM(i.scheduled_start >= ?), 0) FROM interviews i"
        )
        params: list[object] = [moment, moment]
        if list_filter is None:
            sql += " WHERE i.status = ?"
        else:
            sql += _where(list_filter)
            params.append(list_filter.value)
        params.append(InterviewStatus.SCHEDULED.value)
        with self._lock, self._errors():
            past_due, upcoming = self._db.execute(sql, params).fetchone()
        return int(past_due), int(upcoming)

    def count_filtered(self, list_filter: ListFilter) -> dict[InterviewStatus, int]:
        sql = (
            f"SELECT i.status, COUNT(*) FROM interviews i WHERE {COLUMN[list_filter.kind]} = ? "
            "GROUP BY i.status"
        )
        totals = dict.fromkeys(InterviewStatus, 0)
        with self._lock, self._errors():
            for status, n in self._db.execute(sql, (list_filter.value,)):
                totals[InterviewStatus(status)] = n
        return totals
