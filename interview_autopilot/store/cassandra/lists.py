"""The Interviews lists on Cassandra: keyset pages walked over day buckets, and the counts.

interviews_by_status is partitioned by (status, UTC day of scheduled_start). The days a status
has, and how many interviews each holds now, are the counter rows of interview_counts_by_bucket.
A page reads a slice of those counts, picks the days that hold the rows it still needs (plus one,
to know whether a next page exists) and reads them all at once, each with LIMIT no larger than
the day's live count: a read stops at its last live row. So a page never walks the tombstones
of interviews that moved on, and empty days (everything moved) are never read at all.

Directions: newest first (every status; the past-due scheduled ones are the same walk started at
now), or soonest first (the upcoming scheduled interviews, from now forward).

The LIMIT stops a newest-first read before the tombstones of a day's oldest rows (those that
move on first), not a soonest-first one: interviews cancelled or completed before their time
leave a block of row tombstones at the start of a scheduled day, which the ascending slice
would walk before its first live row. So the soonest-first walk also reads each day's `moved`
count (the rows written out of that partition, an upper bound on its tombstones) and, for a day
with more than MOVED_LIMIT, looks the day's ids up through the SAI indexes a window of starts
at a time and reads their rows by full key (windows.day_rows; the same rows in the same order,
but slower, as a window over moved rows still post-filters their partitions: docs/benchmarks.md
has the figures). Days with few moved keep the plain slice. A
cursor at or after the wall clock's now (less transitions.EARLY_MARGIN / 2 for the clocks'
skew) counts only `moved_early`, the rows moved before their start: one moved after its start
lies before such a cursor, out of the slice. So today's partition, whose morning completed as
it went by, keeps the plain slice for the live upcoming list; a `now` in the past (the bench's
anchor, tests) counts every moved row.
The filtered walk (interviews_by_filter) has no `moved` count and keeps the plain slice: a
filter's day partition holds tens of rows, a busy job title's a few hundred at most.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from cassandra.cluster import ResponseFuture

from ...core.filters import ListFilter
from ...core.models import (
    MAX_UUID,
    InterviewPage,
    InterviewStatus,
    PageCursor,
    day_bucket,
    to_utc,
)
from . import rows
from .rows import Row
from .session import PreparedSession
from .transitions import EARLY_MARGIN
from .windows import day_rows

COUNTS_PER_READ = 32  # day-count rows read per step of the walk
MOVED_LIMIT = 100  # rows moved out of a day above which the soonest-first walk looks ids up
Day = tuple[str, int, int]  # (bucket, live count, moved count that matters to the walk)
MIN_UUID = uuid.UUID(int=0)
MIN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
_END = datetime(2200, 1, 1, tzinfo=UTC)  # after every valid start (validation caps at 2100)


@dataclass
class _Walk:
    """One page read: its direction and where it starts.
    `prefix` () walks interviews_by_status; a filter's (kind, value) walks interviews_by_filter
    (its partitions keyed by the prefix, then the status and the day)."""

    db: PreparedSession
    status: InterviewStatus
    ascending: bool
    prefix: tuple[str, ...] = ()
    early_only: bool = False  # the walk starts at or after the wall clock's now

    @property
    def family(self) -> str:
        """The statements' name prefix (statements._WALK)."""
        return "filter_" if self.prefix else ""

    @property
    def key(self) -> tuple[str, ...]:
        """The partition key of a day, without the day."""
        return (*self.prefix, self.status.value)

    def run(self, name: str, *params: object) -> list[Row]:
        return list(self.db.session.execute(self.db.ps[name], params))

    def counts(self, bucket: str, inclusive: bool) -> list[Day]:
        way = "asc" if self.ascending else "desc"
        name = f"{self.family}counts_{'from' if inclusive else 'after'}_{way}"
        found = self.run(name, *self.key, bucket, COUNTS_PER_READ)
        moved = "moved_early" if self.early_only else "moved"
        return [(r["bucket"], r["n"] or 0, r.get(moved) or 0) for r in found]

    def page(self, cursor: PageCursor, limit: int) -> tuple[list[Row], bool]:
        """Up to `limit` rows after `cursor`; and whether more rows follow."""
        found: list[Row] = []
        first_bucket = day_bucket(cursor.scheduled_start)
        bucket, inclusive = first_bucket, True
        key = (to_utc(cursor.scheduled_start), cursor.interview_id)
        self.early_only = key[0] >= datetime.now(UTC) - EARLY_MARGIN / 2
        while len(found) <= limit:
            counts = self.counts(bucket, inclusive)
            if not counts:
                break
            want = limit + 1 - len(found)
            chosen: list[Day] = []
            expected, stopped_early = 0, False
            for b, n, moved in counts:
                if n > 0:
                    chosen.append((b, n, moved))
                    if b != first_bucket:  # the cursor's day may hold fewer after the cursor
                        expected += n
                if expected >= want:
                    stopped_early = True
                    break
            futures = [  # the plain slices in flight first; a looked-up day is None here
                None if self._looked_up(moved) else self._read(b, n, want, self._after(b, key))
                for b, n, moved in chosen
            ]
            for (b, n, moved), future in zip(chosen, futures, strict=True):
                if future is None:
                    after = self._after(b, key)
                    found += day_rows(self.db, b, n, want, after, moved)
                    continue
                found += list(future.result())
            if not stopped_early and len(counts) < COUNTS_PER_READ:
                break  # every remaining day was read
            bucket = chosen[-1][0] if stopped_early else counts[-1][0]
            inclusive = False
        return found[:limit], len(found) > limit

    def _looked_up(self, moved: int) -> bool:
        """Whether a day's ids come from the SAI lookup (soonest first, many moved)."""
        return self.ascending and not self.prefix and moved > MOVED_LIMIT

    def _after(
        self, bucket: str, key: tuple[datetime, uuid.UUID]
    ) -> tuple[datetime, uuid.UUID] | None:
        """Where a day's read starts: after the cursor on its day, else from the day's start."""
        return key if bucket == day_bucket(key[0]) else None

    def _read(
        self, bucket: str, live: int, want: int, key: tuple[datetime, uuid.UUID] | None
    ) -> ResponseFuture:
        """One day's rows after `key` (or from its start), at most its live count."""
        if key is None:
            key = (MIN_TIME, MIN_UUID) if self.ascending else (_END, MAX_UUID)
        name = self.family + ("page_asc" if self.ascending else "page_desc")
        params = (*self.key, bucket, *key, min(live, want))
        return self.db.session.execute_async(self.db.ps[name], params)


def list_by_status(
    db: PreparedSession,
    status: InterviewStatus,
    limit: int,
    after: PageCursor | None,
) -> InterviewPage:
    """`limit` rows of `status` after `after`, newest first."""
    return _page(_Walk(db, status, False), limit, after or PageCursor(_END, MAX_UUID))


def list_upcoming(
    db: PreparedSession,
    limit: int,
    after: PageCursor | None,
    now: datetime,
) -> InterviewPage:
    """Scheduled interviews from `now` on (or after `after`), soonest first."""
    walk = _Walk(db, InterviewStatus.SCHEDULED, True)
    return _page(walk, limit, after or PageCursor(to_utc(now), MIN_UUID))


def _page(walk: _Walk, limit: int, cursor: PageCursor) -> InterviewPage:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    found, more = walk.page(cursor, limit)
    page = [rows.summary(r, walk.status) for r in found]
    next_cursor = PageCursor(page[-1].scheduled_start, page[-1].interview_id) if more else None
    return InterviewPage(page, next_cursor)


def list_filtered(
    db: PreparedSession,
    list_filter: ListFilter,
    status: InterviewStatus,
    limit: int,
    after: PageCursor | None,
) -> InterviewPage:
    """`limit` rows of `status` under `list_filter` after `after`, newest first."""
    walk = _Walk(db, status, False, (list_filter.kind, list_filter.value))
    return _page(walk, limit, after or PageCursor(_END, MAX_UUID))


def list_upcoming_filtered(
    db: PreparedSession,
    list_filter: ListFilter,
    limit: int,
    after: PageCursor | None,
    now: datetime,
) -> InterviewPage:
    """Scheduled interviews under `list_filter` from `now` on, soonest first."""
    prefix = (list_filter.kind, list_filter.value)
    walk = _Walk(db, InterviewStatus.SCHEDULED, True, prefix)
    return _page(walk, limit, after or PageCursor(to_utc(now), MIN_UUID))


def count_filtered(db: PreparedSession, list_filter: ListFilter) -> dict[InterviewStatus, int]:
    """Interviews per status under `list_filter`: the sum of each status's day counts (one
    partition read per status, a row per day that had the filter and status, all in flight)."""
    futures = {
        status: db.session.execute_async(
            db.ps["filter_counts_all"], (list_filter.kind, list_filter.value, status.value)
        )
        for status in InterviewStatus
    }
    return {
        status: max(sum(int(r["n"] or 0) for r in future.result()), 0)
        for status, future in futures.items()
    }


def count_past_due_and_upcoming(
    db: PreparedSession, now: datetime, list_filter: ListFilter | None = None
) -> tuple[int, int]:
    """Scheduled interviews starting at or before `now` and at or after it (under
    `list_filter`): the later days' counts, now's day counted past now (its slice meets only
    the tombstones of rows moved before their start), the rest of the scheduled count before.
    The day counts' row per day after now's, a few hundred at most; no walk of the lists."""
    moment = to_utc(now)
    today = day_bucket(moment)
    family, key = ("filter_", (list_filter.kind, list_filter.value)) if list_filter else ("", ())
    key = (*key, InterviewStatus.SCHEDULED.value)
    later = db.session.execute_async(db.ps[family + "counts_later"], (*key, today))
    after = db.session.execute_async(db.ps[family + "count_after"], (*key, today, moment, MAX_UUID))
    at = db.session.execute_async(db.ps[family + "count_at"], (*key, today, moment))
    if list_filter is None:
        total = count_by_status(db)[InterviewStatus.SCHEDULED]
    else:
        total = count_filtered(db, list_filter)[InterviewStatus.SCHEDULED]
    ahead = sum(max(int(r["n"] or 0), 0) for r in later.result())
    ahead += int(after.result().one()["n"])
    starting = int(at.result().one()["n"])
    return max(total - ahead, 0), ahead + starting


def count_by_status(db: PreparedSession) -> dict[InterviewStatus, int]:
    """Interviews per status from the four counter rows: one read, whatever the volume."""
    totals = dict.fromkeys(InterviewStatus, 0)
    for row in db.rows("status_counts"):
        try:
            totals[InterviewStatus(row["status"])] = max(int(row["n"] or 0), 0)
        except ValueError:
            continue  # a status this version does not know
    return totals
