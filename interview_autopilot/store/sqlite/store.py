"""The embedded default: one SQLite file, WAL, an index per screen query, one transaction per write.

The tables are normalized (SQLite joins cheaply); list screens read through indexes that mirror
the Cassandra query tables' keys, so both stores answer with the same order and paging.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...core.errors import ConfigError, StoreUnavailable
from ...core.models import TablePage
from ..health import Outage
from . import calibration_sums, filtered, migrations
from .applications import ApplicationsMixin
from .availability import AvailabilityMixin
from .booking_links import BookingLinksMixin
from .bulk_applications import BulkApplications
from .bulk_load import BulkLoad
from .calibration import CalibrationMixin
from .candidate_messages import CandidateMessagesMixin
from .copies import CopiesMixin
from .decision_and_directory import DecisionAndDirectory
from .doctor_checks import DoctorChecks
from .interview_reads import InterviewReads
from .interview_writes import InterviewWrites
from .jobs import JobsMixin
from .kits import KitsMixin
from .message_templates import MessageTemplatesMixin
from .opening import check_file, damaged, is_damage
from .outbox import OutboxMixin
from .people_writes import PeopleWrites
from .person_window import PersonWindowMixin
from .profile_writes import ProfileWrites
from .recording import RecordingConnection
from .reminder_log import ReminderLogMixin
from .rows import TABLES
from .scans import SqliteTableScans

log = logging.getLogger(__name__)


class SqliteStore(
    InterviewReads,
    InterviewWrites,
    PeopleWrites,
    BulkLoad,
    BulkApplications,
    DoctorChecks,
    PersonWindowMixin,
    AvailabilityMixin,
    BookingLinksMixin,
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
    DecisionAndDirectory,
    filtered.FilteredLists,
):
    """`Store` on one SQLite file. Thread-safe: one connection behind a lock (Streamlit runs
    sessions on threads), WAL so a second process (the CLI) can read while the app writes."""

    backend = "sqlite"

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        """Open (or create) the file; its folder must exist (a typo in SQLITE_PATH is a
        ConfigError, never a new empty store elsewhere). `read_only`: open the file as it is,
        writing nothing to it, not even the schema (a migration's source)."""
        self.path = Path(path)
        self._lock = threading.RLock()
        if not self.path.parent.is_dir():
            raise ConfigError(
                f"The folder of the SQLite file {self.path} does not exist; create it, or set "
                "SQLITE_PATH to a file in an existing folder."
            )
        if read_only and not self.path.is_file():
            raise ConfigError(f"No SQLite file at {self.path}.")
        try:
            # Autocommit mode: `_tx` opens every transaction itself with BEGIN IMMEDIATE.
            self._db = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro" if read_only else self.path,
                check_same_thread=False,
                timeout=10,
                isolation_level=None,
                factory=RecordingConnection,  # "How this was read"
                uri=read_only,
            )
            self._db.row_factory = sqlite3.Row
            check_file(self._db)  # damaged, or another app's: refused before anything is written
            if read_only:
                migrations.require_current(self._db)
            else:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA foreign_keys=ON")
                migrations.apply(self._db)
            self._scans = SqliteTableScans(self._db, TABLES)
        except (OSError, sqlite3.Error) as exc:  # a folder, no permission, not a database
            raise ConfigError(
                f"Cannot open the SQLite database at {self.path} ({exc}); check SQLITE_PATH."
            ) from None

    def outage(self) -> Outage | None:
        """None: a local file fails each request at once, shown as that request's error."""
        return None

    def close(self) -> None:
        log.info("closing the sqlite store (%s)", self.path)
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything in it lands, or nothing does. BEGIN IMMEDIATE takes the
        write lock before the first read, so a read-then-write never races another process
        (the CLI, a second app server): writers queue (busy timeout), none sees a stale state.
        A transaction that wrote brings calibration's kept sums up to date before it commits
        (calibration_sums.py)."""
        with self._lock, self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            changes = self._db.total_changes
            try:
                yield self._db
                if self._db.total_changes != changes:  # calibration's sums, in the same commit
                    calibration_sums.fold(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):  # "database disk image is malformed": retrying will not help
                log.error("the sqlite file %s is damaged: %s", self.path, exc)
                raise damaged(str(exc)) from None
            if isinstance(exc, sqlite3.OperationalError):  # locked, disk I/O, missing file...
                log.warning("sqlite could not serve the request (%s): %s", self.path, exc)
                raise StoreUnavailable(f"The SQLite database is not available: {exc}.") from exc
            raise  # a constraint: the callers map IntegrityError themselves

    def _rows(self, sql: str, *params: object) -> list[sqlite3.Row]:
        with self._lock, self._errors():
            return self._db.execute(sql, params).fetchall()

    def missing_tables(self) -> list[str]:
        names = {r["name"] for r in self._rows("SELECT name FROM sqlite_master WHERE type='table'")}
        return [t for t in TABLES if t not in names]

    def is_empty(self) -> bool:
        return not self._rows("SELECT 1 FROM interviews LIMIT 1")

    def list_tables(self) -> list[str]:
        return list(self._scans.tables)

    def scan_table(
        self,
        table: str,
        page_size: int,
        page_state: str | None = None,
        partition: dict[str, str] | None = None,
    ) -> TablePage:
        with self._lock, self._errors():
            return self._scans.page(self._db, table, page_size, page_state, partition)
