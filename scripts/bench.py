"""Benchmark at a big company's volume: `make bench SIZES=10k,100k,1M`.

For each size, deterministic data (scripts/benchkit/data.py: the density of 1M interviews a
year) is loaded through the app's own bulk path into a throwaway SQLite file and, when a
Cassandra node answers (CASSANDRA_* settings, else the project's local node), a throwaway
keyspace. Then, in the same run on the same data: p50/p95 of every screen's store call,
interleaved over `--rounds` rounds; the baselines (the synchronous one-row-at-a-time writes of a
sample, the whole table read and filtered in pandas, the bare queries a page needs); and from
the node, the largest partition of every table and the tombstones the list reads meet after the
lifecycle pattern; then jobs and every candidate's application (benchkit/jobs.py) and the job
page with its applications-by-stage counts. With more than one size on the node, each size's
keyspace is kept to the end, where the job pages of every size are timed again in interleaved
rounds: sizes measured minutes apart meet the node in different states, which the flatness of a
read that does the same work at every size should not depend on. Prints one table and writes
the figures as JSON. The machine is shared and noisy: compare figures within a run, not across
runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from benchkit import baselines, jobs, report, scheduling, screens, server
from benchkit.data import BenchData
from benchkit.load import (
    both_sides,
    load_in_child,
    start_loader,
    sync_cassandra,
    sync_sqlite,
)
from benchkit.target import Target, cassandra_reachable, cassandra_target, sqlite_target

ROOT = Path(__file__).resolve().parent.parent
SCAN_ROUNDS = 3  # full scans timed (each reads every row)


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1M' -> 1000000, '2500' -> 2500."""
    text = text.strip()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def note(text: str) -> None:
    print(f"  … {text}", file=sys.stderr, flush=True)


def measure_store(
    target: Target, data: BenchData, rounds: int, extra: list[screens.Call]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Timed screen calls (and `extra` baselines interleaved with them) on the loaded data."""
    store = target.open()
    try:
        picks = screens.pick(data, rounds + 1)
        calls = screens.screen_calls(store, picks, screens.deep_cursor(store))
        timed = screens.timed(calls + extra, rounds)
    finally:
        store.close()
    names = {label for label, _ in extra}
    return (
        {k: v for k, v in timed.items() if k not in names},
        {k: v for k, v in timed.items() if k in names},
    )


def run_sqlite(
    size: int, label: str, rounds: int, sample: int, smoke: bool, jobs_too: bool
) -> dict[str, Any]:
    data = BenchData(size)
    with sqlite_target(label) as target, sqlite_target(f"{label}-sync") as scratch:
        note(f"sqlite {label}: synchronous baseline on {sample} interviews")
        before = sync_sqlite(scratch, data, sample, 0)
        load = load_in_child(target, size, label)
        note(f"sqlite {label}: synchronous baseline on the next {sample}")
        sync = both_sides(before, sync_sqlite(scratch, data, sample, sample))
        note(f"sqlite {label}: screen calls")
        extra, close = baselines.sqlite_calls(target.name)
        try:
            bare = [c for c in extra if not c[0].startswith("full scan")]
            scan = [c for c in extra if c[0].startswith("full scan")]
            calls, base = measure_store(target, data, rounds, bare)
            base |= screens.timed(scan, SCAN_ROUNDS)
        finally:
            close()
        figures = measure_scheduling(target, data, rounds, False, smoke)
        hiring = measure_jobs(target, data, rounds) if jobs_too else None
    run = _run(data, load, sync, calls, base, None, None)
    return run | {"scheduling": figures, "jobs": hiring}


def run_cassandra(
    size: int,
    label: str,
    rounds: int,
    sample: int,
    keyspace: str,
    smoke: bool,
    jobs_too: bool,
    kept: bool = False,
    keep: ExitStack | None = None,
) -> dict[str, Any]:
    """`keep`: the loaded keyspace stays until that stack closes (the run's `target` then
    names it), for the job pages across sizes."""
    from cassandra.query import tuple_factory

    from interview_autopilot.store.cassandra.connection import build_cluster, connect

    data = BenchData(size)
    with ExitStack() as scope:
        target = (keep or scope).enter_context(cassandra_target(keyspace, kept))
        scratch = scope.enter_context(cassandra_target(f"{keyspace}_sync", kept))
        note(f"cassandra {label}: synchronous baseline on {sample} interviews")
        before = sync_cassandra(scratch, data, sample, 0)
        load = load_in_child(target, size, label)
        note(f"cassandra {label}: synchronous baseline on the next {sample}")
        sync = both_sides(before, sync_cassandra(scratch, data, sample, sample))
        cluster = build_cluster(target.settings)  # the bench's own: rows as plain tuples
        cluster.profile_manager.default.row_factory = tuple_factory
        cluster.profile_manager.default.request_timeout = 120
        try:
            session = connect(cluster)
            note(f"cassandra {label}: screen calls")
            extra, _close = baselines.cassandra_calls(session, keyspace)
            bare = [c for c in extra if not c[0].startswith("full scan")]
            scan = [c for c in extra if c[0].startswith("full scan")]
            calls, base = measure_store(target, data, rounds, bare)
            note(f"cassandra {label}: full scans")
            base |= screens.timed(scan, SCAN_ROUNDS)
            store = target.open()
            try:
                found = server.measure(store, session, keyspace, note)
            finally:
                store.close()
            figures = measure_scheduling(target, data, rounds, True, smoke)
            hiring = measure_jobs(target, data, rounds) if jobs_too else None
        finally:
            cluster.shutdown()
    run = _run(data, load, sync, calls, base, found["largest_partition"], found["tombstones"])
    return run | {"scheduling": figures, "jobs": hiring, "target": target}


def measure_scheduling(
    target: Target, data: BenchData, rounds: int, traced: bool, smoke: bool
) -> dict[str, Any]:
    """Find times, the interviewer page and an autopilot pass (benchkit/scheduling.py)."""
    store = target.open()
    try:
        return scheduling.measure(store, data, rounds, traced, note, smoke)
    finally:
        store.close()


def measure_jobs(target: Target, data: BenchData, rounds: int) -> dict[str, Any]:
    """Jobs and applications, then the job page and its counts (benchkit/jobs.py): last, so
    the other figures are measured on the interviews alone, as before."""
    store = target.open()
    try:
        keyspace = target.name if target.backend == "cassandra" else None
        return jobs.measure(store, data, rounds, note, keyspace)
    except Exception as error:  # a long run keeps the figures measured before it
        note(f"jobs: failed: {error!r}")
        return {"error": repr(error)}
    finally:
        store.close()


def _run(
    data: BenchData,
    load: dict[str, float],
    sync: dict[str, Any],
    calls: dict[str, Any],
    base: dict[str, Any],
    partitions: object,
    tombstones: object,
) -> dict[str, Any]:
    return {
        "interviews": data.size,
        "candidates": data.candidate_count,
        "users": data.user_count,
        "load": load,
        "sync_baseline": sync,
        "load_vs_sync": load["rows_per_s"] / sync["rows_per_s"],
        "calls": calls,
        "baselines": base,
        "largest_partition": partitions,
        "tombstones": tombstones,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=os.environ.get("SIZES") or "10k")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "30")))
    parser.add_argument("--sample", type=int, default=300, help="interviews written one by one")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results.json")
    parser.add_argument("--backends", default="sqlite,cassandra")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="the scheduling figures on a sliver (tests/test_bench.py): not figures to report",
    )
    parser.add_argument(
        "--without-jobs",
        action="store_true",
        help="no jobs and applications: their load is the slowest part at 1M",
    )
    parser.add_argument("--keyspace", default=f"autopilot_bench_{os.getpid()}")
    parser.add_argument(
        "--kept-keyspaces",
        action="store_true",
        help="--keyspace and its _sync twin exist with the schema and are empty (the suite keeps"
        " them between its runs): neither made nor dropped",
    )
    args = parser.parse_args(argv)
    start_loader()  # before this process grows: the loads' peak RSS is their own
    backends = args.backends.split(",")
    document: dict[str, Any] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg(),
        "rounds": args.rounds,
        "sample": args.sample,
        "runs": {},
        "skipped": {},
    }
    if "cassandra" in backends and (why := cassandra_reachable()):
        print(f"cassandra: skipped ({why})", file=sys.stderr)
        document["skipped"]["cassandra"] = why
        backends.remove("cassandra")
    sizes = [text.strip() for text in args.sizes.split(",")]
    # each size's keyspace kept to the end, for the job pages across sizes (not the suite's)
    across = "cassandra" in backends and len(sizes) > 1 and not args.kept_keyspaces
    across = across and not args.without_jobs
    kept: dict[str, tuple[Target, int]] = {}
    with ExitStack() as keep:
        for label in sizes:
            size = parse_size(label)
            for backend in backends:
                if backend == "sqlite":
                    run = run_sqlite(
                        size, label, args.rounds, args.sample, args.smoke, not args.without_jobs
                    )
                else:
                    run = run_cassandra(
                        size,
                        label,
                        args.rounds,
                        args.sample,
                        f"{args.keyspace}_{label.lower()}" if across else args.keyspace,
                        args.smoke,
                        not args.without_jobs,
                        args.kept_keyspaces,
                        keep if across else None,
                    )
                    if across:
                        kept[label] = (run["target"], size)
                    del run["target"]
                document["runs"][f"{backend} {label}"] = run
                document["load_average_after"] = os.getloadavg()
                report.write_json(args.json, document)  # after each run: keeps its part
        if across:
            note("jobs: the job pages of every size, in interleaved rounds")
            document["jobs_across_sizes"] = jobs.across_sizes(kept, args.rounds * 4)
    document["flatness"] = report.flatness(document["runs"])
    report.write_json(args.json, document)
    print(report.table(document["runs"]))
    print("\n" + report.flatness_table(document["flatness"]))
    if "jobs_across_sizes" in document:
        print("\n" + report.across_sizes_table(document["jobs_across_sizes"]))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
