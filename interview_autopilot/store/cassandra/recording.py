"""The Cassandra side of "How this was read": a request-init listener on the session records
every request issued while a recording is on (its CQL, bound values, rows of the page, time),
asks the server for a trace when the recording wants one, and summarises those traces.

The server writes every trace event through one queue of bounded length and drops what does
not fit: a read that sends many traced requests at once (a page walking day partitions side
by side) would lose some of its own traces. So a recording that traces lets at most
TRACED_IN_FLIGHT of its requests be unanswered at once: the thread sending one more waits
for an earlier one's answer (which the driver's own thread delivers), and then for the
server's trace queue to be empty (tracing.settled); the summaries are read once it is empty
again. A trace is for inspection and measurement: whole rather than soon.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable
from typing import Any

from cassandra.cluster import ResponseFuture, Session
from cassandra.query import BatchStatement, BoundStatement, SimpleStatement

from .. import recorder
from .tracing import TraceUnavailable, settled, trace_of

_READ = re.compile(r"Read (\d+) live rows and (\d+) tombstone cells")
_LISTENING = "_autopilot_recording"  # set on a session once its listener is added
TRACE_WAIT = 2.0  # seconds a screen waits for a trace to be complete on the server
TRACED_IN_FLIGHT = 1  # traced requests of one recording unanswered at once
_SLOTS = "_traced_in_flight"  # a recording's semaphore of TRACED_IN_FLIGHT, set on first use
_SLOTS_LOCK = threading.Lock()


def listen(session: Session) -> None:
    """Add the listener to `session` (once, however many stores share it)."""
    if not getattr(session, _LISTENING, False):
        session.add_request_init_listener(_on_request)
        setattr(session, _LISTENING, True)


def _described(query: Any) -> tuple[str, object]:
    if isinstance(query, BoundStatement):
        return query.prepared_statement.query_string, list(getattr(query, "raw_values", None) or [])
    if isinstance(query, BatchStatement):  # the driver keeps no public list of its statements
        return f"BATCH of {len(query._statements_and_parameters)} statements", []
    if isinstance(query, SimpleStatement):
        return query.query_string, []  # parameters, if any, are formatted into the text
    return str(query), []


def _on_request(future: ResponseFuture) -> None:
    """Record the request; a recording is a diagnostic: it never fails the request."""
    with contextlib.suppress(Exception):  # the screen's read matters more than its listing
        _record(future)


def _record(future: ResponseFuture) -> None:
    recording = recorder.current()
    if recording is None:
        return
    text, values = _described(future.query)
    statement = recorder.begin(text, values)
    if statement is None:
        return
    release: Callable[[], None] = _no_slot
    if recording.trace and future.message is not None:
        release = _take_slot(recording)
        settled(future.session)
        future.message.tracing = True
        statement.handle = future

    def ok(rows: Any) -> None:  # again for each further page the caller fetches
        release()
        if isinstance(rows, list):
            statement.done((statement.rows or 0) + len(rows))
        else:
            statement.done(statement.rows)

    def failed(_exc: BaseException) -> None:
        release()
        statement.done(None)

    future.add_callbacks(ok, failed)


def _no_slot() -> None:
    pass


def _take_slot(recording: recorder.Recording) -> Callable[[], None]:
    """Wait for one of the recording's TRACED_IN_FLIGHT slots; the function giving it back
    (once, however often it is called)."""
    with _SLOTS_LOCK:
        slots = getattr(recording, _SLOTS, None)
        if slots is None:
            slots = threading.Semaphore(TRACED_IN_FLIGHT)
            setattr(recording, _SLOTS, slots)
    slots.acquire()
    taken = [slots]

    def release() -> None:
        with contextlib.suppress(IndexError):  # given back already
            taken.pop().release()

    return release


def summarise_all(statements: list[recorder.Statement]) -> None:
    """Fill each statement's trace summary, once the server has written the traces' events
    (its trace queue empty, waited for up to TRACE_WAIT): read before, a trace may lack its
    last events, the rows and tombstones read among them."""
    sessions = {
        id(s.handle.session): s.handle.session
        for s in statements
        if isinstance(s.handle, ResponseFuture)
    }
    for session in sessions.values():
        settled(session, TRACE_WAIT)
    for statement in statements:
        summarise(statement)


def summarise(statement: recorder.Statement) -> None:
    """Fill `statement.trace` from the server's trace of its request (when one was asked)."""
    future = statement.handle
    if not isinstance(future, ResponseFuture) or not future.get_query_trace_ids():
        return
    with recorder.paused():  # reading system_traces is not the screen's reading
        try:
            trace = trace_of(future, TRACE_WAIT)
        except TraceUnavailable:  # late on a busy node: the row says so, the page goes on
            return
    events = trace.events or []
    partitions = sum(e.description.startswith("Executing single-partition query") for e in events)
    reads = [(int(m[1]), int(m[2])) for e in events if (m := _READ.search(e.description))]
    duration = trace.duration.total_seconds() * 1_000_000 if trace.duration else None
    statement.trace = recorder.TraceSummary(
        partitions,
        sum(live for live, _ in reads),
        sum(dead for _, dead in reads),
        int(duration) if duration is not None else None,
    )
