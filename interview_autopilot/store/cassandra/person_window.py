"""A person's interviews in a window of start times on Cassandra: a mixin of CassandraStore.

`interviews_by_user_month` holds a person's interviews a UTC month per partition, clustered by
start: the window is a slice of each month it touches (one or two, three for a window of more
than a month), read together. The months before and after are never read, so the read is
bounded by the window, never by the person's history.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from ...core.models import InterviewSummary, to_utc
from ...core.validation import require_id
from . import rows
from .connection import driver_errors
from .session import PreparedSession


def months_of(start: datetime, end: datetime) -> list[str]:
    """The month partitions ('YYYY-MM', UTC) that starts in [start, end) fall in."""
    first, last = to_utc(start), to_utc(end) - timedelta(milliseconds=1)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class PersonWindowMixin:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    @driver_errors
    def list_interviews_by_user_between(
        self, user_id: uuid.UUID, start: datetime, end: datetime
    ) -> list[InterviewSummary]:
        uid = require_id(user_id, "user")
        start, end = to_utc(start), to_utc(end)
        futures = [
            self._db.future("by_user_between", uid, month, start, end)
            for month in months_of(start, end)
        ]
        found = [rows.summary(r) for f in futures for r in f.result()]
        return sorted(found, key=lambda s: (s.scheduled_start, s.interview_id), reverse=True)
