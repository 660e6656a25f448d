"""The debrief of one application (a candidate and a job), for the hiring committee: every
interview of the job's plan (done, scheduled, not held, missing), every scorecard side by side
by focus attribute, the recommendation with its reasons, the decision, and the application's
history. No Streamlit.

Privacy: the rules of `core/access.py`, applied as the other screens apply them. Nothing of any
verdict (scorecards, recommendation, decision) while `application_verdict_hidden` hides the
application's decision (a panel member who has not submitted on every interview of it they sit
on); then, interview by interview, only the feedback `access.visible` leaves the viewer (as
the interview page does).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from ..core import access
from ..core.access import Viewer
from ..core.applications import Application, ApplicationAuditEntry
from ..core.filters import job_key
from ..core.formatting import local_time
from ..core.kits import score_label
from ..core.models import Feedback, InterviewDetail, InterviewStatus
from ..core.recommendation_reasons import RecommendationReasons, explain
from ..store.base import Store
from .applications import ApplicationView, _view, interviews_of

DONE, SCHEDULED, NOT_HELD, MISSING = "Done", "Scheduled", "Not held", "Missing"
OVERALL = "Overall"  # the scorecards' row of overall decisions
OTHER = "Other interviews"  # interviews of the job booked without a stage of its plan


@dataclass(frozen=True)
class DebriefInterview:
    interview_id: uuid.UUID
    start: datetime
    status: InterviewStatus
    panel: tuple[str, ...]
    feedback: str  # "2 of 3 scorecards"


@dataclass(frozen=True)
class PlanStep:
    """One stage of the plan and the interviews booked for it (none: missing)."""

    stage: str
    state: str
    interviews: tuple[DebriefInterview, ...]


@dataclass(frozen=True)
class Scorecard:
    """One feedback the viewer may see: whose, for which stage, its ratings by attribute."""

    author: str
    stage: str
    decision: str
    ratings: dict[str, str] = field(default_factory=dict)  # attribute → "4 · note"

    @property
    def heading(self) -> str:
        return f"{self.author} · {self.stage}"


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    action: str
    after: str


PLAN_COLUMNS = ["Stage", "State", "Interview", "Panel", "Feedback"]


@dataclass(frozen=True)
class Debrief:
    view: ApplicationView  # the application, its decision as the viewer may see it, the form
    candidate: str
    steps: tuple[PlanStep, ...]
    hidden: str | None  # why no verdict shows at all (None: what may be seen is shown)
    attributes: tuple[str, ...]  # the rows of the scorecards' table, in the plan's order
    scorecards: tuple[Scorecard, ...]
    reasons: RecommendationReasons | None  # from the scorecards shown
    interviews_hidden: int  # interviews whose feedback the viewer may not see
    history: tuple[HistoryLine, ...] | None  # None: the viewer does not see histories

    @property
    def application(self) -> Application:
        return self.view.application

    def cell(self, attribute: str, card: Scorecard) -> str:
        if attribute == OVERALL:
            return card.decision
        return card.ratings.get(attribute, "")

    def plan_rows(self, zone: tzinfo) -> list[list[str]]:
        """The plan's table (PLAN_COLUMNS): a row per interview, or per stage without one;
        times in `zone`."""
        rows = []
        for step in self.steps:
            if not step.interviews:
                rows.append([step.stage, step.state, "", "", ""])
            for i in step.interviews:
                when = f"{local_time(i.start, zone)} · {i.status.label}"
                rows.append([step.stage, step.state, when, ", ".join(i.panel), i.feedback])
        return rows


def _step_state(interviews: list[DebriefInterview]) -> str:
    if not interviews:
        return MISSING
    statuses = {i.status for i in interviews}
    if InterviewStatus.COMPLETED in statuses:
        return DONE
    if InterviewStatus.SCHEDULED in statuses:
        return SCHEDULED
    return NOT_HELD


def _rating_text(score: int | None, note: str) -> str:
    return score_label(score) + (f" · {note}" if note else "")


def debrief(store: Store, viewer: Viewer, application_id: uuid.UUID) -> Debrief | None:
    """The debrief of an application as `viewer` may see it (None: no such application)."""
    application = store.get_application(application_id)
    job = store.get_job(application.job_id) if application else None
    if application is None or job is None:
        return None
    view = _view(store, viewer, application)
    if view is None:
        return None
    person = store.get_candidate(application.candidate_id)
    rows = sorted(interviews_of(store, application, job), key=lambda r: r.scheduled_start)
    details = [d for r in rows if (d := store.get_interview_detail(r.interview_id)) is not None]
    names = {p.user_id: p.name for d in details for p in d.participants}

    def name(user_id: uuid.UUID) -> str:
        if user_id not in names:
            person = store.get_user(user_id)
            names[user_id] = person.name if person else "A former member"
        return names[user_id]

    # the plan: each stage with the interviews booked for it
    by_stage: dict[str, list[DebriefInterview]] = {}
    stage_of: dict[uuid.UUID, str] = {}
    plan_keys = {job_key(s.name): s.name for s in job.plan}
    for d in details:
        i = d.interview
        link = store.get_interview_stage(i.interview_id)
        linked = link is not None and link.job_id == job.job_id
        stage = plan_keys.get(job_key(link.stage), OTHER) if linked and link else OTHER
        stage_of[i.interview_id] = stage
        by_stage.setdefault(stage, []).append(
            DebriefInterview(
                i.interview_id,
                i.scheduled_start,
                i.status,
                tuple(p.name for p in d.participants),
                f"{sum(p.has_feedback for p in d.participants)} of {len(d.participants)} "
                "scorecards",
            )
        )
    steps = [
        PlanStep(s.name, _step_state(by_stage.get(s.name, [])), tuple(by_stage.get(s.name, [])))
        for s in job.plan
    ]
    if by_stage.get(OTHER):
        steps.append(PlanStep(OTHER, _step_state(by_stage[OTHER]), tuple(by_stage[OTHER])))

    # interviews in the plan's order (those of no stage last), then by time
    order = {s.name: n for n, s in enumerate(job.plan)}
    details.sort(
        key=lambda d: (
            order.get(stage_of[d.interview.interview_id], len(order)),
            d.interview.scheduled_start,
        )
    )

    # the verdicts: the application's rule first, then each interview's own
    decides = access.may_decide_application(
        viewer,
        job.hiring_manager_id,
        job.recruiter_id,
        [(d.interview, d.participants) for d in details],
    )
    submitted = [
        (d.participants, any(f.user_id == viewer.user_id for f in d.feedback)) for d in details
    ]
    hidden = access.hidden_note(access.application_verdict_hidden(viewer, decides, submitted))
    shown: list[tuple[InterviewDetail, list[Feedback]]] = []
    interviews_hidden = 0
    if hidden is None:
        for d in details:
            seen = access.visible(viewer, d)
            if access.feedback_hidden(viewer, d) is not None and d.feedback:
                interviews_hidden += 1
            shown.append((d, sorted(seen.feedback, key=lambda f: name(f.user_id))))
    kit_names: list[str] = []
    for s in job.plan:
        kit_names += [a.name for a in s.kit]
    scorecards = tuple(
        Scorecard(
            name(f.user_id),
            stage_of.get(d.interview.interview_id, OTHER),
            f.decision.label,
            {r.attribute: _rating_text(r.score, r.note) for r in f.ratings},
        )
        for d, feedback in shown
        for f in feedback
    )
    every = [f for _, feedback in shown for f in feedback]
    reasons = explain(every, kit_names, name) if every else None
    attributes = tuple(a.name for a in reasons.attributes) if reasons else ()
    history = None
    if access.sees_history(viewer):
        history = tuple(
            _history_line(e, name) for e in store.list_application_audit(application_id)
        )
    return Debrief(
        view,
        person.name if person else "A removed candidate",
        tuple(steps),
        hidden,
        attributes,
        scorecards,
        reasons,
        interviews_hidden,
        history,
    )


def _history_line(e: ApplicationAuditEntry, name: Callable[[uuid.UUID], str]) -> HistoryLine:
    """An audit entry with names for the ids it holds (the actor, the decider)."""
    after = e.after
    if e.actor_id is not None:
        after = after.replace(f" by {e.actor_id}:", f" by {name(e.actor_id)}:")
    who = "(a tool, no viewer)" if e.actor_id is None else name(e.actor_id)
    return HistoryLine(e.at, who, e.action.capitalize(), after)
