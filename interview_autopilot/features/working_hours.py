"""Whether a proposed time falls inside each panel member's working hours, in their own zone
(their profile's `time_zone` and `working_hours`), Monday to Friday. A person without a zone
is judged in the zone the time was picked in; one without working hours is not judged (the
Schedule page's weekend hint still shows for the day picked).
The Schedule page shows one line per person outside their hours and asks for a confirmation."""

from __future__ import annotations

from datetime import datetime, tzinfo

from ..core.formatting import local_span, zone_name
from ..core.messages import zone_of
from ..core.models import User


def hours_of(user: User) -> tuple[int, int] | None:
    """A profile's working hours ('09:00-17:30') as minutes after midnight (start, end; 24:00
    is 1440); None when not set."""
    if not user.working_hours:
        return None
    return tuple(_minutes(part) for part in user.working_hours.split("-", 1))  # type: ignore[return-value]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def outside_hours(
    users: list[User], start: datetime, end: datetime, picked_in: tzinfo
) -> list[str]:
    """One plain line per person for whom [start, end) is on their weekend or outside their
    working hours, naming them and the time as it is for them."""
    lines = []
    for user in users:
        hours = hours_of(user)
        if hours is None:
            continue  # no hours in their profile: nothing known of when they work
        zone = zone_of(user, zone_name(picked_in))
        s, e = start.astimezone(zone), end.astimezone(zone)
        there = f"{local_span(s, e, zone)} for them ({zone_name(zone)})"
        if s.weekday() >= 5:
            lines.append(f"{user.name}: {there} is on their weekend ({s:%A}).")
            continue
        midnight = s.replace(hour=0, minute=0, second=0, microsecond=0)
        first = (s - midnight).total_seconds() / 60
        last = (e - midnight).total_seconds() / 60
        if first < hours[0] or last > hours[1]:
            lines.append(
                f"{user.name}: {there} is outside their working hours ({user.working_hours})."
            )
    return lines
