"""The Schedule form's warnings for a time typed by hand, which the recruiter confirms before it
is booked: each person on their weekend or outside the working hours of their profile, busy (a
block), or over an interview limit then. The same reasons refuse a slot taken from "Find times"
or a self-scheduling link outright (features/find_times.py), and a move to a new time. The
limits are held again inside the write (core/load_caps.py). No Streamlit here.
"""

from __future__ import annotations

import uuid
from datetime import datetime, tzinfo

from ..core.availability import NotAvailable
from ..core.formatting import zone_name
from ..core.models import Interview, InterviewStatus
from ..store.base import Store
from . import find_times, scheduling, working_hours


def hours_warnings(
    store: Store, people: list[uuid.UUID], start: datetime, end: datetime, picked_in: tzinfo
) -> list[str]:
    """One line per person on their weekend or outside the hours of their profile (in their
    zone)."""
    if end <= start or not people:
        return []
    users = [u for u in (store.get_user(p) for p in dict.fromkeys(people)) if u is not None]
    return working_hours.outside_hours(users, start, end, picked_in)


def busy_warnings(
    store: Store,
    people: list[uuid.UUID],
    start: datetime,
    end: datetime,
    defaults: find_times.Defaults,
    picked_in: tzinfo,
) -> list[str]:
    """One line per person busy (a block) or over an interview limit then (times in
    `picked_in`)."""
    if end <= start or not people:
        return []
    return [
        f"{why} ({zone_name(picked_in)})." if ": busy " in why else f"{why}."
        for why in find_times.broken(store, people, start, end, defaults, picked_in, hours=False)
    ]


def refuse_unconfirmed(
    store: Store,
    people: list[uuid.UUID],
    start: datetime,
    end: datetime,
    defaults: find_times.Defaults,
    picked_in: tzinfo,
) -> None:
    """NotAvailable with the form's lines when a time typed by hand has any (the form's
    "Book anyway" was not ticked, or they appeared since the page was drawn)."""
    lines = hours_warnings(store, people, start, end, picked_in)
    lines += busy_warnings(store, people, start, end, defaults, picked_in)
    if lines:
        raise NotAvailable(
            lines,
            "Not booked: "
            + " ".join(lines)
            + " Tick “Book anyway” to confirm, or pick another time.",
        )


def reschedule(
    store: Store,
    interview_id: uuid.UUID,
    start: datetime,
    end: datetime,
    defaults: find_times.Defaults,
    shown_in: tzinfo,
    actor: uuid.UUID | None = None,
) -> Interview:
    """Move a scheduled interview, held to the rules of a booking: NotAvailable naming each
    participant off their hours, busy (a block) or over a limit at the new time (the
    interview itself not counted; times in `shown_in`), nothing written; then the move, which
    holds the limits again inside its write (OverLimit) and claims the new time's seats."""
    current = store.get_interview(interview_id)
    people: list[uuid.UUID] = []
    if (
        current is not None
        and current.status is InterviewStatus.SCHEDULED
        and isinstance(start, datetime)
        and isinstance(end, datetime)
        and start < end
    ):
        people = [p.user_id for p in store.list_participants(interview_id)]
        reasons = find_times.broken(
            store, people, start, end, defaults, shown_in, exclude=interview_id
        )
        if reasons:
            raise NotAvailable(reasons, scheduling.not_moved(reasons))
    caps = find_times.caps_of(store, people, defaults)
    return scheduling.reschedule(store, interview_id, start, end, actor=actor, caps=caps)
