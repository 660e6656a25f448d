"""An interview kit as a job's plan holds it: the kit of an interview's stage, and the check
of an interview's link to a stage (kits.py: the kit and the scorecard themselves)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from .errors import ValidationError
from .filters import job_key
from .jobs import Job, PlanStage
from .kits import InterviewStage, StageKit
from .validation import fold_label

# Characters of former stage names a plan keeps (the oldest are dropped beyond it): with the
# kits, a job and its plan stay one modest conditional batch on Cassandra.
MAX_FORMER_CHARS = 1_200


def find_stage(job: Job, stage: str) -> PlanStage | None:
    """`job`'s stage named `stage` (case and spacing ignored), or the one that was named so
    before a rename; None when the plan has neither."""
    wanted = fold_label(stage)
    for s in job.plan:
        if fold_label(s.name) == wanted:
            return s
    for s in job.plan:
        if wanted in {fold_label(n) for n in s.former_names}:
            return s
    return None


def stage_kit(job: Job | None, stage: str) -> StageKit | None:
    """The kit of `job`'s stage named `stage` (or named so before a rename: `find_stage`);
    None when the job or the stage is gone, or the stage has no focus attributes."""
    found = find_stage(job, stage) if job is not None else None
    if job is None or found is None or not found.kit:
        return None
    return StageKit(job.job_id, job.title, found.name, found.kit)


def carry_former_names(before: Job | None, job: Job) -> Job:
    """`job` with each stage's former names as the plan it replaces implies: a stage keeps
    those of the stage of the same name; a stage whose name is new, at the position of a stage
    whose name is gone, is that stage renamed (the Jobs page edits stages in place), so it
    adds that name to its former ones. A former name that a stage now bears is dropped, and
    the oldest go once the plan holds more than MAX_FORMER_CHARS of them."""
    if before is None:
        return job
    current = {fold_label(s.name) for s in job.plan}
    old_by_name = {fold_label(s.name): s for s in before.plan}
    carried = []
    for n, stage in enumerate(job.plan):
        same = old_by_name.get(fold_label(stage.name))
        if same is not None:
            former = same.former_names
        elif n < len(before.plan) and fold_label(before.plan[n].name) not in current:
            old = before.plan[n]
            former = (*old.former_names, old.name)
        else:
            former = stage.former_names
        kept = [f for f in former if fold_label(f) not in current]
        carried.append(replace(stage, former_names=tuple(dict.fromkeys(kept))))
    return replace(job, plan=_bounded(carried))


def _bounded(stages: list[PlanStage]) -> tuple[PlanStage, ...]:
    """The stages with the oldest former names dropped until the plan holds at most
    MAX_FORMER_CHARS of them."""
    while sum(len(f) for s in stages for f in s.former_names) > MAX_FORMER_CHARS:
        longest = max(range(len(stages)), key=lambda i: len(stages[i].former_names))
        stages[longest] = replace(stages[longest], former_names=stages[longest].former_names[1:])
    return tuple(stages)


def keep_former_names(source: Job, checked: Job) -> Job:
    """`checked` (`source` validated, which keeps no former names) with the former names its
    stages have in `source`: a copy of another store's job (migrate). Only text is kept, never
    a name a stage now bears, within MAX_FORMER_CHARS as any plan."""
    current = {fold_label(s.name) for s in checked.plan}
    stages = []
    for stage, given in zip(checked.plan, source.plan, strict=True):
        former = given.former_names if isinstance(given.former_names, tuple) else ()
        kept = [f for f in former if isinstance(f, str) and f and fold_label(f) not in current]
        stages.append(replace(stage, former_names=tuple(dict.fromkeys(kept))))
    return replace(checked, plan=_bounded(stages))


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
    found = find_stage(job, stage)
    if found is not None:
        return InterviewStage(interview_id, job.job_id, found.name)
    raise ValidationError("stage", f"The plan of {job.title} has no stage named {stage}.")


def link_problem(
    link: InterviewStage, interview_title: str | None, job: Job | None
) -> tuple[str, bool] | None:
    """What the doctor says of a stored stage link (None: nothing wrong), and whether
    `--repair` may delete it: a link whose interview or job is gone can never give a kit, so
    deleting it is safe; an interview filed under another job than its link's is reported
    only (which of the two is right, a person decides). A stage gone from the plan is no
    problem: the interview then has no kit, as documented."""
    where = f"interview_stage_by_interview: interview {link.interview_id}"
    if interview_title is None:
        return f"{where} is gone, its link to stage {link.stage} remains", True
    if job is None:
        return f"{where} is linked to job {link.job_id}, which does not exist", True
    if job.title_key != job_key(interview_title):
        return f"{where} is filed under {interview_title!r} but linked to {job.title!r}", False
    return None
