"""CSV import at 10,000 rows: `make bench-import` (also run by `make bench`; ROWS=10000).

For each backend (a throwaway SQLite file; a throwaway keyspace on the node when one answers)
and each kind (people, candidates), a child process reads a generated file, previews it,
imports it through the app's own import (features/directory_import.py: each row through the
store's audited writes), then imports it again (every row unchanged). Each step is timed; the
child's peak RSS is compared with an idle child's (the modules imported, the store opened).
Prints a table and writes the figures as JSON. The machine is shared: compare within a run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchkit.target import Target, cassandra_reachable, cassandra_target, sqlite_target

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("interviewer", "interviewer; hiring manager", "recruiter", "hiring manager")
ZONES = ("Europe/Paris", "America/New_York", "Asia/Tokyo", "")


def people_csv(rows: int) -> bytes:
    lines = ["name,email,roles,slack handle,time zone,working hours"]
    for i in range(rows):
        lines.append(
            f'Person {i},p{i}@bench.example.com,"{ROLES[i % 4]}",@p{i},{ZONES[i % 4]},09:00-17:00'
        )
    return ("\n".join(lines) + "\n").encode()


def candidates_csv(rows: int) -> bytes:
    resume = "Built data pipelines and led a team of four; " * 10  # ~450 characters
    lines = ["name,email,resume,links"]
    for i in range(rows):
        links = f"https://github.com/c{i} https://www.linkedin.com/in/c{i}"
        lines.append(f'Candidate {i},c{i}@mail.example.org,"{resume}{i}",{links}')
    return ("\n".join(lines) + "\n").encode()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, rows: int, idle: bool) -> dict[str, Any]:
    """One import in this process (the store from the environment's settings)."""
    from interview_autopilot.core.settings import Settings
    from interview_autopilot.features import directory_import
    from interview_autopilot.store import open_store

    settings = Settings.load(dotenv_path=Path("/nonexistent/.env"))
    store = open_store(settings)
    try:
        if idle:
            return {"peak_rss_mb": round(peak_mb(), 1)}
        data = people_csv(rows) if kind == "people" else candidates_csv(rows)
        figures: dict[str, Any] = {"rows": rows, "file_mb": round(len(data) / 1e6, 2)}
        start = time.perf_counter()
        table = directory_import.read_file(kind, data, 100_000_000, rows)  # type: ignore[arg-type]
        preview = directory_import.preview(store, kind, table)  # type: ignore[arg-type]
        figures["preview_s"] = round(time.perf_counter() - start, 2)
        assert preview.count("new") == rows, preview.summary()
        start = time.perf_counter()
        done = directory_import.run_import(store, kind, table)  # type: ignore[arg-type]
        figures["import_s"] = round(time.perf_counter() - start, 2)
        figures["import_fates"] = done.summary(done=True)  # a busy node may refuse a few
        figures["refusals"] = sorted({r.note for r in done.rows if r.fate == "refused"})[:5]
        print(f"  … {kind}: {figures}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        again = directory_import.run_import(store, kind, table)  # type: ignore[arg-type]
        figures["again_s"] = round(time.perf_counter() - start, 2)
        assert again.to_write == 0, again.summary()  # a re-run changes nothing
        figures["rows_per_s"] = round(rows / figures["import_s"])
        figures["peak_rss_mb"] = round(peak_mb(), 1)
        return figures
    finally:
        store.close()


def in_child(target: Target, kind: str, rows: int, idle: bool = False) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASSANDRA_", "SQLITE_"))}
    env |= dict(target.settings.values) | {"LOAD_SAMPLE_DATA": "false"}
    args = [sys.executable, __file__, "--child", kind, "--rows", str(rows)]
    out = subprocess.run(
        [*args, *(["--idle"] if idle else [])], env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"the {kind} import on {target.backend} failed:\n{out.stderr}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run(target: Target, rows: int) -> dict[str, Any]:
    found: dict[str, Any] = {"idle_rss_mb": in_child(target, "people", rows, idle=True)}
    for kind in ("people", "candidates"):
        print(f"  … {target.backend}: {kind}, {rows:,} rows", file=sys.stderr, flush=True)
        found[kind] = in_child(target, kind, rows)
    found["idle_rss_mb"] = found["idle_rss_mb"]["peak_rss_mb"]
    return found


def shown(backend: str, found: dict[str, Any]) -> dict[str, Any]:
    for kind in ("people", "candidates"):
        f = found[kind]
        print(
            f"{backend:10} {kind:11} {f['rows']:>6} {f['preview_s']:>9} {f['import_s']:>9} "
            f"{f['again_s']:>8} {f['rows_per_s']:>7} {f['peak_rss_mb']:>8} "
            f"{found['idle_rss_mb']:>8}",
            flush=True,
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("ROWS") or 10_000))
    parser.add_argument("--backends", default="sqlite,cassandra")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-import-results.json")
    parser.add_argument("--keyspace", default=f"autopilot_import_{os.getpid()}")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--idle", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.rows, args.idle)))
        return 0
    results: dict[str, Any] = {}
    print(
        f"{'backend':10} {'kind':11} {'rows':>6} {'preview s':>9} {'import s':>9} "
        f"{'again s':>8} {'rows/s':>7} {'peak MB':>8} {'idle MB':>8}",
        flush=True,
    )
    backends = args.backends.split(",")
    if "sqlite" in backends:
        with sqlite_target("import") as target:
            results["sqlite"] = shown("sqlite", run(target, args.rows))
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if "cassandra" in backends:
        why = cassandra_reachable()
        if why:
            print(f"  … no Cassandra node ({why}): SQLite only", file=sys.stderr)
        else:
            with cassandra_target(args.keyspace) as target:
                results["cassandra"] = shown("cassandra", run(target, args.rows))
            args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
