"""Scorecards due: who owes feedback (the Scorecards page), how many for the navigation's
title, and the reminder to paste in Slack."""

from __future__ import annotations

import uuid
from datetime import datetime

from ...core.errors import ConfigError, StoreError, ValidationError
from ...core.formatting import local_time, zone_name
from ...core.reminder_log import ReminderLine, last_line
from ...features import scorecards
from ...features.scorecards import PersonDue
from ._cache import cached_read
from .backend import _STORE_READY, _store, get_store, load_settings
from .moment import _minute, viewer_zone


def scorecard_due_hours() -> float:
    """SCORECARD_DUE_HOURS, validated (ConfigError naming it when not a positive number)."""
    return load_settings().number("SCORECARD_DUE_HOURS")


def scorecards_due() -> list[PersonDue]:
    """Who owes feedback, grouped by person, most overdue first (reads cached for a minute)."""
    get_store()
    return _scorecards_due(_minute(), scorecard_due_hours())


@cached_read
def _scorecards_due(minute: str, hours: float) -> list[PersonDue]:
    return scorecards.scorecards_due(_store(), datetime.fromisoformat(minute), hours)


def last_reminders(due: list[PersonDue]) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    """The last reminder each person on the board got for each item, as the viewer reads it
    (in their zone). Read apart from the board (which the navigation's count reads on every
    page), cached for a minute like it."""
    ids = tuple(sorted({str(i.interview_id) for p in due for i in p.items}))
    lines = _last_reminders(_minute(), ids) if ids else {}
    zone = viewer_zone()
    return {
        (i.interview_id, p.user_id): last_line(lines.get((i.interview_id, p.user_id)), zone)
        for p in due
        for i in p.items
    }


@cached_read
def _last_reminders(
    minute: str, ids: tuple[str, ...]
) -> dict[tuple[uuid.UUID, uuid.UUID], ReminderLine]:
    return scorecards.last_reminders(_store(), [uuid.UUID(i) for i in ids])


def scorecards_count() -> int | None:
    """How many scorecards are due, for the navigation; None when it cannot be known now.
    Every full rerun asks (the navigation's title), so the number itself is cached: a cached
    list of every person due would be copied (unpickled) on each rerun only to be counted."""
    try:
        get_store()
        return _scorecards_count(_minute(), scorecard_due_hours())
    except (ConfigError, StoreError, ValidationError):
        return None


@cached_read
def _scorecards_count(minute: str, hours: float) -> int:
    return sum(len(p.items) for p in _scorecards_due(minute, hours))


def reminder_text(person: PersonDue) -> str:
    """The reminder to paste in Slack, times in the viewer's zone."""
    zone = viewer_zone()
    local = {i.interview_id: local_time(i.ended_at, zone) for i in person.items}
    return scorecards.reminder(person, zone_name(zone), local)


def scorecards_title() -> str:
    """The navigation entry, with the number of scorecards due once the store has answered in
    this process (before that, and when the count fails, the plain title: app.py shows why)."""
    n = scorecards_count() if _STORE_READY.is_set() else None
    return "Scorecards due" if not n else f"Scorecards due ({n})"
