"""The applications on the candidate page and the job page, and the decision form: what each
screen shows of an application (its stage, its interviews, its decision where the viewer may see
it), who may decide, and recording a decision on fresh reads. Scheduling an interview for a
candidate and a job opens their application (`open_for_interview`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from ..core import access
from ..core import applications as rules
from ..core.access import Viewer
from ..core.applications import Application, StageCount
from ..core.domain import recommend
from ..core.errors import ValidationError
from ..core.filters import job_key
from ..core.jobs import Job
from ..core.models import (
    HiringDecision,
    Interview,
    InterviewSummary,
    Participant,
    Recommendation,
)
from ..store.base import Store


@dataclass(frozen=True)
class ApplicationView:
    """One application as the candidate page shows it to the viewer."""

    application: Application
    job_title: str
    stages: list[str]
    interviews: list[InterviewSummary]
    decision: HiringDecision | None  # None when there is none, or it is hidden
    decider: str  # the decider's name ("" without a shown decision)
    hidden: str | None  # why the decision is hidden (None: shown)
    may_decide: bool
    # what a decision is checked against, for those who may decide (None for the others)
    recommendation: Recommendation | None = None


@dataclass(frozen=True)
class PipelineRow:
    application_id: uuid.UUID
    candidate_id: uuid.UUID
    candidate: str
    opened: datetime | None
    decision: str  # "Advance: reason", "Hidden", or ""


@dataclass(frozen=True)
class Pipeline:
    """A job's counts by stage (kept by the writes) and the newest applications of one stage."""

    job: Job
    counts: list[StageCount]
    stage: str | None = None  # the stage listed (None: no stage holds an application)
    rows: list[PipelineRow] = field(default_factory=list)

    @property
    def held(self) -> list[StageCount]:
        """The stages holding applications now, in the process's order."""
        return [c for c in self.counts if c.now > 0]


def open_for_interview(
    store: Store, interview: Interview, actor: uuid.UUID | None = None
) -> Application | None:
    """The application the interview belongs to, opened if new: the candidate's to the job its
    title folds to (None when no job has that title yet)."""
    job = store.find_job_by_title(interview.job_title)
    if job is None:
        return None
    return store.open_application(interview.candidate_id, job.job_id, actor=actor)


def interviews_of(store: Store, application: Application, job: Job) -> list[InterviewSummary]:
    """The candidate's interviews filed under the application's job (by folded title)."""
    return [
        i
        for i in store.list_interviews_by_candidate(application.candidate_id)
        if job_key(i.job_title) == job.title_key
    ]


def _panels(
    store: Store, rows: list[InterviewSummary]
) -> list[tuple[Interview, list[Participant]]]:
    out = []
    for row in rows:
        interview = store.get_interview(row.interview_id)
        if interview is not None:
            out.append((interview, store.list_participants(row.interview_id)))
    return out


def _view(store: Store, viewer: Viewer, application: Application) -> ApplicationView | None:
    job = store.get_job(application.job_id)
    if job is None:
        return None
    rows = interviews_of(store, application, job)
    panels = _panels(store, rows)
    decides = access.may_decide_application(viewer, job.hiring_manager_id, job.recruiter_id, panels)
    hidden = None
    decision = application.decision
    if decision is not None:
        submitted = [
            (panel, store.get_feedback(i.interview_id, viewer.user_id) is not None)
            for i, panel in panels
        ]
        hidden = access.hidden_note(access.application_verdict_hidden(viewer, decides, submitted))
    shown = decision if hidden is None else None
    decider = ""
    if shown is not None:
        person = store.get_user(shown.decided_by)
        decider = person.name if person else "A former member"
    return ApplicationView(
        application,
        job.title,
        rules.stages(job),
        rows,
        shown,
        decider,
        hidden,
        decides and not application.closed,
        recommendation_of(store, [i for i, _ in panels]) if decides else None,
    )


def interview_application(
    store: Store, viewer: Viewer, interview: Interview
) -> ApplicationView | None:
    """The application an interview belongs to (its candidate's, to the job its title folds
    to) as the viewer may see it; None when there is none (no job has the title, or no
    application was opened): the interview's own decision is recorded then."""
    job = store.find_job_by_title(interview.job_title)
    if job is None:
        return None
    application = store.get_application(
        rules.application_id_for(interview.candidate_id, job.job_id)
    )
    return _view(store, viewer, application) if application is not None else None


def candidate_applications(
    store: Store, viewer: Viewer, candidate_id: uuid.UUID
) -> list[ApplicationView]:
    views = [_view(store, viewer, a) for a in store.list_applications_by_candidate(candidate_id)]
    return [v for v in views if v is not None]


def pipeline(
    store: Store, viewer: Viewer, job_id: uuid.UUID, stage: str | None = None
) -> Pipeline | None:
    """The job page: counts by stage, and the newest applications (a page) of `stage` if it
    holds some, else of the first stage that does, however old they are. So the page reads
    the same whatever the job's size: its counts, one stage's page and its names. Decisions
    show to those who see every verdict and to the job's hiring manager and recruiter; the
    others see them on the candidate page, where the rule is applied application by
    application."""
    job = store.get_job(job_id)
    if job is None:
        return None
    counts = rules.stage_counts(job, store.application_counts(job_id))
    unlisted = Pipeline(job, counts)
    held = [c.stage for c in unlisted.held]
    if not held:
        return unlisted
    listed = stage if stage in held else held[0]
    apps = store.list_applications_by_stage(job_id, listed, rules.APPLICATIONS_PAGE)
    people = store.get_candidates([a.candidate_id for a in apps])
    sees = access.sees_every_recommendation(viewer) or viewer.user_id in (
        job.hiring_manager_id,
        job.recruiter_id,
    )
    rows = []
    for a in apps:
        person = people.get(a.candidate_id)
        decision = ""
        if a.decision is not None:
            decision = f"{a.decision.call.label}: {a.decision.reason}" if sees else "Hidden"
        rows.append(
            PipelineRow(
                a.application_id,
                a.candidate_id,
                person.name if person else "A removed candidate",
                a.created_at,
                decision,
            )
        )
    return Pipeline(job, counts, listed, rows)


def decide(
    store: Store,
    viewer: Viewer,
    application_id: uuid.UUID,
    call: str | None,
    reason: str,
    seen_stage: str,
    at: datetime,
    against_reason: str = "",
) -> Application:
    """Record the viewer's decision on fresh reads: Forbidden unless they may decide it;
    ValidationError (nothing written) if refused, StaleApplication if it moved meanwhile.
    The recommendation of the application's feedback (`recommendation_of`, read now) goes
    with it: a decision against it needs `against_reason`."""
    if not call:
        raise ValidationError("call", "Choose advance, reject or hold.")
    application = store.get_application(application_id)
    job = store.get_job(application.job_id) if application else None
    if application is None or job is None:
        raise ValidationError("application", "That application does not exist.")
    panels = _panels(store, interviews_of(store, application, job))
    access.require_application_decider(viewer, job.hiring_manager_id, job.recruiter_id, panels)
    return store.decide_application(
        application_id,
        viewer.user_id,
        call,
        reason,
        seen_stage,
        at,
        recommendation=recommendation_of(store, [i for i, _ in panels]),
        against_reason=against_reason,
    )


def recommendation_of(store: Store, interviews: list[Interview]) -> Recommendation:
    """The recommendation of every feedback on the application's interviews (the mean of the
    overall decisions, `domain.recommend`), whoever may see it: what a decision is checked
    against."""
    decisions = []
    for interview in interviews:
        detail = store.get_interview_detail(interview.interview_id)
        if detail is not None:
            decisions += [f.decision for f in detail.feedback]
    return recommend(decisions)
