"""The hiring decision (static columns of the source partition, written through `_change` like
every other change), the directory reads of the Schedule form and the candidate search on
Cassandra. A mixin of CassandraStore."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime

from ...core import audit as audit_trail
from ...core import domain
from ...core.models import AuditEntry, Candidate, HiringDecision, User, utc_now
from ...core.search import SEARCH_LIMIT
from ...core.search import query_key as search_query_key
from ..base import DIRECTORY_LIMIT
from . import rows
from .connection import driver_errors
from .rows import InterviewState
from .search import find as find_candidates
from .search import pages as search_pages
from .session import PreparedSession


class DecisionAndDirectory:
    """Needs the store's session and its conditional change (see CassandraStore)."""

    _db: PreparedSession

    _change: Callable[..., InterviewState | None]

    @driver_errors
    def record_decision(
        self,
        interview_id: uuid.UUID,
        user_id: uuid.UUID,
        call: str,
        reason: str,
        decided_at: datetime | None = None,
        *,
        trail: bool = True,
    ) -> HiringDecision:
        iid = domain.require_id(interview_id, "interview")
        domain.check_decision(user_id, call, reason, decided_at)  # before anything is read
        made: list[HiringDecision] = []

        def decided(old: InterviewState | None) -> InterviewState:
            decision = domain.build_hiring_decision(
                old.interview if old else None,
                list(old.participants.values()) if old else [],
                user_id,
                call,
                reason,
                decided_at,
            )
            assert old is not None  # refused a missing interview
            made[:] = [decision]
            return dataclasses.replace(old, hiring=decision, ats_at=utc_now())

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry:
            return audit_trail.decision_entry(iid, at, old.hiring if old else None, made[0])

        self._change(iid, decided, audit=entry if trail else None)
        return made[0]

    @driver_errors
    def list_users(self, limit: int = DIRECTORY_LIMIT) -> list[User]:
        found = [rows.user(r) for r in self._db.rows("users_limited", limit)]
        return sorted(found, key=lambda u: (u.name, str(u.user_id)))

    @driver_errors
    def search_candidates(self, query: str, limit: int = SEARCH_LIMIT) -> list[Candidate]:
        return find_candidates(self._db, query, limit)

    def search_candidate_pages(self, query: str, page_size: int = 500) -> Iterator[list[Candidate]]:
        search_query_key(query)  # refused now, not at the first page
        pages = search_pages(self._db, query, page_size)
        step = driver_errors(lambda: next(pages, None))  # each page's reads, errors mapped
        return iter(step, None)

    @driver_errors
    def list_candidates(self, limit: int = DIRECTORY_LIMIT) -> list[Candidate]:
        found = [rows.candidate(r) for r in self._db.rows("candidates_limited", limit)]
        return sorted(found, key=lambda c: (c.name, str(c.candidate_id)))
