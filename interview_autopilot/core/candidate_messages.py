"""The emails a candidate gets when their interview is scheduled, moved or cancelled, each with
the calendar invite (the same event as the panel's: same UID, SEQUENCE raised on each change,
METHOD:CANCEL on a cancel). Queued with the write, as the panel's invites are; the worker sends
one only while the interview says what it announces, and only when CANDIDATE_EMAILS is on."""

from __future__ import annotations

import uuid
from datetime import datetime

from .messages import expect_of
from .models import Candidate, Interview, to_utc
from .outbox import Channel, Kind, Message, message_id


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
