"""What the candidate's email says when their interview is scheduled, moved or cancelled, and
whether it goes (the rules: core/candidate_messages.py; off unless CANDIDATE_EMAILS is on). The
texts are the templates in use (core/message_templates.py), read when the email goes."""

from __future__ import annotations

from datetime import datetime

from ...core import invites, message_templates
from ...core.message_templates import MessageTemplate, TemplateName, blank
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
from ...core.models import InterviewStatus, to_utc
from ...core.outbox import Message

OFF = "candidate emails are off (CANDIDATE_EMAILS)"


def verdict(
    message: Message,
    source: Source,
    now: datetime,
    links: Links,
    on: bool,
    zone_name: str,
    templates: dict[TemplateName, MessageTemplate],
) -> Verdict:
    if not on:
        return Verdict(skip=OFF)
    interview = source.interview
    if interview is None or expect_of(interview) != message.expect:
        if message.created_at is not None and to_utc(now) - message.created_at < LANDING:
            return Verdict(wait="the change it announces is not visible yet")
        if interview is None:
            return Verdict(skip="the interview does not exist (the booking was not made)")
        return Verdict(skip="the interview changed since: a newer message announces it")
    if interview.candidate_id != message.recipient_id:
        return Verdict(skip="the interview is with another candidate")
    cancelled = interview.status is InterviewStatus.CANCELLED
    zone = zone_of(None, zone_name)
    start, end = interview.scheduled_start, interview.scheduled_end
    when = when_text(start, end, zone)
    title = f"{interview.job_title} interview"
    event = invites.InviteEvent(
        interview.interview_id,
        title,
        start,
        end,
        source.moves + (1 if cancelled else 0),
        links.sender,
        (invites.Attendee(source.candidate_name, message.address),),
        interview.video_link,
        "",
        "",
        cancelled,
    )
    name = TemplateName.CANCELLED if cancelled else TemplateName.MOVED
    if not cancelled and not source.moves:
        name = TemplateName.SCHEDULED
    values = {
        "candidate_name": source.candidate_name,
        "job_title": interview.job_title,
        "when": when,
        "video_link": interview.video_link or "(none)",
    }
    subject, body = message_templates.written(templates.get(name, blank(name)), values)
    return Verdict(
        Outgoing(
            message.address,
            subject,
            body,
            invites.build_ics(event, now),
            "CANCEL" if cancelled else "REQUEST",
        )
    )
