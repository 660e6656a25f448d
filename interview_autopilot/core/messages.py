"""What each autopilot message says, and whether the source still calls for it when it goes.

A message records what it announces (`Message.expect`: the interview's start, end and status it
was queued for). Before sending, the worker re-reads the interview; the message goes only if
the interview still says that. A message queued just before a write that did not happen (the
app server died, the write was refused) finds the source unchanged: it waits while young
(the write may still be landing) and is skipped after LANDING, never sent.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import invites
from .formatting import local_span
from .models import Interview, InterviewStatus, Participant, User, to_utc
from .outbox import Channel, Kind, Message, message_id

LANDING = timedelta(minutes=2)  # how long a queued message waits for its write to be visible


@dataclass(frozen=True)
class Outgoing:
    """One message as a channel sends it."""

    to: str  # an email address ('' for Slack)
    subject: str
    body: str
    ics: bytes | None = None
    ics_method: str = ""  # REQUEST or CANCEL


@dataclass(frozen=True)
class Source:
    """What the worker re-read before sending."""

    interview: Interview | None
    participants: list[Participant] = field(default_factory=list)
    candidate_name: str = ""
    moves: int = 0  # the times the interview moved (its schedule audit entries)
    recipient: User | None = None
    feedback_from: frozenset[uuid.UUID] = frozenset()
    assess: tuple[str, ...] = ()  # the focus attributes of the interview's kit (none: no kit)


@dataclass(frozen=True)
class Verdict:
    outgoing: Outgoing | None = None
    skip: str = ""  # not sent, and never will be: why
    wait: str = ""  # not yet: try again later
    until: datetime | None = None  # with `wait`: when (else after the policy's retry wait)


@dataclass(frozen=True)
class Links:
    app_url: str  # e.g. http://localhost:8501
    sender: str  # the From address (and the invite's organizer)

    def interview(self, interview_id: uuid.UUID) -> str:
        return f"{self.app_url.rstrip('/')}/interview?interview={interview_id}"

    def feedback(self, interview_id: uuid.UUID) -> str:
        return f"{self.app_url.rstrip('/')}/feedback?interview={interview_id}"


def when_text(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """'Fri 12 Mar 2027, 14:00–15:00 (Europe/Berlin)': a message's time, in the reader's zone."""
    return f"{local_span(start, end, zone)} ({zone.key})"


def zone_of(user: User | None, default: str = "UTC") -> ZoneInfo:
    """A person's time zone (their profile's, else `default`, else UTC)."""
    for name in (user.time_zone if user else "", default, "UTC"):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def expect_of(interview: Interview) -> str:
    """What an invite or cancellation announces: the interview as the write leaves it."""
    return json.dumps(
        {
            "start": to_utc(interview.scheduled_start).isoformat(),
            "end": to_utc(interview.scheduled_end).isoformat(),
            "status": interview.status.value,
        },
        sort_keys=True,
    )


def _announced(interview: Interview) -> dict[str, str]:
    return dict(json.loads(expect_of(interview)))


def panel_event(
    interview: Interview, source: Source, links: Links, cancelled: bool = False
) -> invites.InviteEvent:
    """The interview as one calendar event for its panel (the invites, and "Add to calendar"
    on its page): the same UID always, SEQUENCE the times it moved (one more once cancelled),
    the interview page and the kit's focus attributes in its description."""
    page = links.interview(interview.interview_id)
    description = f"Interview page: {page}"
    if source.assess:
        description += f"\nWhat to assess: {', '.join(source.assess)}"
    return invites.InviteEvent(
        interview.interview_id,
        f"{interview.job_title} interview with {source.candidate_name}",
        interview.scheduled_start,
        interview.scheduled_end,
        source.moves + (1 if cancelled else 0),
        links.sender,
        tuple(invites.Attendee(p.name, p.email) for p in source.participants),
        interview.video_link,
        page,
        description,
        cancelled,
    )


def invite_verdict(message: Message, source: Source, now: datetime, links: Links) -> Verdict:
    """An invite (or cancellation) goes only while the interview says what it announces."""
    interview = source.interview
    young = message.created_at is not None and to_utc(now) - message.created_at < LANDING
    if interview is None or _announced(interview) != message.expected:
        if young:
            return Verdict(wait="the change it announces is not visible yet")
        if interview is None:
            return Verdict(skip="the interview does not exist (the booking was not made)")
        return Verdict(skip="the interview changed since: a newer message announces it")
    person = next((p for p in source.participants if p.user_id == message.recipient_id), None)
    if person is None:
        return Verdict(skip="the recipient is no longer on the panel")
    cancelled = message.kind is Kind.CANCEL
    zone = zone_of(source.recipient)
    when = when_text(interview.scheduled_start, interview.scheduled_end, zone)
    event = panel_event(interview, source, links, cancelled)
    title = event.summary
    if cancelled:
        subject = f"Cancelled: {title}, {when}"
        body = f"Hello {person.name},\n\nThe {title} on {when} is cancelled.\n"
    else:
        verb = "Updated invitation" if source.moves else "Invitation"
        subject = f"{verb}: {title}, {when}"
        body = (
            f"Hello {person.name},\n\nYou are on the panel of the {title}.\n\n"
            f"When: {when}\nVideo: {interview.video_link or '(none)'}\n"
            f"Interview page: {links.interview(interview.interview_id)}\n"
            + (f"What to assess: {', '.join(source.assess)}\n" if source.assess else "")
        )
    return Verdict(
        Outgoing(
            person.email,
            subject,
            body,
            invites.build_ics(event, now),
            "CANCEL" if cancelled else "REQUEST",
        )
    )


def invite_messages(
    interview: Interview,
    panel: list[User],
    now: datetime,
    sequence: int,
) -> list[Message]:
    """The invites (or, for a cancelled interview, the cancellations) of one change to every
    participant by email, due now. Their ids are new for each change (two writers of one
    change, one refused, never share a message), and the same per person within it."""
    kind = Kind.CANCEL if interview.status is InterviewStatus.CANCELLED else Kind.INVITE
    expect = expect_of(interview)
    change = uuid.uuid4()
    return [
        Message(
            message_id(kind.value, interview.interview_id, user.user_id, change, sequence),
            1,
            to_utc(now),
            kind,
            Channel.EMAIL,
            interview.interview_id,
            user.user_id,
            user.email,
            expect,
            to_utc(now),
        )
        for user in panel
    ]


def plan_message(interview: Interview, now: datetime) -> Message:
    """The reminder plan of an interview: due at its end, when the worker queues the first
    reminders and escalations under its policy (new for each change, as invites are)."""
    end = to_utc(interview.scheduled_end)
    return Message(
        message_id(Kind.PLAN.value, interview.interview_id, end.isoformat(), uuid.uuid4()),
        1,
        end,
        Kind.PLAN,
        Channel.EMAIL,
        interview.interview_id,
        None,
        "",
        json.dumps({"end": end.isoformat()}),
        to_utc(now),
    )
