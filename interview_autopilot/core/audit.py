"""The audit trail's entries, built the same way by every store (who, when, before / after).

A store records one entry per change a person makes to an interview (its status, a feedback,
its time, the hiring decision), in the same write: SQLite in the same transaction, Cassandra in
the copy batch of the winning version.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from .models import (
    AuditAction,
    AuditEntry,
    Feedback,
    HiringDecision,
    Interview,
    InterviewStatus,
    to_utc,
)
from .validation import require_id


def actor_id(actor: object) -> uuid.UUID | None:
    """The acting user's id (None: a tool acting without a viewer), ValidationError if bad."""
    return None if actor is None else require_id(actor, "actor")


def feedback_text(feedback: Feedback | None) -> str | None:
    """A feedback as the audit trail keeps it: decision and comment (None: none yet)."""
    return None if feedback is None else f"{feedback.decision.label}: {feedback.comment}"


def status_entry(
    interview_id: uuid.UUID,
    at: datetime,
    actor: uuid.UUID | None,
    before: InterviewStatus | None,
    after: InterviewStatus,
) -> AuditEntry:
    return AuditEntry(
        interview_id,
        to_utc(at),
        actor,
        AuditAction.STATUS,
        None,
        before.value if before else None,
        after.value,
    )


def feedback_entry(
    at: datetime, actor: uuid.UUID | None, before: Feedback | None, after: Feedback
) -> AuditEntry:
    return AuditEntry(
        after.interview_id,
        to_utc(at),
        actor,
        AuditAction.FEEDBACK,
        after.user_id,
        feedback_text(before),
        feedback_text(after),
    )


def span_text(interview: Interview) -> str:
    """An interview's time as the audit trail keeps it: 'start/end', ISO 8601 in UTC."""
    start, end = to_utc(interview.scheduled_start), to_utc(interview.scheduled_end)
    return f"{start.isoformat()}/{end.isoformat()}"


def parse_span(text: str) -> tuple[datetime, datetime] | None:
    """The (start, end) of a `span_text`, or None for text that is not one."""
    try:
        start, end = (datetime.fromisoformat(t) for t in text.split("/"))
    except ValueError:
        return None
    return start, end


def schedule_entry(
    at: datetime, actor: uuid.UUID | None, before: Interview, after: Interview
) -> AuditEntry | None:
    """The entry of a re-written interview whose time changed (None: same time)."""
    if span_text(before) == span_text(after):
        return None
    return AuditEntry(
        after.interview_id,
        to_utc(at),
        actor,
        AuditAction.SCHEDULE,
        None,
        span_text(before),
        span_text(after),
    )


def booked_entry(at: datetime, interview: Interview) -> AuditEntry:
    """The entry of an interview the candidate booked themselves (a self-scheduling link): no
    viewer acted, the candidate is its subject, no time before it."""
    return AuditEntry(
        interview.interview_id,
        to_utc(at),
        None,
        AuditAction.SCHEDULE,
        interview.candidate_id,
        None,
        span_text(interview),
    )


def moves(entries: list[AuditEntry]) -> int:
    """The times an interview moved: its schedule entries with a time before (a self-scheduled
    booking's own entry has none)."""
    return sum(1 for e in entries if e.action is AuditAction.SCHEDULE and e.before is not None)


def decision_text(decision: HiringDecision | None) -> str | None:
    """A hiring decision as the audit trail keeps it: call and reason (None: none yet)."""
    return None if decision is None else f"{decision.call.label}: {decision.reason}"


def decision_entry(
    interview_id: uuid.UUID,
    at: datetime,
    before: HiringDecision | None,
    after: HiringDecision,
) -> AuditEntry:
    """The decider acts in their own name: the actor is the decision's author."""
    return AuditEntry(
        interview_id,
        to_utc(at),
        after.decided_by,
        AuditAction.DECISION,
        None,
        decision_text(before),
        decision_text(after),
    )


def missing_entries(held: list[AuditEntry], given: list[AuditEntry]) -> list[AuditEntry]:
    """The entries of `given` that `held` lacks, in `given`'s order (a copied trail: an entry
    already there, field for field, is never added twice)."""
    left = Counter(held)
    missing = []
    for entry in given:
        if left[entry]:
            left[entry] -= 1
        else:
            missing.append(entry)
    return missing
