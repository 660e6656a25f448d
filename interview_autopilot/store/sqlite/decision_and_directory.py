"""The hiring decision (columns of `interviews`, copied to `ats`), the directory reads of the
Schedule form and the candidate search on SQLite. A mixin of SqliteStore."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime

from ...core import audit, domain
from ...core.models import Candidate, HiringDecision, Interview, User, utc_now
from ...core.search import SEARCH_LIMIT, query_key
from ..base import DIRECTORY_LIMIT
from . import hiring, search
from .rows import candidate_row, put_audit, read_interview, read_participants, user_row


class DecisionAndDirectory:
    """Needs the store's connection, lock, transactions and ATS refresh (see SqliteStore)."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _errors: Callable[[], AbstractContextManager[None]]
    _refresh_ats: Callable[[sqlite3.Connection, Interview, datetime | None], None]

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
        with self._tx() as db:
            interview = read_interview(db, iid)
            participants = read_participants(db, iid) if interview else []
            decision = domain.build_hiring_decision(
                interview, participants, user_id, call, reason, decided_at
            )
            assert interview is not None  # refused a missing one
            before = hiring.read(db, iid)
            hiring.put(db, iid, decision)
            self._refresh_ats(db, interview, None)
            if trail:
                put_audit(db, audit.decision_entry(iid, utc_now(), before, decision))
            return decision

    def list_users(self, limit: int = DIRECTORY_LIMIT) -> list[User]:
        with self._lock, self._errors():
            found = self._db.execute("SELECT * FROM users ORDER BY name LIMIT ?", (limit,))
            return [user_row(r) for r in found]

    def search_candidates(self, query: str, limit: int = SEARCH_LIMIT) -> list[Candidate]:
        with self._lock, self._errors():
            return search.find(self._db, query, limit)

    def search_candidate_pages(self, query: str, page_size: int = 500) -> Iterator[list[Candidate]]:
        query_key(query)  # refused now, not at the first page

        def pages() -> Iterator[list[Candidate]]:
            after: tuple[str, str] | None = None
            while True:
                with self._lock, self._errors():
                    page, after = search.pages(self._db, query, page_size, after)
                yield page
                if after is None:
                    return

        return pages()

    def list_candidates(self, limit: int = DIRECTORY_LIMIT) -> list[Candidate]:
        with self._lock, self._errors():
            found = self._db.execute("SELECT * FROM candidates ORDER BY name LIMIT ?", (limit,))
            return [candidate_row(r) for r in found]
