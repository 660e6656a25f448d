"""Scheduled interviews looked up through the SAI indexes, a window of start times at a time.

The source's static `status` and `scheduled_start` are indexed (cql/schema.cql): a status change
overwrites a cell, so a lookup never meets the row tombstones that interviews_by_status keeps
where a row moved out. The ids found are sorted in clustering order (`order_key`) and their rows
read from interviews_by_status by full key (a read of one row meets no other row's tombstone).
The past-due list (past_due.py) looks back from now; the upcoming walk (lists.py) looks forward
through a day whose `moved` count says a plain slice could meet many tombstones (`day_rows`).

A lookup's cost grows with the span of its window (the start index yields every interview in it,
whatever its status) and with the ids it finds: past_due.py has the figures. So `day_rows` starts
with the span that should hold the rows it needs were the day's live rows spread evenly over it,
and doubles it, window after window, until it has them or the day is over. A window expected to
hold more than PIECE of the day's interviews (live and moved, spread evenly) is looked up in
pieces of about PIECE each, in flight together: each piece is a shorter index read, and the
node works on them side by side.
"""

from __future__ import annotations

import itertools
import math
import uuid
from datetime import UTC, datetime, timedelta

from ...core.models import InterviewStatus, day_bucket, to_utc
from .rows import Row
from .session import PreparedSession

SCHEDULED = InterviewStatus.SCHEDULED
DAY = timedelta(days=1)
MS = timedelta(milliseconds=1)  # timestamps are stored to the millisecond
SLACK = 8  # rows read beyond those needed, for those that moved on since the lookup
DAY_LIMIT = 20_000  # ids one window may return: more than a day partition holds (10k bound)
PIECE = 128  # a day's interviews one lookup is expected to post-filter, at most
Window = tuple[datetime, datetime]  # (first, last) start looked up, both included
Key = tuple[datetime, uuid.UUID]  # (scheduled_start, interview_id)


def order_key(start: datetime, interview_id: uuid.UUID) -> tuple[datetime, str, str]:
    """Cassandra's clustering order of (scheduled_start, interview_id) for random and
    name-based ids: the start, the uuid version, then the bytes (as SQLite's id_order)."""
    text = str(interview_id)
    return (to_utc(start), text[14], text)


def midnight(bucket: str) -> datetime:
    """The UTC midnight starting a day bucket ('2026-11-28')."""
    return datetime.strptime(bucket, "%Y-%m-%d").replace(tzinfo=UTC)


def look_up(db: PreparedSession, windows: list[Window], limit: int) -> list[list[Key]]:
    """The scheduled (start, id) of each window (at most `limit` each), looked up together."""
    futures = [
        db.session.execute_async(db.ps["past_due_ids"], (lo, hi, limit)) for lo, hi in windows
    ]
    out = []
    for future in futures:
        result = future.result()
        out.append([(r["scheduled_start"], r["interview_id"]) for r in result])
    return out


def rows_by_key(db: PreparedSession, keys: list[Key]) -> list[Row]:
    """The scheduled list rows of `keys`, in their order, read together by full key; a key
    whose row is gone (moved on since the lookup) is left out."""
    futures = [
        db.session.execute_async(
            db.ps["list_row"], (SCHEDULED.value, day_bucket(start), start, iid)
        )
        for start, iid in keys
    ]
    found = []
    for future in futures:
        row = future.result().one()
        if row is not None:
            found.append(row)
    return found


def day_rows(
    db: PreparedSession,
    bucket: str,
    live: int,
    want: int,
    after: Key | None,
    moved: int = 0,
) -> list[Row]:
    """The first min(`live`, `want`) scheduled rows of day `bucket` after `after` (None: from
    midnight) in clustering order, soonest first: what the ascending slice of the day with
    LIMIT min(live, want) returns, without walking the rows that moved out of it (`moved`, the
    day's count of them, sizes the lookups' pieces)."""
    start, end = midnight(bucket), midnight(bucket) + DAY - MS
    first = start if after is None else max(start, to_utc(after[0]))
    bound = None if after is None else order_key(*after)
    needed = min(live, want) + SLACK
    span = max(MS, DAY * min(1.0, needed / max(live, 1)))
    found: dict[tuple[datetime, str, str], Key] = {}
    while first <= end and len(found) < needed:
        last = min(end, first + span - MS)
        for s, i in _look_up_in_pieces(db, (first, last), live + moved):
            k = order_key(s, i)
            if bound is None or k > bound:
                found[k] = (s, i)
        first, span = last + MS, span * 2
    keys = [found[k] for k in sorted(found)[:needed]]
    return rows_by_key(db, keys)[: min(live, want)]


def pieces(window: Window, day_size: int) -> list[Window]:
    """`window` cut into equal pieces expected to hold about PIECE each of a day's `day_size`
    interviews were they spread evenly over the day (`window` itself when it holds fewer)."""
    first, last = window
    span = last - first + MS
    count = max(1, min(math.ceil(day_size * (span / DAY) / PIECE), span // MS))
    step = span / count
    # whole milliseconds (the stored precision), each piece at least one
    edges = [first, *(to_utc(first + step * n) for n in range(1, count)), last + MS]
    return [(lo, hi - MS) for lo, hi in itertools.pairwise(edges) if hi > lo]


def _look_up_in_pieces(db: PreparedSession, window: Window, day_size: int) -> list[Key]:
    """The scheduled (start, id) in `window`, its pieces looked up together, in order."""
    return [key for found in look_up(db, pieces(window, day_size), DAY_LIMIT) for key in found]
