"""Reminders before an interview: to each participant and to the candidate, a set number of hours
before its start (INTERVIEW_REMINDER_HOURS).

A booking or a move queues a plan (`plan_message`), due a week before the start (at once when
the start is nearer). When the plan goes, the worker re-reads the interview and, if it still
starts when the plan says, queues one reminder per person and per number of hours, due that many
hours before the start (found, as every message, through the outbox's due hours). Before sending
one, the worker re-reads the interview again: nothing goes for an interview cancelled, marked
no-show or moved meanwhile (the move queued its own plan, for the new time), or already started.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from .errors import ConfigError
from .messages import expect_of
from .models import Interview, InterviewStatus, to_utc
from .outbox import Channel, Kind, Message, message_id

AHEAD = timedelta(days=7)  # how long before the start a plan is due (the longest reminder)
PANEL, CANDIDATE = "panel", "candidate"


@dataclass(frozen=True)
class Recipient:
    person_id: uuid.UUID  # a user's id, or the candidate's
    address: str
    audience: str  # PANEL or CANDIDATE


def hours_before(text: str) -> tuple[float, ...]:
    """INTERVIEW_REMINDER_HOURS ('24,1') as hours, longest first; empty: none. ConfigError when
    a value is not a number of hours from just above 0 to a week."""
    out: set[float] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            value = float(part)
        except ValueError:
            value = -1.0
        if not 0 < value <= AHEAD.total_seconds() / 3600:
            raise ConfigError(
                f"INTERVIEW_REMINDER_HOURS holds '{part.strip()}': each value is a number of "
                f"hours above 0 and at most {AHEAD.days * 24} (e.g. 24,1)."
            )
        out.add(value)
    return tuple(sorted(out, reverse=True))


def plan_message(interview: Interview, now: datetime) -> Message:
    """The plan of an interview's reminders before it: due AHEAD of its start (or now), naming
    the start, end and status the booking or move leaves (new for each change)."""
    due = max(to_utc(interview.scheduled_start) - AHEAD, to_utc(now))
    return Message(
        message_id(Kind.BEFORE_PLAN.value, interview.interview_id, uuid.uuid4()),
        1,
        due,
        Kind.BEFORE_PLAN,
        Channel.EMAIL,
        interview.interview_id,
        None,
        "",
        expect_of(interview),
        to_utc(now),
    )


def reminders(
    interview: Interview, people: list[Recipient], hours: tuple[float, ...], now: datetime
) -> list[Message]:
    """One reminder per person and per number of hours whose time has not passed. Their ids
    name the person, the start and the hours: planned twice, stored once."""
    start = to_utc(interview.scheduled_start)
    out = []
    for h in hours:
        due = start - timedelta(hours=h)
        if due < to_utc(now):
            continue
        for person in people:
            if not person.address:
                continue
            out.append(
                Message(
                    message_id(
                        Kind.INTERVIEW_REMINDER.value,
                        interview.interview_id,
                        person.person_id,
                        start.isoformat(),
                        h,
                    ),
                    1,
                    due,
                    Kind.INTERVIEW_REMINDER,
                    Channel.EMAIL,
                    interview.interview_id,
                    person.person_id,
                    person.address,
                    json.dumps(
                        {"start": start.isoformat(), "hours": h, "to": person.audience},
                        sort_keys=True,
                    ),
                    to_utc(now),
                )
            )
    return out


def still_due(message: Message, interview: Interview | None, on_panel: bool, now: datetime) -> str:
    """Why a reminder before an interview must not go ('' when it may)."""
    if interview is None:
        return "the interview does not exist"
    if interview.status is not InterviewStatus.SCHEDULED:
        return f"the interview is {interview.status.label.lower()}"
    if message.expected.get("start") != to_utc(interview.scheduled_start).isoformat():
        return "the interview moved: the reminder for its new time goes instead"
    if to_utc(now) >= to_utc(interview.scheduled_start):
        return "the interview has started"
    if message.expected.get("to") == CANDIDATE:
        if interview.candidate_id != message.recipient_id:
            return "the interview is with another candidate"
    elif not on_panel:
        return "the person is no longer on the panel"
    return ""
