"""An interview kit as a job's plan holds it: the kit of an interview's stage, and the check
of an interview's link to a stage (kits.py: the kit and the scorecard themselves)."""

from __future__ import annotations

import uuid

from .errors import ValidationError
from .filters import job_key
from .jobs import Job
from .kits import InterviewStage, StageKit
from .validation import fold_label


def stage_kit(job: Job | None, stage: str) -> StageKit | None:
    """The kit of `job`'s stage named `stage` (case and spacing ignored); None when the job or
    the stage is gone, or the stage has no focus attributes."""
    if job is None:
        return None
    for s in job.plan:
        if fold_label(s.name) == fold_label(stage) and s.kit:
            return StageKit(job.job_id, job.title, s.name, s.kit)
    return None


def checked_link(
    interview_id: uuid.UUID, interview_title: str | None, job: Job | None, stage: str
) -> InterviewStage:
    """The link of an interview (its job title as stored; None: no such interview) to a stage
    of `job`, the stage named as the plan names it; ValidationError when the interview or job
    is missing, the interview is filed under another job, or the plan has no such stage."""
    if interview_title is None:
        raise ValidationError("interview", "That interview does not exist.")
    if job is None:
        raise ValidationError("job", "No such job: it may have been removed.")
    if job.title_key != job_key(interview_title):
        raise ValidationError("job", f"That interview is not for {job.title}.")
    for s in job.plan:
        if fold_label(s.name) == fold_label(stage):
            return InterviewStage(interview_id, job.job_id, s.name)
    raise ValidationError("stage", f"The plan of {job.title} has no stage named {stage}.")
