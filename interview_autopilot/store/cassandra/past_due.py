"""The past-due list on Cassandra: scheduled interviews that started before now, newest first.

Walking interviews_by_status backwards from now would meet, in today's partition, a row
tombstone for every interview of the day that already moved on (completed as the day went by),
however few are really past due. Instead the ids come from the storage-attached indexes of the
source's static `status` and `scheduled_start` (a status change overwrites a cell: nothing to
walk over), a window of time at a time, newest first, until the page is filled; the page's rows
are then read from interviews_by_status by their full key, in flight together.

A lookup's cost grows with the span of its start range (the start index yields every interview
in it, whatever its status, to intersect with the status index) and with the ids it finds (a
partition read each; docs/benchmarks.md has the traced figures). So the windows follow the day
counts (read first, one small read): on now's day, whose count includes what is not due yet,
back from the cursor over 1, 2, 4, ... hours; before it, only the days whose count holds
scheduled interviews, as many at once (concurrently) as the page still needs, a day holding more
than twice that sliced to its newest part in proportion to its count. Like the walk, this trusts
the day counts (the doctor repairs a lost one). With CAP or more past due before now's day (a
backlog nobody cleared), the list falls back to the bucket walk, which orders any number: the
day counts decide that first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ...core.models import InterviewPage, InterviewStatus, PageCursor, day_bucket, to_utc
from . import rows
from .lists import list_by_status
from .session import PreparedSession
from .windows import DAY, MS, SLACK, Window, look_up, midnight, order_key, rows_by_key

__all__ = ["CAP", "Timeline", "list_past_due", "order_key"]
CAP = 1000  # past-due ids (before now's day, or in one window) that send the list to the walk
COUNT_DAYS = 5000  # day counts summed before choosing (13 years of days)
SCHEDULED = InterviewStatus.SCHEDULED
FIRST_LOOK = timedelta(hours=1)  # the first window back from a cursor on now's day


@dataclass
class Timeline:
    """What is left to look up before the cursor, newest first: the rest of now's day when the
    cursor is on it (its count includes what is not due yet: how many are due is unknown), then
    the days before it that hold scheduled interviews, by their counts."""

    last: datetime | None  # the newest start left to look up (None: nothing left)
    today: datetime  # the midnight starting now's day
    days: list[tuple[datetime, int]]  # (midnight, scheduled count) of days before, newest first
    span: timedelta = field(default=FIRST_LOOK)

    def __post_init__(self) -> None:
        self._settle()

    def windows(self, wanted: int) -> list[Window]:
        """The next windows to look up (together) for `wanted` more ids; [] when done."""
        if self.last is None:
            return []
        if self.last >= self.today:  # looking back twice as far as the last time
            first = max(self.today, self.last - self.span)
            self.span *= 2
            return [self._take(first)]
        out: list[Window] = []
        while self.last is not None and wanted > 0:
            midnight, count = self.days[0]
            left = count * ((self.last + MS - midnight) / DAY)  # as if spread over the day
            if left > 2 * wanted:  # a busy day: its newest part, sized by its count
                out.append(
                    self._take(max(midnight, to_utc(self.last - DAY * (2 * wanted / count))))
                )
                break
            out.append(self._take(midnight))
            wanted -= max(int(left), 1)
        return out

    def _take(self, first: datetime) -> Window:
        """The window from `first` to the newest start left; the timeline moves before it."""
        assert self.last is not None
        window, self.last = (first, self.last), first - MS
        self._settle()
        return window

    def _settle(self) -> None:
        """Before now's day, skip to the newest day left that holds scheduled interviews."""
        if self.last is None or self.last >= self.today:
            return
        while self.days and self.days[0][0] > self.last:  # that day is done
            self.days.pop(0)
        self.last = min(self.last, self.days[0][0] + DAY - MS) if self.days else None


def list_past_due(
    db: PreparedSession,
    limit: int,
    after: PageCursor | None,
    now: datetime,
) -> InterviewPage:
    """`limit` past-due rows after `after` (newest first)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    cursor = after or PageCursor.until(now)
    start = to_utc(cursor.scheduled_start)
    today = midnight(day_bucket(now))
    # The day counts first (one small read): with CAP or more still scheduled on the days
    # before now's, up to the cursor's (all of them past due), the index lookups would only
    # hit their cap: walk. Now's own day is left out: its later interviews are not due yet.
    counted_to = min(today, midnight(day_bucket(start)) + DAY)
    counted = db.session.execute(
        db.ps["counts_after_desc"],
        (SCHEDULED.value, day_bucket(counted_to), COUNT_DAYS),
    )
    days = [(midnight(r["bucket"]), n) for r in counted if (n := r["n"] or 0) > 0]
    if sum(n for _, n in days) >= CAP:
        return list_by_status(db, SCHEDULED, limit, cursor)
    timeline = Timeline(start, today, days)
    bound = order_key(cursor.scheduled_start, cursor.interview_id)
    needed = limit + 1 + SLACK
    found: dict[tuple[datetime, str, str], tuple[datetime, uuid.UUID]] = {}
    while len(found) < needed and (windows := timeline.windows(needed - len(found))):
        for ids in look_up(db, windows, CAP):
            if len(ids) >= CAP:  # a backlog after all: the walk orders any number of them
                return list_by_status(db, SCHEDULED, limit, cursor)
            found |= {k: (s, i) for s, i in ids if (k := order_key(s, i)) < bound}
    wanted = [found[k] for k in sorted(found, reverse=True)[:needed]]
    return _read_rows(db, wanted, limit)


def _read_rows(
    db: PreparedSession,
    wanted: list[tuple[datetime, uuid.UUID]],
    limit: int,
) -> InterviewPage:
    """The list rows of `wanted` (newest first) by full key, in flight together: a page (a row
    moved on since the lookup is not past due any more)."""
    page = [rows.summary(row, SCHEDULED) for row in rows_by_key(db, wanted)]
    more = len(page) > limit
    page = page[:limit]
    next_cursor = PageCursor(page[-1].scheduled_start, page[-1].interview_id) if more else None
    return InterviewPage(page, next_cursor)
