"""Query traces are read with a bounded wait (store/cassandra/tracing.py).

CI once hung for the whole of its 90 minutes inside the driver's `get_query_trace()`, whose
default waits forever for a trace the server has not finished writing (its retry sleep doubles
each time); on Cassandra 5.0.8 an index range read's trace sometimes never gets its duration.
Runs on the real node; the incomplete and the missing trace are written into (or left out of)
the node's own `system_traces` tables.
"""

from __future__ import annotations

import time
import uuid

import pytest
from cassandra import ConsistencyLevel
from cassandra.query import SimpleStatement
from cassandra.util import uuid_from_time

from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.tracing import TraceUnavailable, read_trace, trace_of

pytestmark = pytest.mark.cassandra


def test_a_real_request_s_trace_is_complete(cassandra_session_store: CassandraStore) -> None:
    session = cassandra_session_store.session.session
    result = session.execute("SELECT release_version FROM system.local", trace=True)
    trace = trace_of(result)
    assert trace.events and trace.duration is not None
    assert trace_of(result.response_future).trace_id == trace.trace_id


def test_a_trace_that_never_completes_gives_its_events_within_the_wait(
    cassandra_session_store: CassandraStore,
) -> None:
    session = cassandra_session_store.session.session
    trace_id = uuid_from_time(time.time())  # a session row without its duration, as 5.0.8 left
    one = ConsistencyLevel.ONE  # system_traces has two replicas, the node is one
    session.execute(
        SimpleStatement(
            "INSERT INTO system_traces.sessions (session_id, started_at, request, coordinator) "
            "VALUES (%s, toTimestamp(now()), 'test: never completed', '127.0.0.1')",
            consistency_level=one,
        ),
        (trace_id,),
    )
    session.execute(
        SimpleStatement(
            "INSERT INTO system_traces.events (session_id, event_id, activity, source, "
            "source_elapsed, thread) VALUES (%s, now(), %s, '127.0.0.1', 5, 'test')",
            consistency_level=one,
        ),
        (trace_id, "Read 3 live rows and 7 tombstone cells"),
    )
    started = time.monotonic()
    trace = read_trace(session, trace_id, wait=2.0)
    assert time.monotonic() - started < 10  # the driver's default would still be polling
    assert trace.duration is None
    assert [e.description for e in trace.events] == ["Read 3 live rows and 7 tombstone cells"]


def test_a_trace_the_server_never_wrote_gives_up_after_the_wait(
    cassandra_session_store: CassandraStore,
) -> None:
    session = cassandra_session_store.session.session
    started = time.monotonic()
    with pytest.raises(TraceUnavailable):
        read_trace(session, uuid.uuid4(), wait=1.0)
    assert time.monotonic() - started < 10


def test_a_request_sent_without_a_trace_is_an_error_not_none(
    cassandra_session_store: CassandraStore,
) -> None:
    result = cassandra_session_store.session.session.execute("SELECT now() FROM system.local")
    with pytest.raises(TraceUnavailable, match="trace=True"):
        trace_of(result)
