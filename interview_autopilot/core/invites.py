"""Calendar invites (.ics, RFC 5545) built with the icalendar library.

One interview is one event: its UID never changes, its SEQUENCE is the number of times it moved
(and one more when it is cancelled), so a calendar replaces the event it holds rather than
adding a second. Times are written in UTC (`...Z`): a participant's calendar shows them in its
own zone, right on either side of a daylight-saving change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from .models import to_utc

PRODID = "-//Interview Autopilot//Invites//EN"
UID_DOMAIN = "interview-autopilot"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class InviteEvent:
    interview_id: uuid.UUID
    summary: str
    start: datetime
    end: datetime
    sequence: int
    organizer: str  # an email address
    attendees: tuple[Attendee, ...]
    location: str = ""  # the video link
    url: str = ""  # the interview page
    description: str = ""
    cancelled: bool = False


def uid_of(interview_id: uuid.UUID) -> str:
    """The event's UID: the same for every message about one interview."""
    return f"{interview_id}@{UID_DOMAIN}"


def build_ics(event: InviteEvent, stamp: datetime) -> bytes:
    """The calendar (METHOD:REQUEST, or METHOD:CANCEL when `event.cancelled`) as bytes."""
    # Imported here: every store and writer process loads this module (the messages a write
    # queues name their invite), and only the worker that sends one needs the library.
    from icalendar import Calendar, Event, vCalAddress, vText

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if event.cancelled else "REQUEST")
    item = Event()
    item.add("uid", uid_of(event.interview_id))
    item.add("sequence", event.sequence)
    item.add("dtstamp", to_utc(stamp))
    item.add("dtstart", to_utc(event.start))
    item.add("dtend", to_utc(event.end))
    item.add("summary", event.summary)
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.location:
        item.add("location", event.location)
    if event.url:
        item.add("url", event.url)
    if event.description:
        item.add("description", event.description)
    organizer = vCalAddress(f"mailto:{event.organizer}")
    organizer.params["cn"] = vText("Interview Autopilot")
    item["organizer"] = organizer
    for person in event.attendees:
        who = vCalAddress(f"mailto:{person.email}")
        who.params["cn"] = vText(person.name)
        who.params["role"] = vText("REQ-PARTICIPANT")
        who.params["partstat"] = vText("NEEDS-ACTION")
        item.add("attendee", who, encode=False)
    cal.add_component(item)
    return bytes(cal.to_ical())
