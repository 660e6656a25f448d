"""The Interviews list filtered by recruiter or job title on Cassandra (`Store` methods).

Reads interviews_by_filter with the list walk of lists.py (a partition-key prefix (kind, value)
before the status and the day) and the day counts of interview_counts_by_filter; the rows and
counts are written with every other copy by `transitions` (and so by the bulk load, and checked
and repaired by the doctor).
"""

from __future__ import annotations

from datetime import datetime

from ...core.filters import ListFilter
from ...core.models import InterviewPage, InterviewStatus, PageCursor, utc_now
from ..base import PAGE_SIZE
from .connection import driver_errors
from .lists import (
    count_filtered,
    count_past_due_and_upcoming,
    list_filtered,
    list_upcoming_filtered,
)
from .session import PreparedSession


class FilteredLists:
    """Needs the store's session (see CassandraStore)."""

    _db: PreparedSession

    @driver_errors
    def list_filtered(
        self,
        list_filter: ListFilter,
        status: InterviewStatus,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
    ) -> InterviewPage:
        return list_filtered(self._db, list_filter, InterviewStatus(status), limit, after)

    @driver_errors
    def list_upcoming_filtered(
        self,
        list_filter: ListFilter,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        return list_upcoming_filtered(self._db, list_filter, limit, after, now or utc_now())

    @driver_errors
    def count_filtered(self, list_filter: ListFilter) -> dict[InterviewStatus, int]:
        return count_filtered(self._db, list_filter)

    @driver_errors
    def count_past_due_and_upcoming(
        self, now: datetime, list_filter: ListFilter | None = None
    ) -> tuple[int, int]:
        return count_past_due_and_upcoming(self._db, now, list_filter)
