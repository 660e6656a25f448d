"""Applications on Cassandra: a mixin of CassandraStore.

The source is `applications_by_id` (one row per application). A change is one conditional write
on it (`IF version = ?`; a new application `IF NOT EXISTS`) that also records the change
(`pending_version`, `pending_change`: the count changes and the audit entry, `pending_owner`),
as an interview's change does (pending.py): whoever meets a recorded change (the next write of
the application, the sweeper) finishes it. A writer that loses re-reads and computes again from
what won, so two people moving one application at once end as one serial order of the two
leaves it (a decision names the stage it was taken at: the second is refused if the first moved
it). The winner then writes the copies (`applications_by_candidate`, `applications_by_job`, one
partition per job and ISO week, and `applications_by_job_stage`, whose row of the stage left it
deletes: application_stages.py) at the version's timestamp, the audit entry, and the counts by
stage (`application_counts_by_job`, and the week counts of `application_weeks_by_job_stage`),
each counter batch marked in `counted_application_changes` so a roll-forward never counts
twice.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout
from cassandra.query import BatchStatement, BatchType, BoundStatement

from ...core import applications as rules
from ...core.applications import Application, ApplicationAuditEntry
from ...core.errors import StoreUnavailable
from ...core.jobs import Job
from ...core.models import (
    Candidate,
    Recommendation,
    User,
    to_utc,
    utc_now,
)
from ...core.validation import require_id
from ..applications import check_decider, check_opening, count_problems
from . import application_stages
from .aggregates import InsightKey
from .application_rows import application_of, opt, state_of
from .application_stages import WEEKS_IN_FLIGHT, week_of, weeks_back
from .connection import driver_errors
from .pending import OWNER_SECONDS, at_version, bucket_of, buckets_back, owner_age
from .rows import Row
from .session import RETRYABLE, PreparedSession

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 30
COPY_RETRIES = 3


def _change_text(
    deltas: Counter[tuple[str, str]],
    entry: ApplicationAuditEntry,
    insights: Counter[InsightKey] | None = None,
) -> str:
    return json.dumps(
        {
            "deltas": [[s, k, n] for (s, k), n in sorted(deltas.items()) if n],
            "insights": [[*key, n] for key, n in sorted((insights or {}).items()) if n],
            "audit": [
                entry.at.isoformat(),
                str(entry.actor_id) if entry.actor_id else None,
                entry.action,
                entry.before,
                entry.after,
            ],
        },
        separators=(",", ":"),
    )


def _change_of(
    application_id: uuid.UUID, text: str
) -> tuple[Counter[tuple[str, str]], ApplicationAuditEntry]:
    data = json.loads(text)
    at, actor, action, before, after = data["audit"]
    deltas: Counter[tuple[str, str]] = Counter({(s, k): n for s, k, n in data["deltas"]})
    entry = ApplicationAuditEntry(
        application_id,
        datetime.fromisoformat(at),
        uuid.UUID(actor) if actor else None,
        action,
        before,
        after,
    )
    return deltas, entry


def _insights_of(text: str) -> Counter[InsightKey]:
    """The Insights counter changes a recorded change carries (agreement.py)."""
    rows = json.loads(text).get("insights", [])
    return Counter({(c, p, a, b): n for c, p, a, b, n in rows})


class ApplicationsMixin:
    """Needs the store's session and its reads of users, candidates and jobs."""

    _db: PreparedSession

    # the store's own reads (declared, not defined: the store's classes provide them)
    get_user: Callable[[uuid.UUID], User | None]
    get_candidate: Callable[[uuid.UUID], Candidate | None]
    get_job: Callable[[uuid.UUID], Job | None]
    agreement_deltas: Callable[[Application | None, Application], Counter[InsightKey]]

    # --- writes ---------------------------------------------------------------------------
    @driver_errors
    def open_application(
        self, candidate_id: uuid.UUID, job_id: uuid.UUID, *, actor: uuid.UUID | None = None
    ) -> Application:
        candidate, job = check_opening(candidate_id, job_id, self.get_candidate, self.get_job)
        new = rules.opened(candidate, job)
        written = self._change_application(
            new.application_id, lambda old: old if old is not None else new, actor
        )
        assert written is not None
        return written

    @driver_errors
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
        jobs: dict[uuid.UUID, Job | None] = {}

        def decide(old: Application | None) -> Application:
            job = None
            if old is not None:
                if old.job_id not in jobs:
                    jobs[old.job_id] = self.get_job(old.job_id)
                job = jobs[old.job_id]
            return rules.decided(
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

        return self._change_application(key, decide, user_id)

    def _read_application(self, key: uuid.UUID, serial: bool = False) -> Row | None:
        statement = self._db.ps["application"].bind((key,))
        if serial:  # linearizable: sees (and completes) any conditional write in flight
            statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL
        return self._db.session.execute(statement).one()

    def _change_application(
        self,
        key: uuid.UUID,
        compute: Callable[[Application | None], Application],
        actor: object,
    ) -> Application:
        """Apply `compute(current) -> next` as a conditional write on the version read,
        retrying from a fresh read when another writer got there first (a change of the
        application still recorded there is finished first)."""
        for attempt in range(MAX_ATTEMPTS):
            row = self._read_application(key, serial=attempt > 0)
            if row is not None and row["pending_change"]:
                self._finish_application(row, wait=True)
                continue
            old = application_of(row)
            new = compute(old)
            if old is not None and new == old:
                return old
            new_version = rules.next_version(old.version if old else None)
            new = dataclasses.replace(new, version=new_version)
            deltas = rules.count_deltas(old, new)
            insights = self.agreement_deltas(old, new)
            entry = rules.audit_entry(at_version(new_version), actor, old, new)
            text, owner = _change_text(deltas, entry, insights), uuid.uuid1()
            ps = self._db.ps
            self._db.session.execute(
                ps["application_index_put"], (bucket_of(new_version), key, new_version, new_version)
            )
            if old is None:
                statement = ps["application_new"].bind(
                    (key, new.candidate_id, new.job_id, *state_of(new), new_version, text, owner)
                )
            else:
                statement = ps["application_cas"].bind(
                    (*state_of(new), new_version, text, owner, key, old.version)
                )
            if self._applied(statement, key, new_version):
                try:
                    self._application_copies(new, entry, old.stage if old else None)
                    self._application_counts(new, deltas, fresh=True, insights=insights)
                    self._clear_application(key, new_version)
                except RETRYABLE as exc:  # recorded: the next writer or the sweeper finishes
                    log.warning(
                        "change of application %s left to the sweeper: %s",
                        key,
                        type(exc).__name__,
                    )
                return new
            time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))
        raise StoreUnavailable(
            "The application is being changed by others at this moment; try again."
        )

    def _applied(self, statement: BoundStatement, key: uuid.UUID, version: int) -> bool:
        """A conditional write; True when applied. A timeout leaves the outcome open: a serial
        read (which completes any round in flight) says whether `version` won."""
        try:
            return bool(self._db.session.execute(statement).was_applied)
        except (WriteTimeout, OperationTimedOut):
            found = self._read_application(key, serial=True)
            return found is not None and found["version"] == version

    def _application_copies(
        self, a: Application, entry: ApplicationAuditEntry | None, left: str | None = None
    ) -> None:
        """The copies of a won version and its audit entry (idempotent: keyed and timed by the
        version; resent by whoever finishes the change; the doctor's repair sends no entry).
        `left`: the stage the change moved it from, whose by-stage row goes."""
        ps, v = self._db.ps, a.version
        assert a.created_at is not None
        state = state_of(a)
        statements = [
            ps["application_by_candidate_put"].bind(
                (a.candidate_id, a.job_id, a.application_id, *state, v)
            ),
            ps["application_by_job_put"].bind(
                (a.job_id, week_of(a.created_at), a.application_id, a.candidate_id, *state, v)
            ),
            *application_stages.row_statements(ps, a, state, left, v),
        ]
        if entry is not None:
            statements.append(
                ps["application_audit_put"].bind(
                    (
                        a.application_id,
                        v,
                        entry.at,
                        opt(entry.actor_id),
                        entry.action,
                        opt(entry.before),
                        entry.after,
                    )
                )
            )
        self._db.write(statements, retries=COPY_RETRIES)

    def _application_counts(
        self,
        a: Application,
        deltas: Counter[tuple[str, str]],
        fresh: bool,
        insights: Counter[InsightKey] | None = None,
        moves: Counter[str] | None = None,
    ) -> None:
        """The count changes of a won version (and the calibration counters its decision
        moves, `insights`; the week counts of its stage `moves`, by default those of
        `deltas`), in one counter batch marked in counted_application_changes (a roll-forward
        sends it only if unmarked)."""
        insights = insights or Counter()
        moves = application_stages.stage_moves(deltas) if moves is None else moves
        if not any(deltas.values()) and not any(insights.values()) and not any(moves.values()):
            return
        if not fresh and self._db.rows("application_counted", a.application_id, a.version):
            return
        ps = self._db.ps
        batch = BatchStatement(batch_type=BatchType.COUNTER)
        for (stage, kind), n in sorted(deltas.items()):
            if n:
                batch.add(ps["application_count_add"], (n, a.job_id, kind, stage))
        for key, n in sorted(insights.items()):
            if n:
                batch.add(ps["add_insight_count"], (n, *key))
        for statement, values in application_stages.week_counts(ps, a, moves):
            batch.add(statement, values)
        batch.add(ps["application_counted_add"], (a.application_id, a.version, 0))
        self._db.session.execute(batch)

    def _clear_application(self, key: uuid.UUID, version: int) -> None:
        self._db.session.execute(self._db.ps["application_clear"], (key, version))
        self._db.session.execute(
            self._db.ps["application_index_del"], (version, bucket_of(version), key, version)
        )

    def _finish_application(self, row: Row, wait: bool) -> bool:
        """Roll the recorded change forward from the source (which is at its version): the
        copies and the audit entry at once (idempotent); the counts only by the change's owner,
        its writer for OWNER_SECONDS, then whoever takes it over. True when finished."""
        key, version = row["application_id"], row["pending_version"]
        state = application_of(row)
        assert state is not None
        deltas, entry = _change_of(key, row["pending_change"])
        left = application_stages.stage_left(application_stages.stage_moves(deltas))
        self._application_copies(state, entry, left)
        owner = row["pending_owner"]
        while owner_age(owner) < OWNER_SECONDS:
            if not wait:
                return False
            time.sleep(0.05)
            now = self._read_application(key, serial=True)
            if now is None or not now["pending_change"] or now["pending_version"] != version:
                return True  # its owner finished it
            owner = now["pending_owner"]
        mine = uuid.uuid1()
        taken = self._db.session.execute(
            self._db.ps["application_take"], (mine, key, version, owner)
        )
        if not taken.was_applied:
            return False
        insights = _insights_of(row["pending_change"])
        self._application_counts(state, deltas, fresh=False, insights=insights)
        self._clear_application(key, version)
        return True

    @driver_errors
    def roll_forward_applications(self, span: timedelta) -> int:
        """Finish the application changes recorded in the last `span` whose writer is gone
        (found through application_changes_by_bucket); forget the index rows of changes that
        are finished or never happened. Returns how many it finished."""
        finished = 0
        now = datetime.now(UTC)
        for bucket, index in self._indexed_changes(buckets_back(now, span)):
            key, version = index["application_id"], index["version"]
            if (now - at_version(version)).total_seconds() < OWNER_SECONDS:
                continue
            row = self._read_application(key, serial=True)
            if row is None or not row["pending_change"] or row["pending_version"] != version:
                self._db.session.execute(
                    self._db.ps["application_index_del"], (version, bucket, key, version)
                )
            elif self._finish_application(row, wait=False):
                finished += 1
        return finished

    def _indexed_changes(self, buckets: list[str]) -> Iterator[tuple[str, Row]]:
        """The index rows of the buckets with their bucket, the partitions read 64 at a time
        (a week back is a thousand of them, nearly all empty)."""
        for start in range(0, len(buckets), 64):
            chunk = buckets[start : start + 64]
            futures = [self._db.future("application_index", b) for b in chunk]
            for bucket, future in zip(chunk, futures, strict=True):
                for index in future.result():
                    yield bucket, index

    # --- reads ----------------------------------------------------------------------------
    @driver_errors
    def get_application(self, application_id: uuid.UUID) -> Application | None:
        return application_of(self._read_application(require_id(application_id, "application")))

    @driver_errors
    def list_applications_by_candidate(self, candidate_id: uuid.UUID) -> list[Application]:
        key = require_id(candidate_id, "candidate")
        found = [application_of(r) for r in self._db.rows("applications_of_candidate", key)]
        return sorted(
            (a for a in found if a is not None),
            key=lambda a: (a.created_at or datetime.min.replace(tzinfo=UTC), str(a.job_id)),
        )

    @driver_errors
    def list_applications_by_job(
        self, job_id: uuid.UUID, limit: int = rules.APPLICATIONS_PAGE * 10
    ) -> list[Application]:
        key = require_id(job_id, "job")
        job = self.get_job(key)
        if job is None:
            return []
        weeks = weeks_back(utc_now(), job.created_at or utc_now())
        out: list[Application] = []
        for start in range(0, len(weeks), WEEKS_IN_FLIGHT):
            chunk = weeks[start : start + WEEKS_IN_FLIGHT]
            futures = [self._db.future("applications_of_job", key, w, limit) for w in chunk]
            for future in futures:
                for row in future.result():
                    a = application_of(row)
                    if a is not None:
                        out.append(a)
            if len(out) >= limit:
                break
        return out[:limit]

    @driver_errors
    def list_applications_by_stage(
        self, job_id: uuid.UUID, stage: str, limit: int = rules.APPLICATIONS_PAGE
    ) -> list[Application]:
        key = require_id(job_id, "job")
        rows = application_stages.read_stage(self._db, key, stage, limit)
        return [a for a in map(application_of, rows) if a is not None]

    @driver_errors
    def application_counts(self, job_id: uuid.UUID) -> dict[tuple[str, str], int]:
        key = require_id(job_id, "job")
        return {
            (r["stage"], r["kind"]): r["n"]
            for r in self._db.rows("application_counts", key)
            if r["n"]
        }

    @driver_errors
    def list_application_audit(self, application_id: uuid.UUID) -> list[ApplicationAuditEntry]:
        key = require_id(application_id, "application")
        return [
            ApplicationAuditEntry(
                r["application_id"],
                to_utc(r["at"]),
                r["actor_id"],
                r["action"],
                r["before"],
                r["after"],
            )
            for r in self._db.rows("application_audit", key)
        ]

    @driver_errors
    def application_problems(self, repair: bool = False) -> list[str]:
        """The doctor's lines: copies (by candidate, by job, by job and stage) that differ
        from their application or have none, rows by stage at a stage their application left,
        and counts by stage (and by stage and week) that differ from the applications stored.
        `repair` rewrites the copies, deletes the rows left behind and corrects the counts of
        applications at a stage."""
        session, ps = self._db.session, self._db.ps
        sources = {r["application_id"]: r for r in session.execute(ps["application_all"])}
        apps = {k: a for k, r in sources.items() if (a := application_of(r)) is not None}
        problems: list[str] = []
        fields = (
            "stage",
            "left_stage",
            "decision_call",
            "decision_reason",
            "decision_recommendation",
            "decision_against",
            "version",
        )
        for table, statement in (
            ("applications_by_candidate", "application_by_candidate_all"),
            ("applications_by_job", "application_by_job_all"),
        ):
            copies = {r["application_id"]: r for r in session.execute(ps[statement])}
            for key, a in apps.items():
                copy, source = copies.pop(key, None), sources[key]
                if copy is None or any(copy[f] != source[f] for f in fields):
                    problems.append(f"{table}: application {key} differs from its source")
                    if repair:
                        self._application_copies(a, None)
            for key in copies:
                problems.append(f"{table}: application {key} is listed but not stored")
        problems += application_stages.stage_problems(self._db, apps, sources, repair)[0]
        counts: dict[uuid.UUID, dict[tuple[str, str], int]] = {}
        for r in session.execute(ps["application_counts_all"]):
            counts.setdefault(r["job_id"], {})[(r["stage"], r["kind"])] = r["n"] or 0
        for job_id in sorted({a.job_id for a in apps.values()} | set(counts), key=str):
            mine = [a for a in apps.values() if a.job_id == job_id]
            found = count_problems(job_id, mine, counts.get(job_id, {}))
            problems += found
            if repair and found:
                self._repair_counts(job_id, mine, counts.get(job_id, {}))
        return problems

    def _repair_counts(
        self, job_id: uuid.UUID, apps: list[Application], counts: dict[tuple[str, str], int]
    ) -> None:
        at = Counter(a.stage for a in apps)
        changes = []
        for stage in set(at) | {s for s, k in counts if k == rules.NOW}:
            diff = at[stage] - counts.get((stage, rules.NOW), 0)
            if diff:
                changes.append((diff, job_id, rules.NOW, stage))
            short = at[stage] - counts.get((stage, rules.REACHED), 0)
            if short > 0:
                changes.append((short, job_id, rules.REACHED, stage))
        if changes:
            batch = BatchStatement(batch_type=BatchType.COUNTER)
            for values in changes:
                batch.add(self._db.ps["application_count_add"], values)
            self._db.session.execute(batch)
