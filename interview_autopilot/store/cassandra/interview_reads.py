"""The interview reads on Cassandra: the Interviews lists and counts (lists.py, past_due.py),
a person's interviews, an interview with its panel, feedback, ATS record and history, and the
profile reads. Each reads the one table that serves it. A mixin of CassandraStore."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from ...core import domain
from ...core.errors import StoreError
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
from . import aggregates, rows
from .connection import driver_errors
from .lists import count_by_status, list_by_status, list_upcoming
from .past_due import list_past_due
from .rows import InterviewState, Row, sorted_feedback
from .session import PreparedSession

T = TypeVar("T")


class InterviewReads:
    """Needs the store's session and the roll-forward of an unfinished change (see
    CassandraStore)."""

    _db: PreparedSession
    _finish: Callable[..., bool]

    @driver_errors
    def insight_counts(self, first_week: str, last_week: str) -> InsightCounts:
        return aggregates.read(self._db, first_week, last_week)

    @driver_errors
    def count_by_status(self) -> dict[InterviewStatus, int]:
        return count_by_status(self._db)

    @driver_errors
    def list_interviews_by_status(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> InterviewPage:
        return list_by_status(self._db, InterviewStatus(status), limit, after)

    @driver_errors
    def list_upcoming(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        return list_upcoming(self._db, limit, after, now or utc_now())

    @driver_errors
    def list_past_due(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        return list_past_due(self._db, limit, after, now or utc_now())

    def _list(self, name: str, key: object, field: str) -> list[InterviewSummary]:
        return [rows.summary(r) for r in self._db.rows(name, domain.require_id(key, field))]

    @driver_errors
    def list_interviews_by_candidate(self, candidate_id: uuid.UUID) -> list[InterviewSummary]:
        return self._list("by_candidate", candidate_id, "candidate")

    @driver_errors
    def list_interviews_by_user(self, user_id: uuid.UUID) -> list[InterviewSummary]:
        uid = domain.require_id(user_id, "user")
        return [rows.summary(r) for r in self._by_month("by_user", uid, "user")]

    def _by_month(
        self, name: str, person_id: uuid.UUID, kind: str, first: bool = False
    ) -> list[Row]:
        """The rows of a person's month partitions (`name` reads one), newest month first, one
        bounded partition at a time; `first`: stop at the first month that has a row."""
        found: list[Row] = []
        for month in self._db.rows("months_of", person_id, kind):
            found += self._db.rows(name, person_id, month["month"])
            if first and found:
                break
        return found

    def _get(self, name: str, key: object, field: str, make: Callable[[Row], T]) -> T | None:
        return self._db.get(name, domain.require_id(key, field), make)

    def _source(self, interview_id: object) -> InterviewState | None:
        return self._db.read_source(domain.require_id(interview_id, "interview"))[0]

    @driver_errors
    def get_interview(self, interview_id: uuid.UUID) -> Interview | None:
        state = self._source(interview_id)
        return state.interview if state else None

    @driver_errors
    def get_ats(self, interview_id: uuid.UUID) -> AtsRecord | None:
        return self._get("ats", interview_id, "interview", rows.ats)

    @driver_errors
    def get_user(self, user_id: uuid.UUID) -> User | None:
        return self._get("user", user_id, "user", rows.user)

    @driver_errors
    def get_candidate(self, candidate_id: uuid.UUID) -> Candidate | None:
        return self._get("candidate", candidate_id, "candidate", rows.candidate)

    @driver_errors
    def get_candidates(self, candidate_ids: list[uuid.UUID]) -> dict[uuid.UUID, Candidate]:
        keys = [domain.require_id(c, "candidate") for c in candidate_ids]
        return self._db.get_many("candidate", keys, rows.candidate)

    @driver_errors
    def list_audit(self, interview_id: uuid.UUID) -> list[AuditEntry]:
        iid = domain.require_id(interview_id, "interview")
        return [rows.audit_entry(r) for r in self._db.rows("audit", iid)]

    @driver_errors
    def get_interview_detail(self, interview_id: uuid.UUID) -> InterviewDetail | None:
        """One partition read (the source) and two point reads; the ATS record is the one the
        source implies, so the page never shows a copy that is behind."""
        iid = domain.require_id(interview_id, "interview")
        state, _, pending = self._db.read_source_pending(iid)
        if pending is not None:  # a change whose writer may have died: finish what a read can
            self._finish(iid, self._db.with_names(state) if state else None, pending, wait=False)
        if state is None:
            return None
        i = state.interview
        f_cand = self._db.future("candidate", i.candidate_id)
        f_rec = self._db.future("user", i.recruiter_id)
        c_row, r_row = f_cand.result().one(), f_rec.result().one()
        if c_row is None or r_row is None:
            raise StoreError(f"Interview {i.interview_id} names a missing candidate or recruiter.")
        return InterviewDetail(
            i,
            rows.candidate(c_row),
            rows.user(r_row),
            _participants(state),
            sorted_feedback(state.feedback.values()),
            state.ats,
        )

    @driver_errors
    def list_participants(self, interview_id: uuid.UUID) -> list[Participant]:
        state = self._source(interview_id)
        return _participants(state) if state else []

    @driver_errors
    def get_feedback(self, interview_id: uuid.UUID, user_id: uuid.UUID) -> Feedback | None:
        uid = domain.require_id(user_id, "interviewer")
        state = self._source(interview_id)
        return state.feedback.get(uid) if state else None


def _participants(state: InterviewState) -> list[Participant]:
    """The panel ordered by name, each marked with whether they gave feedback."""
    found = [
        dataclasses.replace(p, has_feedback=uid in state.feedback)
        for uid, p in state.participants.items()
    ]
    return sorted(found, key=lambda p: (p.name, p.user_id))
