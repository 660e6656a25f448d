"""Many users at once: `make bench-users N=10,25,50`.

Starts the app itself (`streamlit run`, loopback, a throwaway SQLite file with the sample data)
and replays what browsers send over Streamlit's websocket (open the Interviews list, switch it
to Completed, open an interview) with N users at once for a bounded time; prints the rerun p95
per action and the server's CPU seconds per rerun and per user flow (from /proc).

    --base DIR        the same load, alternating, against the app of another checkout (e.g. a
                      `git worktree` of the base commit): the before/after ratio from one run
    --replicas 1,2    instead: 2 replicas behind nginx (sticky cookie), one proxy to replica 1
                      alone, one to both; alternating; users served at rerun p95 <= --slo
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from userload import nginx, procs
from userload.figures import HEADER, LEGEND, Step
from userload.flow import load

PORT = int(os.environ.get("BENCH_USERS_PORT", "8611"))


@dataclass
class Target:
    """Where users connect, and how to read the CPU the app servers behind it spent."""

    name: str
    url: str
    cpu: Callable[[], float]


def client_cpu() -> float:
    t = os.times()
    return t.user + t.system


def step(target: Target, users: int, args: argparse.Namespace) -> Step:
    began, cpu0, mine = time.monotonic(), target.cpu(), client_cpu()
    tally = asyncio.run(load(target.url, users, args.seconds, args.think, args.ramp))
    took, cpu, client = time.monotonic() - began, target.cpu() - cpu0, client_cpu() - mine
    result = Step.of(target.name, users, took, tally, cpu, client)
    print(result.row(), flush=True)
    return result


def warm(target: Target) -> Step:
    """One user, a few flows with no think time: first imports and caches, then the cost of
    a rerun on an idle server."""
    asyncio.run(load(target.url, 1, 1.0, 0.0, 0.0))
    cpu0, mine = target.cpu(), client_cpu()
    tally = asyncio.run(load(target.url, 1, 4.0, 0.0, 0.0))
    cpu, client = target.cpu() - cpu0, client_cpu() - mine
    idle = Step.of(f"{target.name}:idle", 1, 4.0, tally, cpu, client)
    print(idle.row(), flush=True)
    return idle


def app_targets(args: argparse.Namespace, work: Path, started: list) -> list[Target]:
    app = procs.start_app(PORT, work, throwaway_db=not args.configured_store)
    started.append(app)
    targets = [Target("this", app.url, app.cpu)]
    if args.base:
        base = procs.start_app(
            PORT + 1, work, Path(args.base).resolve(), throwaway_db=not args.configured_store
        )
        started.append(base)
        targets.insert(0, Target("base", base.url, base.cpu))
    return targets


def cpu_of(apps: list[procs.App]) -> Callable[[], float]:
    """The CPU seconds of these app servers together."""
    return lambda: sum(a.cpu() for a in apps)


def replica_targets(args: argparse.Namespace, work: Path, started: list) -> list[Target]:
    """Replicas on PORT+2.. and one nginx per count (PORT+10+count) in front of the first
    `count` of them; each target's CPU is its replicas' (nginx's is not counted)."""
    counts = sorted({int(c) for c in args.replicas.split(",")})
    fresh = not args.configured_store
    apps = [procs.start_app(PORT + 2 + n, work, throwaway_db=fresh) for n in range(max(counts))]
    started.extend(apps)
    targets = []
    for count in counts:
        port, prefix = PORT + 10 + count, work / f"nginx-{count}"
        text = nginx.config(port, [a.port for a in apps[:count]], prefix)
        started.append(procs.start_proxy(port, text, prefix))
        targets.append(Target(f"{count} repl", f"http://127.0.0.1:{port}", cpu_of(apps[:count])))
    return targets


def served(steps: list[Step], slo: float) -> str:
    """The most users of a step that met the target, every smaller step meeting it too (a
    noisy machine can let a bigger step pass after a smaller one failed: both are shown)."""
    ranked = sorted(steps, key=lambda s: s.users)
    met = [s.p95_rerun <= slo and s.errors == 0 for s in ranked]
    failed = next((n for n, m in enumerate(met) if not m), len(met))
    best = max((s.users for s, m in zip(ranked, met, strict=True) if m), default=None)
    if failed == 0:
        alone = f" ({best} alone)" if best is not None else ""
        return f"fewer than {ranked[0].users}{alone}"
    steady = ranked[failed - 1].users
    return str(steady) if best == steady else f"{steady} (and {best} alone)"


def summary(steps: list[Step], idle: list[Step], slo: float) -> list[str]:
    lines = []
    for s in idle:
        lines.append(
            f"{s.target}: {s.cpu_per_rerun:.3f} CPU-s per rerun, {s.cpu_per_flow:.3f} per flow"
        )
    names = list(dict.fromkeys(s.target for s in steps))
    for name in names:
        mine = [s for s in steps if s.target == name]
        cpu = sum(s.server_cpu_s for s in mine) / max(1, sum(s.flows for s in mine))
        lines.append(
            f"{name}: users served at rerun p95 <= {slo} s: {served(mine, slo)}; "
            f"{cpu:.3f} CPU-s per flow over every step; "
            f"{mine[-1].reruns / mine[-1].seconds:.1f} reruns/s at {mine[-1].users} users"
        )
    if len(names) == 2:
        a, b = ([s for s in steps if s.target == n] for n in names)
        for x, y in zip(a, b, strict=False):
            lines.append(
                f"N={x.users}: CPU per flow {names[0]} / {names[1]} = "
                f"{x.cpu_per_flow / y.cpu_per_flow:.2f}; "
                f"rerun p95 {x.p95_rerun:.2f} / {y.p95_rerun:.2f} s"
            )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", default="10", help="comma-separated user counts, e.g. 10,25,50")
    parser.add_argument("--seconds", type=float, default=20.0, help="load time per step")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between actions")
    parser.add_argument("--ramp", type=float, default=2.0, help="user starts spread over this")
    parser.add_argument("--base", help="another checkout of the app to compare with")
    parser.add_argument("--replicas", help="e.g. 1,2: replicas behind nginx instead")
    parser.add_argument("--slo", type=float, default=1.0, help="rerun p95 target, seconds")
    parser.add_argument("--json", help="write every step here")
    parser.add_argument(
        "--configured-store",
        action="store_true",
        help="the backend of the settings (environment, .env), e.g. the Cassandra node, "
        "instead of a throwaway SQLite file per app",
    )
    args = parser.parse_args()
    started: list = []
    with tempfile.TemporaryDirectory(prefix="bench-users-") as tmp:
        try:
            make = replica_targets if args.replicas else app_targets
            targets = make(args, Path(tmp), started)
            print(LEGEND)
            print(HEADER)
            idle = [warm(t) for t in targets]
            steps = [step(t, int(n), args) for n in args.users.split(",") for t in targets]
        finally:
            for proc in reversed(started):
                proc.stop()
    for line in summary(steps, idle, args.slo):
        print(line)
    if args.json:
        every = [s.as_json() for s in idle + steps]
        Path(args.json).write_text(json.dumps({"args": vars(args), "steps": every}, indent=1))
    return 1 if any(s.errors for s in steps) else 0


if __name__ == "__main__":
    raise SystemExit(main())
