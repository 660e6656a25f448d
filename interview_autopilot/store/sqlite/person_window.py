"""A person's interviews in a window of start times on SQLite: a mixin of SqliteStore.

Finding times (features/find_times.py) needs only the interviews near its window, so it asks
for those: the time test runs in SQL and only the window's rows are returned, whatever the
person's history (docs/find-times.md says what the index still walks).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime

from ...core.models import InterviewSummary
from ...core.validation import require_id
from .rows import NEWEST_FIRST, SUMMARY_SELECT, summary_row, time_text


class PersonWindowMixin:
    """Needs the store's plain reads (see SqliteStore)."""

    _rows: Callable[..., list[sqlite3.Row]]

    def list_interviews_by_user_between(
        self, user_id: uuid.UUID, start: datetime, end: datetime
    ) -> list[InterviewSummary]:
        user_id = require_id(user_id, "user")
        sql = (
            SUMMARY_SELECT + " JOIN participants me ON me.interview_id = i.interview_id"
            " WHERE me.user_id = ? AND i.scheduled_start >= ? AND i.scheduled_start < ?"
            + NEWEST_FIRST
        )
        return [
            summary_row(r) for r in self._rows(sql, str(user_id), time_text(start), time_text(end))
        ]
