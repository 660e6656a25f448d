"""Applications on SQLite: a mixin of SqliteStore, and its schema step.

A write is one transaction (BEGIN IMMEDIATE): the application read, its new state, the counts
by stage and the audit entry land together or not at all, and a second writer waits for the
first and then decides on what it wrote (a stale decision is refused).
"""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from ...core import applications as rules
from ...core.applications import Application, ApplicationAuditEntry
from ...core.jobs import Job
from ...core.models import Candidate, HiringCall, HiringDecision, Recommendation, User
from ...core.validation import require_id
from ..applications import check_decider, check_opening, count_problems
from .jobs import _read as read_job
from .rows import put_record_audit, text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS applications (
    application_id TEXT PRIMARY KEY, candidate_id TEXT NOT NULL, job_id TEXT NOT NULL,
    stage TEXT NOT NULL, left_stage TEXT, decision_call TEXT, decision_reason TEXT,
    decided_by TEXT, decided_at TEXT, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, UNIQUE (candidate_id, job_id));
CREATE INDEX IF NOT EXISTS applications_by_job ON applications(job_id, created_at);
CREATE TABLE IF NOT EXISTS application_counts (
    job_id TEXT NOT NULL, stage TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (job_id, stage, kind));
CREATE TABLE IF NOT EXISTS application_audit (
    id INTEGER PRIMARY KEY, application_id TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT,
    action TEXT NOT NULL, before TEXT, after TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS application_audit_by_application
    ON application_audit(application_id, id);
"""


# a job's applications at one stage, newest first (the job page lists each stage's newest)
STAGE_INDEX = (
    "CREATE INDEX IF NOT EXISTS applications_by_job_stage "
    "ON applications(job_id, stage, created_at DESC, application_id)"
)


def add_stage_index(db: sqlite3.Connection) -> None:
    """The schema step of the job page's read by stage (inside the caller's transaction)."""
    db.execute(STAGE_INDEX)


def stage_index_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' "
            "AND name = 'applications_by_job_stage'"
        ).fetchone()
    )


def add_applications(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def applications_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'applications'"
        ).fetchone()
    )


def _application(row: sqlite3.Row) -> Application:
    decision = None
    if row["decision_call"]:
        decision = HiringDecision(
            HiringCall(row["decision_call"]),
            row["decision_reason"],
            uuid.UUID(row["decided_by"]),
            text_time(row["decided_at"]),
            Recommendation(row["decision_recommendation"])
            if row["decision_recommendation"]
            else None,
            row["decision_against"] or "",
        )
    return Application(
        uuid.UUID(row["application_id"]),
        uuid.UUID(row["candidate_id"]),
        uuid.UUID(row["job_id"]),
        row["stage"],
        row["left_stage"],
        decision,
        row["version"],
        text_time(row["created_at"]),
        text_time(row["updated_at"]),
    )


def _read(db: sqlite3.Connection, application_id: uuid.UUID) -> Application | None:
    row = db.execute(
        "SELECT * FROM applications WHERE application_id = ?", (str(application_id),)
    ).fetchone()
    return _application(row) if row else None


# an application's row (after INSERT, or INSERT OR REPLACE)
APPLICATION_ROW = (
    "INTO applications (application_id, candidate_id, job_id, stage, left_stage, "
    "decision_call, decision_reason, decided_by, decided_at, version, created_at, updated_at, "
    "decision_recommendation, decision_against) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def application_values(a: Application) -> tuple[object, ...]:
    """The values of `a`'s row, in APPLICATION_ROW's order."""
    assert a.created_at is not None and a.updated_at is not None
    d = a.decision
    return (
        str(a.application_id),
        str(a.candidate_id),
        str(a.job_id),
        a.stage,
        a.left_stage,
        d.call.value if d else None,
        d.reason if d else None,
        str(d.decided_by) if d else None,
        time_text(d.decided_at) if d else None,
        a.version,
        time_text(a.created_at),
        time_text(a.updated_at),
        d.recommendation.value if d and d.recommendation else None,
        d.against_reason if d and d.against_reason else None,
    )


class ApplicationsMixin:
    """Needs the store's transaction and its reads of users, candidates and jobs."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    # the store's own reads (declared, not defined: the store's classes provide them)
    get_user: Callable[[uuid.UUID], User | None]
    get_candidate: Callable[[uuid.UUID], Candidate | None]
    get_job: Callable[[uuid.UUID], Job | None]

    def open_application(
        self, candidate_id: uuid.UUID, job_id: uuid.UUID, *, actor: uuid.UUID | None = None
    ) -> Application:
        candidate, job = check_opening(candidate_id, job_id, self.get_candidate, self.get_job)
        new = rules.opened(candidate, job)
        with self._tx() as db:
            found = _read(db, new.application_id)
            if found is not None:
                return found
            return self._write(db, None, new, actor)

    def decide_application(
        self,
        application_id: uuid.UUID,
        user_id: uuid.UUID,
        call: str,
        reason: str,
        seen_stage: str | None,
        decided_at: datetime | None = None,
        *,
        recommendation: Recommendation | None = None,
        against_reason: str | None = None,
    ) -> Application:
        key = require_id(application_id, "application")
        check_decider(user_id, self.get_user)
        with self._tx() as db:
            old = _read(db, key)
            job = read_job(db, old.job_id) if old else None  # in this transaction
            new = rules.decided(
                old,
                job,
                user_id,
                call,
                reason,
                seen_stage,
                decided_at,
                recommendation,
                against_reason,
            )
            return self._write(db, old, new, user_id)

    def _write(
        self,
        db: sqlite3.Connection,
        old: Application | None,
        new: Application,
        actor: object,
    ) -> Application:
        new = dataclasses.replace(new, version=rules.next_version(old.version if old else None))
        assert new.created_at is not None and new.updated_at is not None
        db.execute(f"INSERT OR REPLACE {APPLICATION_ROW}", application_values(new))
        for (stage, kind), n in rules.count_deltas(old, new).items():
            db.execute(
                "INSERT INTO application_counts (job_id, stage, kind, n) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (job_id, stage, kind) DO UPDATE SET n = n + excluded.n",
                (str(new.job_id), stage, kind, n),
            )
        entry = rules.audit_entry(new.updated_at, actor, old, new)
        put_record_audit(
            db,
            "application_audit",
            "application_id",
            entry.application_id,
            entry.at,
            entry.actor_id,
            entry.action,
            entry.before,
            entry.after,
        )
        return new

    # --- reads ----------------------------------------------------------------------------
    def get_application(self, application_id: uuid.UUID) -> Application | None:
        key = require_id(application_id, "application")
        with self._tx() as db:
            return _read(db, key)

    def list_applications_by_candidate(self, candidate_id: uuid.UUID) -> list[Application]:
        key = require_id(candidate_id, "candidate")
        with self._tx() as db:
            rows = db.execute(
                "SELECT * FROM applications WHERE candidate_id = ? ORDER BY created_at, job_id",
                (str(key),),
            ).fetchall()
        return [_application(r) for r in rows]

    def list_applications_by_job(
        self, job_id: uuid.UUID, limit: int = rules.APPLICATIONS_PAGE * 10
    ) -> list[Application]:
        return self._newest("job_id = ?", (str(require_id(job_id, "job")),), limit)

    def list_applications_by_stage(
        self, job_id: uuid.UUID, stage: str, limit: int = rules.APPLICATIONS_PAGE
    ) -> list[Application]:
        key = require_id(job_id, "job")
        return self._newest("job_id = ? AND stage = ?", (str(key), stage), limit)

    def _newest(self, where: str, params: tuple[str, ...], limit: int) -> list[Application]:
        """The newest `limit` applications (by opening) that `where` selects."""
        with self._tx() as db:
            rows = db.execute(
                f"SELECT * FROM applications WHERE {where} "
                "ORDER BY created_at DESC, application_id LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [_application(r) for r in rows]

    def application_counts(self, job_id: uuid.UUID) -> dict[tuple[str, str], int]:
        key = require_id(job_id, "job")
        with self._tx() as db:
            rows = db.execute(
                "SELECT stage, kind, n FROM application_counts WHERE job_id = ?", (str(key),)
            ).fetchall()
        return {(r["stage"], r["kind"]): r["n"] for r in rows if r["n"]}

    def list_application_audit(self, application_id: uuid.UUID) -> list[ApplicationAuditEntry]:
        key = require_id(application_id, "application")
        with self._tx() as db:
            rows = db.execute(
                "SELECT * FROM application_audit WHERE application_id = ? ORDER BY id",
                (str(key),),
            ).fetchall()
        return [
            ApplicationAuditEntry(
                uuid.UUID(r["application_id"]),
                text_time(r["at"]),
                uuid.UUID(r["actor_id"]) if r["actor_id"] else None,
                r["action"],
                r["before"],
                r["after"],
            )
            for r in rows
        ]

    def application_problems(self) -> list[str]:
        """The doctor's lines: counts by stage that differ from the applications stored."""
        with self._tx() as db:
            apps = [_application(r) for r in db.execute("SELECT * FROM applications")]
            counts: dict[str, dict[tuple[str, str], int]] = {}
            for r in db.execute("SELECT job_id, stage, kind, n FROM application_counts"):
                counts.setdefault(r["job_id"], {})[(r["stage"], r["kind"])] = r["n"]
        problems: list[str] = []
        for job_id in sorted({str(a.job_id) for a in apps} | set(counts)):
            mine = [a for a in apps if str(a.job_id) == job_id]
            problems += count_problems(uuid.UUID(job_id), mine, counts.get(job_id, {}))
        return problems
