"""`Store` on Apache Cassandra or Astra DB: one table per query, correct with many writers.

Built once per process (the app caches it with st.cache_resource): it owns the session and
prepares every statement in its constructor (`PreparedSession`). Reads go to the one table that
serves the question; every interview write goes through `interview_changes`.
"""

from __future__ import annotations

import logging

from cassandra.cluster import Cluster, Session

from ...core.errors import ConfigError
from ...core.models import TablePage
from ...core.settings import Settings
from ..health import Health, Outage
from . import migrations
from .agreement import AgreementMixin
from .applications import ApplicationsMixin
from .availability import Availability
from .booking_links import BookingLinks
from .bulk_applications import BulkApplications
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
from .interview_reads import InterviewReads
from .interview_writes import InterviewWrites
from .jobs import JobsMixin
from .kits import KitsMixin
from .load_claims import LoadClaims
from .message_templates import MessageTemplatesMixin
from .outbox import OutboxMixin
from .people_writes import PeopleWrites
from .person_window import PersonWindowMixin
from .profile_copies import ProfileCopies
from .profile_writes import ProfileWrites
from .reminder_log import ReminderLogMixin
from .scans import CassandraTableScans
from .schema import keyspace_exists, missing_tables, table_names
from .seat_claims import SeatClaims
from .session import PreparedSession
from .sweeper import Sweeper

log = logging.getLogger(__name__)


class CassandraStore(
    InterviewReads,
    InterviewChanges,
    InterviewWrites,
    PeopleWrites,
    BulkLoad,
    BulkApplications,
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
