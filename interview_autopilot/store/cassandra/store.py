"""`Store` on Apache Cassandra or Astra DB: one table per query, correct with many writers.

Built once per process (the app caches it with st.cache_resource): it owns the session and
prepares every statement in its constructor (`PreparedSession`). Reads go to the one table that
serves the question; every interview write goes through `interview_changes`.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from cassandra.cluster import Cluster, Session
from cassandra.query import QueryTrace

from ...core import domain
from ...core.errors import (
    ConfigError,
    StoreError,
)
from ...core.models import (
    AtsRecord,
    AuditEntry,
    Candidate,
    Feedback,
    Interview,
    InterviewDetail,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Participant,
    TablePage,
    User,
    utc_now,
)
from ...core.settings import Settings
from ..aggregates import InsightCounts
from ..base import PAGE_SIZE
from ..health import Health, Outage
from . import aggregates, migrations, rows
from .agreement import AgreementMixin
from .applications import ApplicationsMixin
from .availability import Availability
from .booking_links import BookingLinks
from .bulk_load import BulkLoad
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
from .doctor_checks import DoctorChecks
from .filtered import FilteredLists
from .interview_changes import InterviewChanges
from .interview_writes import InterviewWrites
from .jobs import JobsMixin
from .kits import KitsMixin
from .lists import count_by_status, list_by_status, list_upcoming
from .message_templates import MessageTemplatesMixin
from .outbox import OutboxMixin
from .past_due import list_past_due
from .people_writes import PeopleWrites
from .person_window import PersonWindowMixin
from .profile_copies import ProfileCopies
from .profile_writes import ProfileWrites
from .reminder_log import ReminderLogMixin
from .rows import InterviewState, Row, sorted_feedback
from .scans import CassandraTableScans
from .schema import keyspace_exists, missing_tables, table_names
from .seat_claims import SeatClaims
from .session import PreparedSession
from .sweeper import Sweeper

T = TypeVar("T")
log = logging.getLogger(__name__)


class CassandraStore(
    InterviewChanges,
    InterviewWrites,
    PeopleWrites,
    BulkLoad,
    DoctorChecks,
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
