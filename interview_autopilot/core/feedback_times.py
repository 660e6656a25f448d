"""Does the reminder policy work? Time from an interview's end to each scorecard, by the number
of reminders its author had received before submitting it. No database, no Streamlit.

A scorecard's figures are fixed when it is first submitted: the time of that first submission
(`first_at`: an edit keeps it) and how many reminders its author had been sent by then for that
interview (`reminders_before`: the reminder log's sent reminders at or before that moment; an
edit keeps it too). Feedback stored before these were kept counts from its own time and with no
reminder.

Each scorecard adds to the week of its interview's end (the Monday of the UTC day), in the
group of its reminder count (REMINDER_GROUPS, the last open-ended): one scorecard, its seconds
after the end (0 when given before the end), and whether it came within 24 h and 48 h. Every
figure is an integer sum, so a store can keep it by the write path (Cassandra: counters, -1 x
the state before, +1 x the state after) or add it up when asked (SQLite), alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .models import Feedback, to_utc

REMINDER_GROUPS = ("0", "1", "2", "3", "4", "5+")
SCORECARDS, SECONDS, WITHIN_24H, WITHIN_48H = "scorecards", "seconds", "in_24h", "in_48h"
METRICS = (SCORECARDS, SECONDS, WITHIN_24H, WITHIN_48H)
DAY = 24 * 3600


def reminders_before(sent: Iterable[datetime], moment: datetime) -> int:
    """How many of the reminders sent at `sent` had gone by `moment`."""
    at = to_utc(moment)
    return sum(1 for s in sent if to_utc(s) <= at)


def first_submission(old: Feedback | None, new: Feedback, sent: Iterable[datetime]) -> Feedback:
    """`new` with the figures of its first submission: `old`'s when it edits one (feedback
    kept before these existed: its time, the reminders sent by then), else its own."""
    if old is None:
        return replace(
            new,
            first_at=new.submitted_at,
            reminders_before=reminders_before(sent, new.submitted_at),
        )
    first = old.first_at or old.submitted_at
    count = old.reminders_before
    if count is None:
        count = reminders_before(sent, first)
    return replace(new, first_at=first, reminders_before=count)


def group_of(reminders: int) -> str:
    return REMINDER_GROUPS[min(max(reminders, 0), len(REMINDER_GROUPS) - 1)]


def week_of(moment: datetime) -> str:
    """The Monday of `moment`'s UTC day, 'YYYY-MM-DD'."""
    day = to_utc(moment).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def contributions(end: datetime, f: Feedback) -> dict[tuple[str, str], int]:
    """What one scorecard adds: (week of the end, 'group|metric') -> n (zeros left out)."""
    first = f.first_at or f.submitted_at
    seconds = max(0, int(to_utc(first).timestamp()) - int(to_utc(end).timestamp()))
    group = group_of(f.reminders_before or 0)
    week = week_of(end)
    out = {
        (week, f"{group}|{SCORECARDS}"): 1,
        (week, f"{group}|{SECONDS}"): seconds,
        (week, f"{group}|{WITHIN_24H}"): int(seconds <= DAY),
        (week, f"{group}|{WITHIN_48H}"): int(seconds <= 2 * DAY),
    }
    return {k: n for k, n in out.items() if n}


@dataclass(frozen=True)
class Cell:
    """One week and reminder group's figures."""

    scorecards: int = 0
    seconds: int = 0
    in_24h: int = 0
    in_48h: int = 0

    @property
    def mean_hours(self) -> float | None:
        return self.seconds / 3600 / self.scorecards if self.scorecards else None

    def plus(self, other: Cell) -> Cell:
        return Cell(
            self.scorecards + other.scorecards,
            self.seconds + other.seconds,
            self.in_24h + other.in_24h,
            self.in_48h + other.in_48h,
        )


def cells(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], Cell]:
    """(week, group) -> Cell from the chart's counts ((week, 'group|metric') -> n)."""
    sums: dict[tuple[str, str], dict[str, int]] = {}
    for (week, key), n in counts.items():
        group, _, metric = key.partition("|")
        if group in REMINDER_GROUPS and metric in METRICS:
            sums.setdefault((week, group), {})[metric] = n
    return {
        k: Cell(v.get(SCORECARDS, 0), v.get(SECONDS, 0), v.get(WITHIN_24H, 0), v.get(WITHIN_48H, 0))
        for k, v in sums.items()
        if v.get(SCORECARDS, 0)
    }
