"""The past-due list on Cassandra: scheduled interviews that started before now, newest first.

Walking interviews_by_status backwards from now would meet, in today's partition, a row
tombstone for every interview of the day that already moved on (completed as the day went by),
however few are really past due. Instead the ids come from the storage-attached indexes of the
source's static `status` and `scheduled_start` (a status change overwrites a cell: nothing to
walk over), at most CAP of them, sorted here; the page's rows are then read from
interviews_by_status by their full key, in flight together. With CAP or more past due (a
backlog nobody cleared), the list falls back to the bucket walk, which orders any number: the
day counts decide that first (one small read), so a backlog never pays the index lookup.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from cassandra.query import QueryTrace

from ...models import InterviewPage, InterviewStatus, PageCursor, day_bucket, to_utc
from . import rows
from .lists import list_by_status
from .session import PreparedSession
from .tracing import trace_of

CAP = 1000  # past-due ids read through the indexes before falling back to the walk
COUNT_DAYS = 5000  # day counts summed before choosing (13 years of days)
SCHEDULED = InterviewStatus.SCHEDULED
SLACK = 8  # rows read beyond the page, for those that moved on since the lookup


def order_key(start: datetime, interview_id: uuid.UUID) -> tuple[datetime, str, str]:
    """Cassandra's clustering order of (scheduled_start, interview_id) for random and
    name-based ids: the start, the uuid version, then the bytes (as SQLite's id_order)."""
    text = str(interview_id)
    return (to_utc(start), text[14], text)


def list_past_due(
    db: PreparedSession,
    limit: int,
    after: PageCursor | None,
    now: datetime,
    trace: bool = False,
) -> tuple[InterviewPage, list[QueryTrace]]:
    """`limit` past-due rows after `after` (newest first); with `trace`, the reads' traces."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    cursor = after or PageCursor.until(now)
    traces: list[QueryTrace] = []
    # The day counts first (one small read): with CAP or more still scheduled on the days
    # before the cursor's (all of them past due), the index lookup would only hit its cap:
    # walk. The cursor's own day is left out: its later interviews are not due yet.
    counted = db.session.execute(
        db.ps["counts_after_desc"],
        (SCHEDULED.value, day_bucket(cursor.scheduled_start), COUNT_DAYS),
        trace=trace,
    )
    if trace:
        traces.append(trace_of(counted))
    if sum(max(r["n"] or 0, 0) for r in counted) >= CAP:
        walked_page, walked = list_by_status(db, SCHEDULED, limit, cursor, trace)
        return walked_page, traces + walked
    result = db.session.execute(
        db.ps["past_due_ids"], (to_utc(cursor.scheduled_start), CAP), trace=trace
    )
    if trace:
        traces.append(trace_of(result))
    found = [(r["scheduled_start"], r["interview_id"]) for r in result]
    if len(found) >= CAP:  # a backlog after all: the walk orders any number of them
        walked_page, walked = list_by_status(db, SCHEDULED, limit, cursor, trace)
        return walked_page, traces + walked
    bound = order_key(cursor.scheduled_start, cursor.interview_id)
    keys = sorted(
        (k for k in {order_key(s, i): (s, i) for s, i in found}.items() if k[0] < bound),
        reverse=True,
    )
    wanted = [key for _order, key in keys[: limit + 1 + SLACK]]
    futures = [
        db.session.execute_async(
            db.ps["list_row"], (SCHEDULED.value, day_bucket(start), start, iid), trace=trace
        )
        for start, iid in wanted
    ]
    page = []
    for future in futures:
        row = future.result().one()
        if trace:
            traces.append(trace_of(future))
        if row is not None:  # moved on since the lookup: not past due any more
            page.append(rows.summary(row, SCHEDULED))
    more = len(page) > limit
    page = page[:limit]
    next_cursor = PageCursor(page[-1].scheduled_start, page[-1].interview_id) if more else None
    return InterviewPage(page, next_cursor), traces
