"""The store contract: every backend implements `Store`; one test suite runs against each."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Protocol, runtime_checkable

from ..core.applications import Application, ApplicationAuditEntry, LoadedApplication
from ..core.availability import BusyBlock, LoadLimits, Pool
from ..core.booking_links import BookingLink
from ..core.candidate_messages import SentLine
from ..core.filters import ListFilter
from ..core.jobs import Job, JobAuditEntry, JobStatus
from ..core.kits import InterviewStage, StageKit
from ..core.load_caps import LoadCap
from ..core.message_templates import MessageTemplate, TemplateName
from ..core.models import (
    AtsRecord,
    AuditEntry,
    Candidate,
    DoctorReport,
    Feedback,
    HiringDecision,
    Interview,
    InterviewDetail,
    InterviewPage,
    InterviewRecord,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Participant,
    ProfileAuditEntry,
    Rating,
    Recommendation,
    SampleData,
    TablePage,
    User,
    UserRole,
)
from ..core.outbox import Claim, Message, State
from ..core.reminder_log import ReminderLine, ReminderLog
from .aggregates import InsightCounts
from .health import Outage

PAGE_SIZE = 50
DIRECTORY_LIMIT = 2000  # people offered by the Schedule form's pickers (a bounded read)
MAX_SCAN_PAGE = 1000  # rows per page of a table scan: one request, bounded memory

# Called by bulk loads as progress(done, total) after each chunk (total 0: not known).
Progress = Callable[[int, int], None]


@runtime_checkable
class Store(Protocol):
    """What the query module may ask of a backend. Returns models, never driver rows."""

    backend: str  # "sqlite", "cassandra" or "astra": shown in the sidebar

    def close(self) -> None:
        """Release connections."""

    def outage(self) -> Outage | None:
        """Since when and why the database has not answered, as this process's requests and
        connections found it; None while it answers."""

    def missing_tables(self) -> list[str]:
        """Names of the tables the app needs that do not exist (empty when the schema is ok)."""

    def is_empty(self) -> bool:
        """True when no interview is stored yet (first start: load the sample data)."""

    # --- writes -------------------------------------------------------------------------
    def upsert_users(self, users: list[User]) -> None:
        """Insert or replace users."""

    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        """Insert or replace candidates."""

    # --- the people directory (people.py: one owner per email, the profile audit trail) --
    def add_person(self, user: User, *, actor: uuid.UUID | None = None) -> User:
        """Add a person (staff) with a new id, validated as `upsert_users` does, and record an
        audit entry (`actor`, now, the profile) in the same write. `people.EmailTaken` (naming
        the owner; nothing written) when another person has the email in any case; on
        Cassandra the email is claimed conditionally, so two app servers add it once."""

    def update_person(self, user: User, *, actor: uuid.UUID | None = None) -> User:
        """Replace a person's profile (deactivating is `active=False`), recording an audit
        entry of the profile before and after; `people.UnknownPerson` for an unknown id,
        `people.EmailTaken` for another person's email. Copies carrying the name follow."""

    def find_user_by_email(self, email: str) -> User | None:
        """The person who has `email` (case and surrounding spaces ignored), or None."""

    def add_candidate(self, candidate: Candidate, *, actor: uuid.UUID | None = None) -> Candidate:
        """Add a candidate as `add_person` adds a person: `people.EmailTaken` names the
        candidate who already has the email."""

    def update_candidate(
        self, candidate: Candidate, *, actor: uuid.UUID | None = None
    ) -> Candidate:
        """Replace a candidate's profile as `update_person` does."""

    def find_candidate_by_email(self, email: str) -> Candidate | None:
        """The candidate who has `email` (case and surrounding spaces ignored), or None."""

    def list_profile_audit(self, person_id: uuid.UUID) -> list[ProfileAuditEntry]:
        """The audit trail of one person's or candidate's profile, oldest first."""

    def add_job(self, job: Job, *, actor: uuid.UUID | None = None) -> Job:
        """Store a new job and its interview plan (its version set), with an audit entry.
        ValidationError (nothing written) for bad input, an id already stored, or a title whose
        folded form another job has (JobTitleTaken)."""

    def update_job(self, job: Job, *, actor: uuid.UUID | None = None) -> Job:
        """Replace a job and its plan if it is still at `job.version` (the version the edit was
        made from); StaleJob (nothing written) when it changed meanwhile. A conditional write
        on the job's own record; its list copy follows. Records an audit entry."""

    def get_job(self, job_id: uuid.UUID) -> Job | None: ...

    def find_job_by_title(self, title: str) -> Job | None:
        """The job whose title folds (case, accents, spacing) like `title`."""

    def list_jobs(self, status: JobStatus, year: int | None = None) -> list[Job]:
        """The jobs in a status, by title; closed jobs by the year they closed (default: this
        year). As the list holds them: a job's plan may be left out (the Cassandra list copy
        has none); `get_job` reads the whole job."""

    def list_job_audit(self, job_id: uuid.UUID) -> list[JobAuditEntry]:
        """A job's audit trail, oldest first."""

    def job_title_counts(self) -> dict[str, int]:
        """Every free-text job title of the interviews, with its number of interviews (a full
        read: for the move to jobs and the doctor, never a page)."""

    def open_application(
        self, candidate_id: uuid.UUID, job_id: uuid.UUID, *, actor: uuid.UUID | None = None
    ) -> Application:
        """The candidate's application to the job: the stored one, or a new one at the job's
        first stage (one per candidate and job, however many writers open it at once)."""

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
        """Record a hiring decision on an application and move it (core/applications.py);
        StaleApplication (nothing written) when it is no longer at `seen_stage`. A conditional
        write on the application's own record; its copies and counts follow. With the
        `recommendation` its interviews' feedback gives, a decision against it needs
        `against_reason` (ValidationError, nothing written); both are kept with the decision
        and in its audit entry."""

    def get_application(self, application_id: uuid.UUID) -> Application | None: ...

    def list_applications_by_candidate(self, candidate_id: uuid.UUID) -> list[Application]:
        """A candidate's applications, oldest first."""

    def list_applications_by_job(self, job_id: uuid.UUID, limit: int = 500) -> list[Application]:
        """A job's applications, newest first, at most `limit`."""

    def list_applications_by_stage(
        self, job_id: uuid.UUID, stage: str, limit: int = 50
    ) -> list[Application]:
        """A job's applications at `stage`, newest first (by opening), at most `limit`,
        however many applications the job has."""

    def application_counts(self, job_id: uuid.UUID) -> dict[tuple[str, str], int]:
        """A job's counts by (stage, "now" | "reached"), as kept by the writes."""

    def list_application_audit(self, application_id: uuid.UUID) -> list[ApplicationAuditEntry]:
        """An application's audit trail, oldest first."""

    # --- copies of another store's records (migrate; store/copies.py) --------------------
    def import_job(self, job: Job, trail: list[JobAuditEntry]) -> int:
        """Hold `job` (its fields, plan and kits, status, creation time) as another store does:
        written through the job's own write path when this store lacks it or holds it
        differently (its version is this store's own), with no audit entry of its own; then
        the entries of `trail` the job's trail lacks. A person the plan names who was
        deactivated since stays named. The number of writes (0: already held as given)."""

    def import_application(
        self, application: Application, trail: list[ApplicationAuditEntry]
    ) -> int:
        """Hold `application` exactly as given (stage, decision, version, times), written when
        this store lacks it or holds it differently, counts untouched
        (`import_application_counts`); then the entries of `trail` its trail lacks. The
        number of writes."""

    def import_application_counts(
        self, job_id: uuid.UUID, counts: dict[tuple[str, str], int]
    ) -> int:
        """Set the job's counts by (stage, kind) named in `counts` to the values given (another
        store's: `reached` counts history, which the applications' state cannot tell); the
        number of counts changed."""

    def bulk_load_applications(self, applications: Iterable[LoadedApplication]) -> int:
        """A fresh load of applications this store does not hold yet (a store whose
        applications were just emptied, or never written: the bench, a first sample load),
        read as they come, a bounded chunk at a time: each with its trail, its interviews'
        stage links, and what it adds to its job's counts by stage, with plain concurrent
        writes (no conditional write, no read of what the store holds). The result equals
        `import_application` of each, their links by `link_interview_stage`, then
        `import_application_counts` of the sums per job. Each link is checked as
        `link_interview_stage` checks it (ValidationError: that chunk, and what follows, is
        not written); an application the store already holds is refused on SQLite, replaced
        on Cassandra: never use it there. The number of applications written."""

    def import_profile_audit(self, person_id: uuid.UUID, entries: list[ProfileAuditEntry]) -> int:
        """Add to a person's or candidate's profile trail the `entries` it lacks; how many."""

    def create_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        """Write an interview and its participants to every table that serves a query.

        Re-creating an existing id replaces it (idempotent); when that moves its time, an
        audit entry (`actor`, now, the time before and after) is recorded in the same write.
        The candidate, recruiter and participant users must exist (ValidationError otherwise).
        """

    def book_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        caps: Sequence[LoadCap] = (),
    ) -> None:
        """Write a new interview as `create_interview` does, refusing (DuplicateBooking,
        nothing written) an id already taken or a booking identical to a scheduled interview
        of the same candidate: the same start, end and panel. The id check is part of the
        write itself (a transaction; a conditional write), so two writers of one id book once.
        Each person of `caps` is held to their limits inside the write too (OverLimit naming
        each person over, nothing written): two bookers cannot both take a last place."""

    def reschedule_interview(
        self,
        interview_id: uuid.UUID,
        start: datetime,
        end: datetime,
        *,
        actor: uuid.UUID | None = None,
        caps: Sequence[LoadCap] = (),
    ) -> Interview:
        """Move a scheduled interview to [start, end), keeping its panel, feedback and status,
        in one write (a transaction; a conditional write) that re-checks inside it that the
        interview exists and is still scheduled (ValidationError otherwise, nothing written),
        so a concurrent cancel or completion is never undone. Records an audit entry (`actor`,
        now, the time before and after) in the same write. Each person of `caps` is held to
        their limits at the new time inside the write (OverLimit, nothing written; the
        interview itself not counted). Returns the interview as moved."""

    def change_status(
        self,
        interview_id: uuid.UUID,
        status: InterviewStatus,
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        """Move an interview to another status in every copy (and refresh its ATS record).
        Records an audit entry (`actor`, now, the status before and after) in the same write."""

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
        """Validate, then insert or edit one interviewer's feedback and refresh the ATS record.
        Records an audit entry (`actor`, now, the feedback before and after) in the same write.
        `ratings`: the scorecard, stored with the feedback in the same write, the attributes
        named and ordered as the interview's kit has them (core/kits.py).

        Raises domain.ValidationError (nothing written) for bad input, an unknown interview,
        a user who is not a participant, or a rating of an attribute the kit does not have.
        """

    # --- interview kits (core/kits.py) ----------------------------------------------------
    def link_interview_stage(
        self, interview_id: uuid.UUID, job_id: uuid.UUID, stage: str
    ) -> InterviewStage:
        """Record which stage of which job's plan an interview was booked for (replacing any
        link it had); ValidationError (nothing written) for an unknown interview or job, an
        interview filed under another job, or a stage the plan does not have."""

    def get_interview_stage(self, interview_id: uuid.UUID) -> InterviewStage | None:
        """The job stage an interview was booked for, or None."""

    def interview_kit(self, interview_id: uuid.UUID) -> StageKit | None:
        """The kit of the interview's stage: None without a link, or when the stage (matched
        by name) is gone from the plan or has no focus attributes."""

    def calibration_sums(self, user_id: uuid.UUID | None) -> dict[str, int]:
        """An interviewer's calibration sums (core/calibration.py; None: the team's)."""

    def calibration_table(self) -> dict[uuid.UUID, dict[str, int]]:
        """Every interviewer's calibration sums."""

    def record_decision(
        self,
        interview_id: uuid.UUID,
        user_id: uuid.UUID,
        call: str,
        reason: str,
        decided_at: datetime | None = None,
        *,
        trail: bool = True,
    ) -> HiringDecision:
        """Record (or replace) the hiring decision on an interview; its ATS record carries it.
        Records an audit entry (the decider, now, the decision before and after) in the same
        write, unless `trail` is False (a copy of a decision whose entry is copied with its
        trail: the migration). ValidationError (nothing written) unless
        `domain.build_hiring_decision` accepts it."""

    def delete_interview(self, interview_id: uuid.UUID) -> None:
        """Remove an interview and everything hanging off it from every table."""

    def delete_user(self, user_id: uuid.UUID) -> None:
        """Remove a user who takes part in no interview (the smoke test's throwaway one)."""

    def delete_candidate(self, candidate_id: uuid.UUID) -> None:
        """Remove a candidate who has no interview (the smoke test's throwaway one)."""

    def bulk_load(self, data: SampleData, progress: Progress | None = None) -> None:
        """Load records held in memory; the result equals the one-by-one writes. Idempotent.
        Every record and reference is checked first: a refusal (ValidationError) writes
        nothing. Streams the data through `bulk_load_stream`."""

    def bulk_load_stream(
        self,
        users: Iterable[User],
        candidates: Iterable[Candidate],
        interviews: Iterable[InterviewRecord],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Load users, then candidates, then interviews (each with its panel and feedback)
        from iterables read once, a bounded chunk at a time: memory, and requests in flight,
        stay bounded whatever the volume. The result equals the one-by-one writes; re-running
        the same stream is idempotent. Each chunk is validated, and its references checked,
        before any of it is written; a refusal raises ValidationError with the earlier chunks
        written (fix and re-run). An interview id appears at most once in a stream.
        `progress(done, total)` after each chunk, `total` as given (0 when not). Returns the
        number of interview records read."""

    # --- reads --------------------------------------------------------------------------
    def insight_counts(self, first_week: str, last_week: str) -> InsightCounts:
        """The Insights charts' counts (see store/aggregates.py): the week charts for the
        weeks `first_week` to `last_week` (Mondays, 'YYYY-MM-DD'), the others over every
        interview. Cassandra: counters kept by the write path, a few partition slices; SQLite:
        one GROUP BY per chart. The same numbers on every store."""

    def count_by_status(self) -> dict[InterviewStatus, int]:
        """Number of interviews per status (every status present, zero included)."""

    def list_interviews_by_status(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> InterviewPage:
        """Newest first by (scheduled_start, interview_id), `limit` rows after `after`.
        Served without reading rows of other statuses or of interviews that left this one."""

    def list_upcoming(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        """Scheduled interviews starting at or after `now` (default: the current time),
        soonest first by (scheduled_start, interview_id), `limit` rows after `after`."""

    def list_past_due(
        self,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        """Scheduled interviews that started at or before `now` (default: the current time),
        newest first, `limit` rows after `after`: the rows of
        `list_interviews_by_status(SCHEDULED, after=after or PageCursor.until(now))`, read
        without walking over the interviews of the day that moved on."""

    def list_filtered(
        self,
        list_filter: ListFilter,
        status: InterviewStatus,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
    ) -> InterviewPage:
        """`list_interviews_by_status` narrowed to one recruiter or one job title
        (`filters.ListFilter`: the title matched folded). Past due under a filter: SCHEDULED
        with `after=PageCursor.until(now)`. Cassandra reads only the filter's partitions."""

    def list_upcoming_filtered(
        self,
        list_filter: ListFilter,
        limit: int = PAGE_SIZE,
        after: PageCursor | None = None,
        now: datetime | None = None,
    ) -> InterviewPage:
        """`list_upcoming` narrowed to one recruiter or one job title."""

    def count_filtered(self, list_filter: ListFilter) -> dict[InterviewStatus, int]:
        """Interviews per status under the filter (every status present, zero included)."""

    def count_past_due_and_upcoming(
        self, now: datetime, list_filter: ListFilter | None = None
    ) -> tuple[int, int]:
        """How many rows `list_past_due` and `list_upcoming` (with `list_filter`: `list_filtered`
        from `PageCursor.until(now)` and `list_upcoming_filtered`) walk at `now`: scheduled
        interviews starting at or before `now`, and at or after it."""

    def list_interviews_by_candidate(self, candidate_id: uuid.UUID) -> list[InterviewSummary]:
        """A candidate's interviews, newest first."""

    def list_interviews_by_user(self, user_id: uuid.UUID) -> list[InterviewSummary]:
        """The interviews a user takes part in (as participant), newest first."""

    def list_interviews_by_user_between(
        self, user_id: uuid.UUID, start: datetime, end: datetime
    ) -> list[InterviewSummary]:
        """The user's interviews starting in [start, end), newest first: only the window is
        read (Cassandra: a slice of each month partition it touches), whatever the history."""

    def get_interview(self, interview_id: uuid.UUID) -> Interview | None:
        """One interview, or None."""

    def get_interview_detail(self, interview_id: uuid.UUID) -> InterviewDetail | None:
        """Interview + candidate + recruiter + participants + feedback + ATS, or None."""

    def list_participants(self, interview_id: uuid.UUID) -> list[Participant]:
        """An interview's participants, ordered by name."""

    def get_feedback(self, interview_id: uuid.UUID, user_id: uuid.UUID) -> Feedback | None:
        """One interviewer's feedback on one interview, or None."""

    def get_ats(self, interview_id: uuid.UUID) -> AtsRecord | None:
        """The ATS record of an interview, or None."""

    def get_user(self, user_id: uuid.UUID) -> User | None:
        """One user, or None."""

    def list_audit(self, interview_id: uuid.UUID) -> list[AuditEntry]:
        """The audit trail of one interview, oldest first (kept after the interview is
        deleted). Tens of entries per interview."""

    def import_audit(self, interview_id: uuid.UUID, entries: list[AuditEntry]) -> int:
        """Add to an interview's trail the `entries` it lacks (`audit.missing_entries`: a
        copy made twice adds nothing); the number added. For migrate: into a trail holding
        none of them they keep their order; SQLite appends after what the trail holds, Cassandra
        places them by their time (after an entry of the same millisecond)."""

    def get_candidate(self, candidate_id: uuid.UUID) -> Candidate | None:
        """One candidate, or None."""

    def get_candidates(self, candidate_ids: list[uuid.UUID]) -> dict[uuid.UUID, Candidate]:
        """The candidates of `candidate_ids` that exist, by id: a page's names read at once
        (point reads in flight together on Cassandra, one query per chunk on SQLite)."""

    def list_users(self, limit: int = DIRECTORY_LIMIT) -> list[User]:
        """Up to `limit` users (the staff directory: sign-in by email, the demo's "Viewing
        as", the schedule form), by name. One bounded read."""

    def search_candidates(self, query: str, limit: int = 20) -> list[Candidate]:
        """Up to `limit` candidates whose name, a word of it, or email starts with `query`
        (case- and accent-insensitive, see interview_autopilot.core.search), by name. A bounded
        read of a prefix index, never a scan. ValidationError for a query under 2 characters."""

    def search_candidate_pages(self, query: str, page_size: int = 500) -> Iterator[list[Candidate]]:
        """Every candidate `search_candidates` would find without its limit, each once, in
        index order (the token they match first, then id), a page of at most `page_size`
        index rows read at a time (the CSV export of a search). ValidationError as a search."""

    def list_candidates(self, limit: int = DIRECTORY_LIMIT) -> list[Candidate]:
        """Up to `limit` candidates, by name. One bounded read (on Cassandra the first `limit`
        in token order: a larger directory is reached through `search_candidates`)."""

    def doctor(
        self, repair: bool = False, progress: Callable[[str], None] | None = None
    ) -> DoctorReport:
        """Compare every derived copy (list tables, counts, ATS records) with the source of
        truth, one problem line each; with `repair`, rewrite the copies from the source
        (idempotent). Pages through the tables with bounded memory."""

    # --- data inspection (engineers; never on a screen's path) ---------------------------
    def list_tables(self) -> list[str]:
        """The backend's tables that belong to the app, in schema order."""

    def scan_table(
        self,
        table: str,
        page_size: int,
        page_state: str | None = None,
        partition: dict[str, str] | None = None,
    ) -> TablePage:
        """One page (at most `page_size` rows, 1..MAX_SCAN_PAGE) of a full scan of `table`,
        continuing from `page_state` (a `next_state` this store issued for the same table and
        the same `partition`).

        `partition` (optional) keeps only the rows of one partition: column -> exact value as
        text. Cassandra: every partition key column (`WHERE pk = ?`, prepared per table);
        SQLite: any of the primary key columns (`WHERE key = ?`). Other columns are refused.

        An unknown table, a bad page size or a token this store did not issue for this table
        raise ValidationError; nothing unknown is ever formatted into SQL/CQL.
        """

    # --- the autopilot's outbox (docs/autopilot.md) -----------------------------------------
    def enqueue_messages(self, messages: list[Message]) -> None:
        """Store messages (attempts) by their due hour; one already stored is kept as it is."""

    def drop_messages(self, messages: list[Message]) -> None:
        """Remove queued attempts that no worker has claimed (those of a write that was
        refused after they were queued); a claimed one is left to the worker."""

    def list_messages(self, start: datetime, end: datetime, limit: int = 500) -> list[Message]:
        """Every attempt due in [start, end] with its state, by due time (at most `limit`):
        the hour buckets of that span, never a scan."""

    def due_messages(self, now: datetime, lookback: timedelta, limit: int) -> list[Message]:
        """The attempts due by `now`, within `lookback`, that have not ended."""

    def claim_message(
        self, message: Message, worker: str, now: datetime, lease: timedelta
    ) -> Claim | None:
        """Hold `message` for `worker` until now + lease (a conditional write; a unique key in
        a transaction), or None when another worker holds it or it has ended."""

    def settle_message(
        self,
        message: Message,
        claim: Claim,
        state: State,
        detail: str,
        now: datetime,
        retry: Message | None = None,
    ) -> bool:
        """Record how the held attempt ended (queueing `retry` first); False when the claim
        was taken over meanwhile."""

    def autopilot_paused(self) -> bool:
        """Whether the Autopilot page's pause switch is on."""

    def set_autopilot_paused(
        self, paused: bool, *, actor: uuid.UUID | None = None, now: datetime
    ) -> None:
        """Turn the pause switch on or off."""

    # --- an interview's reminders (docs/autopilot.md) -----------------------------------------
    def reminder_log(self, interview_id: uuid.UUID) -> ReminderLog:
        """The "Send a reminder now" clicks that landed and the last reminder to each person
        (one partition; one row per person)."""

    def land_nudge(
        self,
        interview_id: uuid.UUID,
        seen: int,
        change: uuid.UUID,
        by: uuid.UUID | None,
        at: datetime,
    ) -> bool:
        """Land click `seen + 1` of "Send a reminder now", named `change`, only while the count
        of clicks is `seen` (a conditional write; a transaction): False when another click
        landed first."""

    def record_reminder(self, interview_id: uuid.UUID, line: ReminderLine) -> None:
        """Keep `line` as the last reminder to its person for the interview."""

    # --- the candidate emails' templates (the Autopilot page) -----------------------------------
    def message_templates(self) -> dict[TemplateName, MessageTemplate]:
        """The templates saved so far (a name missing: never saved, the default text)."""

    def save_message_template(self, template: MessageTemplate, seen: int) -> bool:
        """Store `template` only while the stored version is `seen` (0: none stored yet); False
        when another save landed first (nothing written)."""

    # --- the messages a candidate was sent (their page) ----------------------------------------
    def record_candidate_message(self, candidate_id: uuid.UUID, line: SentLine) -> None:
        """Keep `line` as the outcome of its message to the candidate (one row per message:
        a later attempt's outcome replaces an earlier one's)."""

    def candidate_messages(self, candidate_id: uuid.UUID) -> list[SentLine]:
        """Every message the candidate was sent (or that failed), newest first (one
        partition)."""

    # --- availability: busy blocks, interview limits, pools (docs/find-times.md) ---------------
    def add_busy_blocks(self, blocks: list[BusyBlock]) -> int:
        """Store the blocks (each in every UTC day it touches; the same id again replaces it);
        ValidationError, nothing stored, when one is invalid or a day would hold more than
        MAX_BLOCKS_A_DAY. The number stored."""

    def remove_busy_block(self, block: BusyBlock) -> None:
        """Remove the block from every day it was stored in."""

    def busy_blocks(self, person_id: uuid.UUID, start: datetime, end: datetime) -> list[BusyBlock]:
        """The person's blocks overlapping [start, end), by start (one read per UTC day)."""

    def busy_days(self) -> Iterator[tuple[uuid.UUID, date]]:
        """Every (person, UTC day) that holds a busy block, streamed: a full scan, for copying
        a store (`migrate`), never for a screen."""

    def interview_limits(self, person_id: uuid.UUID) -> LoadLimits:
        """The person's own limits (None in a field: the organisation's default)."""

    def set_interview_limits(self, person_id: uuid.UUID, limits: LoadLimits) -> None:
        """Keep the person's own limits (both None: back to the default)."""

    def list_pools(self) -> list[Pool]:
        """Every interviewer pool, by name."""

    def save_pool(self, pool: Pool) -> Pool:
        """Add (`pool.version` 0) or change a pool, only while it is at `pool.version`
        (StalePool otherwise, nothing written); the pool as stored, with its new version."""

    # --- self-scheduling links (docs/self-scheduling.md) ---------------------------------------
    def add_booking_link(self, link: BookingLink) -> None:
        """Store a new link (ValidationError, nothing written, when invalid or its id is
        taken: a conditional insert, a transaction)."""

    def get_booking_link(self, link_id: uuid.UUID) -> BookingLink | None:
        """One link, or None."""

    def claim_booking_link(self, link_id: uuid.UUID, claim_id: uuid.UUID, now: datetime) -> bool:
        """Hold the link for one pick: only while it is unused and holds no claim younger than
        CLAIM_LEASE, compared and set in one write; False (nothing written) otherwise."""

    def finish_booking_link(
        self, link_id: uuid.UUID, claim_id: uuid.UUID, interview_id: uuid.UUID, at: datetime
    ) -> bool:
        """Mark the link used by `interview_id`, only while `claim_id` holds it and it is
        unused; False (nothing written) otherwise."""

    def release_booking_link(self, link_id: uuid.UUID, claim_id: uuid.UUID) -> None:
        """Drop the pick's claim (a pick that could not book), only while it holds the link."""
