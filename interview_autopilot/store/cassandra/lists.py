"""The Interviews list on Cassandra: a keyset page walked over month buckets, and the counts.

interviews_by_status is partitioned by (status, month of scheduled_start); the months a status
has are rows of interview_buckets_by_status, newest first. A page reads the bucket list, then one
partition at a time, newest month first, asking each only for the rows still missing plus one
(the "plus one" tells whether a next page exists, exactly like SQLite's LIMIT n+1).

Tombstone bound of a page read: interviews_by_status rows are deleted only when an interview
leaves its (status, month) partition (status change, reschedule to another month, delete). A read
of one partition scans at most the `limit + 1` live rows it returns plus the row tombstones of
interviews that left that same partition between the cursor and the last row returned, not yet
purged (gc_grace_seconds, 10 days by default, then compaction). So per bucket read:
tombstones <= interviews that left that month's partition recently; never the whole status's
history, and zero for statuses nothing leaves (completed, cancelled, no_show in practice).
The bucket table is insert-only: its reads meet no tombstones at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from cassandra.cluster import Session
from cassandra.concurrent import execute_concurrent
from cassandra.query import PreparedStatement, QueryTrace

from ...models import InterviewPage, InterviewStatus, PageCursor, month_bucket, to_utc
from . import rows
from .rows import Row
from .session import CONCURRENCY


def list_by_status(
    session: Session,
    ps: Mapping[str, PreparedStatement],
    status: InterviewStatus,
    limit: int,
    after: PageCursor | None,
    trace: bool = False,
) -> tuple[InterviewPage, list[QueryTrace]]:
    """`limit` rows of `status` after `after`, newest first; with `trace`, the reads' traces."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    traces: list[QueryTrace] = []

    def run(name: str, *params: object) -> list[Row]:
        result = session.execute(ps[name], params, trace=trace)
        if trace:
            traces.append(result.get_query_trace())
        return list(result)

    found: list[Row] = []
    cursor_bucket = month_bucket(after.scheduled_start) if after else None
    for r in run("buckets", status.value):
        bucket = r["bucket"]
        if cursor_bucket and bucket > cursor_bucket:
            continue  # newer than the cursor: on earlier pages
        want = limit + 1 - len(found)
        if after and bucket == cursor_bucket:
            found += run(
                "page_after",
                status.value,
                bucket,
                to_utc(after.scheduled_start),
                after.interview_id,
                want,
            )
        else:
            found += run("page_first", status.value, bucket, want)
        if len(found) > limit:
            break
    page = [rows.summary(r, status) for r in found[:limit]]
    more = len(found) > limit
    cursor = PageCursor(page[-1].scheduled_start, page[-1].interview_id) if more else None
    return InterviewPage(page, cursor), traces


def count_by_status(
    session: Session, ps: Mapping[str, PreparedStatement], concurrency: int = CONCURRENCY
) -> dict[InterviewStatus, int]:
    """Interviews per status, every status present.

    One COUNT(*) per (status, month) partition, all in flight at once: each reads one bounded
    partition and returns one row. Rejected: counter tables (a counter cannot join the logged
    batch that moves the row, and a retried increment counts twice) and a count column kept by
    read-modify-write (drifts under concurrent writers). The cost grows with the months a status
    has; the app caches the result and clears it on writes.
    """
    statuses = list(InterviewStatus)
    bucket_results = execute_concurrent(
        session, [(ps["buckets"], (s.value,)) for s in statuses], concurrency=concurrency
    )
    keys = [
        (s, r["bucket"])
        for s, result in zip(statuses, bucket_results, strict=True)
        for r in result.result_or_exc
    ]
    count_results = execute_concurrent(
        session, [(ps["count_bucket"], (s.value, b)) for s, b in keys], concurrency=concurrency
    )
    totals = dict.fromkeys(InterviewStatus, 0)
    for (status, _bucket), result in zip(keys, count_results, strict=True):
        totals[status] += result.result_or_exc.one()["n"]
    return totals
