"""Rules shared by every store: input validation and the ATS record a set of feedback implies.

Kept out of the stores so SQLite and Cassandra cannot disagree on them. The validators that
every store write calls first live in `validation` and are re-exported here.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from .errors import DuplicateBooking, ValidationError
from .models import (
    AtsRecord,
    AtsStatus,
    Decision,
    Feedback,
    HiringCall,
    HiringDecision,
    Interview,
    InterviewRecord,
    InterviewStatus,
    Participant,
    Recommendation,
    SampleData,
    UserRole,
    to_utc,
    utc_now,
)
from .validation import check_feedback as check_feedback
from .validation import check_member
from .validation import check_sample_feedback as check_sample_feedback
from .validation import clean_comment as clean_comment
from .validation import require_id as require_id
from .validation import require_status as require_status
from .validation import validate_candidates as validate_candidates
from .validation import validate_interview as validate_interview
from .validation import validate_record as validate_record
from .validation import validate_sample as validate_sample
from .validation import validate_users as validate_users


def parse_uuid(text: object, field: str = "id") -> uuid.UUID:
    """Parse a UUID from user input (a URL parameter, a form value) or raise ValidationError."""
    if isinstance(text, uuid.UUID):
        return text
    try:
        return uuid.UUID(str(text).strip())
    except (ValueError, AttributeError, TypeError):
        what = "" if field == "id" else f"{field} "
        raise ValidationError(field, f"'{text}' is not a valid {what}id.") from None


def check_references(
    candidate_found: bool, recruiter_found: bool, unknown_users: list[uuid.UUID]
) -> None:
    """Refuse an interview whose candidate, recruiter or a participant does not exist."""
    if not candidate_found:
        raise ValidationError("candidate", "That candidate does not exist.")
    if not recruiter_found:
        raise ValidationError("recruiter", "That recruiter does not exist.")
    if unknown_users:
        raise ValidationError("participants", f"User {unknown_users[0]} does not exist.")


def rescheduled(
    current: Interview | None,
    start: datetime,
    end: datetime,
    panel: list[tuple[uuid.UUID, UserRole]],
) -> Interview:
    """`current` moved to [start, end), by the rules each store checks inside its write: the
    interview exists and is still scheduled; the moved interview validated whole."""
    if current is None:
        raise ValidationError("interview", "That interview does not exist.")
    if current.status is not InterviewStatus.SCHEDULED:
        raise ValidationError("interview", "Only a scheduled interview can be rescheduled.")
    moved = Interview(**{**current.__dict__, "scheduled_start": start, "scheduled_end": end})
    return validate_interview(moved, panel)[0]


def check_new_booking(
    interview: Interview,
    panel: Iterable[uuid.UUID],
    booked: Iterable[tuple[Interview, Iterable[uuid.UUID]]],
) -> None:
    """Refuse a new booking whose id is taken, or identical to a scheduled interview in
    `booked` (the candidate's interviews, each with its panel's user ids): the same candidate,
    start, end and panel. DuplicateBooking names the interview that stands."""
    people = set(panel)
    for other, other_panel in booked:
        if other.interview_id == interview.interview_id or (
            other.status is InterviewStatus.SCHEDULED
            and other.candidate_id == interview.candidate_id
            and to_utc(other.scheduled_start) == to_utc(interview.scheduled_start)
            and to_utc(other.scheduled_end) == to_utc(interview.scheduled_end)
            and set(other_panel) == people
        ):
            raise DuplicateBooking(other.interview_id)


def build_feedback(
    interview: Interview | None,
    participants: list[Participant],
    user_id: object,
    decision: object,
    comment: object,
    submitted_at: datetime | None = None,
) -> Feedback:
    """Validate a feedback submission against its interview; return the Feedback to store."""
    if interview is None:
        raise ValidationError("interview", "That interview does not exist.")
    user = require_id(user_id, "interviewer")
    if all(p.user_id != user for p in participants):
        raise ValidationError("interviewer", "That person is not a participant of this interview.")
    moment = to_utc(submitted_at) if submitted_at else utc_now()
    check_open_for_feedback(interview, moment)
    return Feedback(
        interview_id=interview.interview_id,
        user_id=user,
        decision=check_member(decision, Decision, "decision"),
        comment=clean_comment(comment),
        submitted_at=moment,
    )


def feedback_refusal(interview: Interview, moment: datetime) -> str | None:
    """Why `interview` takes no feedback at `moment`, or None when it does: feedback is for
    interviews that have started and were not cancelled or a no-show."""
    if interview.status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        return f"This interview is marked {interview.status.label.lower()}: it takes no feedback."
    if to_utc(interview.scheduled_start) > to_utc(moment):
        return "This interview has not started yet: feedback opens when it starts."
    return None


def check_open_for_feedback(interview: Interview, moment: datetime) -> None:
    """Refuse feedback on an interview that has not started, or was cancelled or a no-show."""
    refusal = feedback_refusal(interview, moment)
    if refusal:
        raise ValidationError("interview", refusal)


def recommend(decisions: list[Decision]) -> Recommendation:
    """Average the decisions' scores: ±1.5 and beyond is 'strong'; a tie is no hire."""
    if not decisions:
        return Recommendation.PENDING
    mean = sum(d.score for d in decisions) / len(decisions)
    if mean >= 1.5:
        return Recommendation.STRONG_HIRE
    if mean > 0:
        return Recommendation.HIRE
    if mean <= -1.5:
        return Recommendation.STRONG_NO_HIRE
    return Recommendation.NO_HIRE


def has_ats(status: InterviewStatus, feedback_count: int, decided: bool = False) -> bool:
    """An interview has an ATS record once it has feedback, a hiring decision, or has left
    'scheduled'."""
    return feedback_count > 0 or decided or status is not InterviewStatus.SCHEDULED


def bulk_ats_time(record: InterviewRecord) -> datetime:
    """Deterministic ATS `updated_at` for bulk loads: the interview's end or its last feedback,
    whichever is later, so reloading the same data writes the same records."""
    return max([record.interview.scheduled_end, *(f.submitted_at for f in record.feedback)])


def bulk_ats(record: InterviewRecord) -> AtsRecord | None:
    """The ATS record a validated record implies on its own (a first load: no kept feedback),
    at its bulk load time; None when it has none."""
    i = record.interview
    if not has_ats(i.status, len(record.feedback)):
        return None
    feedback = sorted(record.feedback, key=lambda f: (f.submitted_at, f.user_id))
    return ats_record(i, len(record.participants), feedback, bulk_ats_time(record))


def sample_records(data: SampleData) -> list[InterviewRecord]:
    """A bulk load's data as one record per interview, in first-seen order: a repeated
    interview keeps its last fields and every participant given for it (a repeated user: the
    last role), and its feedback (a repeated author: the last one)."""
    interviews = {i.interview_id: i for i in data.interviews}
    panels: dict[uuid.UUID, dict[uuid.UUID, UserRole]] = {iid: {} for iid in interviews}
    for interview_id, user_id, role in data.participants:
        panels.setdefault(interview_id, {})[user_id] = role
    given: dict[uuid.UUID, dict[uuid.UUID, Feedback]] = {iid: {} for iid in interviews}
    for f in data.feedback:
        given.setdefault(f.interview_id, {})[f.user_id] = f
    return [
        InterviewRecord(i, tuple(panels[iid].items()), tuple(given[iid].values()))
        for iid, i in interviews.items()
    ]


def ats_record(
    interview: Interview,
    participant_count: int,
    feedback: list[Feedback],
    updated_at: datetime | None = None,
    decision: HiringDecision | None = None,
) -> AtsRecord:
    """The ATS record implied by an interview's status and its feedback."""
    decisions = [f.decision for f in feedback]
    if interview.status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        status = AtsStatus.CLOSED
    elif participant_count and len(feedback) >= participant_count:
        status = AtsStatus.FEEDBACK_COMPLETE
    else:
        status = AtsStatus.AWAITING_FEEDBACK
    counts = Counter(decisions)
    parts = [f"{counts[d]} {d.label.lower()}" for d in reversed(Decision) if counts[d]]
    summary = f"{len(feedback)} of {participant_count} interviewers submitted feedback"
    summary += f": {', '.join(parts)}." if parts else "."
    if status is AtsStatus.CLOSED:
        summary = f"Interview {interview.status.label.lower()}. " + summary
    return AtsRecord(
        interview_id=interview.interview_id,
        status=status,
        recommendation=recommend(decisions),
        summary=summary,
        updated_at=to_utc(updated_at) if updated_at else utc_now(),
        decision=decision,
    )


MAX_REASON = 2000  # characters of a hiring decision's reason
DECIDERS = (UserRole.RECRUITER, UserRole.HIRING_MANAGER)


def build_hiring_decision(
    interview: Interview | None,
    participants: list[Participant],
    user_id: object,
    call: object,
    reason: object,
    decided_at: datetime | None = None,
) -> HiringDecision:
    """Validate a hiring decision: by the interview's recruiter or one of its hiring managers,
    on an interview that has started and was not cancelled or a no-show, with a reason."""
    if interview is None:
        raise ValidationError("interview", "That interview does not exist.")
    user = require_id(user_id, "decider")
    managers = {p.user_id for p in participants if p.role is UserRole.HIRING_MANAGER}
    if user != interview.recruiter_id and user not in managers:
        raise ValidationError(
            "decider", "Only the interview's recruiter or a hiring manager on it may decide."
        )
    chosen = check_member(call, HiringCall, "call")
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ValidationError("reason", "Give a reason for the decision.")
    if len(text) > MAX_REASON:
        raise ValidationError("reason", f"The reason is limited to {MAX_REASON} characters.")
    moment = to_utc(decided_at) if decided_at else utc_now()
    refusal = decision_refusal(interview, moment)
    if refusal:
        raise ValidationError("interview", refusal)
    return HiringDecision(chosen, text, user, moment)


def decision_refusal(interview: Interview, moment: datetime) -> str | None:
    """Why `interview` takes no hiring decision at `moment`, or None when it does: decisions
    are for interviews that have started and were not cancelled or a no-show."""
    if interview.status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        return f"This interview is marked {interview.status.label.lower()}: no decision."
    if to_utc(interview.scheduled_start) > to_utc(moment):
        return "This interview has not started yet: its decision is recorded once it has."
    return None


def decision_disagrees(call: HiringCall, recommendation: Recommendation) -> bool:
    """Advancing against a no-hire recommendation, or rejecting against a hire one."""
    if call is HiringCall.ADVANCE:
        return recommendation in (Recommendation.NO_HIRE, Recommendation.STRONG_NO_HIRE)
    if call is HiringCall.REJECT:
        return recommendation in (Recommendation.HIRE, Recommendation.STRONG_HIRE)
    return False
