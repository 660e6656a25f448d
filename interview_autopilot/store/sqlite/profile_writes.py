"""The people directory on SQLite: adding and editing people and candidates with one owner per
email, and their profile audit trail. A mixin of SqliteStore.

Each write is one transaction (BEGIN IMMEDIATE: two processes queue), so the check that an
email is free and the write that takes it cannot interleave with another writer. The folded
email (`email_key`) is a column of the profile, indexed; its columns and the audit table are
added by a schema step (`add_directory`).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Literal

from ...core import domain, people
from ...core.errors import ValidationError
from ...core.models import Candidate, ProfileAuditEntry, User, utc_now
from ...core.people import EmailTaken, UnknownPerson, email_key
from .rows import (
    candidate_row,
    put_candidates,
    put_record_audit,
    put_users,
    text_time,
    user_row,
)

Kind = Literal["user", "candidate"]
_TABLE = {"user": "users", "candidate": "candidates"}

# The schema step: new columns (NULL on older rows: read as the defaults), the email index,
# the profile audit table.
_COLUMNS = {
    "users": (
        "other_roles TEXT",
        "admin INTEGER",
        "active INTEGER",
        "time_zone TEXT",
        "working_hours TEXT",
        "email_key TEXT",
    ),
    "candidates": ("links TEXT", "email_key TEXT"),
}
_AUDIT = """
CREATE TABLE IF NOT EXISTS profile_audit (
    id INTEGER PRIMARY KEY, person_id TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT,
    action TEXT NOT NULL, before TEXT, after TEXT);
CREATE INDEX IF NOT EXISTS profile_audit_by_person ON profile_audit(person_id, id);
CREATE INDEX IF NOT EXISTS users_by_email ON users(email_key);
CREATE INDEX IF NOT EXISTS candidates_by_email ON candidates(email_key);
"""


def add_directory(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction): the columns, filled for the rows
    already there, the indexes and the audit table."""
    for table, columns in _COLUMNS.items():
        for column in columns:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")  # fixed names
        id_column = "user_id" if table == "users" else "candidate_id"
        rows = db.execute(f"SELECT {id_column}, email FROM {table}").fetchall()
        db.executemany(
            f"UPDATE {table} SET email_key = ? WHERE {id_column} = ?",
            [(email_key(r[1]), r[0]) for r in rows],
        )
    for statement in _AUDIT.split(";"):
        if statement.strip():
            db.execute(statement)


def directory_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'profile_audit'"
        ).fetchone()
    )


class ProfileWrites:
    """Needs the store's transaction and reads (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _rows: Callable[..., list[sqlite3.Row]]

    def add_person(self, user: User, *, actor: uuid.UUID | None = None) -> User:
        user = domain.validate_users([user])[0]
        with self._tx() as db:
            if _by_id(db, "user", user.user_id) is not None:
                raise ValidationError("user", "This person is already in the directory.")
            _check_free(db, "user", user.email, user.user_id)
            put_users(db, [user])
            _audit(db, user.user_id, actor, None, user)
        return user

    def update_person(self, user: User, *, actor: uuid.UUID | None = None) -> User:
        user = domain.validate_users([user])[0]
        with self._tx() as db:
            before = _by_id(db, "user", user.user_id)
            if not isinstance(before, User):
                raise UnknownPerson("user")
            if before != user:
                _check_free(db, "user", user.email, user.user_id)
                put_users(db, [user])
                _audit(db, user.user_id, actor, before, user)
        return user

    def find_user_by_email(self, email: str) -> User | None:
        found = self._by_email("user", email)
        return found if isinstance(found, User) else None

    def add_candidate(self, candidate: Candidate, *, actor: uuid.UUID | None = None) -> Candidate:
        from . import search

        candidate = domain.validate_candidates([candidate])[0]
        with self._tx() as db:
            if _by_id(db, "candidate", candidate.candidate_id) is not None:
                raise ValidationError("candidate", "This candidate is already in the directory.")
            _check_free(db, "candidate", candidate.email, candidate.candidate_id)
            put_candidates(db, [candidate])
            search.put(db, [candidate])
            _audit(db, candidate.candidate_id, actor, None, candidate)
        return candidate

    def update_candidate(
        self, candidate: Candidate, *, actor: uuid.UUID | None = None
    ) -> Candidate:
        from . import search

        candidate = domain.validate_candidates([candidate])[0]
        with self._tx() as db:
            before = _by_id(db, "candidate", candidate.candidate_id)
            if not isinstance(before, Candidate):
                raise UnknownPerson("candidate")
            if before != candidate:
                _check_free(db, "candidate", candidate.email, candidate.candidate_id)
                put_candidates(db, [candidate])
                search.put(db, [candidate])
                _audit(db, candidate.candidate_id, actor, before, candidate)
        return candidate

    def find_candidate_by_email(self, email: str) -> Candidate | None:
        found = self._by_email("candidate", email)
        return found if isinstance(found, Candidate) else None

    def list_profile_audit(self, person_id: uuid.UUID) -> list[ProfileAuditEntry]:
        pid = domain.require_id(person_id, "person")
        return [
            ProfileAuditEntry(
                uuid.UUID(r["person_id"]),
                text_time(r["at"]),
                uuid.UUID(r["actor_id"]) if r["actor_id"] else None,
                r["action"],
                r["before"],
                r["after"],
            )
            for r in self._rows(
                "SELECT * FROM profile_audit WHERE person_id = ? ORDER BY id", str(pid)
            )
        ]

    def _by_email(self, kind: Kind, email: str) -> User | Candidate | None:
        key = email_key(email) if isinstance(email, str) else ""
        if not key:
            return None
        found = self._rows(f"SELECT * FROM {_TABLE[kind]} WHERE email_key = ? LIMIT 1", key)
        return _make(kind, found[0]) if found else None


def _make(kind: Kind, row: sqlite3.Row) -> User | Candidate:
    return user_row(row) if kind == "user" else candidate_row(row)


def _by_id(db: sqlite3.Connection, kind: Kind, key: uuid.UUID) -> User | Candidate | None:
    row = db.execute(f"SELECT * FROM {_TABLE[kind]} WHERE {kind}_id = ?", (str(key),)).fetchone()
    return _make(kind, row) if row else None


def _check_free(db: sqlite3.Connection, kind: Kind, email: str, owner: uuid.UUID) -> None:
    row = db.execute(
        f"SELECT {kind}_id FROM {_TABLE[kind]} WHERE email_key = ? AND {kind}_id != ? LIMIT 1",
        (email_key(email), str(owner)),
    ).fetchone()
    if row:
        raise EmailTaken(kind, uuid.UUID(row[0]))


def _audit(
    db: sqlite3.Connection,
    person_id: uuid.UUID,
    actor: uuid.UUID | None,
    before: User | Candidate | None,
    after: User | Candidate,
) -> None:
    entry = people.audit_entry(person_id, utc_now(), actor, before, after)
    put_record_audit(
        db,
        "profile_audit",
        "person_id",
        entry.person_id,
        entry.at,
        entry.actor_id,
        entry.action,
        entry.before,
        entry.after,
    )
