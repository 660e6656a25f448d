"""The past-due list alone on Cassandra, timed: p50/p95 of `list_past_due` (its first page, and
every page to the end; for scale, the same page by the walk, which meets tombstones), then one
traced pass (reads made, most live rows and tombstones one read met, the server's time).

The bench data (scripts/benchkit/data.py, "now" = its anchor) is loaded through the app's bulk
path into a throwaway keyspace, unless `--reuse` finds it loaded there. The store measured is
the package the Python imports: the checkout whose `.venv` runs it (`make` installs the checkout
there, editable), so one loaded keyspace compares two checkouts, run one after the other
(alternate them; the machine is noisy):

    .venv/bin/python scripts/past_due_bench.py --keyspace pd_bench --keep  # load, time
    cd ../main && .venv/bin/python ../wt/scripts/past_due_bench.py \
        --keyspace pd_bench --reuse --keep
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchkit.data import ANCHOR, BenchData
from benchkit.target import cassandra_reachable

from interview_autopilot.core.models import InterviewStatus, PageCursor
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.cassandra.tracing import traced as trace_call

READ = re.compile(r"Read (\d+) live rows and (\d+) tombstone cells")


def parse_size(text: str) -> int:
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def settings_for(keyspace: str) -> Settings:
    env = {k: v for k, v in os.environ.items() if k.startswith("CASSANDRA_")}
    if not env.get("CASSANDRA_USERNAME"):
        env |= {"CASSANDRA_USERNAME": "cassandra", "CASSANDRA_PASSWORD": "cassandra"}
    env |= {"DB_BACKEND": "cassandra", "CASSANDRA_KEYSPACE": keyspace}
    return Settings.load(env=env, dotenv_path=Path("/nonexistent/.env"))


def load(keyspace: str, size: int, reuse: bool) -> None:
    """A fresh keyspace holding the bench data (kept as is with `reuse` when it holds it)."""
    from interview_autopilot.store.cassandra.connection import build_cluster, connect
    from interview_autopilot.store.cassandra.schema import apply_schema

    settings = settings_for(keyspace)
    if reuse and keyspace in build_keyspaces(settings):
        store = open_store(settings)
        try:
            held = sum(store.count_by_status().values())
        finally:
            store.close()
        if held == size:
            print(f"reusing {keyspace}: {held:,} interviews", file=sys.stderr)
            return
    cluster = build_cluster(settings)
    try:
        session = connect(cluster)
        session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=300)
        apply_schema(session, keyspace, create_keyspace=True)
    finally:
        cluster.shutdown()
    data, began = BenchData(size), time.perf_counter()
    store = open_store(settings)
    try:
        store.bulk_load_stream(data.users(), data.candidates(), data.records(), None, size)
    finally:
        store.close()
    print(f"loaded {size:,} in {time.perf_counter() - began:.0f} s", file=sys.stderr)


def build_keyspaces(settings: Settings) -> set[str]:
    from interview_autopilot.store.cassandra.connection import build_cluster, connect

    cluster = build_cluster(settings)
    try:
        connect(cluster)
        return set(cluster.metadata.keyspaces)
    finally:
        cluster.shutdown()


def every_page(store: Any) -> int:
    rows, cursor = 0, None
    while True:
        page = store.list_past_due(after=cursor, now=ANCHOR)
        rows += len(page.rows)
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


def measure(store: Any, rounds: int) -> dict[str, list[float]]:
    """Each call once to warm up, then `rounds` times interleaved; milliseconds."""
    calls = {
        "first page": lambda: store.list_past_due(now=ANCHOR),
        "every page": lambda: every_page(store),
        "the walk's first page (for scale)": lambda: store.list_interviews_by_status(
            InterviewStatus.SCHEDULED, after=PageCursor.until(ANCHOR)
        ),
    }
    timed: dict[str, list[float]] = {name: [] for name in calls}
    for round_ in range(rounds + 1):
        for name, call in calls.items():
            began = time.perf_counter()
            call()
            if round_:
                timed[name].append((time.perf_counter() - began) * 1000)
    return timed


def traced(store: Any) -> str:
    """One traced first page: its reads, the most live rows / tombstones of one, server time."""
    page, traces = trace_call(store.list_past_due, now=ANCHOR)
    reads = [
        (int(m[1]), int(m[2]))
        for t in traces
        for e in t.events
        if (m := READ.search(e.description))
    ]
    server_ms = sum(t.duration.total_seconds() * 1000 for t in traces if t.duration)
    return (
        f"{len(page.rows)} rows, {len(traces)} requests, {len(reads)} partition reads, "
        f"max live {max((r[0] for r in reads), default=0)}, tombstones max "
        f"{max((r[1] for r in reads), default=0)} / sum {sum(r[1] for r in reads)}, "
        f"server time summed {server_ms:.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keyspace", default=f"autopilot_pastdue_{os.getpid()}")
    parser.add_argument("--reuse", action="store_true", help="keep the keyspace if loaded")
    parser.add_argument("--keep", action="store_true", help="do not drop the keyspace after")
    args = parser.parse_args(argv)
    if why := cassandra_reachable():
        print(f"no node: {why}", file=sys.stderr)
        return 1
    import interview_autopilot

    print(f"checkout: {Path(interview_autopilot.__file__).parent.parent}")
    load(args.keyspace, parse_size(args.size), args.reuse)
    store = open_store(settings_for(args.keyspace))
    try:
        print(f"past due at the anchor: {every_page(store):,} interviews")
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        for name, ms in measure(store, args.rounds).items():
            q = statistics.quantiles(ms, n=20)
            print(f"{name}: p50 {statistics.median(ms):.1f} ms, p95 {q[18]:.1f} ms")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print(f"traced first page: {traced(store)}")
    finally:
        store.close()
        if not args.keep:
            drop(args.keyspace)
    return 0


def drop(keyspace: str) -> None:
    from interview_autopilot.store.cassandra.connection import build_cluster, connect

    cluster = build_cluster(settings_for(keyspace))
    try:
        connect(cluster).execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=300)
    finally:
        cluster.shutdown()


if __name__ == "__main__":
    sys.exit(main())
