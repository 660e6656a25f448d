"""'Send a reminder now' on the interview page, and the last reminder each person got.

A click queues one scorecard reminder to each participant whose feedback is missing, through the
outbox the worker sends from, then lands the click with a conditional write on the interview's
count of clicks (core/reminder_log.py): of two clicks made on one page (a double click, two
tabs, two app servers) one lands; the other's reminders are taken back and, were that to fail,
never sent (the worker sends a click's reminders only while the interview's record names it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from ...core import reminder_log
from ...core.errors import ValidationError
from ...core.formatting import local_time, zone_name
from ...core.lifecycle import is_closed
from ...core.messages import Links, Outgoing, Source, Verdict, zone_of
from ...core.models import Interview, Participant, User, to_utc
from ...core.outbox import Message
from ...core.reminder_log import ReminderLog
from ...core.reminders import still_owed
from ...store.base import Store
from .invites import queued

LOOK_AGAIN = timedelta(seconds=30)  # a click not visible yet is looked at again after this


@dataclass(frozen=True)
class Owed:
    """One participant whose feedback is missing, and the last reminder they got."""

    user_id: uuid.UUID
    name: str
    last: str  # e.g. "Sun 06 Dec 2026, 18:30 (UTC) by email", or why it failed


@dataclass(frozen=True)
class Reminders:
    """What the interview page shows under its feedback."""

    seen: int  # the clicks that landed when the page was drawn (a click lands on this count)
    owed: list[Owed]
    refusal: str  # why no reminder can be sent now ('' when one can)
    asked: str = ""  # when "Send a reminder now" was last clicked, and by whom


def refusal(interview: Interview, owed: list[uuid.UUID], now: datetime) -> str:
    """Why "Send a reminder now" is not offered ('' when it is)."""
    if is_closed(interview.status):
        return f"The interview is {interview.status.label.lower()}: no reminder to send."
    if to_utc(interview.scheduled_end) > to_utc(now):
        return "Reminders are for interviews that have ended."
    if not owed:
        return "Every feedback is in: no reminder to send."
    return ""


def owed_people(store: Store, interview_id: uuid.UUID) -> list[User]:
    out = []
    for p in store.list_participants(interview_id):
        user = store.get_user(p.user_id) if not p.has_feedback else None
        if user is not None:
            out.append(user)
    return out


def reminders(
    store: Store,
    interview: Interview,
    participants: list[Participant],
    now: datetime,
    zone: tzinfo,
) -> Reminders:
    """What the page shows, for the interview and panel it has read (one more partition read:
    the interview's reminders)."""
    owed = [p for p in participants if not p.has_feedback]
    log = store.reminder_log(interview.interview_id)
    asked = ""
    if log.nudged_at is not None:
        who = store.get_user(log.nudged_by) if log.nudged_by else None
        by = f" by {who.name}" if who else ""
        asked = (
            f"Reminders last asked for {local_time(log.nudged_at, zone)} ({zone_name(zone)}){by}."
        )
    return Reminders(
        log.nudges,
        [
            Owed(p.user_id, p.name, reminder_log.last_line(log.last.get(p.user_id), zone))
            for p in owed
        ],
        refusal(interview, [p.user_id for p in owed], now),
        asked,
    )


def send_now(
    store: Store, interview_id: uuid.UUID, seen: int, by: uuid.UUID | None, now: datetime
) -> int:
    """Queue a reminder to each participant whose feedback is missing, as click `seen + 1`:
    the number queued, or 0 when another click made on the same page landed first."""
    interview = store.get_interview(interview_id)
    if interview is None:
        raise ValidationError("interview_id", "No interview has this id.")
    people = owed_people(store, interview_id)
    why = refusal(interview, [u.user_id for u in people], now)
    if why:
        raise ValidationError("interview_id", why)
    change = uuid.uuid4()
    batch = reminder_log.nudge_messages(interview, people, seen + 1, change, now)
    if not batch:
        raise ValidationError("interview_id", "Nobody who owes feedback has an email address.")
    with queued(store, batch):  # taken back if the write raises
        landed = store.land_nudge(interview_id, seen, change, by, now)
    if not landed:
        store.drop_messages(batch)
        return 0
    return len(batch)


def verdict(
    message: Message, source: Source, log: ReminderLog, now: datetime, links: Links
) -> Verdict:
    """A click's reminder goes while its click is the one landed, and the feedback is owed."""
    wait, skip = reminder_log.click_check(message, log, now)
    if wait:
        return Verdict(wait=wait, until=to_utc(now) + LOOK_AGAIN)
    if skip:
        return Verdict(skip=skip)
    interview = source.interview
    person = next((p for p in source.participants if p.user_id == message.recipient_id), None)
    why = still_owed(
        message,
        interview.status if interview else None,
        interview.scheduled_end if interview else None,
        person is not None,
        message.recipient_id in source.feedback_from,
    )
    if why or interview is None or person is None:
        return Verdict(skip=why or "the interview does not exist")
    zone = zone_of(source.recipient)
    title = f"{interview.job_title} interview with {source.candidate_name}"
    ended = f"{interview.scheduled_end.astimezone(zone):%a %d %b %Y, %H:%M} {zone.key}"
    return Verdict(
        Outgoing(
            person.email,
            f"Reminder: your scorecard for the {title}",
            f"Hello {person.name},\n\nYour recruiter asks for your feedback on the {title} "
            f"(ended {ended}): it is not in yet.\n\n"
            f"Feedback form: {links.feedback(interview.interview_id)}\n",
        )
    )
