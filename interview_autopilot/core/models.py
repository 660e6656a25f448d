"""Domain models: frozen dataclasses and enums shared by every store and page.

Times are timezone-aware UTC, truncated to milliseconds (Cassandra's timestamp
precision) so that every store returns exactly what it was given.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

# Namespace for the deterministic uuid5 ids of sample and generated records.
ID_NAMESPACE = uuid.UUID("6f1d6a4e-2d0b-5b7e-9a51-5c1f0e3a8b42")
# Sorts after every real id in both stores (Cassandra compares the version nibble first).
MAX_UUID = uuid.UUID(int=(1 << 128) - 1)


def make_id(kind: str, key: str) -> uuid.UUID:
    """A stable id for `kind`/`key`: reloading the same data never duplicates it."""
    return uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}")


def to_utc(value: datetime) -> datetime:
    """Return `value` as aware UTC truncated to milliseconds (naive input is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def utc_now() -> datetime:
    """The current time as aware UTC, millisecond precision."""
    return to_utc(datetime.now(UTC))


def day_bucket(value: datetime) -> str:
    """The by-status partition bucket of a start time: its UTC day, 'YYYY-MM-DD'."""
    return to_utc(value).strftime("%Y-%m-%d")


class Labelled(StrEnum):
    """An enum stored as its value ('strong_yes') and shown as its label ('Strong yes')."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class InterviewStatus(Labelled):
    """Where an interview is in its life."""

    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()


class UserRole(Labelled):
    """What a user does in the hiring process (also a participant's role in one interview)."""

    RECRUITER = "recruiter"
    INTERVIEWER = "interviewer"
    HIRING_MANAGER = "hiring_manager"


class Decision(Labelled):
    """An interviewer's verdict on the 4-point scale."""

    STRONG_NO = "strong_no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def score(self) -> int:
        return {"strong_no": -2, "no": -1, "yes": 1, "strong_yes": 2}[self.value]


class AtsStatus(Labelled):
    """State of the applicant-tracking record of one interview."""

    AWAITING_FEEDBACK = "awaiting_feedback"
    FEEDBACK_COMPLETE = "feedback_complete"
    CLOSED = "closed"


class Recommendation(Labelled):
    """The ATS recommendation derived from the interviewers' decisions."""

    PENDING = "pending"
    STRONG_NO_HIRE = "strong_no_hire"
    NO_HIRE = "no_hire"
    HIRE = "hire"
    STRONG_HIRE = "strong_hire"


@dataclass(frozen=True)
class User:
    """A person of the team. `role` is their main role (what the app shows beside their name);
    `other_roles` the roles they hold besides it (one person may interview and be a hiring
    manager; empty on profiles stored before people could hold several). `admin`: administers
    the app (people, Tables, doctor). An inactive person keeps their history and name, cannot
    sign in and is not offered for new panels. `time_zone` (an IANA name, '' for none) and
    `working_hours` ('09:00-17:00', '' for none) are for scheduling."""

    user_id: uuid.UUID
    name: str
    email: str
    role: UserRole
    slack_handle: str
    other_roles: tuple[UserRole, ...] = ()
    admin: bool = False
    active: bool = True
    time_zone: str = ""
    working_hours: str = ""

    @property
    def all_roles(self) -> tuple[UserRole, ...]:
        """Every role held, the main one first."""
        return tuple(dict.fromkeys((self.role, *self.other_roles)))

    def holds(self, role: UserRole) -> bool:
        return role in self.all_roles


@dataclass(frozen=True)
class Candidate:
    """A candidate; `links` are web addresses (a portfolio, a profile), in the order given."""

    candidate_id: uuid.UUID
    name: str
    email: str
    resume_text: str
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Interview:
    interview_id: uuid.UUID
    candidate_id: uuid.UUID
    recruiter_id: uuid.UUID
    job_title: str
    scheduled_start: datetime
    scheduled_end: datetime
    status: InterviewStatus
    video_link: str


@dataclass(frozen=True)
class Participant:
    """A user taking part in one interview, with their profile denormalized for display."""

    interview_id: uuid.UUID
    user_id: uuid.UUID
    role: UserRole
    name: str
    email: str
    slack_handle: str
    has_feedback: bool = False


@dataclass(frozen=True)
class Rating:
    """One line of a scorecard: a focus attribute of the interview's kit, its score (1 to 4;
    None: not assessed) and a short note ('' for none)."""

    attribute: str
    score: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Feedback:
    """One interviewer's verdict; `ratings`: their scorecard on the kit's focus attributes, in
    the kit's order (empty on feedback given without a kit, or before kits existed)."""

    interview_id: uuid.UUID
    user_id: uuid.UUID
    decision: Decision
    comment: str
    submitted_at: datetime
    ratings: tuple[Rating, ...] = ()
    # fixed when first submitted, kept by edits (core/feedback_times.py); None on feedback
    # stored before they were kept. Not compared: the same verdict whenever it was first given.
    first_at: datetime | None = field(default=None, compare=False)
    reminders_before: int | None = field(default=None, compare=False)


class HiringCall(Labelled):
    """The hiring decision a recruiter or hiring manager records on an interview."""

    ADVANCE = "advance"
    REJECT = "reject"
    HOLD = "hold"


@dataclass(frozen=True)
class HiringDecision:
    """Who decided what about the candidate after this interview, when, and why."""

    call: HiringCall
    reason: str
    decided_by: uuid.UUID
    decided_at: datetime
    # An application's decision: the recommendation its interviews' feedback gave when it was
    # taken (None: not known, as for decisions taken before it was kept), and why the decider
    # went against it ("" when the decision does not go against it).
    recommendation: Recommendation | None = None
    against_reason: str = ""


@dataclass(frozen=True)
class AtsRecord:
    interview_id: uuid.UUID
    status: AtsStatus
    recommendation: Recommendation
    summary: str
    updated_at: datetime
    decision: HiringDecision | None = None  # the hiring decision, once recorded


@dataclass(frozen=True)
class InterviewSummary:
    """One row of an interview list (by status, by candidate, by user)."""

    interview_id: uuid.UUID
    scheduled_start: datetime
    status: InterviewStatus
    candidate_name: str
    job_title: str
    recruiter_name: str
    feedback_count: int
    participant_count: int
    recommendation: Recommendation


@dataclass(frozen=True)
class PageCursor:
    """Keyset position in a newest-first list: the last row's (start, id)."""

    scheduled_start: datetime
    interview_id: uuid.UUID

    @classmethod
    def until(cls, moment: datetime) -> PageCursor:
        """A cursor whose next page starts with the rows that start at or before `moment`."""
        return cls(to_utc(moment), MAX_UUID)


@dataclass(frozen=True)
class InterviewPage:
    rows: list[InterviewSummary]
    next_cursor: PageCursor | None  # None when there is nothing after this page


@dataclass(frozen=True)
class InterviewDetail:
    interview: Interview
    candidate: Candidate
    recruiter: User
    participants: list[Participant]
    feedback: list[Feedback]
    ats: AtsRecord | None


@dataclass(frozen=True)
class SampleData:
    """Everything the sample loader writes, in dependency order."""

    users: list[User] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    participants: list[tuple[uuid.UUID, uuid.UUID, UserRole]] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)


@dataclass(frozen=True)
class InterviewRecord:
    """One interview with its panel and its feedback: the unit of a streaming bulk load
    (`Store.bulk_load_stream`), so a load never needs more than a chunk of them in memory."""

    interview: Interview
    participants: tuple[tuple[uuid.UUID, UserRole], ...] = ()
    feedback: tuple[Feedback, ...] = ()


@dataclass(frozen=True)
class TablePage:
    """One page of a full scan of a stored table (the data inspection page), as stored.

    Rows come in the backend's own order (Cassandra: token order). `next_state` is an opaque
    token for the following page, None when the scan is over; on Cassandra a full page always
    has one, so the page after it may turn out empty (the server cannot tell without reading on).
    """

    columns: list[str]
    rows: list[dict[str, object]]
    next_state: str | None
    partition_key: list[str]  # SQLite: the primary key
    clustering_key: list[str] = field(default_factory=list)  # SQLite: always empty

    @property
    def key_columns(self) -> list[str]:
        """The primary key: partition key, then clustering columns."""
        return [*self.partition_key, *self.clustering_key]


@dataclass
class DoctorReport:
    """What `doctor` found: one line per disagreement between a copy and its source."""

    interviews: int = 0  # source interviews checked
    problems: list[str] = field(default_factory=list)
    repaired: int = 0  # statements written by --repair

    @property
    def ok(self) -> bool:
        return not self.problems


class AuditAction(Labelled):
    """What an audit entry records."""

    STATUS = "status"  # an interview's status changed (before / after: the status values)
    FEEDBACK = "feedback"  # a feedback was submitted or edited (before / after: its text)
    SCHEDULE = "schedule"  # the interview moved (before / after: `audit.span_text`, UTC)
    DECISION = "decision"  # the hiring decision was recorded or changed (its call and reason)


@dataclass(frozen=True)
class ProfileAuditEntry:
    """One recorded change of a person's or a candidate's profile: who (None: the command
    line), when, what (`added`, `edited`, `deactivated`, `reactivated`), and the profile before
    and after as text (`people.profile_text`; None: there was none)."""

    person_id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None
    action: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change of an interview: who (None: a tool without a viewer, such as the
    command line), when, what, and the value before and after (None: there was none)."""

    interview_id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None
    action: AuditAction
    subject_id: uuid.UUID | None  # the feedback's author (FEEDBACK), None for STATUS
    before: str | None
    after: str | None
