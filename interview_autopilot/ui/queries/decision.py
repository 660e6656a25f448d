"""The hiring decision on the Interview page: who made it, whether it goes against the ATS
recommendation, who may record one, and recording it."""

from __future__ import annotations

import uuid

from ...core import access, domain
from ...core.applications import check_against
from ...core.errors import ValidationError
from ...core.models import HiringCall, InterviewDetail
from ...core.validation import check_member
from ._cache import clear_caches
from .backend import get_store
from .moment import now
from .viewing import acting_viewer, logged_write, viewer


def decider_name(detail: InterviewDetail, user_id: uuid.UUID) -> str:
    if user_id == detail.recruiter.user_id:
        return detail.recruiter.name
    return next((p.name for p in detail.participants if p.user_id == user_id), "A former member")


def disagreement(detail: InterviewDetail) -> str | None:
    """A sentence when the recorded decision goes against the ATS recommendation."""
    ats = detail.ats
    if ats is None or ats.decision is None:
        return None
    if not domain.decision_disagrees(ats.decision.call, ats.recommendation):
        return None
    return (
        f"The decision ({ats.decision.call.label}) disagrees with the ATS recommendation "
        f"({ats.recommendation.label})."
    )


def may_decide(detail: InterviewDetail) -> bool:
    """Whether the viewer may record this interview's hiring decision (the write checks again)."""
    return access.may_decide(viewer(), detail.interview, detail.participants)


def decision_refusal(detail: InterviewDetail) -> str | None:
    """Why the interview takes no decision now (not started, cancelled, no-show), or None:
    the rule the write applies, so the form is offered only where saving can succeed."""
    return domain.decision_refusal(detail.interview, now())


AGAINST = "\nAgainst the recommendation ("


def reason_parts(reason: str) -> tuple[str, str | None]:
    """A stored reason as shown: the decider's reason, and the line saying why the decision
    went against the recommendation (None: it did not, or was taken before it was asked)."""
    head, found, tail = reason.partition(AGAINST)
    return (head, AGAINST.lstrip("\n") + tail) if found else (reason, None)


def with_against(call: str, reason: str, recommendation: object, against: str) -> str:
    """The reason to store: as given, or followed by the reason for going against the ATS
    recommendation (the debrief's rule, `applications.check_against`: advancing on a no hire
    or rejecting on a hire needs one; ValidationError, nothing written, without it). An
    interview's decision has no column of its own for it: it is kept in the reason, and so in
    the audit trail."""
    chosen = check_member(call, HiringCall, "call")
    shown, why = check_against(chosen, recommendation, against)
    if not why or shown is None:
        return reason
    return f"{reason.strip()}{AGAINST}{shown.label}): {why}"


@logged_write
def record_decision(interview_id: str, call: str | None, reason: str, against: str = "") -> None:
    """Record the viewer's hiring decision, at the app's clock. Forbidden unless the viewer
    is the interview's recruiter or a hiring manager on its panel (nothing written);
    ValidationError with `.field` if refused, also when it goes against the ATS
    recommendation without `against`, the reason why (`with_against`)."""
    iid = domain.parse_uuid(interview_id, "interview")
    if not call:
        raise ValidationError("call", "Choose advance, reject or hold.")
    store = get_store()
    who = acting_viewer(store)  # fresh, not cached: who they are now
    interview = store.get_interview(iid)  # fresh, not cached: who may decide now
    if interview is None:
        raise ValidationError("interview", "That interview does not exist.")
    access.require_decider(who, interview, store.list_participants(iid))
    ats = store.get_ats(iid)  # fresh: the recommendation the decision is taken on now
    if reason.strip():  # a missing reason is the store's refusal, named first
        reason = with_against(call, reason, ats.recommendation if ats else None, against)
    store.record_decision(iid, who.user_id, call, reason, now())
    clear_caches()
