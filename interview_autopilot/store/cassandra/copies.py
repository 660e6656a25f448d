"""Copies of another store's records on Cassandra (the `migrate` command): jobs with their
plans, applications with their decisions, the counts by stage, and the trails of jobs,
applications and profiles; a mixin of CassandraStore.

A job is written through the job's own conditional batch and list copy (`JobsMixin._write_job`,
its creation time kept, no audit entry of its own). An application is written as the source
holds it (its version too) by the same conditional write on `applications_by_id` as a decision
(`IF NOT EXISTS`, or `IF version = ?` the version read), recording no change to finish, then
its copies at that version's timestamp. The counts by stage are the source's: they count what
applications went through (`reached`), which their present state cannot tell. Nothing is
written when the keyspace already holds the record as given.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from collections.abc import Callable

from cassandra.query import UNSET_VALUE, BatchStatement, BatchType
from cassandra.util import uuid_from_time

from ...core import jobs
from ...core.applications import Application, ApplicationAuditEntry
from ...core.errors import StoreUnavailable
from ...core.jobs import Job, JobAuditEntry
from ...core.models import ProfileAuditEntry, User
from ...core.validation import require_id
from ..copies import checked_copy, missing, same_job
from . import application_stages
from .aggregates import InsightKey
from .application_rows import application_of, state_of
from .connection import driver_errors
from .rows import Row
from .session import PreparedSession


def _opt(value: object) -> object:
    return UNSET_VALUE if value is None else value


class CopiesMixin:
    """Needs the store's session and the job and application mixins' helpers."""

    _db: PreparedSession
    get_user: Callable[[uuid.UUID], User | None]
    _read_job: Callable[[uuid.UUID], tuple[Job | None, int]]
    _claim_title: Callable[[str, uuid.UUID], None]
    _title_lwt: Callable[..., bool]
    _write_job: Callable[..., Job]
    _read_application: Callable[..., Row | None]
    _finish_application: Callable[[Row, bool], bool]
    _applied: Callable[..., bool]
    _application_copies: Callable[..., None]
    _application_counts: Callable[..., None]
    agreement_deltas: Callable[[Application | None, Application], Counter[InsightKey]]
    list_job_audit: Callable[[uuid.UUID], list[JobAuditEntry]]
    list_application_audit: Callable[[uuid.UUID], list[ApplicationAuditEntry]]
    list_profile_audit: Callable[[uuid.UUID], list[ProfileAuditEntry]]
    application_counts: Callable[[uuid.UUID], dict[tuple[str, str], int]]

    @driver_errors
    def import_job(self, job: Job, trail: list[JobAuditEntry]) -> int:
        job = checked_copy(job, self.get_user)
        written = 0
        before, before_year = self._read_job(job.job_id)
        if before is None:
            self._claim_title(job.title_key, job.job_id)
            try:
                self._write_job(job, None, 0, None, copy=True)
            except BaseException:
                self._title_lwt("job_title_drop", (job.title_key, job.job_id), job.title_key, None)
                raise
            written += 1
        elif not same_job(before, job):
            jobs.check_title_change(before, job)
            self._write_job(
                dataclasses.replace(job, version=before.version),
                before,
                before_year,
                None,
                copy=True,
            )
            written += 1
        for e in missing(self.list_job_audit(job.job_id), trail):
            self._db.session.execute(
                self._db.ps["job_audit_put"],
                (
                    e.job_id,
                    e.at,
                    uuid_from_time(e.at),
                    _opt(e.actor_id),
                    e.action,
                    _opt(e.before),
                    _opt(e.after),
                ),
            )
            written += 1
        return written

    @driver_errors
    def import_application(
        self, application: Application, trail: list[ApplicationAuditEntry]
    ) -> int:
        a, key = application, application.application_id
        written = 0
        row = self._read_application(key, serial=True)
        if row is not None and row["pending_change"]:  # a change in flight: finished first
            self._finish_application(row, True)
            row = self._read_application(key, serial=True)
        held = application_of(row)
        if (
            held != a
            or held is None
            or (held.created_at, held.updated_at)
            != (
                a.created_at,
                a.updated_at,
            )
        ):
            ps = self._db.ps
            if held is None:
                statement = ps["application_new"].bind(
                    (key, a.candidate_id, a.job_id, *state_of(a), a.version, "", UNSET_VALUE)
                )
            else:
                statement = ps["application_cas"].bind(
                    (*state_of(a), a.version, "", UNSET_VALUE, key, held.version)
                )
            if not self._applied(statement, key, a.version):
                raise StoreUnavailable(
                    f"The application {key} changed while it was copied; run the copy again."
                )
            self._application_copies(a, None, held.stage if held else None)
            # A copied decision moves calibration's agreement as a decision made here does, and
            # its stage the week counts of the by-stage rows (the application's counts by stage
            # are copied apart: import_application_counts).
            insights = self.agreement_deltas(held, a)
            moves = application_stages.moves_between(held, a)
            self._application_counts(a, Counter(), fresh=False, insights=insights, moves=moves)
            written += 1
        rows = self._db.rows("application_audit", key)
        last = max((r["version"] for r in rows), default=0)
        for e in missing(self.list_application_audit(key), trail):
            last = max(int(e.at.timestamp() * 1_000_000), last + 1)  # after what it holds
            self._db.session.execute(
                self._db.ps["application_audit_put"],
                (key, last, e.at, _opt(e.actor_id), e.action, _opt(e.before), e.after),
            )
            written += 1
        return written

    @driver_errors
    def import_application_counts(
        self, job_id: uuid.UUID, counts: dict[tuple[str, str], int]
    ) -> int:
        key = require_id(job_id, "job")
        held = self.application_counts(key)
        changes = [
            (n - held.get((stage, kind), 0), key, kind, stage)
            for (stage, kind), n in sorted(counts.items())
            if n != held.get((stage, kind), 0)
        ]
        if changes:
            batch = BatchStatement(batch_type=BatchType.COUNTER)
            for values in changes:
                batch.add(self._db.ps["application_count_add"], values)
            self._db.session.execute(batch)
        return len(changes)

    @driver_errors
    def import_profile_audit(self, person_id: uuid.UUID, entries: list[ProfileAuditEntry]) -> int:
        pid = require_id(person_id, "person")
        added = missing(self.list_profile_audit(pid), entries)
        for e in added:
            self._db.session.execute(
                self._db.ps["put_profile_audit"],
                (
                    pid,
                    e.at,
                    uuid_from_time(e.at),
                    _opt(e.actor_id),
                    e.action,
                    _opt(e.before),
                    _opt(e.after),
                ),
            )
        return len(added)
