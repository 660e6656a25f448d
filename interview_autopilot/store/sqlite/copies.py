"""Copies of another store's records on SQLite (the `migrate` command): jobs with their plans,
applications with their decisions, the counts by stage, and the trails of jobs, applications
and profiles; a mixin of SqliteStore. Each call is one transaction; nothing is written when the
file already holds the record as given."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from ...core.applications import Application, ApplicationAuditEntry
from ...core.jobs import Job, JobAuditEntry
from ...core.models import ProfileAuditEntry, User
from ...core.validation import require_id
from ..copies import checked_copy, missing, same_job
from .applications import APPLICATION_ROW, application_values
from .applications import _read as read_application
from .jobs import _read as read_job
from .rows import time_text

Entry = JobAuditEntry | ApplicationAuditEntry | ProfileAuditEntry


class CopiesMixin:
    """Needs the store's transaction, its user read and its job writer."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    get_user: Callable[[uuid.UUID], User | None]
    _write_job: Callable[..., Job]

    def import_job(self, job: Job, trail: list[JobAuditEntry]) -> int:
        job = checked_copy(job, self.get_user)
        written = 0
        with self._tx() as db:
            before = read_job(db, job.job_id)
            if not same_job(before, job):
                self._write_job(db, job, before, None, copy=True)
                written += 1
            held = self._trail(db, "job_audit", "job_id", job.job_id)
            written += self._append(db, "job_audit", "job_id", job.job_id, held, trail)
        return written

    def import_application(
        self, application: Application, trail: list[ApplicationAuditEntry]
    ) -> int:
        a = application
        assert a.created_at is not None and a.updated_at is not None
        written = 0
        with self._tx() as db:
            held = read_application(db, a.application_id)
            if held != a or (held.created_at, held.updated_at) != (a.created_at, a.updated_at):
                db.execute(f"INSERT OR REPLACE {APPLICATION_ROW}", application_values(a))
                written += 1
            old = self._trail(db, "application_audit", "application_id", a.application_id)
            written += self._append(
                db, "application_audit", "application_id", a.application_id, old, trail
            )
        return written

    def import_application_counts(
        self, job_id: uuid.UUID, counts: dict[tuple[str, str], int]
    ) -> int:
        key = str(require_id(job_id, "job"))
        written = 0
        with self._tx() as db:
            held = {
                (r["stage"], r["kind"]): r["n"]
                for r in db.execute(
                    "SELECT stage, kind, n FROM application_counts WHERE job_id = ?", (key,)
                )
            }
            for (stage, kind), n in sorted(counts.items()):
                if held.get((stage, kind), 0) != n:
                    db.execute(
                        "INSERT OR REPLACE INTO application_counts (job_id, stage, kind, n) "
                        "VALUES (?, ?, ?, ?)",
                        (key, stage, kind, n),
                    )
                    written += 1
        return written

    def import_profile_audit(self, person_id: uuid.UUID, entries: list[ProfileAuditEntry]) -> int:
        key = require_id(person_id, "person")
        with self._tx() as db:
            held = self._trail(db, "profile_audit", "person_id", key)
            return self._append(db, "profile_audit", "person_id", key, held, entries)

    def _trail(
        self, db: sqlite3.Connection, table: str, column: str, key: uuid.UUID
    ) -> list[tuple[object, ...]]:
        """A record's trail as its list read gives it (this module's names, never input)."""
        rows = db.execute(
            f"SELECT at, actor_id, action, before, after FROM {table} WHERE {column} = ? "
            "ORDER BY id",
            (str(key),),
        ).fetchall()
        return [(r["at"], r["actor_id"], r["action"], r["before"], r["after"]) for r in rows]

    def _append(
        self,
        db: sqlite3.Connection,
        table: str,
        column: str,
        key: uuid.UUID,
        held: list[tuple[object, ...]],
        given: Sequence[Entry],
    ) -> int:
        """Add after the trail the entries of `given` it lacks; how many."""
        added = missing(held, [trail_row(e) for e in given])
        for at, actor, action, before, after in added:
            db.execute(
                f"INSERT INTO {table} ({column}, at, actor_id, action, before, after) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (str(key), at, actor, action, before, after),
            )
        return len(added)


def trail_row(e: Entry) -> tuple[object, ...]:
    """A trail entry as its row holds it."""
    return (time_text(e.at), str(e.actor_id) if e.actor_id else None, e.action, e.before, e.after)
