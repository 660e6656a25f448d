"""The emails a candidate gets when their interview is scheduled, moved or cancelled, each with
the calendar invite (the same event as the panel's: same UID, SEQUENCE raised on each change,
METHOD:CANCEL on a cancel). Queued with the write, as the panel's invites are; the worker sends
one only while the interview says what it announces, and only when CANDIDATE_EMAILS is on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from .interview_reminders import CANDIDATE
from .messages import expect_of
from .models import Candidate, Interview, to_utc
from .outbox import Channel, Kind, Message, State, message_id

# The outcomes a candidate's page lists (a message skipped was never sent: it is not listed).
LISTED = frozenset({State.SENT, State.RETRY, State.FAILED})


@dataclass(frozen=True)
class SentLine:
    """One message to a candidate and how its last attempt went (their page lists them)."""

    message_id: uuid.UUID
    interview_id: uuid.UUID
    at: datetime
    kind: Kind
    subject: str
    state: State  # SENT, RETRY (failed, tried again) or FAILED
    detail: str = ""


def to_candidate(message: Message) -> bool:
    """Whether the message goes to the interview's candidate (its recipient is the candidate)."""
    if message.kind is Kind.CANDIDATE_MESSAGE:
        return True
    return message.kind is Kind.INTERVIEW_REMINDER and message.expected.get("to") == CANDIDATE


def sent_line(
    message: Message, state: State, detail: str, subject: str, at: datetime
) -> SentLine | None:
    """What an attempt's outcome leaves on the candidate's page (None: not to a candidate, or
    not an outcome the page lists)."""
    if not to_candidate(message) or message.recipient_id is None or state not in LISTED:
        return None
    return SentLine(
        message.message_id, message.interview_id, to_utc(at), message.kind, subject, state, detail
    )


def sent_text(line: SentLine) -> str:
    """The outcome as a person reads it."""
    if line.state is State.SENT:
        return "sent"
    if line.state is State.RETRY:
        return f"failed ({line.detail}); trying again"
    return f"failed ({line.detail})"


def candidate_message(
    interview: Interview, candidate: Candidate | None, now: datetime, sequence: int
) -> list[Message]:
    """The candidate's email for one change of the interview (none without an address)."""
    if candidate is None or not candidate.email:
        return []
    change = uuid.uuid4()
    return [
        Message(
            message_id(
                Kind.CANDIDATE_MESSAGE.value,
                interview.interview_id,
                candidate.candidate_id,
                change,
                sequence,
            ),
            1,
            to_utc(now),
            Kind.CANDIDATE_MESSAGE,
            Channel.EMAIL,
            interview.interview_id,
            candidate.candidate_id,
            candidate.email,
            expect_of(interview),
            to_utc(now),
        )
    ]
