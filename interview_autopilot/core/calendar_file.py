"""A person's busy times read from an iCalendar (.ics) file: every event with its repeats
expanded, as busy blocks (availability.py). No Streamlit, no driver."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import icalendar
import recurring_ical_events

from .availability import (
    BLOCKS,
    CALENDAR,
    IMPORT_DAYS,
    LONGEST_BLOCK,
    MAX_TITLE,
    BusyBlock,
    check_block,
)
from .errors import ValidationError
from .models import to_utc


def calendar_blocks(
    data: bytes, person_id: uuid.UUID, now: datetime, zone: tzinfo, days: int = IMPORT_DAYS
) -> list[BusyBlock]:
    """The busy times of an iCalendar file from today (in `zone`) to `days` ahead: every event
    with its repeats expanded (RRULE, RDATE, EXDATE and moved occurrences), less those marked
    free (TRANSP:TRANSPARENT) or cancelled. An all-day event, or a time without a zone, is read
    in `zone` (the person's). ValidationError when the file is not a calendar."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise ValidationError(
            "calendar", f"That file is not an iCalendar (.ics) file: {exc}"
        ) from None
    first = datetime.combine(to_utc(now).astimezone(zone).date(), time(), zone)
    last = first + timedelta(days=days)
    try:
        events = recurring_ical_events.of(calendar).between(first, last)
    except Exception as exc:  # the library raises its own errors for broken repeats
        raise ValidationError(
            "calendar", f"The calendar's events could not be read: {exc}"
        ) from None
    blocks = []
    for event in events:
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start, end = _moment(event.get("DTSTART"), zone), _moment(event.get("DTEND"), zone)
        if start is None:
            continue
        if end is None:
            duration = event.get("DURATION")
            end = start + (duration.dt if duration else timedelta(days=1 if _all_day(event) else 0))
        if end <= start:
            continue
        end = min(end, start + LONGEST_BLOCK)
        uid = str(event.get("UID", "")) or f"{start.isoformat()}|{event.get('SUMMARY', '')}"
        key = f"{person_id}|{uid}|{to_utc(start).isoformat()}"
        title = " ".join(str(event.get("SUMMARY", "")).split())[:MAX_TITLE] or "Busy"
        blocks.append(
            check_block(BusyBlock(person_id, uuid.uuid5(BLOCKS, key), start, end, title, CALENDAR))
        )
    return sorted(blocks, key=lambda b: (b.start, b.block_id))


def _all_day(event: icalendar.Event) -> bool:
    value = event.get("DTSTART")
    return value is not None and not isinstance(value.dt, datetime)


def _moment(value: object, zone: tzinfo) -> datetime | None:
    if value is None:
        return None
    moment = getattr(value, "dt", None)
    if isinstance(moment, datetime):
        return to_utc(moment if moment.tzinfo else moment.replace(tzinfo=zone))
    if isinstance(moment, date):
        return datetime.combine(moment, time(), zone).astimezone(UTC)
    return None
