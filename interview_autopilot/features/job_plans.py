"""The Jobs page's and the Schedule form's logic: a job from what the form holds (and back),
the jobs table as shown, and what a stage of a plan prefills in the Schedule form. No Streamlit
here (tested on its own)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

import pandas as pd

from ..core.errors import ValidationError
from ..core.filters import job_key
from ..core.jobs import Job, JobStatus, PanelSeat, PlanStage
from ..core.kits import FocusAttribute
from ..core.models import InterviewSummary, User, UserRole

ANY = "any"  # a seat for any interviewer
STATUS_CHOICES = [s.value for s in JobStatus]


@dataclass(frozen=True)
class StageForm:
    """One stage as the form holds it: named people (each in their main role) and a number of
    seats for any interviewer."""

    name: str
    minutes: int
    people: tuple[str, ...] = ()  # user ids as text
    any_seats: int = 0
    kit: tuple[FocusAttribute, ...] = ()  # the stage's interview kit (kit_fields.py)
    pool: str | None = None  # an interviewer pool's id as text: `pool_seats` seats from it
    pool_seats: int = 0


@dataclass(frozen=True)
class JobForm:
    title: str
    department: str = ""
    location: str = ""
    hiring_manager: str | None = None  # user id as text
    recruiter: str | None = None
    status: str = JobStatus.OPEN.value
    stages: tuple[StageForm, ...] = field(default_factory=tuple)


def _uuid(text: str | None, what: str) -> uuid.UUID | None:
    if not text:
        return None
    try:
        return uuid.UUID(str(text))
    except ValueError:
        raise ValidationError(what, f"Not a {what.replace('_', ' ')} id.") from None


def job_from_form(
    form: JobForm,
    people: dict[str, User],
    job_id: uuid.UUID | None = None,
    version: int = 0,
) -> Job:
    """The job the form describes (the store validates it again, whole)."""
    stages = []
    for n, stage in enumerate(form.stages, 1):
        seats = []
        for person in stage.people:
            user = people.get(person)
            if user is None:
                raise ValidationError("plan", f"Stage {n}: pick people from the directory.")
            seats.append(PanelSeat(user.role, user.user_id))
        seats += [PanelSeat(UserRole.INTERVIEWER, None)] * max(int(stage.any_seats), 0)
        if stage.pool_seats and not stage.pool:
            raise ValidationError("plan", f"Stage {n}: pick the pool its seats come from.")
        pool = _uuid(stage.pool, "pool") if stage.pool_seats else None
        seats += [PanelSeat(UserRole.INTERVIEWER, None, pool)] * max(int(stage.pool_seats), 0)
        stages.append(PlanStage(stage.name, int(stage.minutes), tuple(seats), stage.kit))
    try:
        status = JobStatus(form.status)
    except ValueError:
        raise ValidationError("status", "Pick open, on hold or closed.") from None
    return Job(
        job_id or uuid.uuid4(),
        form.title,
        form.department,
        form.location,
        _uuid(form.hiring_manager, "hiring_manager"),
        _uuid(form.recruiter, "recruiter"),
        status,
        tuple(stages),
        version,
    )


def form_of(job: Job) -> JobForm:
    return JobForm(
        job.title,
        job.department,
        job.location,
        str(job.hiring_manager_id) if job.hiring_manager_id else None,
        str(job.recruiter_id) if job.recruiter_id else None,
        job.status.value,
        tuple(
            StageForm(
                s.name,
                s.duration_minutes,
                tuple(str(seat.user_id) for seat in s.panel if seat.user_id),
                sum(1 for seat in s.panel if seat.user_id is None and seat.pool_id is None),
                s.kit,
                next((str(seat.pool_id) for seat in s.panel if seat.pool_id), None),
                sum(1 for seat in s.panel if seat.pool_id),
            )
            for s in job.plan
        ),
    )


def jobs_table(jobs: list[Job], people: dict[uuid.UUID, User]) -> pd.DataFrame:
    def name(key: uuid.UUID | None) -> str:
        user = people.get(key) if key else None
        return user.name if user else ""

    return pd.DataFrame(
        {
            "Title": [j.title for j in jobs],
            "Department": [j.department for j in jobs],
            "Location": [j.location for j in jobs],
            "Hiring manager": [name(j.hiring_manager_id) for j in jobs],
            "Recruiter": [name(j.recruiter_id) for j in jobs],
            "Status": [j.status.label for j in jobs],
        }
    )


@dataclass(frozen=True)
class Prefill:
    """What a stage puts in the Schedule form: the duration, the panel (named people in their
    roles) and the seats left for any interviewer."""

    duration: timedelta
    panel: tuple[tuple[str, str], ...]  # (user id, role)
    any_seats: int
    pool_seats: int = 0  # seats from an interviewer pool: "Find times" fills them

    @property
    def note(self) -> str:
        notes = []
        if self.any_seats:
            seats = "seat" if self.any_seats == 1 else "seats"
            notes.append(
                f"The plan leaves {self.any_seats} {seats} for any interviewer: add them below."
            )
        if self.pool_seats:
            notes.append(
                f"The plan takes {self.pool_seats} from a pool: “Find times” picks them by load."
            )
        return " ".join(notes)


def stage_prefill(job: Job, stage_index: int, active: set[str]) -> Prefill:
    """The prefill of stage `stage_index` (0-based); named people no longer active are left
    out (their seat counts as one for any interviewer)."""
    stage = job.plan[stage_index]
    panel, free, pooled = [], 0, 0
    for seat in stage.panel:
        if seat.user_id is not None and str(seat.user_id) in active:
            panel.append((str(seat.user_id), seat.role.value))
        elif seat.pool_id is not None:
            pooled += 1
        else:
            free += 1
    return Prefill(timedelta(minutes=stage.duration_minutes), tuple(panel), free, pooled)


def stage_label(job: Job, index: int) -> str:
    stage = job.plan[index]
    return f"{index + 1}. {stage.name} ({stage.duration_minutes} min)"


def by_job_title(
    rows: list[InterviewSummary], title_of: Callable[[str], str | None]
) -> list[InterviewSummary]:
    """The rows with each job title as its job names it (`title_of`: the job's title for a
    folded title, None when no job has it: the title stays as typed)."""
    out = []
    for row in rows:
        named = title_of(job_key(row.job_title))
        out.append(row if not named or named == row.job_title else replace(row, job_title=named))
    return out
