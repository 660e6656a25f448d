"""Reading a request's query trace from the server, bounded in time.

The driver's `get_query_trace()` waits forever by default: it polls `system_traces` with a
sleep that doubles each time until the server has written the whole trace, its duration last.
On Cassandra 5.0.8 the trace of a storage-attached-index range read sometimes never gets its
duration (about one run in three of the past-due read in tests/test_cassandra_specific.py):
CI hung on it for its whole 90 minutes. So every trace here is read through `trace_of`: it waits
a few seconds for the complete trace, then takes the events written so far (they are all
there in that case; only the session's duration is missing), and gives up at its bound.
The server writes trace events through one queue of bounded length and drops what does not
fit (counted as the tracing stage's blocked tasks in `system_views.thread_pools`): a trace may
then never arrive, or arrive without some of its events. So `traced`, given reads only, runs
the read again when a trace never arrived or when the server dropped trace events while the
read ran (on any node). Other clients' traces fill the same queue: traced calls on one
machine (parallel tests, the benchmark) take turns through a file lock (`alone`). A read's own
requests fill it too: an index lookup that post-filters a few hundred partitions writes four
events for each, faster than the queue's one thread writes them, and the next request's events
would join them. So a traced call sends each request only once the queue is empty (`settled`):
its requests go one at a time (recording.py), each into an empty queue.

`traced` runs a store call with a trace asked for each request it sends, through the recording
of "How this was read" (recording.py): tests and the benchmark count the partitions, rows and
tombstones a read met with the same listener the screens use, and no read takes a flag for it.
"""

from __future__ import annotations

import fcntl
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from cassandra import ConsistencyLevel
from cassandra.cluster import ResponseFuture, ResultSet, Session
from cassandra.pool import Host
from cassandra.query import QueryTrace, TraceUnavailable

from .. import recorder

# Seconds a test or the benchmark waits for a trace before giving up: a busy node writes its
# traces late (more than 20 s once in CI).
WAIT = 60.0
# Runs of a read by `traced` before a trace that never arrived whole is an error: a read whose
# own events nearly fill the node's trace queue loses some in about half of its runs.
ATTEMPTS = 8
COMPLETE_WAIT = 3.0  # seconds for the complete trace: a finished one is there in milliseconds
ONE = ConsistencyLevel.LOCAL_ONE  # as the driver reads traces: system_traces has 2 replicas
DROPPED = "SELECT blocked_tasks_all_time FROM system_views.thread_pools WHERE name = 'TracingStage'"
QUEUED = (
    "SELECT pending_tasks, active_tasks FROM system_views.thread_pools WHERE name = 'TracingStage'"
)
SETTLE_WAIT = 10.0  # seconds a traced request waits for the trace queue to empty
SETTLE_POLL = 0.01  # seconds between looks at it
LOCK = Path(tempfile.gettempdir()) / "interview-autopilot-traces.lock"
__all__ = ["WAIT", "TraceUnavailable", "read_trace", "settled", "trace_of", "traced"]
P = ParamSpec("P")
R = TypeVar("R")


def traced(call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> tuple[R, list[QueryTrace]]:
    """What `call(*args, **kwargs)` returns, and the server's trace of every request it sent
    from this thread, in the order sent (each within WAIT seconds, see `trace_of`). `call` is
    a read, a method of a Cassandra store: it runs again (up to ATTEMPTS times in all) when one
    of its traces is missing or the server dropped trace events meanwhile."""
    session = _session_of(call)
    for attempt in range(1, ATTEMPTS + 1):
        with alone():
            before = dropped_events(session)
            with recorder.recording(trace=True, limit=None) as recording:
                result = call(*args, **kwargs)
            with recorder.paused():  # reading system_traces is not the call's reading
                handles = [s.handle for s in recording.statements]
                try:
                    traces = [trace_of(h) for h in handles if isinstance(h, ResponseFuture)]
                except TraceUnavailable:
                    if attempt == ATTEMPTS:
                        raise
                    continue
                if dropped_events(session) == before:
                    return result, traces
    raise TraceUnavailable(f"the server dropped trace events in each of {ATTEMPTS} runs")


@contextmanager
def alone() -> Iterator[None]:
    """Inside, no other traced call of this machine runs (a lock on LOCK, waited for)."""
    with LOCK.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def _session_of(call: Callable[..., object]) -> Session | None:
    """The driver session of the store whose method `call` is (None for anything else)."""
    return driver_session(getattr(call, "__self__", None))


def driver_session(store: object) -> Session | None:
    """A Cassandra store's driver session (None for any other store)."""
    return getattr(getattr(store, "session", None), "session", None)


def dropped_events(session: Session | None) -> int | None:
    """The trace events every node has dropped since it started (None: not known)."""
    if session is None:
        return None
    total = 0
    for host in session.cluster.metadata.all_hosts():
        found = _tracing_stage(session, host, DROPPED)
        if found is None:
            return None
        total += found
    return total


def settled(session: Session, wait: float = SETTLE_WAIT) -> bool:
    """Whether every node's trace queue is empty (nothing pending, nothing being written),
    looked at until it is or `wait` seconds have passed."""
    deadline = time.monotonic() + wait
    while True:
        if all(_queued(session, host) == 0 for host in session.cluster.metadata.all_hosts()):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(SETTLE_POLL)


def _queued(session: Session, host: Host) -> int:
    """Trace events a node has still to write (0 when it cannot say: a node down, Astra)."""
    return _tracing_stage(session, host, QUEUED) or 0


def _tracing_stage(session: Session, host: Host, query: str) -> int | None:
    """The sum of the columns `query` reads from a node's TracingStage row (None: not known,
    a node down or no virtual tables: Astra). Not part of any recording."""
    with recorder.paused():
        try:
            row = session.execute(query, host=host).one()
        except Exception:
            return None
    if row is None:
        return None
    values = list(row.values()) if isinstance(row, dict) else list(row)
    return sum(v or 0 for v in values)


def trace_of(handle: ResultSet | ResponseFuture, wait: float = WAIT) -> QueryTrace:
    """The server's trace of `handle`'s request (of its last page), within `wait` seconds
    (raises `TraceUnavailable` after that, or when the request asked for no trace)."""
    future = handle.response_future if isinstance(handle, ResultSet) else handle
    try:
        ids = future.get_query_trace_ids()
    except TypeError:  # cassandra-driver 3.30's answer when no trace was asked
        ids = []
    if not ids:
        raise TraceUnavailable("the request was sent without trace=True")
    return read_trace(future.session, ids[-1], wait)


def read_trace(session: Session, trace_id: uuid.UUID, wait: float = WAIT) -> QueryTrace:
    """The trace `trace_id`: complete if it is within COMPLETE_WAIT (or half of `wait`), else
    its events so far (`duration` None) if there are any in the time left; else
    `TraceUnavailable`."""
    trace = QueryTrace(trace_id, session)
    first = min(COMPLETE_WAIT, wait / 2)
    try:
        trace.populate(max_wait=first, query_cl=ONE)
    except TraceUnavailable:
        trace.populate(max_wait=wait - first, wait_for_complete=False, query_cl=ONE)
    return trace
