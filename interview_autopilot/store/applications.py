"""What both backends share about applications: the checks a write makes before it reads the
application (the candidate, the job, the decider), and the doctor's comparison of the counts."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from ..core.applications import NOW, Application
from ..core.errors import ValidationError
from ..core.jobs import Job
from ..core.models import Candidate, User, UserRole
from ..core.validation import require_id


def check_opening(
    candidate_id: object,
    job_id: object,
    get_candidate: Callable[[uuid.UUID], Candidate | None],
    get_job: Callable[[uuid.UUID], Job | None],
) -> tuple[uuid.UUID, Job]:
    """The candidate's id and the job an application opens for (ValidationError if either is
    unknown)."""
    candidate = require_id(candidate_id, "candidate")
    job = get_job(require_id(job_id, "job"))
    if get_candidate(candidate) is None:
        raise ValidationError("candidate", "That candidate does not exist.")
    if job is None:
        raise ValidationError("job", "That job does not exist.")
    return candidate, job


def check_decider(user_id: object, get_user: Callable[[uuid.UUID], User | None]) -> None:
    """A decision is taken by a recruiter or a hiring manager in the directory (who, for one
    application, is the query layer's rule: core/access.py)."""
    user = get_user(require_id(user_id, "decider"))
    if user is None or not (user.holds(UserRole.RECRUITER) or user.holds(UserRole.HIRING_MANAGER)):
        raise ValidationError("decider", "Only a recruiter or a hiring manager decides.")


def count_problems(
    job_id: uuid.UUID, applications: Iterable[Application], counts: dict[tuple[str, str], int]
) -> list[str]:
    """The doctor's lines for one job: a count of applications at a stage that differs from
    the applications stored there, or a stage reached by fewer than are at it."""
    at: dict[str, int] = {}
    for a in applications:
        at[a.stage] = at.get(a.stage, 0) + 1
    problems = []
    for stage in sorted({s for s, k in counts if k == NOW} | set(at)):
        counted, stored = counts.get((stage, NOW), 0), at.get(stage, 0)
        if counted != stored:
            problems.append(
                f"application counts: job {job_id}, stage {stage!r}: counted {counted}, "
                f"stored {stored}"
            )
        if counts.get((stage, "reached"), 0) < stored:
            problems.append(
                f"application counts: job {job_id}, stage {stage!r} reached by fewer than are at it"
            )
    return problems
