"""Users and candidates written in bulk on SQLite (the upserts of an import or a load), with
the candidates' search rows, and deleted (refused while they take part in interviews). A mixin
of SqliteStore."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager

from ...core import domain
from ...core.errors import ValidationError
from ...core.models import Candidate, User
from . import search
from .rows import put_candidates, put_users


class PeopleWrites:
    """Needs the store's transaction (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def upsert_users(self, users: list[User]) -> None:
        users = domain.validate_users(users)
        with self._tx() as db:
            put_users(db, users)

    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        candidates = domain.validate_candidates(candidates)
        with self._tx() as db:
            put_candidates(db, candidates)
            search.put(db, candidates)

    def delete_user(self, user_id: uuid.UUID) -> None:
        self._delete_person("users", "user_id", user_id, "user")

    def delete_candidate(self, candidate_id: uuid.UUID) -> None:
        self._delete_person("candidates", "candidate_id", candidate_id, "candidate")

    def _delete_person(self, table: str, column: str, key: uuid.UUID, what: str) -> None:
        key = domain.require_id(key, what)
        try:
            with self._tx() as db:
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (str(key),))
        except sqlite3.IntegrityError:
            raise ValidationError(what, f"That {what} still has interviews.") from None
