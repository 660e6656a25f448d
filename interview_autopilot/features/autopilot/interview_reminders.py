"""Reminders before an interview on a store: the plan's reminders queued for the panel and the
candidate, and what each says (the rules: core/interview_reminders.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...core import interview_reminders as rules
from ...core.interview_reminders import CANDIDATE, PANEL, Recipient
from ...core.messages import (
    LANDING,
    Links,
    Outgoing,
    Source,
    Verdict,
    expect_of,
    when_text,
    zone_of,
)
from ...core.models import to_utc
from ...core.outbox import Message
from ...core.settings import Settings
from ...store.base import Store
from .candidate_messages import OFF


@dataclass(frozen=True)
class BeforePolicy:
    hours: tuple[float, ...] = (24.0,)
    default_zone: str = "UTC"


def policy_of(settings: Settings) -> BeforePolicy:
    return BeforePolicy(
        rules.hours_before(settings["INTERVIEW_REMINDER_HOURS"]), settings["AUTOPILOT_TIME_ZONE"]
    )


def plan_check(message: Message, source: Source, now: datetime) -> tuple[str, str]:
    """(wait, skip) for a plan: it goes only while the interview says what it announces."""
    interview = source.interview
    if interview is not None and expect_of(interview) == message.expect:
        return "", ""
    if message.created_at is not None and to_utc(now) - message.created_at < LANDING:
        return "the booking it plans for is not visible yet", ""
    return "", "the interview changed since: a newer plan follows it"


def plan(store: Store, source: Source, policy: BeforePolicy, now: datetime) -> list[Message]:
    """The reminders before the interview, to its panel and its candidate."""
    interview = source.interview
    assert interview is not None
    people = [Recipient(p.user_id, p.email, PANEL) for p in source.participants]
    candidate = store.get_candidate(interview.candidate_id)
    if candidate is not None:
        people.append(Recipient(candidate.candidate_id, candidate.email, CANDIDATE))
    return rules.reminders(interview, people, policy.hours, now)


def verdict(
    message: Message,
    source: Source,
    now: datetime,
    links: Links,
    policy: BeforePolicy,
    candidate_emails: bool,
) -> Verdict:
    """What the reminder says, or why it goes no more; the candidate's only while
    CANDIDATE_EMAILS is on (as every message to a candidate)."""
    interview = source.interview
    person = next((p for p in source.participants if p.user_id == message.recipient_id), None)
    why = rules.still_due(message, interview, person is not None, now)
    if why or interview is None:
        return Verdict(skip=why or "the interview does not exist")
    to_candidate = message.expected.get("to") == CANDIDATE
    if to_candidate and not candidate_emails:
        return Verdict(skip=OFF)
    zone = zone_of(None if to_candidate else source.recipient, policy.default_zone)
    start, end = interview.scheduled_start, interview.scheduled_end
    when = when_text(start, end, zone)
    video = f"Video: {interview.video_link or '(none)'}\n"
    if to_candidate:
        return Verdict(
            Outgoing(
                message.address,
                f"Reminder: your {interview.job_title} interview, {when}",
                f"Hello {source.candidate_name},\n\nThis is a reminder of your interview for the "
                f"{interview.job_title} role.\n\nWhen: {when}\n{video}",
            )
        )
    assert person is not None
    title = f"{interview.job_title} interview with {source.candidate_name}"
    return Verdict(
        Outgoing(
            person.email,
            f"Reminder: {title}, {when}",
            f"Hello {person.name},\n\nYou are on the panel of the {title}.\n\nWhen: {when}\n"
            f"{video}Interview page: {links.interview(interview.interview_id)}\n",
        )
    )
