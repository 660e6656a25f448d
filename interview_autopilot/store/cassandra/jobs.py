"""Jobs and their interview plans on Cassandra: a mixin of CassandraStore.

The source is `jobs_by_id` (the job's fields static, one row per stage). A change is one
conditional batch on that partition (`IF version = ?`; a new job `IF NOT EXISTS`), so two
recruiters editing one job at once cannot both win: the loser is told (StaleJob) and nothing of
theirs is written. The list copy in `jobs_by_status` follows in a logged batch written `USING
TIMESTAMP` the new version, so an older copy can never overwrite a newer one. A title is
claimed in `jobs_by_title` (IF NOT EXISTS) before its job is written.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout
from cassandra.query import UNSET_VALUE, BatchStatement, BatchType
from cassandra.util import uuid_from_time

from ...core import job_kits, jobs, kits
from ...core.errors import StoreUnavailable, ValidationError
from ...core.filters import job_key
from ...core.jobs import Job, JobAuditEntry, JobStatus, PlanStage, StaleJob
from ...core.models import User, to_utc, utc_now
from ...core.validation import check_member, require_id
from ..jobs import named_people, unfiled_titles
from .connection import driver_errors
from .rows import Row
from .session import PreparedSession

CLAIM_ATTEMPTS = 5


def _opt(value: object) -> object:
    """A value a write leaves unset when there is none (no tombstone for a field never set)."""
    return UNSET_VALUE if value is None else value


def _job(rows: list[Row]) -> Job | None:
    if not rows or rows[0]["version"] is None:
        return None
    head = rows[0]
    return Job(
        head["job_id"],
        head["title"],
        head["department"] or "",
        head["location"] or "",
        head["hiring_manager_id"],
        head["recruiter_id"],
        JobStatus(head["status"]),
        tuple(
            PlanStage(
                r["stage_name"],
                r["duration_minutes"],
                jobs.panel_of(r["panel"]),
                kits.kit_of(r.get("kit")),
                kits.former_names_of(r.get("kit")),
            )
            for r in rows
            if r["stage_no"] is not None
        ),
        head["version"],
        to_utc(head["created_at"]) if head["created_at"] else None,
    )


class JobsMixin:
    """Needs the store's session and its user read (see CassandraStore)."""

    _db: PreparedSession
    get_user: Callable[[uuid.UUID], User | None]

    # --- writes ---------------------------------------------------------------------------
    @driver_errors
    def add_job(self, job: Job, *, actor: uuid.UUID | None = None) -> Job:
        job = jobs.validate_job(job, named_people(job, self.get_user))
        if self._read_job(job.job_id)[0] is not None:
            raise ValidationError("job", "This job is already stored.")
        self._claim_title(job.title_key, job.job_id)
        try:
            return self._write_job(job, None, 0, actor)
        except BaseException:
            self._title_lwt("job_title_drop", (job.title_key, job.job_id), job.title_key, None)
            raise

    @driver_errors
    def update_job(self, job: Job, *, actor: uuid.UUID | None = None) -> Job:
        job = jobs.validate_job(job, named_people(job, self.get_user))
        before, before_year = self._read_job(job.job_id)
        if before is None:
            raise ValidationError("job", "No such job: it may have been removed.")
        if before.version != job.version:
            raise StaleJob()
        jobs.check_title_change(before, job)
        job = job_kits.carry_former_names(before, job)  # a renamed stage keeps its kit
        return self._write_job(job, before, before_year, actor)

    def _write_job(
        self,
        job: Job,
        before: Job | None,
        before_year: int,
        actor: object,
        *,
        copy: bool = False,
    ) -> Job:
        """`copy`: another store's job (migrate): its creation time kept, no audit entry (its
        trail is copied with it)."""
        now = utc_now()
        version = jobs.next_version(before.version if before else None)
        year = 0
        if job.status is JobStatus.CLOSED:
            kept = before is not None and before.status is JobStatus.CLOSED and before_year
            year = before_year if kept else now.year
        created = before.created_at if before and before.created_at else now
        if copy and job.created_at is not None:
            created = job.created_at
        stored = dataclasses.replace(job, version=version, created_at=created)
        fields = (
            job.title,
            job.title_key,
            job.department,
            job.location,
            _opt(job.hiring_manager_id)
            if before is None or before.hiring_manager_id is None
            else job.hiring_manager_id,
            _opt(job.recruiter_id)
            if before is None or before.recruiter_id is None
            else job.recruiter_id,
            job.status.value,
            year,
            version,
            created,
        )
        ps = self._db.ps
        batch = BatchStatement(batch_type=BatchType.LOGGED)
        if before is None:
            batch.add(ps["job_new"], (job.job_id, *fields))
        else:
            batch.add(ps["job_cas"], (*fields, job.job_id, before.version))
        for n, stage in enumerate(job.plan, 1):
            batch.add(
                ps["job_stage_put"],
                (
                    job.job_id,
                    n,
                    stage.name,
                    stage.duration_minutes,
                    jobs.panel_text(stage.panel),
                    kits.kit_text(stage.kit, stage.former_names),  # '': a live cell
                ),
            )
        for n in range(len(job.plan) + 1, len(before.plan) + 1 if before else 1):
            batch.add(ps["job_stage_del"], (job.job_id, n))
        if not self._job_applied(batch, job.job_id, version):
            if before is None:
                raise ValidationError("job", "This job is already stored.")
            raise StaleJob()
        self._copy_job(stored, year, before, before_year)
        if copy:
            return stored
        entry = jobs.audit_entry(now, actor, before, stored)
        self._db.session.execute(
            ps["job_audit_put"],
            (
                entry.job_id,
                entry.at,
                uuid_from_time(entry.at),
                _opt(entry.actor_id),
                entry.action,
                _opt(entry.before),
                entry.after,
            ),
        )
        return stored

    def _copy_job(self, job: Job, year: int, before: Job | None, before_year: int) -> None:
        """The list copy of `job` (and the old one gone), at the version's timestamp. A field
        with no value is left unset, unless the same row held one (then it is cleared)."""
        ps, v = self._db.ps, job.version
        statements = []
        same_row = False
        if before is not None:
            old_key = (before.status.value, before_year, before.title_key)
            same_row = old_key == (job.status.value, year, job.title_key)
            if not same_row:
                statements.append(ps["job_copy_del"].bind((v, *old_key, job.job_id)))
        manager, recruiter = job.hiring_manager_id, job.recruiter_id
        if not (same_row and before is not None and before.hiring_manager_id is not None):
            manager = _opt(manager)  # type: ignore[assignment]
        if not (same_row and before is not None and before.recruiter_id is not None):
            recruiter = _opt(recruiter)  # type: ignore[assignment]
        statements.append(
            ps["job_copy_put"].bind(
                (
                    job.status.value,
                    year,
                    job.title_key,
                    job.job_id,
                    job.title,
                    job.department,
                    job.location,
                    manager,
                    recruiter,
                    v,
                )
            )
        )
        self._db.write(statements, retries=2)

    def _job_applied(self, batch: BatchStatement, job_id: uuid.UUID, version: int) -> bool:
        """A conditional batch; True when applied. A timeout leaves the outcome open: a serial
        read (which completes any round in flight) says whether `version` won."""
        try:
            return bool(self._db.session.execute(batch).was_applied)
        except (WriteTimeout, OperationTimedOut):
            statement = self._db.ps["job"].bind((job_id,))
            statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL
            found = self._db.session.execute(statement).one()
            return found is not None and found["version"] == version

    # --- the title claims -----------------------------------------------------------------
    def _title_lwt(
        self, name: str, values: tuple[object, ...], key: str, owner: uuid.UUID | None
    ) -> bool:
        try:
            return bool(self._db.session.execute(self._db.ps[name], values).was_applied)
        except (WriteTimeout, OperationTimedOut):
            statement = self._db.ps["job_title_get"].bind((key,))
            statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL
            row = self._db.session.execute(statement).one()
            held = row["job_id"] if row else None
            return held == owner

    def _claim_title(self, key: str, owner: uuid.UUID) -> None:
        for _ in range(CLAIM_ATTEMPTS):
            if self._title_lwt("job_title_claim", (key, owner), key, owner):
                return
            row = self._db.one("job_title_get", key)
            if row is None:
                continue
            holder = row["job_id"]
            if holder == owner:
                return
            current = self._read_job(holder)[0]
            if current is not None and current.title_key == key:
                raise jobs.JobTitleTaken(holder)
            if current is None:
                raise jobs.JobTitleTaken(holder)  # being created right now by another writer
            if self._title_lwt("job_title_move", (owner, key, holder), key, owner):
                return
        raise StoreUnavailable("This job title is being changed by others; try again.")

    # --- reads ----------------------------------------------------------------------------
    def _read_job(self, job_id: uuid.UUID) -> tuple[Job | None, int]:
        """The job and the year its list copy is filed under (0 unless closed)."""
        found = self._db.rows("job", job_id)
        return _job(found), int(found[0]["closed_year"] or 0) if found else 0

    @driver_errors
    def get_job(self, job_id: uuid.UUID) -> Job | None:
        return _job(self._db.rows("job", require_id(job_id, "job")))

    @driver_errors
    def find_job_by_title(self, title: str) -> Job | None:
        key = job_key(title) if isinstance(title, str) else ""
        if not key:
            return None
        row = self._db.one("job_title_get", key)
        found = self.get_job(row["job_id"]) if row else None
        return found if found is not None and found.title_key == key else None

    @driver_errors
    def list_jobs(self, status: JobStatus, year: int | None = None) -> list[Job]:
        status = JobStatus(check_member(status, JobStatus, "status"))
        bucket = 0 if status is not JobStatus.CLOSED else (year or utc_now().year)
        return [
            Job(
                r["job_id"],
                r["title"],
                r["department"] or "",
                r["location"] or "",
                r["hiring_manager_id"],
                r["recruiter_id"],
                status,
            )
            for r in self._db.rows("jobs_in", status.value, bucket)
        ]

    @driver_errors
    def list_job_audit(self, job_id: uuid.UUID) -> list[JobAuditEntry]:
        key = require_id(job_id, "job")
        return [
            JobAuditEntry(
                r["job_id"], to_utc(r["at"]), r["actor_id"], r["action"], r["before"], r["after"]
            )
            for r in self._db.rows("job_audit", key)
        ]

    @driver_errors
    def job_title_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self._db.session.execute(self._db.ps["interview_titles_all"]):
            if row["job_title"] is not None:
                counts[row["job_title"]] = counts.get(row["job_title"], 0) + 1
        return counts

    @driver_errors
    def job_problems(self, repair: bool = False) -> list[str]:
        """The doctor's lines: list copies that differ from their job, and interviews whose
        job title has no job. `repair` rewrites the copies from the jobs."""
        sources = {
            r["job_id"]: r
            for r in self._db.session.execute(self._db.ps["job_all"])
            if r["status"] is not None
        }
        copies = {r["job_id"]: r for r in self._db.session.execute(self._db.ps["job_copies_all"])}
        problems: list[str] = []
        fields = (
            "status",
            "closed_year",
            "title_key",
            "title",
            "department",
            "location",
            "hiring_manager_id",
            "recruiter_id",
        )
        for job_id, source in sources.items():
            copy = copies.pop(job_id, None)
            if copy is None or any((copy[f] or None) != (source[f] or None) for f in fields):
                problems.append(f"jobs_by_status: job {job_id} ({source['title']}) differs")
                if repair:
                    job = self.get_job(job_id)
                    if job is not None:
                        self._copy_job(job, int(source["closed_year"] or 0), None, 0)
        for job_id in copies:
            problems.append(f"jobs_by_status: job {job_id} is listed but not stored")
        problems += unfiled_titles(
            self.job_title_counts(), [Job(j, s["title"]) for j, s in sources.items()]
        )
        return problems
