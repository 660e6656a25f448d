"""What the Cassandra node itself says: rows per partition of every table, and tombstones met by
the list reads after the lifecycle pattern (query traces and `system_views`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from benchkit.data import ANCHOR
from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra.tracing import TraceUnavailable, traced

S = InterviewStatus
SCAN_FETCH = 5000
LIFECYCLE_SHARE = 0.2  # the soonest 20 % of the scheduled interviews move to completed
LIFECYCLE_CAP = 5000  # moves at most (each a lightweight transaction)
READ = re.compile(r"Read (\d+) live rows and (\d+) tombstone cells")


def largest_partitions(
    session: Any, keyspace: str, prefixes: tuple[str, ...] = ("",)
) -> dict[str, dict[str, object]]:
    """Per table (those whose name starts with one of `prefixes`): the rows of its largest
    partition, and how many partitions it has. A paged scan of the partition key columns: a
    partition's rows arrive together (token order), so a run of equal keys is one partition
    and nothing but the current run is held."""
    from cassandra.query import SimpleStatement

    out: dict[str, dict[str, object]] = {}
    tables = session.cluster.metadata.keyspaces[keyspace].tables
    for name, table in sorted(tables.items()):
        if not name.startswith(prefixes):
            continue
        key_columns = ", ".join(c.name for c in table.partition_key)
        statement = SimpleStatement(
            f"SELECT {key_columns} FROM {keyspace}.{name}", fetch_size=SCAN_FETCH
        )
        largest, largest_key, partitions, run, current = 0, None, 0, 0, None
        for row in session.execute(statement, timeout=600):
            key = tuple(row.values()) if isinstance(row, dict) else tuple(row)  # a store's: dicts
            if key != current:
                partitions += 1
                current, run = key, 0
            run += 1
            if run > largest:
                largest, largest_key = run, key
        out[name] = {
            "largest_rows": largest,
            "partitions": partitions,
            "largest_key": None if largest_key is None else " / ".join(map(str, largest_key)),
        }
    return out


def lifecycle(store: Store, threads: int = 8) -> tuple[int, datetime]:
    """Move the soonest scheduled interviews (from the anchor on) to completed, through the
    store, as a day going by would; returns how many moved and the "now" after them."""
    scheduled = store.count_by_status()[S.SCHEDULED]
    wanted = min(int(scheduled * LIFECYCLE_SHARE), LIFECYCLE_CAP)
    moving: list[Any] = []
    cursor = None
    while len(moving) < wanted:
        page = store.list_upcoming(after=cursor, now=ANCHOR)
        moving += page.rows[: wanted - len(moving)]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda row: store.change_status(row.interview_id, S.COMPLETED), moving))
    now = moving[-1].scheduled_start + timedelta(minutes=1) if moving else ANCHOR
    return len(moving), now


def traced_reads(store: Any, now: datetime) -> dict[str, dict[str, Any]]:
    """Every list a recruiter opens (first page of each status, past-due, upcoming, three pages
        of completed), traced: per list, the reads made and the most live rows and tombstones one
        read met (the trace event "Read N live rows and M tombstone cells"); a list whose traces the
    server did not keep whole (tracing.py) says so instead."""
    reads: dict[str, list[Any]] = {}
    unavailable: dict[str, str] = {}

    def read(label: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            result, traces = traced(call, *args, **kwargs)
        except TraceUnavailable as e:  # reported as such: never a count from a partial trace
            unavailable[label] = str(e)
            return call(*args, **kwargs)
        reads.setdefault(label, []).extend(traces)
        return result

    for status in S:
        read(f"first page: {status.value}", store.list_interviews_by_status, status)
    read("past-due page", store.list_past_due, now=now)
    read("upcoming page", store.list_upcoming, now=now)
    cursor = None
    for _ in range(3):
        page = read(
            "completed, pages 1-3", store.list_interviews_by_status, S.COMPLETED, after=cursor
        )
        cursor = page.next_cursor
        if cursor is None:
            break
    out: dict[str, dict[str, Any]] = {
        label: {"trace_unavailable": why} for label, why in unavailable.items()
    }
    for label, found in reads.items():
        if label in unavailable:
            continue
        counts = [
            (int(m[1]), int(m[2]))
            for trace in found
            for event in trace.events
            if (m := READ.search(event.description))
        ]
        out[label] = {
            "reads": len(counts),
            "max_live_rows": max((c[0] for c in counts), default=0),
            "max_tombstones": max((c[1] for c in counts), default=0),
        }
    return out


def tombstones_per_read(session: Any, keyspace: str) -> dict[str, dict[str, float]]:
    """The node's own histogram (system_views.tombstones_per_read) for each table read."""
    rows = session.execute(
        "SELECT table_name, count, max, p99th FROM system_views.tombstones_per_read "
        "WHERE keyspace_name = %s",
        (keyspace,),
    )
    return {r[0]: {"reads": r[1], "max": r[2], "p99": r[3]} for r in rows if r[1]}


def measure(
    store: Store, session: Any, keyspace: str, note: Callable[[str], None]
) -> dict[str, object]:
    """The partition sizes, then the lifecycle pattern and the tombstones the lists meet."""
    note("largest partitions (paged scan of every table)")
    partitions = largest_partitions(session, keyspace)
    note("lifecycle: the soonest scheduled interviews move to completed")
    moved, now = lifecycle(store)
    note("traced list reads")
    # MEASURE.md reads the lists at the same "now"; the day going by reads them after the moved.
    traced = {"now: the anchor": traced_reads(store, ANCHOR)}
    traced["now: after the moved ones"] = traced_reads(store, now)
    worst = max(
        (
            (r["max_tombstones"], f"{when}, {read}")
            for when, t in traced.items()
            for read, r in t.items()
            if "max_tombstones" in r
        ),
        default=(None, "no read's trace was whole"),
    )
    return {
        "largest_partition": {
            "rows": max(p["largest_rows"] for p in partitions.values()),  # type: ignore[type-var]
            "tables": partitions,
        },
        "tombstones": {
            "lifecycle_moved": moved,
            "max_per_read": worst[0],
            "worst_read": worst[1],
            "traced_reads": traced,
            "system_views": tombstones_per_read(session, keyspace),
        },
    }
