"""The interview reads on SQLite: the Interviews lists (through the indexes that mirror the
Cassandra list tables' keys: the same order and paging) and counts, a person's interviews, an
interview with its panel, feedback, ATS record and history, and the profile reads. A mixin of
SqliteStore."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TypeVar

from ...core import domain
from ...core.models import (
    AtsRecord,
    AuditEntry,
    Candidate,
    Feedback,
    Interview,
    InterviewDetail,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Participant,
    User,
    utc_now,
)
from ..aggregates import InsightCounts
from ..base import PAGE_SIZE
from . import aggregates, counts
from .rows import (
    NEWEST_FIRST,
    SUMMARY_SELECT,
    feedback_row,
    id_order_key,
    read_ats,
    read_audit,
    read_candidate,
    read_candidates,
    read_feedback,
    read_interview,
    read_participants,
    read_user,
    summary_row,
    time_text,
)

R = TypeVar("R")


class InterviewReads:
    """Needs the store's connection, lock and error mapping (see SqliteStore)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    _errors: Callable[[], AbstractContextManager[None]]
    _rows: Callable[..., list[sqlite3.Row]]

    def insight_counts(self, first_week: str, last_week: str) -> InsightCounts:
        with self._lock, self._errors():
            return aggregates.read(self._db, first_week, last_week)

    def count_by_status(self) -> dict[InterviewStatus, int]:
        with self._lock, self._errors():
            return counts.read(self._db)

    def list_interviews_by_status(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> InterviewPage:
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        sql, params = SUMMARY_SELECT + " WHERE i.status = ?", [status.value]
        if after is not None:
            sql += " AND (i.scheduled_start, i.id_order) < (?, ?)"
            params += [time_text(after.scheduled_start), id_order_key(after.interview_id)]
        sql += NEWEST_FIRST + " LIMIT ?"
        return _page([summary_row(r) for r in self._rows(sql, *params, limit + 1)], limit)

    def list_upcoming(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        if after is None:
            key = (time_text(now or utc_now()), "")
        else:
            key = (time_text(after.scheduled_start), id_order_key(after.interview_id))
        sql = SUMMARY_SELECT + (
            " WHERE i.status = 'scheduled' AND (i.scheduled_start, i.id_order) > (?, ?)"
            " ORDER BY i.scheduled_start ASC, i.id_order ASC LIMIT ?"
        )
        return _page([summary_row(r) for r in self._rows(sql, *key, limit + 1)], limit)

    def list_past_due(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        after = after or PageCursor.until(now or utc_now())
        return self.list_interviews_by_status(InterviewStatus.SCHEDULED, limit, after)

    def list_interviews_by_candidate(self, candidate_id: uuid.UUID) -> list[InterviewSummary]:
        candidate_id = domain.require_id(candidate_id, "candidate")
        sql = SUMMARY_SELECT + " WHERE i.candidate_id = ?" + NEWEST_FIRST
        return [summary_row(r) for r in self._rows(sql, str(candidate_id))]

    def list_interviews_by_user(self, user_id: uuid.UUID) -> list[InterviewSummary]:
        user_id = domain.require_id(user_id, "user")
        sql = (
            SUMMARY_SELECT + " JOIN participants me ON me.interview_id = i.interview_id"
            " WHERE me.user_id = ?" + NEWEST_FIRST
        )
        return [summary_row(r) for r in self._rows(sql, str(user_id))]

    def _read(
        self, method: Callable[[sqlite3.Connection, uuid.UUID], R], key: object, field: str
    ) -> R:
        """Run one of the rows module's readers under the lock, errors mapped."""
        key = domain.require_id(key, field)
        with self._lock, self._errors():
            return method(self._db, key)

    def get_interview(self, interview_id: uuid.UUID) -> Interview | None:
        return self._read(read_interview, interview_id, "interview")

    def get_interview_detail(self, interview_id: uuid.UUID) -> InterviewDetail | None:
        interview_id = domain.require_id(interview_id, "interview")
        with self._lock, self._errors():
            db = self._db
            interview = read_interview(db, interview_id)
            if interview is None:
                return None
            candidate = read_candidate(db, interview.candidate_id)
            recruiter = read_user(db, interview.recruiter_id)
            assert candidate is not None and recruiter is not None  # foreign keys
            return InterviewDetail(
                interview=interview,
                candidate=candidate,
                recruiter=recruiter,
                participants=read_participants(db, interview_id),
                feedback=read_feedback(db, interview_id),
                ats=read_ats(db, interview_id),
            )

    def list_participants(self, interview_id: uuid.UUID) -> list[Participant]:
        return self._read(read_participants, interview_id, "interview")

    def get_feedback(self, interview_id: uuid.UUID, user_id: uuid.UUID) -> Feedback | None:
        interview_id = domain.require_id(interview_id, "interview")
        user_id = domain.require_id(user_id, "interviewer")
        rows = self._rows(
            "SELECT * FROM feedback WHERE interview_id = ? AND user_id = ?",
            str(interview_id),
            str(user_id),
        )
        return feedback_row(rows[0]) if rows else None

    def get_ats(self, interview_id: uuid.UUID) -> AtsRecord | None:
        return self._read(read_ats, interview_id, "interview")

    def get_user(self, user_id: uuid.UUID) -> User | None:
        return self._read(read_user, user_id, "user")

    def get_candidate(self, candidate_id: uuid.UUID) -> Candidate | None:
        return self._read(read_candidate, candidate_id, "candidate")

    def get_candidates(self, candidate_ids: list[uuid.UUID]) -> dict[uuid.UUID, Candidate]:
        keys = [str(domain.require_id(c, "candidate")) for c in dict.fromkeys(candidate_ids)]
        with self._lock, self._errors():
            return read_candidates(self._db, keys)

    def list_audit(self, interview_id: uuid.UUID) -> list[AuditEntry]:
        return self._read(read_audit, interview_id, "interview")


def _page(rows: list[InterviewSummary], limit: int) -> InterviewPage:
    """The first `limit` of `limit + 1` rows read, and a cursor when the extra one exists."""
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = PageCursor(rows[-1].scheduled_start, rows[-1].interview_id) if more else None
    return InterviewPage(rows, cursor)
