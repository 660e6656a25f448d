"""Rules shared by every store: input validation and the ATS record a set of feedback implies.

Kept out of the stores so SQLite and Cassandra cannot disagree on them.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from .errors import ValidationError
from .models import (
    AtsRecord,
    AtsStatus,
    Decision,
    Feedback,
    Interview,
    InterviewStatus,
    Participant,
    Recommendation,
    SampleData,
    to_utc,
    utc_now,
)

COMMENT_MAX_CHARS = 5000


def parse_uuid(text: object, field: str = "id") -> uuid.UUID:
    """Parse a UUID from user input (a URL parameter, a form value) or raise ValidationError."""
    if isinstance(text, uuid.UUID):
        return text
    try:
        return uuid.UUID(str(text).strip())
    except (ValueError, AttributeError, TypeError):
        raise ValidationError(field, f"'{text}' is not a valid interview id.") from None


def require_id(value: object, field: str = "id") -> uuid.UUID:
    """A store's id argument: already a UUID (pages parse text once, at the query module)."""
    if isinstance(value, uuid.UUID):
        return value
    raise ValidationError(field, f"The {field} id must be a UUID.")


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


def parse_decision(value: object) -> Decision:
    """The Decision named by `value`, or ValidationError listing the allowed ones."""
    try:
        return Decision(str(value))
    except ValueError:
        allowed = ", ".join(d.value for d in Decision)
        raise ValidationError("decision", f"Choose a decision ({allowed}).") from None


def clean_comment(comment: object) -> str:
    """The trimmed comment, 1–5000 characters, or ValidationError."""
    text = comment.strip() if isinstance(comment, str) else ""
    if not text:
        raise ValidationError("comment", "A comment is required.")
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            "comment",
            f"The comment is {len(text)} characters long; the limit is {COMMENT_MAX_CHARS}.",
        )
    return text


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
    user = parse_uuid(user_id, "interviewer")
    if all(p.user_id != user for p in participants):
        raise ValidationError("interviewer", "That person is not a participant of this interview.")
    return Feedback(
        interview_id=interview.interview_id,
        user_id=user,
        decision=parse_decision(decision),
        comment=clean_comment(comment),
        submitted_at=to_utc(submitted_at) if submitted_at else utc_now(),
    )


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


def has_ats(status: InterviewStatus, feedback_count: int) -> bool:
    """An interview has an ATS record once it has feedback or has left 'scheduled'."""
    return feedback_count > 0 or status is not InterviewStatus.SCHEDULED


def check_sample_feedback(data: SampleData) -> None:
    """Refuse a bulk load whose feedback names an interview it does not load, or an author who
    is not on that interview's panel (ValidationError, before anything is written)."""
    panels: dict[uuid.UUID, set[uuid.UUID]] = {i.interview_id: set() for i in data.interviews}
    for interview_id, user_id, _role in data.participants:
        panels.setdefault(interview_id, set()).add(user_id)
    for f in data.feedback:
        if f.interview_id not in panels:
            raise ValidationError("feedback", f"Feedback for unknown interview {f.interview_id}.")
        if f.user_id not in panels[f.interview_id]:
            raise ValidationError(
                "feedback",
                f"User {f.user_id} is not a participant of interview {f.interview_id}.",
            )


def bulk_ats_times(data: SampleData) -> dict[uuid.UUID, datetime]:
    """Deterministic ATS `updated_at` for bulk loads: the last feedback, else the interview's
    end, so reloading the same data writes the same records."""
    times = {i.interview_id: i.scheduled_end for i in data.interviews}
    for f in data.feedback:
        times[f.interview_id] = max(times.get(f.interview_id, f.submitted_at), f.submitted_at)
    return times


def ats_record(
    interview: Interview,
    participant_count: int,
    feedback: list[Feedback],
    updated_at: datetime | None = None,
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
    )
