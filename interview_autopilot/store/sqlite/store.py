"""The embedded default: one SQLite file, WAL, an index per screen query, one transaction per write.

The tables are normalized (SQLite joins cheaply); list screens read through indexes that mirror
the Cassandra query tables' keys, so both stores answer with the same order and paging.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from ...core import domain
from ...core.errors import ConfigError, StoreUnavailable
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
from ..aggregates import InsightCounts
from ..base import PAGE_SIZE
from ..health import Outage
from . import aggregates, calibration_sums, counts, filtered, migrations
from .applications import ApplicationsMixin
from .availability import AvailabilityMixin
from .booking_links import BookingLinksMixin
from .bulk_load import BulkLoad
from .calibration import CalibrationMixin
from .candidate_messages import CandidateMessagesMixin
from .copies import CopiesMixin
from .decision_and_directory import DecisionAndDirectory
from .doctor_checks import DoctorChecks
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
from .rows import (
    NEWEST_FIRST,
    SUMMARY_SELECT,
    TABLES,
    feedback_row,
    id_order_key,
    read_ats,
    read_audit,
    read_candidate,
    read_feedback,
    read_interview,
    read_participants,
    read_user,
    summary_row,
    time_text,
)
from .scans import SqliteTableScans

R = TypeVar("R")
log = logging.getLogger(__name__)


class SqliteStore(
    InterviewWrites,
    PeopleWrites,
    BulkLoad,
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

    def list_audit(self, interview_id: uuid.UUID) -> list[AuditEntry]:
        return self._read(read_audit, interview_id, "interview")

    # --- reads --------------------------------------------------------------------------
    def insight_counts(self, first_week: str, last_week: str) -> InsightCounts:
        with self._lock, self._errors():
            return aggregates.read(self._db, first_week, last_week)

    def count_by_status(self) -> dict[InterviewStatus, int]:
        with self._lock, self._errors():
            return counts.read(self._db)

    def list_interviews_by_status(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> InterviewPage:
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        sql, params = SUMMARY_SELECT + " WHERE i.status = ?", [status.value]
        if after is not None:
            sql += " AND (i.scheduled_start, i.id_order) < (?, ?)"
            params += [time_text(after.scheduled_start), id_order_key(after.interview_id)]
        sql += NEWEST_FIRST + " LIMIT ?"
        return _page([summary_row(r) for r in self._rows(sql, *params, limit + 1)], limit)

    def list_upcoming(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        if after is None:
            key = (time_text(now or utc_now()), "")
        else:
            key = (time_text(after.scheduled_start), id_order_key(after.interview_id))
        sql = SUMMARY_SELECT + (
            " WHERE i.status = 'scheduled' AND (i.scheduled_start, i.id_order) > (?, ?)"
            " ORDER BY i.scheduled_start ASC, i.id_order ASC LIMIT ?"
        )
        return _page([summary_row(r) for r in self._rows(sql, *key, limit + 1)], limit)

    def list_past_due(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        after = after or PageCursor.until(now or utc_now())
        return self.list_interviews_by_status(InterviewStatus.SCHEDULED, limit, after)

    def list_interviews_by_candidate(self, candidate_id: uuid.UUID) -> list[InterviewSummary]:
        candidate_id = domain.require_id(candidate_id, "candidate")
        sql = SUMMARY_SELECT + " WHERE i.candidate_id = ?" + NEWEST_FIRST
        return [summary_row(r) for r in self._rows(sql, str(candidate_id))]

    def list_interviews_by_user(self, user_id: uuid.UUID) -> list[InterviewSummary]:
        user_id = domain.require_id(user_id, "user")
        sql = (
            SUMMARY_SELECT + " JOIN participants me ON me.interview_id = i.interview_id"
            " WHERE me.user_id = ?" + NEWEST_FIRST
        )
        return [summary_row(r) for r in self._rows(sql, str(user_id))]

    def _read(
        self, method: Callable[[sqlite3.Connection, uuid.UUID], R], key: object, field: str
    ) -> R:
        """Run one of the rows module's readers under the lock, errors mapped."""
        key = domain.require_id(key, field)
        with self._lock, self._errors():
            return method(self._db, key)

    def get_interview(self, interview_id: uuid.UUID) -> Interview | None:
        return self._read(read_interview, interview_id, "interview")

    def get_interview_detail(self, interview_id: uuid.UUID) -> InterviewDetail | None:
        interview_id = domain.require_id(interview_id, "interview")
        with self._lock, self._errors():
            db = self._db
            interview = read_interview(db, interview_id)
            if interview is None:
                return None
            candidate = read_candidate(db, interview.candidate_id)
            recruiter = read_user(db, interview.recruiter_id)
            assert candidate is not None and recruiter is not None  # foreign keys
            return InterviewDetail(
                interview=interview,
                candidate=candidate,
                recruiter=recruiter,
                participants=read_participants(db, interview_id),
                feedback=read_feedback(db, interview_id),
                ats=read_ats(db, interview_id),
            )

    def list_participants(self, interview_id: uuid.UUID) -> list[Participant]:
        return self._read(read_participants, interview_id, "interview")

    def get_feedback(self, interview_id: uuid.UUID, user_id: uuid.UUID) -> Feedback | None:
        interview_id = domain.require_id(interview_id, "interview")
        user_id = domain.require_id(user_id, "interviewer")
        rows = self._rows(
            "SELECT * FROM feedback WHERE interview_id = ? AND user_id = ?",
            str(interview_id),
            str(user_id),
        )
        return feedback_row(rows[0]) if rows else None

    def get_ats(self, interview_id: uuid.UUID) -> AtsRecord | None:
        return self._read(read_ats, interview_id, "interview")

    def get_user(self, user_id: uuid.UUID) -> User | None:
        return self._read(read_user, user_id, "user")

    def get_candidate(self, candidate_id: uuid.UUID) -> Candidate | None:
        return self._read(read_candidate, candidate_id, "candidate")


def _page(rows: list[InterviewSummary], limit: int) -> InterviewPage:
    """The first `limit` of `limit + 1` rows read, and a cursor when the extra one exists."""
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = PageCursor(rows[-1].scheduled_start, rows[-1].interview_id) if more else None
    return InterviewPage(rows, cursor)
