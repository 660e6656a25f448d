"""The scheduling and autopilot figures, on the loaded data: finding times for a three-person
panel over ten business days, one autopilot worker pass sending to a local SMTP receiver, and the
interviewer page with its calibration figures.

What each reads is counted through "How this was read" (the store's recorder, every statement
kept for the count): statements and rows on both stores, and on the node the partitions the
server's query traces name (a traced call of its own, apart from the timed ones: a trace costs
the server a write per event).
"""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import UTC, timedelta
from typing import Any

from aiosmtpd.controller import Controller

from benchkit import report, screens
from benchkit.data import ANCHOR, PANEL, BenchData
from interview_autopilot.core.models import make_id
from interview_autopilot.core.settings import Settings
from interview_autopilot.features import find_times, profiles
from interview_autopilot.features.autopilot.worker import Worker
from interview_autopilot.store import recorder
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra.tracing import alone, driver_session, dropped_events

FIND_DAYS = 10  # business days searched
PASS_BATCH = 500  # messages of the timed pass: the worker's default batch
SMOKE_BATCH, SMOKE_WEEKS = 20, 4  # --smoke: outbox batches and pass, weeks of history
BLOCK_DAYS = 16  # calendar days from the anchor with busy blocks (the window and a bit)
TRACED_PASS = report.TRACED_MESSAGES  # messages of the traced pass
HISTORY_WEEKS = 104  # two years of history added for the panel
PAGE_DAYS = 28  # the busy times the interviewer page shows
SEED_THREADS = 8
TRACE_THREADS = 4  # trace reads in flight: the node writes and serves system_traces too
# The organisation's interview limits: the data's interviewers sit on about 13 interviews a week
# (8 to 18), over the app's default of 10 a week, which left no feasible slot at 1M.
LIMITS = find_times.Defaults(daily=5, weekly=20)
FIND = f"find times: {PANEL} people, {FIND_DAYS} business days"
PAGE = "interviewer page with calibration"


def seed(store: Store, data: BenchData, batches: int | None = None) -> dict[str, int]:
    """Pools, the panel's busy blocks and the outbox (its first `batches`, None: all),
    through the store's own writes."""
    pools = data.pools()
    for pool in pools:
        store.save_pool(pool)
    blocks = store.add_busy_blocks(data.busy_blocks(BLOCK_DAYS))
    queued = list(itertools.islice(data.outbox(), batches))
    with ThreadPoolExecutor(SEED_THREADS) as pool:
        list(pool.map(store.enqueue_messages, queued))
    return {
        "pools": len(pools),
        "busy_blocks": blocks,
        "outbox_messages": sum(len(b) for b in queued),
    }


def reads(call: Callable[[], object], traced: bool, session: Any = None) -> dict[str, int]:
    """What one call read: statements, rows, and (traced, on the node) partitions, with the
    trace events the node dropped meanwhile (`session`'s nodes; -1: not known). A traced
    call runs alone among this machine's traced calls (tracing.py)."""
    with alone() if traced else nullcontext():
        return _reads(call, traced, session)


def _reads(call: Callable[[], object], traced: bool, session: Any) -> dict[str, int]:
    before = dropped_events(session) if traced else None
    with recorder.recording(trace=traced, limit=None) as recording:  # every statement kept
        call()
    statements = recording.statements
    out = {
        "statements": len(statements) + recording.dropped,
        "rows": sum(s.rows or 0 for s in statements),
    }
    if traced:
        from interview_autopilot.store.cassandra.recording import summarise

        with ThreadPoolExecutor(TRACE_THREADS) as pool:  # each waits on system_traces
            list(pool.map(summarise, statements))
        out["partitions"] = sum(s.trace.partitions for s in statements if s.trace)
        out["untraced"] = sum(1 for s in statements if s.trace is None) + recording.dropped
        after = dropped_events(session)
        # Trace events the server dropped meanwhile (tracing.py): 0 says the counts are whole.
        out["trace_events_dropped"] = -1 if before is None or after is None else after - before
    return out


class _Count:
    """An SMTP receiver's handler that counts what it accepts."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received += 1
        return "250 Message accepted"


@contextmanager
def smtp_receiver() -> Iterator[tuple[_Count, int]]:
    """An SMTP server on loopback (aiosmtpd, no TLS): its counter and port."""
    count = _Count()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(count, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield count, port
    finally:
        controller.stop()


def autopilot_pass(store: Store, traced: bool, batch: int) -> dict[str, Any]:
    """One worker pass at the anchor over the outbox's backlog (at most `batch` messages),
    timed, sending to the local receiver; then a pass of TRACED_PASS messages, counted."""
    with smtp_receiver() as (count, port):
        env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "false"}
        worker = Worker.from_settings(store, Settings.load(env=env), name="bench")
        worker = replace(worker, policy=replace(worker.policy, batch=batch))
        began = time.perf_counter()
        report = worker.run_pass(ANCHOR)
        seconds = time.perf_counter() - began
        small = replace(worker, policy=replace(worker.policy, batch=TRACED_PASS))
        counted = reads(lambda: small.run_pass(ANCHOR), traced, driver_session(store))
        received = count.received
    return {
        "seconds": seconds,
        "due": report.due,
        "sent": report.sent,
        "skipped": report.skipped,
        "queued": report.queued,
        "received": received,
        "sends_per_s": report.sent / seconds if seconds else 0.0,
        "messages_per_s": report.due / seconds if seconds else 0.0,
        "reads_per_pass_of": TRACED_PASS,
        "reads": counted,
    }


def find_call(store: Store, data: BenchData) -> Callable[[], object]:
    job, candidate = data.find_job(), make_id("bench-candidate", "0")
    defaults = LIMITS
    return lambda: find_times.find(store, candidate, job, 0, ANCHOR, FIND_DAYS, UTC, defaults)


def page_call(store: Store, data: BenchData) -> Callable[[], object]:
    """The interviewer page's store calls, as a recruiter sees it: the person, their weeks and
    history, their calibration figures and the team's, their busy times and limits."""
    user_id = data.panel()[0].user_id

    def page() -> object:
        store.get_user(user_id)
        week = profiles.person_week(store, user_id, ANCHOR, ANCHOR, 24)
        store.calibration_sums(user_id)
        store.calibration_sums(None)
        store.busy_blocks(user_id, ANCHOR, ANCHOR + timedelta(days=PAGE_DAYS))
        store.interview_limits(user_id)
        return week

    return page


def measure(
    store: Store,
    data: BenchData,
    rounds: int,
    traced: bool,
    note: Callable[[str], None],
    smoke: bool = False,
) -> dict[str, Any]:
    """`smoke`: a sliver of the outbox and history, a pass of SMOKE_BATCH (the suite's run)."""
    note("scheduling: pools, busy blocks and the outbox")
    seeded = seed(store, data, SMOKE_BATCH if smoke else None)
    find, page = find_call(store, data), page_call(store, data)
    found = find()
    note("scheduling: find times and the interviewer page")
    timed = screens.timed([(FIND, find), (PAGE, page)], rounds)
    session = driver_session(store)
    find_reads, page_reads = reads(find, traced, session), reads(page, traced, session)
    note("scheduling: an autopilot pass")
    sent = autopilot_pass(store, traced, SMOKE_BATCH if smoke else PASS_BATCH)
    weeks = SMOKE_WEEKS if smoke else HISTORY_WEEKS
    note(f"scheduling: find times again after {weeks} weeks of the panel's history")
    store.bulk_load(data.panel_history(weeks))
    again = screens.timed([(FIND, find)], rounds)[FIND]
    return {
        "seeded": seeded,
        "calls": timed,
        "find_slots": len(found.slots),  # type: ignore[attr-defined]
        "find_reads": find_reads,
        "page_reads": page_reads,
        "autopilot": sent,
        "find_with_history": {
            "weeks": weeks,
            "call": again,
            "reads": reads(find, traced, session),
            "p95_ratio": again["p95_ms"] / timed[FIND]["p95_ms"],
            "same_slots": len(find().slots) == len(found.slots),  # type: ignore[attr-defined]
        },
    }
