"""Jobs and their interview plans, the same on every store: the records, what a write checks
first, how a job appears in its audit trail, and how free-text job titles fold into jobs.

A job's title is unique in its folded form (`title_key`: case, accents and spacing ignored, the
`job_key` of the Interviews filter), and interviews are filed under a job by that key: so a
job's title may later change only in case, accents or spacing. A job carries a `version`
(microseconds since the epoch, strictly increasing): an edit names the version it was made
from, and a store refuses it (`StaleJob`, nothing written) when the job changed meanwhile.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .errors import ValidationError
from .filters import job_key
from .kits import FocusAttribute, check_plan_kits, validate_kit
from .models import Labelled, User, UserRole, to_utc
from .validation import check_member, check_text, require_id

MAX_STAGES = 12
MAX_SEATS = 6  # the Schedule form's panel holds 1 to 6 people
MIN_MINUTES, MAX_MINUTES = 5, 8 * 60
ADDED, EDITED = "added", "edited"


class JobStatus(Labelled):
    OPEN = "open"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


@dataclass(frozen=True)
class PanelSeat:
    """One seat of a stage's panel: its role, and who sits in it (None: any interviewer, or
    with `pool_id`, a member of that interviewer pool, chosen when times are found)."""

    role: UserRole
    user_id: uuid.UUID | None = None
    pool_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PlanStage:
    """A stage of a job's plan; `kit`: its interview kit's focus attributes (kits.py);
    `former_names`: the names it had before it was renamed, most recent last, so interviews
    booked under an older name keep its kit (set by the stores from the plan they replace:
    job_kits.carry_former_names)."""

    name: str
    duration_minutes: int
    panel: tuple[PanelSeat, ...] = ()
    kit: tuple[FocusAttribute, ...] = ()
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    job_id: uuid.UUID
    title: str
    department: str = ""
    location: str = ""
    hiring_manager_id: uuid.UUID | None = None
    recruiter_id: uuid.UUID | None = None
    status: JobStatus = JobStatus.OPEN
    plan: tuple[PlanStage, ...] = ()
    version: int = 0  # set by the store on every write
    created_at: datetime | None = field(default=None, compare=False)

    @property
    def title_key(self) -> str:
        return job_key(self.title)


@dataclass(frozen=True)
class JobAuditEntry:
    job_id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None
    action: str
    before: str | None
    after: str | None


class StaleJob(ValidationError):
    """The job changed since the form was read; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "version", "Someone else changed this job meanwhile: reload it and edit again."
        )


class JobTitleTaken(ValidationError):
    def __init__(self, existing: uuid.UUID) -> None:
        super().__init__("title", "A job with this title already exists.")
        self.existing = existing


# --- validation ------------------------------------------------------------------------------
def _check_minutes(value: object, stage: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("duration", f"Stage {stage}'s duration must be whole minutes.")
    if not MIN_MINUTES <= value <= MAX_MINUTES:
        raise ValidationError(
            "duration",
            f"Stage {stage}'s duration must be {MIN_MINUTES} to {MAX_MINUTES} minutes.",
        )
    return value


def _check_stage(stage: object, number: int, people: Mapping[uuid.UUID, User]) -> PlanStage:
    if not isinstance(stage, PlanStage):
        raise ValidationError("plan", "A plan holds stages.")
    try:
        name = check_text(stage.name, "stage.name").strip()
    except ValidationError as exc:
        raise ValidationError(exc.field, f"Stage {number}: {exc.message}") from None
    seats = stage.panel
    if not isinstance(seats, tuple) or not 1 <= len(seats) <= MAX_SEATS:
        raise ValidationError(
            "plan", f"Stage {number} ({name}) needs a panel of 1 to {MAX_SEATS} seats."
        )
    named: set[uuid.UUID] = set()
    for seat in seats:
        if not isinstance(seat, PanelSeat):
            raise ValidationError("plan", "A panel holds seats.")
        check_member(seat.role, UserRole, "role")
        if seat.pool_id is not None:
            require_id(seat.pool_id, "pool")
            if seat.user_id is not None:
                raise ValidationError(
                    "plan", f"Stage {number} ({name}): a seat names a person or a pool, not both."
                )
        if seat.user_id is None:
            continue
        person = people.get(require_id(seat.user_id, "interviewer"))
        if person is None:
            raise ValidationError("plan", f"Stage {number} ({name}) names an unknown person.")
        if not person.active:
            raise ValidationError("plan", f"Stage {number} ({name}): {person.name} is deactivated.")
        if seat.user_id in named:
            raise ValidationError("plan", f"Stage {number} ({name}) seats {person.name} twice.")
        named.add(seat.user_id)
    kit = validate_kit(stage.kit, f"Stage {number} ({name})")
    return PlanStage(name, _check_minutes(stage.duration_minutes, number), tuple(seats), kit)


def _check_person(
    value: object, people: Mapping[uuid.UUID, User], field_name: str, role: UserRole
) -> uuid.UUID | None:
    if value is None:
        return None
    person = people.get(require_id(value, field_name))
    label = role.label.lower()
    if person is None:
        raise ValidationError(field_name, f"The {label} is not in the directory.")
    if not person.holds(role):
        raise ValidationError(field_name, f"{person.name} is not a {label}.")
    return person.user_id


def validate_job(job: object, people: Mapping[uuid.UUID, User]) -> Job:
    """The job as it will be stored (text trimmed), or ValidationError naming the field.
    `people`: the directory (the hiring manager, the recruiter and named interviewers)."""
    if not isinstance(job, Job):
        raise ValidationError("job", "Not a job.")
    require_id(job.job_id, "job")
    title = check_text(job.title, "job.title").strip()
    department = check_text(job.department, "job.department").strip()
    location = check_text(job.location, "job.location").strip()
    status = check_member(job.status, JobStatus, "status")
    manager = _check_person(
        job.hiring_manager_id, people, "hiring_manager", UserRole.HIRING_MANAGER
    )
    recruiter = _check_person(job.recruiter_id, people, "recruiter", UserRole.RECRUITER)
    if not isinstance(job.plan, tuple) or len(job.plan) > MAX_STAGES:
        raise ValidationError("plan", f"A plan holds at most {MAX_STAGES} stages.")
    plan = tuple(_check_stage(s, n, people) for n, s in enumerate(job.plan, 1))
    check_plan_kits([s.kit for s in plan])
    names = [fold_name(s.name) for s in plan]
    if len(set(names)) != len(names):
        raise ValidationError("plan", "Two stages of the plan have the same name.")
    return Job(
        job.job_id,
        title,
        department,
        location,
        manager,
        recruiter,
        JobStatus(status),
        plan,
        job.version,
        job.created_at,
    )


def next_version(old: int | None) -> int:
    """Microseconds since the epoch, strictly after `old` (also the write timestamp of a job's
    copies on Cassandra, so a later version always wins)."""
    return max(time.time_ns() // 1000, (old or 0) + 1)


def fold_name(text: str) -> str:
    return job_key(text)


def check_title_change(before: Job, after: Job) -> None:
    """Interviews are filed under the folded title: it may change in case, accents, spacing."""
    if before.title_key != after.title_key:
        raise ValidationError(
            "title",
            f"A job's title can change only in case, accents and spacing (interviews are filed "
            f"under {before.title!r}); create a new job for another title.",
        )


# --- the plan as stored (one text column a stage, the same on every store) ------------------
def panel_text(seats: tuple[PanelSeat, ...]) -> str:
    """[role, user] per seat, and a third item, the pool, for a pool's seat (so a plan stored
    before pools reads, and is written, as it was)."""
    return json.dumps(
        [
            [s.role.value, str(s.user_id) if s.user_id else None]
            + ([str(s.pool_id)] if s.pool_id else [])
            for s in seats
        ]
    )


def panel_of(text: str) -> tuple[PanelSeat, ...]:
    return tuple(
        PanelSeat(
            UserRole(seat[0]),
            uuid.UUID(seat[1]) if seat[1] else None,
            uuid.UUID(seat[2]) if len(seat) > 2 and seat[2] else None,
        )
        for seat in json.loads(text or "[]")
    )


# --- the audit trail --------------------------------------------------------------------------
def job_text(job: Job | None) -> str | None:
    if job is None:
        return None
    stages = "; ".join(
        f"{s.name} ({s.duration_minutes} min, "
        + ", ".join(f"{seat.role.label}: {_seat_text(seat)}" for seat in s.panel)
        + (f"; kit: {', '.join(a.name for a in s.kit)}" if s.kit else "")
        + ")"
        for s in job.plan
    )
    return (
        f"{job.title}; {job.status.label}; department: {job.department or 'none'}; "
        f"location: {job.location or 'none'}; hiring manager: {job.hiring_manager_id or 'none'}; "
        f"recruiter: {job.recruiter_id or 'none'}; plan: {stages or 'none'}"
    )


def _seat_text(seat: PanelSeat) -> str:
    if seat.pool_id:
        return f"from pool {seat.pool_id}"
    return str(seat.user_id or "any interviewer")


def audit_entry(at: datetime, actor: object, before: Job | None, after: Job) -> JobAuditEntry:
    actor_id = None if actor is None else require_id(actor, "actor")
    return JobAuditEntry(
        after.job_id,
        to_utc(at),
        actor_id,
        ADDED if before is None else EDITED,
        job_text(before),
        job_text(after),
    )


# --- free-text titles into jobs ---------------------------------------------------------------
@dataclass(frozen=True)
class TitleGroup:
    """Free-text titles that fold to one key: the job they become and every spelling merged."""

    key: str
    title: str  # the job's title: the most used spelling (ties: the first in sort order)
    spellings: dict[str, int]  # spelling -> interviews
    job_id: uuid.UUID | None = None  # the job that already has this key, if any

    @property
    def interviews(self) -> int:
        return sum(self.spellings.values())


def group_titles(counts: Mapping[str, int], jobs: Iterable[Job] = ()) -> list[TitleGroup]:
    """Free-text titles (with their interview counts) grouped by folded title, by key."""
    existing = {j.title_key: j for j in jobs}
    groups: dict[str, Counter[str]] = {}
    for title, n in counts.items():
        key = job_key(title)
        if key:
            groups.setdefault(key, Counter())[title] += n
    out = []
    for key in sorted(groups):
        spellings = groups[key]
        job = existing.get(key)
        title = (
            job.title
            if job
            else sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0].strip()
        )
        out.append(
            TitleGroup(
                key,
                " ".join(title.split()),
                dict(sorted(spellings.items())),
                job.job_id if job else None,
            )
        )
    return out


def job_id_for(key: str) -> uuid.UUID:
    """The id a job made from free-text titles gets: the same on every store and every run."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"interview-autopilot:job:{key}")
