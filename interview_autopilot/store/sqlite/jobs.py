"""Jobs and their interview plans on SQLite: a mixin of SqliteStore, and its schema step.

Each write is one transaction (BEGIN IMMEDIATE): the version check, the job, its stages and its
audit entry land together or not at all. A closed job is listed under the year it closed (as on
Cassandra, where the list's partitions are per status and, for closed jobs, per year).
"""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager

from ...core import job_kits, jobs, kits
from ...core.errors import ValidationError
from ...core.jobs import Job, JobAuditEntry, JobStatus, PlanStage, StaleJob
from ...core.models import User, utc_now
from ...core.validation import check_member, require_id
from ..jobs import named_people, unfiled_titles
from .rows import put_record_audit, text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY, title TEXT NOT NULL, title_key TEXT NOT NULL UNIQUE,
    department TEXT NOT NULL, location TEXT NOT NULL, hiring_manager_id TEXT,
    recruiter_id TEXT, status TEXT NOT NULL, closed_year INTEGER NOT NULL,
    version INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs(status, closed_year, title_key);
CREATE TABLE IF NOT EXISTS job_stages (
    job_id TEXT NOT NULL, stage_no INTEGER NOT NULL, name TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL, panel TEXT NOT NULL, PRIMARY KEY (job_id, stage_no));
CREATE TABLE IF NOT EXISTS job_audit (
    id INTEGER PRIMARY KEY, job_id TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT,
    action TEXT NOT NULL, before TEXT, after TEXT);
CREATE INDEX IF NOT EXISTS job_audit_by_job ON job_audit(job_id, id);
"""


def add_jobs(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def jobs_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").fetchone()
    )


def _job(db: sqlite3.Connection, row: sqlite3.Row) -> Job:
    stages = db.execute(
        "SELECT * FROM job_stages WHERE job_id = ? ORDER BY stage_no", (row["job_id"],)
    ).fetchall()
    return Job(
        uuid.UUID(row["job_id"]),
        row["title"],
        row["department"],
        row["location"],
        uuid.UUID(row["hiring_manager_id"]) if row["hiring_manager_id"] else None,
        uuid.UUID(row["recruiter_id"]) if row["recruiter_id"] else None,
        JobStatus(row["status"]),
        tuple(
            PlanStage(
                s["name"],
                s["duration_minutes"],
                jobs.panel_of(s["panel"]),
                kits.kit_of(s["kit"] if "kit" in s.keys() else None),  # noqa: SIM118
                kits.former_names_of(s["kit"] if "kit" in s.keys() else None),  # noqa: SIM118
            )
            for s in stages
        ),
        row["version"],
        text_time(row["created_at"]),
    )


def _read(db: sqlite3.Connection, job_id: uuid.UUID) -> Job | None:
    row = db.execute("SELECT * FROM jobs WHERE job_id = ?", (str(job_id),)).fetchone()
    return _job(db, row) if row else None


class JobsMixin:
    """Needs the store's transaction and its user read (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    get_user: Callable[[uuid.UUID], User | None]

    def _valid_job(self, job: Job) -> Job:
        return jobs.validate_job(job, named_people(job, self.get_user))

    def add_job(self, job: Job, *, actor: uuid.UUID | None = None) -> Job:
        job = self._valid_job(job)
        with self._tx() as db:
            if _read(db, job.job_id) is not None:
                raise ValidationError("job", "This job is already stored.")
            return self._write_job(db, job, None, actor)

    def update_job(self, job: Job, *, actor: uuid.UUID | None = None) -> Job:
        job = self._valid_job(job)
        with self._tx() as db:
            before = _read(db, job.job_id)
            if before is None:
                raise ValidationError("job", "No such job: it may have been removed.")
            if before.version != job.version:
                raise StaleJob()
            jobs.check_title_change(before, job)
            job = job_kits.carry_former_names(before, job)  # a renamed stage keeps its kit
            return self._write_job(db, job, before, actor)

    def _write_job(
        self,
        db: sqlite3.Connection,
        job: Job,
        before: Job | None,
        actor: object,
        *,
        copy: bool = False,
    ) -> Job:
        """`copy`: another store's job (migrate): its creation time kept, no audit entry (its
        trail is copied with it)."""
        now = utc_now()
        owner = db.execute(
            "SELECT job_id FROM jobs WHERE title_key = ? AND job_id != ?",
            (job.title_key, str(job.job_id)),
        ).fetchone()
        if owner:
            raise jobs.JobTitleTaken(uuid.UUID(owner[0]))
        version = jobs.next_version(before.version if before else None)
        created = before.created_at if before and before.created_at else now
        if copy and job.created_at is not None:
            created = job.created_at
        year = 0
        if job.status is JobStatus.CLOSED:
            kept = db.execute(
                "SELECT closed_year FROM jobs WHERE job_id = ? AND status = 'closed'",
                (str(job.job_id),),
            ).fetchone()
            year = kept[0] if kept else now.year
        stored = dataclasses.replace(job, version=version, created_at=created)
        entry = jobs.audit_entry(now, actor, before, stored)
        db.execute(
            "INSERT OR REPLACE INTO jobs (job_id, title, title_key, department, location, "
            "hiring_manager_id, recruiter_id, status, closed_year, version, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(job.job_id),
                job.title,
                job.title_key,
                job.department,
                job.location,
                str(job.hiring_manager_id) if job.hiring_manager_id else None,
                str(job.recruiter_id) if job.recruiter_id else None,
                job.status.value,
                year,
                stored.version,
                time_text(created),
            ),
        )
        db.execute("DELETE FROM job_stages WHERE job_id = ?", (str(job.job_id),))
        db.executemany(
            "INSERT INTO job_stages (job_id, stage_no, name, duration_minutes, panel, kit) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    str(job.job_id),
                    n,
                    s.name,
                    s.duration_minutes,
                    jobs.panel_text(s.panel),
                    kits.kit_text(s.kit, s.former_names),
                )
                for n, s in enumerate(job.plan, 1)
            ],
        )
        if copy:
            return stored
        put_record_audit(
            db,
            "job_audit",
            "job_id",
            entry.job_id,
            entry.at,
            entry.actor_id,
            entry.action,
            entry.before,
            entry.after,
        )
        return stored

    def get_job(self, job_id: uuid.UUID) -> Job | None:
        key = require_id(job_id, "job")
        with self._tx() as db:
            return _read(db, key)

    def find_job_by_title(self, title: str) -> Job | None:
        from ...core.filters import job_key

        key = job_key(title) if isinstance(title, str) else ""
        with self._tx() as db:
            row = db.execute("SELECT * FROM jobs WHERE title_key = ?", (key,)).fetchone()
            return _job(db, row) if row else None

    def list_jobs(self, status: JobStatus, year: int | None = None) -> list[Job]:
        status = JobStatus(check_member(status, JobStatus, "status"))
        bucket = 0 if status is not JobStatus.CLOSED else (year or utc_now().year)
        with self._tx() as db:
            rows = db.execute(
                "SELECT * FROM jobs WHERE status = ? AND closed_year = ? ORDER BY title_key",
                (status.value, bucket),
            ).fetchall()
            return [_job(db, r) for r in rows]

    def list_job_audit(self, job_id: uuid.UUID) -> list[JobAuditEntry]:
        key = require_id(job_id, "job")
        with self._tx() as db:
            rows = db.execute(
                "SELECT * FROM job_audit WHERE job_id = ? ORDER BY id", (str(key),)
            ).fetchall()
        return [
            JobAuditEntry(
                uuid.UUID(r["job_id"]),
                text_time(r["at"]),
                uuid.UUID(r["actor_id"]) if r["actor_id"] else None,
                r["action"],
                r["before"],
                r["after"],
            )
            for r in rows
        ]

    def job_title_counts(self) -> dict[str, int]:
        with self._tx() as db:
            rows = db.execute(
                "SELECT job_title, COUNT(*) FROM interviews GROUP BY job_title"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def job_problems(self) -> list[str]:
        """The doctor's lines: interviews whose job title has no job."""
        with self._tx() as db:
            keys = [
                Job(uuid.UUID(r[0]), r[1])
                for r in db.execute("SELECT job_id, title FROM jobs").fetchall()
            ]
        return unfiled_titles(self.job_title_counts(), keys)
