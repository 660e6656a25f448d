"""Reading a request's query trace from the server, bounded in time.

The driver's `get_query_trace()` waits forever by default: it polls `system_traces` with a
sleep that doubles each time until the server has written the whole trace. On a busy node a
trace can be late or never complete, and the caller then hangs (an hour in CI). Every trace
here is read through `trace_of`, which gives up after a bounded wait.
"""

from __future__ import annotations

from typing import Protocol

from cassandra.query import QueryTrace, TraceUnavailable

WAIT = 20.0  # seconds a test or the benchmark waits for a trace before giving up
__all__ = ["WAIT", "TraceUnavailable", "trace_of"]


class Traced(Protocol):
    """A ResultSet or a ResponseFuture of a request sent with `trace=True`."""

    def get_query_trace(self, max_wait: float | None = ...) -> QueryTrace | None: ...


def trace_of(handle: Traced, wait: float = WAIT) -> QueryTrace:
    """The server's trace of `handle`'s request, waiting at most `wait` seconds for it
    (raises `TraceUnavailable` after that, or when the request asked for no trace)."""
    trace = handle.get_query_trace(wait)  # positional: ResultSet names it max_wait_sec
    if trace is None:
        raise TraceUnavailable("the request was sent without trace=True")
    return trace
