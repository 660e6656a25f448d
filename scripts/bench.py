"""Benchmark of the screen queries on every reachable store: `make bench`.

Loads the sample data into a throwaway SQLite file and, when a Cassandra node answers (settings
from the environment, as for the app), into a throwaway keyspace; then times each screen's store
call. Machines here are noisy, so every figure is also given as a ratio to a baseline measured
in the same run on the same store: one primary-key read (`get_user`), the cheapest screen read,
so "12x" reads "costs as much as twelve point reads".
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview_autopilot.models import InterviewStatus
from interview_autopilot.sample import read_sample_data
from interview_autopilot.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
BENCH_KEYSPACE = "autopilot_bench"


def timed_ms(action: Callable[[], object], repeat: int = REPEAT) -> tuple[float, float]:
    """(p50, p95) in milliseconds of `repeat` runs after one warm-up run."""
    action()  # warm up (statement caches, page cache)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def walk_all(store: Store, status: InterviewStatus) -> int:
    rows, cursor = 0, None
    while True:
        page = store.list_interviews_by_status(status, after=cursor)
        rows += len(page.rows)
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


def bench(name: str, store: Store) -> None:
    data = read_sample_data()
    began = time.perf_counter()
    store.bulk_load(data)
    load_s = time.perf_counter() - began
    completed = [i for i in data.interviews if i.status is InterviewStatus.COMPLETED]
    target = completed[0].interview_id
    panel = [p for p in data.participants if p[0] == target]
    user_id, candidate_id = panel[0][1], completed[0].candidate_id
    flip = itertools.cycle([InterviewStatus.NO_SHOW, InterviewStatus.COMPLETED])
    cases: list[tuple[str, Callable[[], object]]] = [
        ("baseline: one point read", lambda: store.get_user(user_id)),
        ("counts per status", store.count_by_status),
        (
            "first page (50) of completed",
            lambda: store.list_interviews_by_status(InterviewStatus.COMPLETED),
        ),
        ("all pages of completed", lambda: walk_all(store, InterviewStatus.COMPLETED)),
        ("interview detail", lambda: store.get_interview_detail(target)),
        ("candidate history", lambda: store.list_interviews_by_candidate(candidate_id)),
        ("upcoming page (50)", store.list_upcoming),
        (
            "submit feedback (edit)",
            lambda: store.submit_feedback(target, user_id, "yes", "Benchmark feedback."),
        ),
        ("status change", lambda: store.change_status(target, next(flip))),
    ]
    print(f"\n{name}: sample load of {len(data.interviews)} interviews took {load_s:.2f} s")
    base = 0.0
    print(f"  {'':<32} {'p50':>9}    {'p95':>9}    p50 and p95 / baseline p50")
    for label, action in cases:
        p50, p95 = timed_ms(action)
        base = base or p50
        print(f"  {label:<32} {p50:9.3f} ms {p95:9.3f} ms {p50 / base:8.1f}x {p95 / base:8.1f}x")


def main() -> None:
    print(f"{REPEAT} runs per figure; ratios are to each store's own baseline p50")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(
            env={**os.environ, "DB_BACKEND": "sqlite", "SQLITE_PATH": str(Path(tmp) / "bench.db")}
        )
        store = open_store(settings)
        bench("sqlite", store)
        store.close()
    env = {**os.environ, "DB_BACKEND": "cassandra", "CASSANDRA_KEYSPACE": BENCH_KEYSPACE}
    try:
        settings = Settings.load(env=env)
        store = _cassandra_store(settings)
    except Exception as exc:  # no node: say so, the SQLite figures stand on their own
        print(f"\ncassandra: skipped ({type(exc).__name__}: {exc})")
        return
    try:
        bench("cassandra", store)
    finally:
        store.close()


def _cassandra_store(settings: Settings) -> Store:
    """A store on a fresh bench keyspace (schema applied first)."""
    from interview_autopilot.store.cassandra.connection import build_cluster, connect
    from interview_autopilot.store.cassandra.schema import apply_schema

    cluster = build_cluster(settings)
    try:
        session = connect(cluster)
        session.execute(f"DROP KEYSPACE IF EXISTS {BENCH_KEYSPACE}", timeout=60)
        apply_schema(session, BENCH_KEYSPACE, create_keyspace=True)
    finally:
        cluster.shutdown()
    return open_store(settings)


if __name__ == "__main__":
    main()
