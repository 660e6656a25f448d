"""`Store` on Apache Cassandra or Astra DB: one table per query, correct with many writers.

Built once per process (the app caches it with st.cache_resource): it owns the session and
prepares every statement in its constructor (`PreparedSession`). Reads go to the one table that
serves the question. A write reads the interview's source partition, computes the next state
with the same `domain` rules as SQLite, and applies it as a conditional batch on the version it
read (`transitions.source_batch`); a writer that loses re-reads and tries again. The winner then
writes the copies of its version at that version's timestamp, and the count changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TypeVar

from cassandra.cluster import Cluster, Session
from cassandra.query import BoundStatement, QueryTrace

from ...core import audit, domain
from ...core.errors import (
    ConfigError,
    DuplicateBooking,
    StoreError,
    StoreUnavailable,
    ValidationError,
)
from ...core.models import (
    AtsRecord,
    AuditEntry,
    Candidate,
    DoctorReport,
    Feedback,
    Interview,
    InterviewDetail,
    InterviewPage,
    InterviewRecord,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Participant,
    SampleData,
    TablePage,
    User,
    UserRole,
    utc_now,
)
from ...core.settings import Settings
from ..aggregates import InsightCounts
from ..base import PAGE_SIZE, Progress
from ..bulk import check_sample_references, chunked
from . import aggregates, bulk, doctor, migrations, rows
from .connection import (
    ClusterConfig,
    build_cluster,
    cluster_config,
    connect,
    driver_errors,
)
from .decision_and_directory import DecisionAndDirectory
from .filtered import FilteredLists
from .lists import count_by_status, list_by_status, list_upcoming
from .past_due import list_past_due
from .rows import Audit, InterviewState, Row, normalized, sorted_feedback
from .scans import CassandraTableScans
from .schema import keyspace_exists, missing_tables, table_names
from .search import prefix_statements
from .session import InFlight, PreparedSession
from .transitions import (
    copy_statements,
    count_deltas,
    counter_batches,
    interview_ids,
    logged_batch,
    next_version,
    source_batch,
    unset_nulls,
)

MAX_ATTEMPTS = 30  # conditional-write attempts before a write gives up as "busy"
COPY_RETRIES = 3  # resends of an idempotent copy batch the cluster did not confirm
T = TypeVar("T")


class CassandraStore(DecisionAndDirectory, FilteredLists):
    """`Store` on one Cassandra keyspace (local node, own cluster, or Astra)."""

    def __init__(
        self,
        cluster: Cluster,
        session: Session,
        keyspace: str,
        backend: str = "cassandra",
        owns_cluster: bool = True,
    ) -> None:
        self.backend = backend
        self.keyspace = keyspace
        self._owns_cluster = owns_cluster  # False: a shared session (st.connection) closes it
        self._db = PreparedSession(cluster, session, keyspace)
        self._scans = CassandraTableScans(self._db.session, keyspace, table_names())

    @classmethod
    @driver_errors
    def from_settings(cls, settings: Settings) -> CassandraStore:
        """Connect as DB_BACKEND=cassandra|astra says; ConfigError/StoreUnavailable if not."""
        config = cluster_config(settings)
        cluster = build_cluster(settings)
        try:
            session = connect(cluster, config.backend)
            _check_keyspace(session, config)
            return cls(cluster, session, config.keyspace, config.backend)
        except BaseException:
            cluster.shutdown()
            raise

    @classmethod
    @driver_errors
    def on_shared_session(
        cls, cluster: Cluster, session: Session, config: ClusterConfig
    ) -> CassandraStore:
        """A store on a session someone else opened and closes (e.g. `st.connection`);
        `close()` leaves that session open."""
        _check_keyspace(session, config)
        return cls(cluster, session, config.keyspace, config.backend, owns_cluster=False)

    @property
    def session(self) -> PreparedSession:
        """The session and its prepared statements (diagnostics and tests)."""
        return self._db

    def close(self) -> None:
        if self._owns_cluster:
            self._db.close()

    def _change(
        self,
        interview_id: uuid.UUID,
        compute: Callable[[InterviewState | None], InterviewState | None],
        force: bool = False,
        audit: Audit | None = None,
    ) -> InterviewState | None:
        """Apply `compute(current) -> next` to one interview as a conditional write on the
        version read, retrying from a fresh read when another writer got there first. Returns
        the state written (or the current one when `compute` changes nothing and `force`,
        which rewrites the copies with current names, is not set). `audit` gives the audit
        entry of the winning version, written with its copies (same key on a resend)."""
        for attempt in range(MAX_ATTEMPTS):
            old, version = self._db.read_source(interview_id, names=True, serial=attempt > 0)
            new = compute(old)
            if new == old and not (force and old is not None):
                return old
            new_version = next_version(version)
            if new is not None:
                new = dataclasses.replace(new, version=new_version)
            batch = source_batch(self._db.ps, interview_id, old, version, new, new_version)
            if self._db.compare_and_set(batch, interview_id, new_version):
                at = datetime.fromtimestamp(new_version / 1_000_000, UTC)
                entry = audit(old, new, at) if audit else None
                self._write_copies(old, new, new_version, entry)
                return new
            # Let the winner finish: random, growing, capped waits keep 24 writers of one
            # interview from colliding again in step.
            time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))
        raise StoreUnavailable(
            "The interview is being changed by others at this moment; try again."
        )

    def _write_copies(
        self,
        old: InterviewState | None,
        new: InterviewState | None,
        version: int,
        entry: AuditEntry | None = None,
    ) -> None:
        """The copies of a won version and its audit entry, keyed by the version (idempotent:
        retried), then its count changes (not idempotent: sent once; a lost one is found and
        repaired by the doctor)."""
        statements = copy_statements(self._db.ps, old, new, version)
        if entry is not None:
            statements.append(self._audit_statement(entry, version))
        self._db.write(statements, retries=COPY_RETRIES)
        for counters in counter_batches(self._db.ps, count_deltas(old, new)):
            self._db.session.execute(counters)

    def _audit_statement(self, entry: AuditEntry, version: int) -> BoundStatement:
        values = (
            entry.interview_id,
            version,
            entry.at,
            entry.actor_id,
            entry.action.value,
            entry.subject_id,
            entry.before,
            entry.after,
            version,
        )
        return self._db.ps["put_audit"].bind(unset_nulls(values, None))  # a new row: no nulls

    @driver_errors
    def missing_tables(self) -> list[str]:
        return missing_tables(self._db.session, self.keyspace)

    @driver_errors
    def is_empty(self) -> bool:
        # Deleted interviews keep a version-only partition: look past a few of them.
        return all(r["status"] is None for r in self._db.rows("any_interview"))

    def list_tables(self) -> list[str]:
        return list(self._scans.tables)

    @driver_errors
    def scan_table(
        self,
        table: str,
        page_size: int,
        page_state: str | None = None,
        partition: dict[str, str] | None = None,
    ) -> TablePage:
        return self._scans.page(self._db.session, table, page_size, page_state, partition)

    # --- writes -------------------------------------------------------------------------
    @driver_errors
    def upsert_users(self, users: list[User]) -> None:
        users = domain.validate_users(users)
        before = self._db.get_many("user", [u.user_id for u in users], rows.user)
        self._db.concurrent(
            (self._db.ps["put_user"], (u.user_id, u.name, u.email, u.role.value, u.slack_handle))
            for u in users
        )
        # SQLite joins profiles at read time; here the copies must follow a changed profile.
        ids: list[uuid.UUID] = []
        for u in users:
            old = before.get(u.user_id)
            if old is not None and (old.name, old.email, old.slack_handle) != (
                u.name,
                u.email,
                u.slack_handle,
            ):
                ids += interview_ids(self._by_month("by_user", u.user_id, "user"))
                if old.name != u.name:
                    ids += interview_ids(self._by_month("by_recruiter", u.user_id, "recruiter"))
        self._refresh_copies(ids)

    @driver_errors
    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        candidates = domain.validate_candidates(candidates)
        before = self._db.get_many(
            "candidate", [c.candidate_id for c in candidates], rows.candidate
        )
        # The profile row alone (a resume may reach 80 KB, over the 50 KB a batch may carry),
        # then the candidate's search rows together in one logged batch.
        self._db.concurrent(
            (self._db.ps["put_candidate"], (c.candidate_id, c.name, c.email, c.resume_text))
            for c in candidates
        )
        searches = [
            prefix_statements(self._db.ps, before.get(c.candidate_id), c) for c in candidates
        ]
        self._db.concurrent((logged_batch(rows_), None) for rows_ in searches if rows_)
        ids: list[uuid.UUID] = []
        for c in candidates:
            old = before.get(c.candidate_id)
            if old is not None and old.name != c.name:
                ids += interview_ids(self._db.rows("by_candidate", c.candidate_id))
        self._refresh_copies(ids)

    def _refresh_copies(self, ids: list[uuid.UUID]) -> None:
        """Carry changed names and profiles into these interviews (a new version of each, so
        the copies follow; `_change` picks up the current candidate and recruiter names)."""

        def refreshed(old: InterviewState | None) -> InterviewState | None:
            if old is None:
                return None
            profiles = self._db.get_many("user", list(old.participants), rows.user)
            participants = {
                uid: rows.participant_of(old.interview.interview_id, profiles[uid], p.role)
                if uid in profiles
                else p
                for uid, p in old.participants.items()
            }
            return dataclasses.replace(old, participants=participants)

        for iid in dict.fromkeys(ids):
            self._change(iid, refreshed, force=True)

    @driver_errors
    def create_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        self._create(
            *domain.validate_interview(interview, participants), only_new=False, actor=actor
        )

    @driver_errors
    def book_interview(
        self, interview: Interview, participants: list[tuple[uuid.UUID, UserRole]]
    ) -> None:
        interview, participants = domain.validate_interview(interview, participants)
        interview = normalized(interview)
        booked = [
            (state.interview, list(state.participants))
            for row in self.list_interviews_by_candidate(interview.candidate_id)
            if row.scheduled_start == interview.scheduled_start
            and (state := self._source(row.interview_id)) is not None
        ]
        domain.check_new_booking(interview, [u for u, _ in participants], booked)
        self._create(interview, participants, only_new=True)

    def _create(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        only_new: bool,
        actor: uuid.UUID | None = None,
    ) -> None:
        """Write an interview (validated) and its panel; `only_new`: refuse an existing id in
        the conditional write itself, so of two writers of one new id, one books it. A move of
        an existing one is in its history, in `actor`'s name."""
        who = audit.actor_id(actor)
        interview = normalized(interview)
        panel = dict(participants)  # a repeated user: one row, the last role (as SQLite)
        candidate = self._db.get_many("candidate", [interview.candidate_id], rows.candidate)
        users = self._db.get_many("user", [interview.recruiter_id, *panel], rows.user)
        domain.check_references(
            interview.candidate_id in candidate,
            interview.recruiter_id in users,
            [u for u in panel if u not in users],
        )
        iid = interview.interview_id

        def created(old: InterviewState | None) -> InterviewState:
            if only_new and old is not None:
                raise DuplicateBooking(iid)
            kept = {u: f for u, f in (old.feedback if old else {}).items() if u in panel}
            return InterviewState(
                interview,
                {u: rows.participant_of(iid, users[u], role) for u, role in panel.items()},
                kept,
                utc_now(),
                candidate[interview.candidate_id].name,
                users[interview.recruiter_id].name,
                hiring=old.hiring if old else None,  # as SQLite: re-creating keeps it
            )

        def moved(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry | None:
            if old is None or new is None:
                return None
            return audit.schedule_entry(at, who, old.interview, new.interview)

        written = self._change(iid, created, audit=moved)
        # A rename that ran between the profile reads above and the conditional write found no
        # copy of this interview to refresh (its copies did not exist yet). Read the profiles
        # again now that they do: a rename from here on finds them itself.
        after = self._db.get_many("user", list(users), rows.user)
        name = self._db.get_many("candidate", [interview.candidate_id], rows.candidate)
        if written is not None and (after != users or name != candidate):
            self._refresh_copies([iid])

    @driver_errors
    def change_status(
        self,
        interview_id: uuid.UUID,
        status: InterviewStatus,
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        iid = domain.require_id(interview_id, "interview")
        status = domain.require_status(status)
        who = audit.actor_id(actor)

        def moved(old: InterviewState | None) -> InterviewState:
            if old is None:
                raise ValidationError("interview", "That interview does not exist.")
            interview = dataclasses.replace(old.interview, status=status)
            return dataclasses.replace(old, interview=interview, ats_at=utc_now())

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry:
            before = old.interview.status if old else None
            return audit.status_entry(iid, at, who, before, status)

        self._change(iid, moved, audit=entry)

    @driver_errors
    def submit_feedback(
        self,
        interview_id: uuid.UUID,
        user_id: uuid.UUID,
        decision: str,
        comment: str,
        submitted_at: datetime | None = None,
        *,
        actor: uuid.UUID | None = None,
    ) -> Feedback:
        domain.check_feedback(interview_id, user_id, decision, comment, submitted_at)
        iid = domain.require_id(interview_id, "interview")
        who = audit.actor_id(actor)
        given: list[Feedback] = []

        def with_feedback(old: InterviewState | None) -> InterviewState:
            feedback = domain.build_feedback(
                old.interview if old else None,
                list(old.participants.values()) if old else [],
                user_id,
                decision,
                comment,
                submitted_at,
            )
            assert old is not None  # build_feedback refused a missing interview
            given[:] = [feedback]
            all_feedback = {**old.feedback, feedback.user_id: feedback}
            return dataclasses.replace(old, feedback=all_feedback, ats_at=utc_now())

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry:
            before = old.feedback.get(given[0].user_id) if old else None
            return audit.feedback_entry(at, who, before, given[0])

        self._change(iid, with_feedback, audit=entry)
        return given[0]

    @driver_errors
    def delete_interview(self, interview_id: uuid.UUID) -> None:
        self._change(domain.require_id(interview_id, "interview"), lambda old: None)

    @driver_errors
    def delete_user(self, user_id: uuid.UUID) -> None:
        uid = domain.require_id(user_id, "user")
        # SQLite's foreign keys refuse this; here the list copies would keep a dangling name.
        if self._by_month("by_user_any", uid, "user", first=True) or self._by_month(
            "by_recruiter_any", uid, "recruiter", first=True
        ):
            raise ValidationError("user", "That user still takes part in interviews.")
        self._db.session.execute(self._db.ps["del_user"], (uid,))

    @driver_errors
    def delete_candidate(self, candidate_id: uuid.UUID) -> None:
        cid = domain.require_id(candidate_id, "candidate")
        if self._db.one("by_candidate_any", cid):
            raise ValidationError("candidate", "That candidate still has interviews.")
        old = self._db.get("candidate", cid, rows.candidate)
        gone = [
            self._db.ps["del_candidate"].bind((cid,)),
            *prefix_statements(self._db.ps, old, None),
        ]
        self._db.session.execute(logged_batch(gone))

    @driver_errors
    def bulk_load(self, data: SampleData, progress: Progress | None = None) -> None:
        """The in-memory load: checked whole (records and references) before anything is
        written, then streamed (`bulk_load_stream`)."""
        data = domain.validate_sample(data)
        check_sample_references(
            data,
            lambda ids: set(self._db.get_many("user", ids, rows.user)),
            lambda ids: set(self._db.get_many("candidate", ids, rows.candidate)),
        )
        records = domain.sample_records(data)
        self.bulk_load_stream(data.users, data.candidates, records, progress, len(records))

    @driver_errors
    def bulk_load_stream(
        self,
        users: Iterable[User],
        candidates: Iterable[Candidate],
        interviews: Iterable[InterviewRecord],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Users, candidates, then interviews, a chunk at a time with a bounded number of
        requests in flight (see `bulk`). The same final state as one-by-one writes; re-running
        the same stream rewrites the same values and changes no count. Meant for an empty store
        or a maintenance window: it does not wait for app writers of the same interviews. A
        failed request stops the load: re-run it, then `doctor --repair` settles the counts of
        the chunk it was in."""
        empty = self.is_empty()  # a first load has no old state to look up or remove
        profiles = bulk.Profiles(self._db)
        window = InFlight(self._db.session, bulk.IN_FLIGHT)
        try:
            for some_users in chunked(users, bulk.PEOPLE_CHUNK):
                people = domain.validate_users(some_users)
                if empty:
                    bulk.put_users(self._db, window, people)
                else:  # a changed profile must reach the copies that carry it
                    self.upsert_users(people)
                profiles.wrote_users(people)
            for some_candidates in chunked(candidates, bulk.PEOPLE_CHUNK):
                checked = domain.validate_candidates(some_candidates)
                if empty:
                    bulk.put_candidates(self._db, window, checked)
                else:
                    self.upsert_candidates(checked)
                profiles.wrote_candidates(checked)
            window.wait()  # the profiles exist before any interview names them
            return bulk.load_interviews(
                self._db, window, interviews, profiles, empty, progress, total
            )
        except BaseException:
            with contextlib.suppress(Exception):
                window.wait()  # settle what is in flight before reporting
            raise

    @driver_errors
    def doctor(
        self, repair: bool = False, progress: Callable[[str], None] | None = None
    ) -> DoctorReport:
        return doctor.run(self._db, repair, progress)

    # --- reads --------------------------------------------------------------------------
    @driver_errors
    def insight_counts(self, first_week: str, last_week: str) -> InsightCounts:
        return aggregates.read(self._db, first_week, last_week)

    @driver_errors
    def count_by_status(self) -> dict[InterviewStatus, int]:
        return count_by_status(self._db)

    @driver_errors
    def list_interviews_by_status(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> InterviewPage:
        return list_by_status(self._db, InterviewStatus(status), limit, after)[0]

    @driver_errors
    def list_upcoming(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        return list_upcoming(self._db, limit, after, now or utc_now())[0]

    @driver_errors
    def list_past_due(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        return list_past_due(self._db, limit, after, now or utc_now())[0]

    @driver_errors
    def list_past_due_traced(
        self, limit: int = PAGE_SIZE, after: PageCursor | None = None, now: datetime | None = None
    ) -> tuple[InterviewPage, list[QueryTrace]]:
        """The past-due page and the server's trace of every read it made (tests)."""
        return list_past_due(self._db, limit, after, now or utc_now(), trace=True)

    @driver_errors
    def list_interviews_by_status_traced(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> tuple[InterviewPage, list[QueryTrace]]:
        """The list page and the server's trace of every read it made (tests, diagnostics)."""
        return list_by_status(self._db, InterviewStatus(status), limit, after, trace=True)

    @driver_errors
    def list_upcoming_traced(
        self, limit: int = PAGE_SIZE, after: PageCursor | None = None, now: datetime | None = None
    ) -> tuple[InterviewPage, list[QueryTrace]]:
        """The upcoming page and the server's trace of every read it made."""
        return list_upcoming(self._db, limit, after, now or utc_now(), trace=True)

    def _list(self, name: str, key: object, field: str) -> list[InterviewSummary]:
        return [rows.summary(r) for r in self._db.rows(name, domain.require_id(key, field))]

    @driver_errors
    def list_interviews_by_candidate(self, candidate_id: uuid.UUID) -> list[InterviewSummary]:
        return self._list("by_candidate", candidate_id, "candidate")

    @driver_errors
    def list_interviews_by_user(self, user_id: uuid.UUID) -> list[InterviewSummary]:
        uid = domain.require_id(user_id, "user")
        return [rows.summary(r) for r in self._by_month("by_user", uid, "user")]

    def _by_month(
        self, name: str, person_id: uuid.UUID, kind: str, first: bool = False
    ) -> list[Row]:
        """The rows of a person's month partitions (`name` reads one), newest month first, one
        bounded partition at a time; `first`: stop at the first month that has a row."""
        found: list[Row] = []
        for month in self._db.rows("months_of", person_id, kind):
            found += self._db.rows(name, person_id, month["month"])
            if first and found:
                break
        return found

    def _get(self, name: str, key: object, field: str, make: Callable[[Row], T]) -> T | None:
        return self._db.get(name, domain.require_id(key, field), make)

    def _source(self, interview_id: object) -> InterviewState | None:
        return self._db.read_source(domain.require_id(interview_id, "interview"))[0]

    @driver_errors
    def get_interview(self, interview_id: uuid.UUID) -> Interview | None:
        state = self._source(interview_id)
        return state.interview if state else None

    @driver_errors
    def get_ats(self, interview_id: uuid.UUID) -> AtsRecord | None:
        return self._get("ats", interview_id, "interview", rows.ats)

    @driver_errors
    def get_user(self, user_id: uuid.UUID) -> User | None:
        return self._get("user", user_id, "user", rows.user)

    @driver_errors
    def get_candidate(self, candidate_id: uuid.UUID) -> Candidate | None:
        return self._get("candidate", candidate_id, "candidate", rows.candidate)

    @driver_errors
    def list_audit(self, interview_id: uuid.UUID) -> list[AuditEntry]:
        iid = domain.require_id(interview_id, "interview")
        return [rows.audit_entry(r) for r in self._db.rows("audit", iid)]

    @driver_errors
    def import_audit(self, interview_id: uuid.UUID, entries: list[AuditEntry]) -> int:
        """Each missing entry at a version (and write time) of its own `at` in microseconds,
        moved up past a version the trail uses already: the trail stays in time order."""
        iid = domain.require_id(interview_id, "interview")
        stored = self._db.rows("audit", iid)
        missing = audit.missing_entries([rows.audit_entry(r) for r in stored], entries)
        used = {r["version"] for r in stored}
        statements = []
        for entry in missing:
            version = int(entry.at.timestamp()) * 1_000_000 + entry.at.microsecond
            while version in used:
                version += 1
            used.add(version)
            statements.append(self._audit_statement(entry, version))
        if statements:
            self._db.session.execute(logged_batch(statements))
        return len(missing)

    @driver_errors
    def get_interview_detail(self, interview_id: uuid.UUID) -> InterviewDetail | None:
        """One partition read (the source) and two point reads; the ATS record is the one the
        source implies, so the page never shows a copy that is behind."""
        state = self._source(interview_id)
        if state is None:
            return None
        i = state.interview
        f_cand = self._db.future("candidate", i.candidate_id)
        f_rec = self._db.future("user", i.recruiter_id)
        c_row, r_row = f_cand.result().one(), f_rec.result().one()
        if c_row is None or r_row is None:
            raise StoreError(f"Interview {i.interview_id} names a missing candidate or recruiter.")
        return InterviewDetail(
            i,
            rows.candidate(c_row),
            rows.user(r_row),
            _participants(state),
            sorted_feedback(state.feedback.values()),
            state.ats,
        )

    @driver_errors
    def list_participants(self, interview_id: uuid.UUID) -> list[Participant]:
        state = self._source(interview_id)
        return _participants(state) if state else []

    @driver_errors
    def get_feedback(self, interview_id: uuid.UUID, user_id: uuid.UUID) -> Feedback | None:
        uid = domain.require_id(user_id, "interviewer")
        state = self._source(interview_id)
        return state.feedback.get(uid) if state else None


def _participants(state: InterviewState) -> list[Participant]:
    """The panel ordered by name, each marked with whether they gave feedback."""
    found = [
        dataclasses.replace(p, has_feedback=uid in state.feedback)
        for uid, p in state.participants.items()
    ]
    return sorted(found, key=lambda p: (p.name, p.user_id))


def _check_keyspace(session: Session, config: ClusterConfig) -> None:
    """ConfigError when the keyspace (Astra) or one of the app's tables is missing."""
    if config.backend == "astra" and not keyspace_exists(session, config.keyspace):
        raise ConfigError(
            f"ASTRA_KEYSPACE '{config.keyspace}' does not exist: create it in the Astra "
            "UI, then run `python -m interview_autopilot schema apply`."
        )
    missing = missing_tables(session, config.keyspace)
    if missing:
        raise ConfigError(
            f"{config.keyspace_setting} '{config.keyspace}' lacks the tables or indexes "
            f"{', '.join(missing)}: run `python -m interview_autopilot schema apply`."
        )
    waiting = migrations.pending(session, config.keyspace)  # refuses a changed migration
    if waiting:
        raise ConfigError(
            f"{config.keyspace_setting} '{config.keyspace}' lacks the migrations "
            f"{', '.join(waiting)}: run `python -m interview_autopilot schema apply`."
        )
