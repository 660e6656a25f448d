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
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

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
from ...core.feedback_times import first_submission
from ...core.kits import check_against_kit
from ...core.load_caps import LoadCap
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
    Rating,
    SampleData,
    TablePage,
    User,
    UserRole,
    to_utc,
    utc_now,
)
from ...core.people import email_key
from ...core.seats import Seat, seats_of
from ...core.settings import Settings
from ...core.validation import check_ratings
from .. import interview_decisions
from ..aggregates import InsightCounts
from ..base import PAGE_SIZE, Progress
from ..bulk import check_sample_references, chunked
from ..health import Health, Outage
from . import aggregates, bulk, doctor, migrations, profile_versions, rows
from .agreement import AgreementMixin
from .applications import ApplicationsMixin
from .availability import Availability
from .booking_links import BookingLinks
from .calibration import CalibrationMixin
from .candidate_messages import CandidateMessagesMixin
from .connection import (
    ClusterConfig,
    build_cluster,
    cluster_config,
    connect,
    driver_errors,
)
from .copies import CopiesMixin
from .decision_and_directory import DecisionAndDirectory
from .filtered import FilteredLists
from .jobs import JobsMixin
from .kits import KitsMixin
from .lists import count_by_status, list_by_status, list_upcoming
from .load_claims import LoadClaims
from .message_templates import MessageTemplatesMixin
from .outbox import OutboxMixin
from .past_due import list_past_due
from .pending import (
    OWNER_SECONDS,
    Change,
    Pending,
    at_version,
    bucket_of,
    buckets_back,
    owner_age,
)
from .person_window import PersonWindowMixin
from .profile_copies import ProfileCopies
from .profile_writes import ProfileWrites
from .reminder_log import ReminderLogMixin
from .rows import Audit, InterviewState, Row, normalized, sorted_feedback
from .scans import CassandraTableScans
from .schema import keyspace_exists, missing_tables, table_names
from .search import prefix_statements
from .seat_claims import SeatClaims
from .session import RETRYABLE, InFlight, PreparedSession
from .sweeper import RECENT_SPAN, STARTUP_SPAN, Sweeper
from .transitions import (
    copy_statements,
    count_deltas,
    counter_batches,
    expected_copies,
    interview_ids,
    logged_batch,
    next_version,
    source_batch,
    unset_nulls,
)

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 30  # conditional-write attempts before a write gives up as "busy"
COPY_RETRIES = 3  # resends of an idempotent copy batch the cluster did not confirm
T = TypeVar("T")
log = logging.getLogger(__name__)


class CassandraStore(
    AgreementMixin,
    PersonWindowMixin,
    CalibrationMixin,
    CopiesMixin,
    KitsMixin,
    OutboxMixin,
    ReminderLogMixin,
    CandidateMessagesMixin,
    MessageTemplatesMixin,
    ApplicationsMixin,
    JobsMixin,
    ProfileWrites,
    ProfileCopies,
    DecisionAndDirectory,
    FilteredLists,
    LoadClaims,
    SeatClaims,
    Availability,
    BookingLinks,
):
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
        self._sweepers: list[Sweeper] = []
        self._health = Health()  # since when no connection is open (`outage`)

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

    def outage(self) -> Outage | None:
        """No open connection left in any of the session's pools: the driver drops a pool's
        connection as soon as it fails, and the pool itself once it marks the node down, so a
        page served from cache learns of the outage without a request of its own; the pools
        reopen when the node is back."""
        pools = self._db.session.get_pool_state().values()
        if all(pool["open_count"] == 0 for pool in pools):  # none left counts too
            self._health.failed("no open connection to any Cassandra node")
        else:
            self._health.answered()
        return self._health.outage()

    def close(self) -> None:
        log.info("closing the %s store (keyspace %s)", self.backend, self.keyspace)
        for sweeper in self._sweepers:
            sweeper.stop()
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
        entry of the winning version, written with its copies (same key on a resend).

        The conditional write also records the change (pending.py), so that whoever comes
        next can finish it should this writer die before it has; a change of this interview
        that is still recorded there is finished first."""
        for attempt in range(MAX_ATTEMPTS):
            old, version, pending = self._db.read_source_pending(
                interview_id, names=True, serial=attempt > 0
            )
            if pending is not None:  # an earlier change is not finished (or is finishing)
                self._finish(interview_id, old, pending, wait=True)
                continue
            new = compute(old)
            if new == old and not (force and old is not None):
                return old
            calls = self.application_calls()  # the final decisions its verdicts count against
            old, new = calls.attach(old), calls.attach(new)
            new_version = next_version(version)
            if new is not None:
                new = dataclasses.replace(new, version=new_version)
            at = at_version(new_version)
            change = Change(
                new_version,
                expected_copies(old) if old else {},
                count_deltas(old, new, at),
                audit(old, new, at) if audit else None,
            )
            owner = uuid.uuid1()
            # Findable by the sweeper before the change exists (pending_changes_by_bucket).
            self._db.session.execute(
                self._db.ps["put_pending_index"],
                (bucket_of(new_version), interview_id, new_version, new_version),
            )
            batch = source_batch(
                self._db.ps, interview_id, old, version, new, new_version, (change.to_json(), owner)
            )
            if self._db.compare_and_set(batch, interview_id, new_version):
                if attempt:
                    log.info(
                        "conditional write applied after %d attempts: interview %s",
                        attempt + 1,
                        interview_id,
                    )
                try:
                    self._write_copies(old, new, new_version, change)
                    self._count(interview_id, change, fresh=True)
                    self._clear(interview_id, new_version)
                except RETRYABLE as exc:  # the change is recorded: the sweeper finishes it
                    log.warning(
                        "change of interview %s left to the sweeper: %s",
                        interview_id,
                        type(exc).__name__,
                    )
                return new
            log.debug(
                "conditional write lost to another writer: interview %s, attempt %d",
                interview_id,
                attempt + 1,
            )
            # Let the winner finish: random, growing, capped waits keep 24 writers of one
            # interview from colliding again in step.
            time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))
        log.warning(
            "conditional write gave up after %d attempts: interview %s", MAX_ATTEMPTS, interview_id
        )
        raise StoreUnavailable(
            "The interview is being changed by others at this moment; try again."
        )

    def _write_copies(
        self,
        old: InterviewState | None,
        new: InterviewState | None,
        version: int,
        change: Change,
    ) -> None:
        """The copies of a won version and its audit entry, keyed by the version (idempotent:
        retried, and sent again by whoever finishes the change)."""
        statements = copy_statements(self._db.ps, old, new, version, before=change.before)
        if change.entry is not None:
            statements.append(self._audit_statement(change.entry, version))
        self._db.write(statements, retries=COPY_RETRIES)

    def _count(self, interview_id: uuid.UUID, change: Change, fresh: bool) -> None:
        """The count changes of a won version. Counters add again on a resend, so each counter
        batch also adds 1 to its own row of counted_changes (same batch): a roll-forward sends
        only the batches not marked there. `fresh`: sent by the writer that won, right after
        its conditional write (nothing can be marked yet)."""
        done = (
            set()
            if fresh
            else {r["part"] for r in self._db.rows("counted", interview_id, change.version)}
        )
        for part, batch in enumerate(counter_batches(self._db.ps, change.deltas)):
            if part in done:
                continue
            batch.add(self._db.ps["add_counted"], (interview_id, change.version, part))
            self._db.session.execute(batch)

    def _clear(self, interview_id: uuid.UUID, version: int) -> None:
        """The change at `version` is finished: clear it from the source (only if it is still
        the recorded one) and its row from the sweeper's index."""
        self._db.session.execute(self._db.ps["clear_pending"], (interview_id, version))
        self._db.session.execute(
            self._db.ps["del_pending_index"],
            (version, bucket_of(version), interview_id, version),
        )

    def _finish(
        self,
        interview_id: uuid.UUID,
        state: InterviewState | None,
        pending: Pending,
        wait: bool,
    ) -> bool:
        """Roll the recorded change forward; `state` is the source at its version (read with
        names). The copies and the audit entry at once (idempotent); the counts only by the
        change's owner: its writer for OWNER_SECONDS, then whoever takes it over with a
        conditional write. `wait`: wait for the owner (a next write of the interview), else
        leave it to the owner or the sweeper (a read). True when the change is finished."""
        change = pending.change
        self._write_copies(None, state, pending.version, change)
        owner = pending.owner
        while owner_age(owner) < OWNER_SECONDS:
            if not wait:
                return False
            time.sleep(0.05)
            _, _, now = self._db.read_source_pending(interview_id, serial=True)
            if now is None or now.version != pending.version:
                return True  # its owner finished it
            owner = now.owner
        mine = uuid.uuid1()
        taken = self._db.session.execute(
            self._db.ps["take_pending"], (mine, interview_id, pending.version, owner)
        )
        if not taken.was_applied:
            return False  # finished, or taken over by another
        self._count(interview_id, change, fresh=False)
        self._clear(interview_id, pending.version)
        return True

    @driver_errors
    def roll_forward_pending(self, span: timedelta = RECENT_SPAN) -> int:
        """Finish the changes recorded in the last `span` whose writer is gone (found through
        pending_changes_by_bucket, never by scanning interviews), the applications' and the
        profiles' (their interview copies); forget the index rows of changes that are finished
        or never happened. Returns how many it finished."""
        finished = 0
        now = datetime.now(UTC)
        buckets = buckets_back(now, span)
        for start in range(0, len(buckets), 64):
            futures = [self._db.future("pending_in_bucket", b) for b in buckets[start : start + 64]]
            for bucket, future in zip(buckets[start : start + 64], futures, strict=True):
                for row in future.result():
                    iid, version = row["interview_id"], row["version"]
                    if (now - at_version(version)).total_seconds() < OWNER_SECONDS:
                        continue  # its writer may still be at it
                    state, _, pending = self._db.read_source_pending(iid, names=True, serial=True)
                    if pending is None or pending.version != version:
                        self._db.session.execute(
                            self._db.ps["del_pending_index"], (version, bucket, iid, version)
                        )
                    elif self._finish(iid, state, pending, wait=False):
                        finished += 1
        return finished + self.roll_forward_applications(span) + self.roll_forward_profiles(span)

    def start_sweeper(self, interval: float, startup_span: timedelta = STARTUP_SPAN) -> Sweeper:
        """A daemon thread finishing abandoned changes every `interval` seconds (`startup_span`
        back on its first run, then RECENT_SPAN); stopped by `close()`."""
        sweeper = Sweeper(self.roll_forward_pending, interval, startup_span)
        self._sweepers.append(sweeper)
        sweeper.start()
        return sweeper

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
        now = utc_now()
        self._db.concurrent(
            [
                (self._db.ps["put_user"], rows.user_values(u))
                for u in users
                if u.user_id not in before
            ]
            + [(self._db.ps["user_email_put"], (email_key(u.email), u.user_id, now)) for u in users]
        )
        for u in users:  # a stored profile changes conditionally, its copies following it
            if u.user_id in before and before[u.user_id] != u:
                profile_versions.change(
                    self._db, u, actor=None, new=False, audit=False, follow=self._follow_profile
                )

    @driver_errors
    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        candidates = domain.validate_candidates(candidates)
        before = self._db.get_many(
            "candidate", [c.candidate_id for c in candidates], rows.candidate
        )
        # A new profile row alone (a resume may reach 80 KB, over the 50 KB a batch may carry),
        # then its search rows together in one logged batch.
        added = [c for c in candidates if c.candidate_id not in before]
        now = utc_now()
        self._db.concurrent(
            [(self._db.ps["put_candidate"], rows.candidate_values(c)) for c in added]
            + [
                (self._db.ps["candidate_email_put"], (email_key(c.email), c.candidate_id, now))
                for c in candidates
            ]
        )
        searches = [prefix_statements(self._db.ps, None, c) for c in added]
        self._db.concurrent((logged_batch(rows_), None) for rows_ in searches if rows_)
        for c in candidates:  # a stored profile changes conditionally, its copies following it
            if c.candidate_id in before and before[c.candidate_id] != c:
                profile_versions.change(
                    self._db, c, actor=None, new=False, audit=False, follow=self._follow_profile
                )

    def _follow_profile(self, old: User | Candidate | None, new: User | Candidate) -> None:
        """Carry a changed name (a person's email and Slack handle too) into the interviews'
        copies that hold it (SQLite joins profiles at read time)."""
        ids: list[uuid.UUID] = []
        if isinstance(old, User) and isinstance(new, User):
            if (old.name, old.email, old.slack_handle) != (new.name, new.email, new.slack_handle):
                ids += interview_ids(self._by_month("by_user", new.user_id, "user"))
                if old.name != new.name:
                    ids += interview_ids(self._by_month("by_recruiter", new.user_id, "recruiter"))
        elif isinstance(old, Candidate) and isinstance(new, Candidate) and old.name != new.name:
            ids += interview_ids(self._db.rows("by_candidate", new.candidate_id))
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
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        caps: Sequence[LoadCap] = (),
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
        seats = seats_of(interview.candidate_id, [u for u, _ in participants])
        start, end = interview.scheduled_start, interview.scheduled_end
        self._check_people(interview, [u for u, _ in participants])  # before any claim
        self.claim_seats(interview.interview_id, seats, start, end)  # every seat, or SlotTaken
        try:
            self.claim_load(interview.interview_id, caps, start, end)  # everyone, or OverLimit
        except BaseException:
            self.release_seats(interview.interview_id, seats, start, end)
            raise
        try:
            self._create(interview, participants, only_new=True)
        except BaseException:
            if not self._stands(interview.interview_id, start, end):  # not a same-id twin's
                self.release_seats(interview.interview_id, seats, start, end)
                self.release_load(interview.interview_id, [c.person_id for c in caps], start)
            raise

    def _check_people(
        self, interview: Interview, panel: Iterable[uuid.UUID]
    ) -> tuple[dict[uuid.UUID, Candidate], dict[uuid.UUID, User]]:
        """The interview's candidate and its people by id; ValidationError when the candidate,
        the recruiter or a participant does not exist."""
        panel = list(panel)
        candidate = self._db.get_many("candidate", [interview.candidate_id], rows.candidate)
        users = self._db.get_many("user", [interview.recruiter_id, *panel], rows.user)
        domain.check_references(
            interview.candidate_id in candidate,
            interview.recruiter_id in users,
            [u for u in panel if u not in users],
        )
        return candidate, users

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
        candidate, users = self._check_people(interview, panel)
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
    def reschedule_interview(
        self,
        interview_id: uuid.UUID,
        start: datetime,
        end: datetime,
        *,
        actor: uuid.UUID | None = None,
        caps: Sequence[LoadCap] = (),
    ) -> Interview:
        iid = domain.require_id(interview_id, "interview")
        who = audit.actor_id(actor)
        result: list[Interview] = []
        held: dict[str, Any] = {}  # the seats and load claimed for the new time, the old time
        capped = [c.person_id for c in caps]

        def moved(old: InterviewState | None) -> InterviewState:
            current = old.interview if old else None
            panel = [(u, p.role) for u, p in old.participants.items()] if old else []
            interview = normalized(domain.rescheduled(current, start, end, panel))
            assert old is not None  # rescheduled refused a missing interview
            span = (interview.scheduled_start, interview.scheduled_end)
            if held.get("span") != span:  # claimed before the move is written (SlotTaken)
                self.claim_seats(iid, _seats(old), *span)
                held.update(span=span, seats=_seats(old))
                try:  # the limits at the new time (OverLimit), the interview itself not counted
                    self.claim_load(iid, caps, *span)
                except BaseException:
                    self.release_seats(iid, _seats(old), *span, keep=_scheduled_span(old))
                    del held["span"]
                    raise
            held["was"] = _scheduled_span(old)  # the time the version read holds
            result[:] = [interview]
            return dataclasses.replace(old, interview=interview)

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry | None:
            if old is None or new is None:
                return None
            return audit.schedule_entry(at, who, old.interview, new.interview)

        try:
            self._change(iid, moved, audit=entry)
        except BaseException:
            if "span" in held:  # not moved: the new time's claims go, the old time's stay
                now, _ = self._db.read_source(iid)
                new_start, new_end = held["span"]
                self.release_seats(iid, held["seats"], new_start, new_end, _scheduled_span(now))
                if _scheduled_span(now) != held["span"]:
                    self.release_load(iid, capped, new_start)
            raise
        was: tuple[datetime, datetime] | None = held["was"]
        if was is not None and was != held["span"]:
            self.release_seats(iid, held["seats"], was[0], was[1], keep=held["span"])
            if was[0] != held["span"][0]:  # the old start's load claims, in another week
                self.release_load(
                    iid, [s.person_id for s in held["seats"] if not s.candidate], was[0]
                )
        return result[0]

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

        before: list[InterviewState] = []

        def moved(old: InterviewState | None) -> InterviewState:
            if old is None:
                raise ValidationError("interview", "That interview does not exist.")
            before[:] = [old]
            interview = dataclasses.replace(old.interview, status=status)
            return dataclasses.replace(old, interview=interview, ats_at=utc_now())

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry:
            before = old.interview.status if old else None
            return audit.status_entry(iid, at, who, before, status)

        self._change(iid, moved, audit=entry)
        span = _scheduled_span(before[0]) if before else None
        if span is not None and status is not InterviewStatus.SCHEDULED:  # frees its seats
            self.release_seats(iid, _seats(before[0]), *span)
            self.release_load(iid, list(before[0].participants), span[0])

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
        ratings: tuple[Rating, ...] = (),
    ) -> Feedback:
        domain.check_feedback(interview_id, user_id, decision, comment, submitted_at)
        iid = domain.require_id(interview_id, "interview")
        ratings = check_ratings(ratings)
        # The kit is read before the conditional write: a scorecard names its attributes.
        kit = self.interview_kit(iid) if ratings else None
        # So is the reminder log: a first submission keeps how many reminders had gone.
        uid = domain.require_id(user_id, "interviewer")
        sent = self.reminder_log(iid).sent.get(uid, ())
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
            feedback = dataclasses.replace(feedback, ratings=check_against_kit(ratings, kit))
            assert old is not None  # build_feedback refused a missing interview
            feedback = first_submission(old.feedback.get(feedback.user_id), feedback, sent)
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
        iid = domain.require_id(interview_id, "interview")
        before: list[InterviewState] = []

        def deleted(old: InterviewState | None) -> None:
            before[:] = [old] if old else []

        self._change(iid, deleted)
        self._drop_stage_link(iid)
        span = _scheduled_span(before[0]) if before else None
        if span is not None:
            self.release_seats(iid, _seats(before[0]), *span)
            self.release_load(iid, list(before[0].participants), span[0])

    @driver_errors
    def delete_user(self, user_id: uuid.UUID) -> None:
        uid = domain.require_id(user_id, "user")
        # SQLite's foreign keys refuse this; here the list copies would keep a dangling name.
        if self._by_month("by_user_any", uid, "user", first=True) or self._by_month(
            "by_recruiter_any", uid, "recruiter", first=True
        ):
            raise ValidationError("user", "That user still takes part in interviews.")
        old = self._db.get("user", uid, rows.user)
        self._db.session.execute(self._db.ps["del_user"], (uid,))
        if old is not None:
            self._release("user", email_key(old.email), uid)

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
        if old is not None:
            self._release("candidate", email_key(old.email), cid)

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
            any_application = self._db.rows("application_any")
            return bulk.load_interviews(
                self._db,
                window,
                interviews,
                profiles,
                empty,
                progress,
                total,
                self.application_calls if any_application else None,
            )
        except BaseException:
            with contextlib.suppress(Exception):
                window.wait()  # settle what is in flight before reporting
            raise

    @driver_errors
    def doctor(
        self, repair: bool = False, progress: Callable[[str], None] | None = None
    ) -> DoctorReport:
        if repair:  # first finish what writers left (their counts must not count twice)
            self.roll_forward_pending(STARTUP_SPAN)
        report = doctor.run(self._db, repair, progress, self.application_calls())
        for line in [*self.job_problems(repair), *self.application_problems(repair)]:
            report.problems.append(line)  # job and application copies, application counts
            if progress:
                progress(line)
        lines, carried = interview_decisions.carry(self, repair)  # decisions on interviews
        links, dropped = self.stage_link_problems(repair)  # interview -> job stage
        for line in [*lines, *links]:
            report.problems.append(line)
            if progress:
                progress(line)
        report.repaired += carried + dropped
        return report

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
        iid = domain.require_id(interview_id, "interview")
        state, _, pending = self._db.read_source_pending(iid)
        if pending is not None:  # a change whose writer may have died: finish what a read can
            self._finish(iid, self._db.with_names(state) if state else None, pending, wait=False)
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


def _seats(state: InterviewState) -> list[Seat]:
    """The seats an interview holds: its panel and its candidate."""
    return seats_of(state.interview.candidate_id, list(state.participants))


def _scheduled_span(state: InterviewState | None) -> tuple[datetime, datetime] | None:
    """The time a scheduled interview holds its seats for; None for any other."""
    if state is None or state.interview.status is not InterviewStatus.SCHEDULED:
        return None
    return to_utc(state.interview.scheduled_start), to_utc(state.interview.scheduled_end)


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
