"""Query traces are read with a bounded wait (store/cassandra/tracing.py).

CI once hung for the whole of its 90 minutes inside the driver's `get_query_trace()`, whose
default waits forever for a trace the server has not finished writing (its retry sleep doubles
each time). Runs on the real node.
"""

from __future__ import annotations

import time
import uuid

import pytest

from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.tracing import TraceUnavailable, trace_of

pytestmark = pytest.mark.cassandra


def test_a_trace_the_server_never_wrote_gives_up_after_the_wait(
    cassandra_session_store: CassandraStore,
) -> None:
    session = cassandra_session_store.session.session
    future = session.execute_async("SELECT release_version FROM system.local", trace=True)
    future.result()
    assert trace_of(future).events  # the real trace arrives
    never = future._query_traces[-1]  # the same request, as if its trace was lost
    never.trace_id, never.events = uuid.uuid4(), None
    started = time.monotonic()
    with pytest.raises(TraceUnavailable):
        trace_of(future, wait=1.0)
    assert time.monotonic() - started < 10  # the driver's default would still be polling


def test_a_request_sent_without_a_trace_is_an_error_not_none(
    cassandra_session_store: CassandraStore,
) -> None:
    result = cassandra_session_store.session.session.execute("SELECT now() FROM system.local")
    with pytest.raises(TraceUnavailable, match="trace=True"):
        trace_of(result)
