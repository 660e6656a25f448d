"""An interview's reminders: the last scorecard reminder each person got (when, by which channel,
or that it failed), and the "Send a reminder now" clicks that landed.

A click is one conditional write on the interview's count of clicks: it lands only on the count
the page showed (`seen`), so two clicks made on the same page (a double click, two tabs, two app
servers) land once. The click's messages are queued just before that write and name it (`change`);
the worker sends one only while the interview's record names that click, so the click that lost
sends nothing (its messages are also taken back at once), and a click whose app server died
between queueing and the write sends nothing either once LANDING has passed.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from .formatting import local_time, zone_name
from .messages import LANDING
from .models import Interview, User, to_utc
from .outbox import Channel, Kind, Message, State, message_id

REMINDER_KINDS = frozenset({Kind.SCORECARD_REMINDER, Kind.NUDGE})


@dataclass(frozen=True)
class ReminderLine:
    """The last scorecard reminder to one person for one interview."""

    recipient_id: uuid.UUID
    at: datetime
    kind: Kind
    channel: Channel
    state: State  # SENT, RETRY (failed, tried again) or FAILED
    detail: str = ""
    message_id: uuid.UUID | None = None  # the reminder's (a sent one is counted once by it)


@dataclass(frozen=True)
class ReminderLog:
    """What the interview page shows of an interview's reminders."""

    interview_id: uuid.UUID
    nudges: int = 0  # "Send a reminder now" clicks that landed
    change: uuid.UUID | None = None  # the last click that landed (its messages name it)
    nudged_by: uuid.UUID | None = None
    nudged_at: datetime | None = None
    last: dict[uuid.UUID, ReminderLine] = field(default_factory=dict)
    # when each person was sent each reminder (every one that went, not only the last)
    sent: dict[uuid.UUID, tuple[datetime, ...]] = field(default_factory=dict)


def line_of(message: Message, state: State, detail: str, at: datetime) -> ReminderLine | None:
    """What a reminder's outcome leaves on its interview's log (None: not a reminder)."""
    if message.kind not in REMINDER_KINDS or message.recipient_id is None:
        return None
    return ReminderLine(
        message.recipient_id,
        to_utc(at),
        message.kind,
        message.channel,
        state,
        detail,
        message.message_id,
    )


def last_line(line: ReminderLine | None, zone: tzinfo) -> str:
    """The last reminder as a person reads it, in `zone` (the interview page, Scorecards due)."""
    if line is None:
        return "no reminder sent yet"
    when = f"{local_time(line.at, zone)} ({zone_name(zone)})"
    if line.state is State.SENT:
        return f"last reminder sent {when} by {line.channel.value}"
    if line.state is State.RETRY:
        return f"last reminder failed {when} ({line.detail}); trying again"
    return f"last reminder failed {when} ({line.detail})"


def nudge_messages(
    interview: Interview, owed: list[User], number: int, change: uuid.UUID, now: datetime
) -> list[Message]:
    """Click `number` of "Send a reminder now": one reminder to each person in `owed`, due now,
    naming the click (`change`) and the end it is about."""
    expect = json.dumps(
        {
            "end": to_utc(interview.scheduled_end).isoformat(),
            "nudge": number,
            "change": str(change),
        },
        sort_keys=True,
    )
    return [
        Message(
            message_id(Kind.NUDGE.value, interview.interview_id, user.user_id, change),
            1,
            to_utc(now),
            Kind.NUDGE,
            Channel.EMAIL,
            interview.interview_id,
            user.user_id,
            user.email,
            expect,
            to_utc(now),
        )
        for user in owed
        if user.email
    ]


def click_check(message: Message, log: ReminderLog, now: datetime) -> tuple[str, str]:
    """(wait, skip): whether a click's reminder waits for its click to be visible, or never goes
    because another click landed instead (or this one never did)."""
    if log.change is not None and str(log.change) == message.expected.get("change"):
        return "", ""
    young = message.created_at is not None and to_utc(now) - message.created_at < LANDING
    if young and log.nudges < int(message.expected.get("nudge", 0)):
        return "the click is not visible yet", ""
    return "", "another click's reminder went instead (or this click was not saved)"
