"""The command line's `autopilot run [--once]`: the worker that sends what is due.

Every AUTOPILOT_INTERVAL_SECONDS it runs one pass (features/autopilot/worker.py) and prints one
line of what it did; `--once` runs one pass and exits. Any number may run at once, on any
machines sharing the store: each message is claimed by one of them.
"""

from __future__ import annotations

import argparse
import time

from ..core import clock
from ..core.settings import Settings


def add_arguments(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    autopilot = sub.add_parser("autopilot", help="send the invites and reminders that are due")
    actions = autopilot.add_subparsers(dest="action", required=True)
    run = actions.add_parser("run", help="a pass every AUTOPILOT_INTERVAL_SECONDS")
    run.add_argument("--once", action="store_true", help="one pass, then exit")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from ..features.autopilot.worker import Worker
    from ..store import open_store

    interval = settings.number("AUTOPILOT_INTERVAL_SECONDS")
    store = open_store(settings)
    try:
        worker = Worker.from_settings(store, settings)
        print(f"autopilot worker {worker.name} on {store.backend}", flush=True)
        while True:
            report = worker.run_pass(clock.now(), clock=clock.now)
            print(f"autopilot: {report.line()}", flush=True)
            if args.once:
                return 0
            time.sleep(interval)
    finally:
        store.close()
