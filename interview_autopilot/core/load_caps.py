"""A person's interview limits as a booking's write holds them (docs/scheduling.md).

Finding times and the rechecks read a person's load before the write; two bookers at the same
moment can both read "4 of 5 this week". So a booking (and a move) hands the store one `LoadCap`
per participant whose limits it must respect, and the store counts that person's interviews of
the week and the day inside the write itself (SQLite: the write transaction; Cassandra: the
person's load claims of the week, compared and set, store/cassandra/load_claims.py). The
count is the one finding times makes: scheduled and completed interviews starting in the
person's own day and ISO week (their zone). `OverLimit` names each person over, as finding
times words it. No driver, no Streamlit.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from .availability import NotAvailable
from .models import to_utc


@dataclass(frozen=True)
class LoadCap:
    """`person_id` (`name` in a refusal) may have `daily` interviews a day and `weekly` a
    week, the days and weeks of `zone`."""

    person_id: uuid.UUID
    name: str
    zone: tzinfo
    daily: int
    weekly: int


class OverLimit(NotAvailable):
    """A booking or a move refused inside the write: a person would be over a limit (nothing
    written). `reasons` names each, as finding times does."""


def week_of(moment: datetime, zone: tzinfo) -> date:
    """The Monday of the week `moment` falls in, in `zone` (the key of the week's count)."""
    local = to_utc(moment).astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def week_span(moment: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The week of `moment` in `zone`, from Monday 00:00 to the next, in UTC."""
    monday = week_of(moment, zone)
    return (
        to_utc(datetime.combine(monday, time(), zone)),
        to_utc(datetime.combine(monday + timedelta(days=7), time(), zone)),
    )


def weeks_near(moment: datetime) -> list[date]:
    """Every Monday that can key `moment`'s week in some zone (UTC-12 to UTC+14): the weeks a
    release looks in without knowing the zone its claim was made in."""
    utc = to_utc(moment)
    days = {(utc + timedelta(hours=h)).date() for h in (-12, 0, 14)}
    return sorted({d - timedelta(days=d.weekday()) for d in days})


def over(cap: LoadCap, start: datetime, others: Iterable[datetime]) -> str | None:
    """Why one more interview at `start` puts `cap`'s person over a limit, `others` being the
    starts of their other interviews; None when it does not."""
    local = to_utc(start).astimezone(cap.zone)
    week, day = local.isocalendar()[:2], local.date()
    local_others = [to_utc(o).astimezone(cap.zone) for o in others]
    week_count = sum(1 for o in local_others if o.isocalendar()[:2] == week)
    day_count = sum(1 for o in local_others if o.date() == day)
    if week_count + 1 > cap.weekly:
        return f"{cap.name}: over the weekly limit ({week_count} of {cap.weekly} this week)"
    if day_count + 1 > cap.daily:
        return f"{cap.name}: over the daily limit ({day_count} of {cap.daily} that day)"
    return None


def ordered(caps: Iterable[LoadCap]) -> list[LoadCap]:
    """One cap a person, in one fixed order for every booker (as the seats are claimed)."""
    return sorted({c.person_id: c for c in caps}.values(), key=lambda c: c.person_id.bytes)
