"""The embedded default: one SQLite file, WAL, an index per screen query, one transaction per write.

The tables are normalized (SQLite joins cheaply); list screens read through indexes that mirror
the Cassandra query tables' keys, so both stores answer with the same order and paging.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from ...core import audit, domain
from ...core.errors import ConfigError, StoreUnavailable, ValidationError
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
    utc_now,
)
from ...core.validation import check_ratings
from .. import interview_decisions
from ..aggregates import InsightCounts
from ..base import PAGE_SIZE, Progress
from ..bulk import check_sample_references, chunked
from ..health import Outage
from . import (
    aggregates,
    calibration_sums,
    counts,
    filtered,
    hiring,
    load_caps,
    migrations,
    search,
    seats,
)
from .applications import ApplicationsMixin
from .availability import AvailabilityMixin
from .booking_links import BookingLinksMixin
from .calibration import CalibrationMixin
from .candidate_messages import CandidateMessagesMixin
from .copies import CopiesMixin
from .decision_and_directory import DecisionAndDirectory
from .feedback_times import sent_times
from .jobs import JobsMixin
from .kits import KitsMixin, read_kit
from .message_templates import MessageTemplatesMixin
from .opening import check_file, damaged, is_damage
from .outbox import OutboxMixin
from .person_window import PersonWindowMixin
from .profile_writes import ProfileWrites
from .recording import RecordingConnection
from .reminder_log import ReminderLogMixin
from .rows import (
    ATS_UPSERT,
    NEWEST_FIRST,
    SUMMARY_SELECT,
    TABLES,
    ats_values,
    feedback_row,
    id_order_key,
    interview_row,
    put_audit,
    put_candidates,
    put_feedback,
    put_interview,
    put_records,
    put_users,
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
CHUNK = 2000  # interviews per bulk-load transaction
PEOPLE_CHUNK = 5000  # users or candidates per bulk-load transaction
log = logging.getLogger(__name__)


class SqliteStore(
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

    # --- writes -------------------------------------------------------------------------
    def upsert_users(self, users: list[User]) -> None:
        users = domain.validate_users(users)
        with self._tx() as db:
            put_users(db, users)

    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        candidates = domain.validate_candidates(candidates)
        with self._tx() as db:
            put_candidates(db, candidates)
            search.put(db, candidates)

    def create_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        interview, participants = domain.validate_interview(interview, participants)
        actor = audit.actor_id(actor)
        with self._tx() as db:
            self._check_refs(db, interview, participants)
            old = read_interview(db, interview.interview_id)
            put_interview(db, interview, participants)
            self._refresh_ats(db, interview, None)
            moved = audit.schedule_entry(utc_now(), actor, old, interview) if old else None
            if moved:
                put_audit(db, moved)

    def book_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        caps: Sequence[LoadCap] = (),
    ) -> None:
        interview, participants = domain.validate_interview(interview, participants)
        with self._tx() as db:  # BEGIN IMMEDIATE: no other writer between check and write
            same_slot = db.execute(
                "SELECT interview_id FROM interviews WHERE interview_id = ? OR "
                "(candidate_id = ? AND scheduled_start = ? AND scheduled_end = ?)",
                (
                    str(interview.interview_id),
                    str(interview.candidate_id),
                    time_text(interview.scheduled_start),
                    time_text(interview.scheduled_end),
                ),
            ).fetchall()
            booked = []
            for row in same_slot:
                other_id = uuid.UUID(row["interview_id"])
                other = read_interview(db, other_id)
                panel = [p.user_id for p in read_participants(db, other_id)]
                if other is not None:
                    booked.append((other, panel))
            domain.check_new_booking(interview, [u for u, _ in participants], booked)
            seats.check_free(db, interview, [u for u, _ in participants])
            load_caps.check_caps(db, interview.interview_id, caps, interview.scheduled_start)
            self._check_refs(db, interview, participants)
            put_interview(db, interview, participants)
            self._refresh_ats(db, interview, None)

    @contextmanager
    def _integrity(self) -> Iterator[None]:
        """A dangling reference refused by a foreign key: the same error Cassandra raises."""
        try:
            yield
        except sqlite3.IntegrityError as exc:
            message = f"A record refers to a missing one ({exc})."
            raise ValidationError("references", message) from None

    def reschedule_interview(
        self,
        interview_id: uuid.UUID,
        start: datetime,
        end: datetime,
        *,
        actor: uuid.UUID | None = None,
        caps: Sequence[LoadCap] = (),
    ) -> Interview:
        interview_id = domain.require_id(interview_id, "interview")
        actor = audit.actor_id(actor)
        with self._tx() as db:  # BEGIN IMMEDIATE: the status read is the one the write keeps
            old = read_interview(db, interview_id)
            panel = [(p.user_id, p.role) for p in read_participants(db, interview_id)]
            moved = domain.rescheduled(old, start, end, panel)
            assert old is not None  # rescheduled refused a missing interview
            seats.check_free(db, moved, [u for u, _ in panel])  # the old time is its own
            load_caps.check_caps(db, interview_id, caps, moved.scheduled_start)
            put_interview(db, moved, panel)
            self._refresh_ats(db, moved, None)
            entry = audit.schedule_entry(utc_now(), actor, old, moved)
            if entry:
                put_audit(db, entry)
        return moved

    def change_status(
        self,
        interview_id: uuid.UUID,
        status: InterviewStatus,
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        interview_id = domain.require_id(interview_id, "interview")
        status = domain.require_status(status)
        actor = audit.actor_id(actor)
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM interviews WHERE interview_id = ?", (str(interview_id),)
            ).fetchone()
            if row is None:
                raise ValidationError("interview", "That interview does not exist.")
            db.execute(
                "UPDATE interviews SET status = ? WHERE interview_id = ?",
                (status.value, str(interview_id)),
            )
            old = interview_row(row)
            new = Interview(**{**old.__dict__, "status": status})
            self._refresh_ats(db, new, None)
            put_audit(db, audit.status_entry(interview_id, utc_now(), actor, old.status, status))

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
        ratings = check_ratings(ratings)
        actor = audit.actor_id(actor)
        with self._tx() as db:
            interview = read_interview(db, interview_id)
            participants = read_participants(db, interview_id) if interview else []
            feedback = domain.build_feedback(
                interview, participants, user_id, decision, comment, submitted_at
            )
            kit = read_kit(db, feedback.interview_id) if ratings else None
            feedback = dataclasses.replace(feedback, ratings=check_against_kit(ratings, kit))
            before = self._feedback_of(db, feedback)
            sent = sent_times(db, feedback.interview_id).get(feedback.user_id, ())
            feedback = first_submission(before, feedback, sent)
            put_feedback(db, [feedback])
            assert interview is not None  # build_feedback refused a missing one
            self._refresh_ats(db, interview, None)
            put_audit(db, audit.feedback_entry(utc_now(), actor, before, feedback))
            return feedback

    def _feedback_of(self, db: sqlite3.Connection, feedback: Feedback) -> Feedback | None:
        row = db.execute(
            "SELECT * FROM feedback WHERE interview_id = ? AND user_id = ?",
            (str(feedback.interview_id), str(feedback.user_id)),
        ).fetchone()
        return feedback_row(row) if row else None

    def list_audit(self, interview_id: uuid.UUID) -> list[AuditEntry]:
        return self._read(read_audit, interview_id, "interview")

    def import_audit(self, interview_id: uuid.UUID, entries: list[AuditEntry]) -> int:
        iid = domain.require_id(interview_id, "interview")
        with self._tx() as db:
            missing = audit.missing_entries(read_audit(db, iid), entries)
            for entry in missing:  # appended: the trail is ordered by id (a copy keeps order)
                put_audit(db, entry)
            return len(missing)

    def delete_interview(self, interview_id: uuid.UUID) -> None:
        interview_id = domain.require_id(interview_id, "interview")
        with self._tx() as db:  # participants, feedback and ATS go by ON DELETE CASCADE
            db.execute("DELETE FROM interviews WHERE interview_id = ?", (str(interview_id),))

    def delete_user(self, user_id: uuid.UUID) -> None:
        self._delete_person("users", "user_id", user_id, "user")

    def delete_candidate(self, candidate_id: uuid.UUID) -> None:
        self._delete_person("candidates", "candidate_id", candidate_id, "candidate")

    def _delete_person(self, table: str, column: str, key: uuid.UUID, what: str) -> None:
        key = domain.require_id(key, what)
        try:
            with self._tx() as db:
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (str(key),))
        except sqlite3.IntegrityError:
            raise ValidationError(what, f"That {what} still has interviews.") from None

    def bulk_load(self, data: SampleData, progress: Progress | None = None) -> None:
        """The in-memory load: checked whole (records and references) before anything is
        written, then streamed (`bulk_load_stream`)."""
        data = domain.validate_sample(data)
        check_sample_references(
            data, self._found("users", "user_id"), self._found("candidates", "candidate_id")
        )
        records = domain.sample_records(data)
        self.bulk_load_stream(data.users, data.candidates, records, progress, len(records))

    def _found(self, table: str, column: str) -> Callable[[list[uuid.UUID]], set[uuid.UUID]]:
        """Which of some ids `table` holds (`table` and `column` are ours, never input)."""

        def found(ids: list[uuid.UUID]) -> set[uuid.UUID]:
            marks = ",".join("?" * len(ids))
            sql = f"SELECT {column} FROM {table} WHERE {column} IN ({marks})"
            return {uuid.UUID(r[0]) for r in self._rows(sql, *map(str, ids))}

        return found

    def bulk_load_stream(
        self,
        users: Iterable[User],
        candidates: Iterable[Candidate],
        interviews: Iterable[InterviewRecord],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Users, candidates, then interviews, one transaction per chunk (executemany): memory
        and the time the write lock is held stay bounded. A refused chunk is rolled back, the
        earlier ones stay (re-run after fixing: nothing is duplicated)."""
        for some_users in chunked(users, PEOPLE_CHUNK):
            self.upsert_users(some_users)
        for some_candidates in chunked(candidates, PEOPLE_CHUNK):
            self.upsert_candidates(some_candidates)
        fresh = self.is_empty()
        done = 0
        for chunk in chunked(interviews, CHUNK):
            done += len(chunk)
            checked = {r.interview.interview_id: r for r in map(domain.validate_record, chunk)}
            records = list(checked.values())
            with self._tx() as db, self._integrity():
                put_records(db, records, fresh)
                if fresh:  # the ATS records follow from the records alone
                    found = [domain.bulk_ats(r) for r in records]
                    db.executemany(ATS_UPSERT, [ats_values(a) for a in found if a])
                else:  # kept feedback counts too: read it back
                    for r in records:
                        self._refresh_ats(db, r.interview, domain.bulk_ats_time(r))
            if progress:
                progress(done, total or 0)
        return done

    def _check_refs(
        self,
        db: sqlite3.Connection,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
    ) -> None:
        """Refuse dangling references before writing anything."""
        domain.check_references(
            read_candidate(db, interview.candidate_id) is not None,
            read_user(db, interview.recruiter_id) is not None,
            [u for u, _role in participants if read_user(db, u) is None],
        )

    def _refresh_ats(
        self, db: sqlite3.Connection, interview: Interview, at: datetime | None
    ) -> None:
        """Recompute the interview's ATS record from its status and feedback (or remove it)."""
        key = str(interview.interview_id)
        feedback = read_feedback(db, interview.interview_id)
        decision = hiring.read(db, interview.interview_id)
        if not domain.has_ats(interview.status, len(feedback), decision is not None):
            db.execute("DELETE FROM ats WHERE interview_id = ?", (key,))
            return
        count = db.execute(
            "SELECT COUNT(*) FROM participants WHERE interview_id = ?", (key,)
        ).fetchone()[0]
        ats = domain.ats_record(interview, count, feedback, at, decision)
        db.execute(ATS_UPSERT, ats_values(ats))

    def doctor(
        self, repair: bool = False, progress: Callable[[str], None] | None = None
    ) -> DoctorReport:
        """SQLite joins lists at read time: its stored copies are the ATS record, which must be
        the one the interview's status, panel and feedback imply, the counts per status
        (kept by triggers, compared with a recount) and calibration's sums (likewise)."""
        report = DoctorReport()
        with self._tx() as db:
            for row in db.execute("SELECT interview_id FROM interviews").fetchall():
                interview = read_interview(db, uuid.UUID(row["interview_id"]))
                assert interview is not None
                report.interviews += 1
                stored = read_ats(db, interview.interview_id)
                expected = self._expected_ats(db, interview, stored)
                same = (stored is None) == (expected is None) and (
                    stored is None
                    or expected is None
                    or dataclasses.replace(stored, updated_at=expected.updated_at) == expected
                )
                if not same:
                    line = (
                        f"ats: interview {interview.interview_id}: {stored} instead of {expected}"
                    )
                    report.problems.append(line)
                    if progress:
                        progress(line)
                    if repair:
                        at = stored.updated_at if stored else None
                        self._refresh_ats(db, interview, at)
                        report.repaired += 1

            def problem(line: str) -> None:
                report.problems.append(line)
                if progress:
                    progress(line)

            counts.check(db, report, problem, repair)
            calibration_sums.check(db, report, problem, repair)
        for line in self.job_problems():  # every interview filed under a job
            problem(line)
        for line in self.application_problems():  # the counts of applications by stage
            problem(line)
        lines, carried = interview_decisions.carry(self, repair)  # decisions on interviews
        links, dropped = self.stage_link_problems(repair)  # interview -> job stage
        for line in [*lines, *links]:
            problem(line)
        report.repaired += carried + dropped
        return report

    def _expected_ats(
        self, db: sqlite3.Connection, interview: Interview, stored: AtsRecord | None
    ) -> AtsRecord | None:
        feedback = read_feedback(db, interview.interview_id)
        decision = hiring.read(db, interview.interview_id)
        if not domain.has_ats(interview.status, len(feedback), decision is not None):
            return None
        panel = len(read_participants(db, interview.interview_id))
        at = stored.updated_at if stored else None
        return domain.ats_record(interview, panel, feedback, at, decision)

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
