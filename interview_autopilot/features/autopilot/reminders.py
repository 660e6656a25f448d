"""Scorecard reminders and escalation on a store: the texts, the checks against the re-read
source, and the next reminder queued after one is sent (the rules: core/reminders.py)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from ...core import reminders
from ...core.messages import Links, Outgoing, Source, Verdict
from ...core.models import User, UserRole
from ...core.outbox import Kind, Message
from ...core.reminders import ReminderPolicy
from ...core.settings import Settings
from ...store.base import Store


def policy_of(settings: Settings) -> ReminderPolicy:
    return ReminderPolicy(
        timedelta(hours=settings.number("SCORECARD_REMINDER_FIRST_HOURS")),
        int(settings.number("SCORECARD_REMINDER_LIMIT")),
        int(settings.number("SCORECARD_ESCALATE_AFTER_DAYS")),
        settings["AUTOPILOT_TIME_ZONE"],
        settings["AUTOPILOT_WORKING_HOURS"],
    )


def _owes(message: Message) -> uuid.UUID | None:
    if message.kind is Kind.ESCALATION:
        return uuid.UUID(message.expected["owes"])
    return message.recipient_id


def verdict(
    message: Message,
    source: Source,
    now: datetime,
    links: Links,
    rules: ReminderPolicy,
    store: Store,
) -> Verdict:
    interview = source.interview
    owes = _owes(message)
    person = next((p for p in source.participants if p.user_id == owes), None)
    why = reminders.still_owed(
        message,
        interview.status if interview else None,
        interview.scheduled_end if interview else None,
        person is not None,
        owes in source.feedback_from,
    )
    if why or interview is None or person is None:
        return Verdict(skip=why or "the interview does not exist")
    title = f"{interview.job_title} interview with {source.candidate_name}"
    form = links.feedback(interview.interview_id)
    if message.kind is Kind.SCORECARD_REMINDER:
        zone, hours = reminders.zone_and_hours(source.recipient, rules)
        if not reminders.in_hours(now, zone, hours):
            return Verdict(
                wait="outside the interviewer's working hours",
                until=reminders.next_slot(now, zone, hours),
            )
        n = int(message.expected.get("n", 1))
        return Verdict(
            Outgoing(
                person.email,
                f"Reminder {n}: your scorecard for the {title}",
                f"Hello {person.name},\n\nYour feedback on the {title} (ended "
                f"{interview.scheduled_end.astimezone(zone):%a %d %b %Y, %H:%M} {zone.key}) "
                f"is not in yet.\n\nFeedback form: {form}\n",
            )
        )
    manager = _hiring_manager(store, interview.job_title, source)
    if manager is None:
        return Verdict(skip="no hiring manager for the job or on the panel")
    text = (
        f"{person.name}'s scorecard for the {title} is still missing "
        f"{rules.escalate_days} business days after it ended.\n\nFeedback form: {form}\n"
    )
    return Verdict(Outgoing(manager.email, f"Scorecard missing: {person.name}, {title}", text))


def _hiring_manager(store: Store, job_title: str, source: Source) -> User | None:
    job = store.find_job_by_title(job_title)
    if job is not None and job.hiring_manager_id is not None:
        user = store.get_user(job.hiring_manager_id)
        if user is not None:
            return user
    on_panel = next((p for p in source.participants if p.role is UserRole.HIRING_MANAGER), None)
    return store.get_user(on_panel.user_id) if on_panel else None


def follow_up(
    message: Message, now: datetime, rules: ReminderPolicy, source: Source
) -> list[Message]:
    """After reminder n went, reminder n + 1 at the next business day's opening."""
    if message.kind is not Kind.SCORECARD_REMINDER or source.interview is None:
        return []
    n = int(message.expected.get("n", 1))
    if n >= rules.limit or source.recipient is None:
        return []
    zone, hours = reminders.zone_and_hours(source.recipient, rules)
    due = reminders.next_business_opening(now, zone, hours)
    end = source.interview.scheduled_end
    plan = message.expected.get("plan", "")
    return [reminders.reminder(message.interview_id, source.recipient, end, n + 1, due, now, plan)]


def plan(
    store: Store, message: Message, source: Source, rules: ReminderPolicy, now: datetime
) -> list[Message]:
    """The first reminders and the escalations of every participant of the interview."""
    assert source.interview is not None
    people = [u for u in (store.get_user(p.user_id) for p in source.participants) if u]
    end = source.interview.scheduled_end
    plan_id = str(message.message_id)
    return reminders.first_messages(source.interview.interview_id, end, people, rules, now, plan_id)


def plan_verdict(message: Message, source: Source) -> str:
    """Why a reminder plan is void ('' when its reminders are to be queued)."""
    interview = source.interview
    return reminders.still_owed(
        message,
        interview.status if interview else None,
        interview.scheduled_end if interview else None,
        True,
        False,
    )
