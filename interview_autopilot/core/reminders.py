"""Scorecard reminders: when they go, and whether the source still calls for one.

The first reminder goes `first_after` the interview's end, moved to the next moment inside the
interviewer's working hours on a weekday in their time zone; then one at the start of their
working hours on each next business day, up to `limit`. On the `escalate_days`-th business day
after the end (counted in the interviewer's zone) the job's hiring manager is told. Nothing
goes for an interview cancelled, marked no-show, moved (its end is not the one the message
was queued for) or whose feedback from that person has landed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .messages import zone_of
from .models import InterviewStatus, User, to_utc
from .outbox import Channel, Kind, Message, message_id

DEFAULT_HOURS = (time(9), time(17))


@dataclass(frozen=True)
class ReminderPolicy:
    first_after: timedelta = timedelta(hours=1)
    limit: int = 10
    escalate_days: int = 3
    default_zone: str = "UTC"
    default_hours: str = "09:00-17:00"


def hours_of(text: str, default: str = "09:00-17:00") -> tuple[time, time]:
    """'09:00-17:00' as (start, end); the default when unreadable or empty."""
    for value in (text, default):
        try:
            start, end = (time.fromisoformat(p.strip()) for p in value.split("-"))
        except ValueError:
            continue
        if start < end:
            return start, end
    return DEFAULT_HOURS


def zone_and_hours(user: User | None, policy: ReminderPolicy) -> tuple[ZoneInfo, tuple[time, time]]:
    return zone_of(user, policy.default_zone), hours_of(
        user.working_hours if user else "", policy.default_hours
    )


def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return to_utc(datetime.combine(day, clock, tzinfo=zone))


def next_slot(moment: datetime, zone: ZoneInfo, hours: tuple[time, time]) -> datetime:
    """`moment` if it is inside working hours on a weekday (local), else the next opening."""
    local = moment.astimezone(zone)
    day = local.date()
    for _ in range(8):
        if day.weekday() < 5:
            opens, closes = _at(day, hours[0], zone), _at(day, hours[1], zone)
            if moment < opens:
                return opens
            if moment < closes:
                return to_utc(moment)
        day += timedelta(days=1)
    raise AssertionError("a week always has a weekday")


def in_hours(moment: datetime, zone: ZoneInfo, hours: tuple[time, time]) -> bool:
    return next_slot(moment, zone, hours) == to_utc(moment)


def next_business_opening(moment: datetime, zone: ZoneInfo, hours: tuple[time, time]) -> datetime:
    """The opening of working hours on the first weekday after `moment`'s local day."""
    day = moment.astimezone(zone).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return _at(day, hours[0], zone)


def business_day_opening(
    end: datetime, days: int, zone: ZoneInfo, hours: tuple[time, time]
) -> datetime:
    """The opening of the `days`-th business day after `end`'s local day."""
    moment = end
    for _ in range(days):
        moment = next_business_opening(moment, zone, hours)
    return moment


def reminder(
    interview_id: object,
    user: User,
    end: datetime,
    n: int,
    due: datetime,
    created: datetime,
    plan: str,
) -> Message:
    """Reminder `n` of one plan (its id: queued twice, stored once)."""
    expect = json.dumps({"end": to_utc(end).isoformat(), "n": n, "plan": plan}, sort_keys=True)
    return Message(
        message_id(Kind.SCORECARD_REMINDER.value, interview_id, user.user_id, plan, n),
        1,
        to_utc(due),
        Kind.SCORECARD_REMINDER,
        Channel.EMAIL,
        interview_id,  # type: ignore[arg-type]
        user.user_id,
        user.email,
        expect,
        to_utc(created),
    )


def first_messages(
    interview_id: object,
    end: datetime,
    people: list[User],
    policy: ReminderPolicy,
    now: datetime,
    plan: str,
) -> list[Message]:
    """The first reminder and the escalation for each participant of an interview ending at
    `end` (queued by the interview's reminder plan `plan`)."""
    out = []
    for user in people:
        zone, hours = zone_and_hours(user, policy)
        first = next_slot(to_utc(end) + policy.first_after, zone, hours)
        out.append(reminder(interview_id, user, end, 1, first, now, plan))
        when = business_day_opening(end, policy.escalate_days, zone, hours)
        expect = json.dumps(
            {"end": to_utc(end).isoformat(), "owes": str(user.user_id), "plan": plan},
            sort_keys=True,
        )
        for channel in (Channel.EMAIL, Channel.SLACK):
            out.append(
                Message(
                    message_id(Kind.ESCALATION.value, interview_id, user.user_id, plan, channel),
                    1,
                    when,
                    Kind.ESCALATION,
                    channel,
                    interview_id,  # type: ignore[arg-type]
                    None,  # the job's hiring manager, looked up when it goes
                    "",
                    expect,
                    to_utc(now),
                )
            )
    return out


def still_owed(
    message: Message,
    status: InterviewStatus | None,
    end: datetime | None,
    owes_in_panel: bool,
    feedback_in: bool,
) -> str:
    """Why a reminder or escalation must not go ('' when it may)."""
    if status is None or end is None:
        return "the interview does not exist"
    if status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        return f"the interview is {status.label.lower()}"
    if message.expected.get("end") != to_utc(end).isoformat():
        return "the interview moved: reminders follow its new time"
    if not owes_in_panel:
        return "the person is no longer on the panel"
    if feedback_in:
        return "the feedback is in"
    return ""
