"""Applications, the same on every store: a candidate applying to a job, where they stand in
its process (the stage), and the hiring decision taken on it.

An application's stages are its job's plan (in order; "Applied" when the plan is empty), then
Offer and Hired, and the two ends that close it early: Rejected and Withdrawn. There is one
application per candidate and job (its id is derived from both, so two writers opening it at
once open the same one). A decision names the stage it was taken at (`seen_stage`): when the
application moved meanwhile, the decision is refused (`StaleApplication`) and nothing is
written, so two people moving one application at once end as one of them alone would have left
it. Advance moves to the next stage, reject to Rejected, hold keeps the stage; every decision
replaces the one before (by whom, when, why).

The counts by stage (`count_deltas`) are kept by the write path on every store: `now`, the
applications at a stage, and `reached`, those that ever entered it (Insights' pass-through).
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .domain import decision_disagrees
from .errors import ValidationError
from .filters import job_key
from .jobs import Job
from .models import HiringCall, HiringDecision, Recommendation, to_utc, utc_now
from .validation import check_decision, check_member, check_text, require_id

APPLIED = "Applied"  # the one stage of a job whose plan is empty
OFFER, HIRED, REJECTED, WITHDRAWN = "Offer", "Hired", "Rejected", "Withdrawn"
CLOSED = (HIRED, REJECTED, WITHDRAWN)  # no decision moves an application out of these
NOW, REACHED = "now", "reached"  # the two counts kept per stage
OPENED, DECIDED, MOVED = "opened", "decided", "moved"  # what an audit entry records
APPLICATIONS_PAGE = 50  # applications a job page lists per stage


@dataclass(frozen=True)
class Application:
    application_id: uuid.UUID
    candidate_id: uuid.UUID
    job_id: uuid.UUID
    stage: str
    left_stage: str | None = None  # the stage it was rejected or withdrawn at
    decision: HiringDecision | None = None  # the latest hiring decision
    version: int = 0  # set by the store on every write (microseconds, increasing)
    created_at: datetime | None = field(default=None, compare=False)
    updated_at: datetime | None = field(default=None, compare=False)

    @property
    def closed(self) -> bool:
        return self.stage in CLOSED


@dataclass(frozen=True)
class ApplicationAuditEntry:
    application_id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None
    action: str
    before: str | None
    after: str


@dataclass(frozen=True)
class StageCount:
    """One stage of a job's process: the applications at it now, and those that reached it."""

    stage: str
    now: int
    reached: int


@dataclass(frozen=True)
class LoadedApplication:
    """An application as a load gives it whole (another store's, or a replayed history): its
    state, its audit trail (oldest first), the interviews booked for its job's stages
    (interview, stage), and what it adds to its job's counts by (stage, kind)."""

    application: Application
    trail: tuple[ApplicationAuditEntry, ...]
    links: tuple[tuple[uuid.UUID, str], ...]
    counts: tuple[tuple[tuple[str, str], int], ...]


class StaleApplication(ValidationError):
    """The application moved since the form was read; nothing was written."""

    def __init__(self, stage: str) -> None:
        super().__init__(
            "stage",
            f"Someone else moved this application meanwhile: it is now at {stage}. "
            "Reload it and decide again.",
        )


def application_id_for(candidate_id: uuid.UUID, job_id: uuid.UUID) -> uuid.UUID:
    """The one id of a candidate's application to a job, the same on every store and run."""
    return uuid.uuid5(
        uuid.NAMESPACE_URL, f"interview-autopilot:application:{candidate_id}:{job_id}"
    )


def stages(job: Job) -> list[str]:
    """The stages of `job`'s applications, in order (the closing ends last)."""
    plan = [s.name for s in job.plan] or [APPLIED]
    taken = {job_key(s) for s in plan}
    return plan + [s for s in (OFFER, HIRED, REJECTED, WITHDRAWN) if job_key(s) not in taken]


def next_version(old: int | None) -> int:
    return max(time.time_ns() // 1000, (old or 0) + 1)


def opened(candidate_id: object, job: Job, at: datetime | None = None) -> Application:
    """A new application of the candidate to `job`, at its first stage."""
    candidate = require_id(candidate_id, "candidate")
    moment = to_utc(at) if at else utc_now()
    return Application(
        application_id_for(candidate, job.job_id),
        candidate,
        job.job_id,
        stages(job)[0],
        created_at=moment,
        updated_at=moment,
    )


def decided(
    application: Application | None,
    job: Job | None,
    user_id: object,
    call: object,
    reason: object,
    seen_stage: object,
    decided_at: object = None,
    recommendation: object = None,
    against_reason: object = None,
) -> Application:
    """The application after a hiring decision (ValidationError, nothing written, when it is
    refused): advance to the next stage, reject (Rejected, remembering the stage it left),
    hold (same stage). `seen_stage`: the stage the decider saw. `recommendation`: the one its
    interviews' feedback gives (None: not checked); a decision against it needs
    `against_reason` (`check_against`)."""
    user, chosen, text, at = check_decision(user_id, call, reason, decided_at)
    shown, against = check_against(chosen, recommendation, against_reason)
    if application is None or job is None:
        raise ValidationError("application", "That application does not exist.")
    seen = check_text(seen_stage, "stage.name") if seen_stage is not None else None
    if seen is not None and seen != application.stage:
        raise StaleApplication(application.stage)
    if application.closed:
        raise ValidationError(
            "application", f"This application is {application.stage.lower()}: it is closed."
        )
    moment = at or utc_now()
    last = application.decision.decided_at if application.decision else None
    if last is not None and moment <= last:  # each decision its own moment (stores keep ms)
        moment = last + timedelta(milliseconds=1)
    order = stages(job)
    stage, left = application.stage, application.left_stage
    if chosen is HiringCall.ADVANCE:
        if stage not in order:
            raise ValidationError("stage", f"{stage} is no longer a stage of this job's plan.")
        following = order[order.index(stage) + 1]
        stage = following if following not in (REJECTED, WITHDRAWN) else HIRED
    elif chosen is HiringCall.REJECT:
        stage, left = REJECTED, application.stage
    return Application(
        application.application_id,
        application.candidate_id,
        application.job_id,
        stage,
        left,
        HiringDecision(chosen, text, user, moment, shown, against),
        application.version,
        application.created_at,
        moment,
    )


def check_against(
    call: HiringCall, recommendation: object, against_reason: object
) -> tuple[Recommendation | None, str]:
    """The recommendation a decision was taken on and the reason for going against it, as
    stored; ValidationError when the decision goes against the recommendation
    (`domain.decision_disagrees`: advancing on a no-hire, rejecting on a hire) without a
    reason. A reason given for a decision that agrees is not kept."""
    if recommendation is None:
        return None, ""
    shown = check_member(recommendation, Recommendation, "recommendation")
    if not decision_disagrees(call, shown):
        return shown, ""
    if not isinstance(against_reason, str) or not against_reason.strip():
        raise ValidationError(
            "against_reason",
            f"This decision goes against the recommendation ({shown.label}): "
            "give your reason for deciding against it.",
        )
    return shown, check_text(against_reason.strip(), "decision.reason")


def against_line(decision: HiringDecision | None) -> str | None:
    """'Against the recommendation (Hire): <why>' for a decision that went against it."""
    if decision is None or not decision.against_reason or decision.recommendation is None:
        return None
    shown = decision.recommendation.label
    return f"Against the recommendation ({shown}): {decision.against_reason}"


def count_deltas(old: Application | None, new: Application) -> Counter[tuple[str, str]]:
    """The changes of a job's counts by (stage, NOW | REACHED) that a write makes."""
    deltas: Counter[tuple[str, str]] = Counter()
    if old is not None and old.stage == new.stage:
        return deltas
    if old is not None:
        deltas[(old.stage, NOW)] -= 1
    deltas[(new.stage, NOW)] += 1
    deltas[(new.stage, REACHED)] += 1
    return deltas


def stage_counts(job: Job, counts: dict[tuple[str, str], int]) -> list[StageCount]:
    """The job's stages in order with their counts (a stage no longer in the plan that still
    holds applications is listed after the plan's)."""
    order = stages(job)
    extra = sorted({s for s, _ in counts if s not in order})
    return [
        StageCount(s, counts.get((s, NOW), 0), counts.get((s, REACHED), 0)) for s in order + extra
    ]


def pass_through(counts: list[StageCount]) -> list[tuple[str, int, int, float | None]]:
    """(stage, reached it, went on to the next, rate) for each stage of the process before
    Offer's outcome: the share of those who reached a stage that reached the next one."""
    flow = [c for c in counts if c.stage not in (REJECTED, WITHDRAWN)]
    out = []
    for here, there in itertools.pairwise(flow):
        rate = there.reached / here.reached if here.reached else None
        out.append((here.stage, here.reached, there.reached, rate))
    return out


def state_text(application: Application | None) -> str | None:
    if application is None:
        return None
    text = application.stage
    if application.left_stage:
        text += f" (left at {application.left_stage})"
    d = application.decision
    if d is not None:
        text += f"; decision: {d.call.label} by {d.decided_by}: {d.reason}"
        if d.against_reason and d.recommendation is not None:
            text += f"; against the recommendation {d.recommendation.label}: {d.against_reason}"
    return text


def audit_entry(
    at: datetime, actor: object, before: Application | None, after: Application
) -> ApplicationAuditEntry:
    actor_id = None if actor is None else require_id(actor, "actor")
    action = OPENED if before is None else DECIDED if after.decision != before.decision else MOVED
    return ApplicationAuditEntry(
        after.application_id,
        to_utc(at),
        actor_id,
        action,
        state_text(before),
        state_text(after) or "",
    )
