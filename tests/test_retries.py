"""The store's retry policy: a serial read whose Paxos round timed out (another round in flight,
a busy cluster) is sent again through the next coordinator, a few times; a conditional write
never is (the store settles its timeout with a serial read); everything else is the driver's."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from cassandra import ConsistencyLevel, WriteType
from cassandra.policies import RetryPolicy
from cassandra.protocol import ErrorMessage, WriteTimeoutErrorMessage
from cassandra.query import SimpleStatement

from interview_autopilot.core.settings import Settings
from interview_autopilot.store.cassandra.connection import build_cluster
from interview_autopilot.store.cassandra.retries import SERIAL_READ_RETRIES, StoreRetryPolicy

POLICY = StoreRetryPolicy()


def _timeout(query: SimpleStatement, write_type: int, retry_num: int) -> int:
    decision, level = POLICY.on_write_timeout(
        query, ConsistencyLevel.LOCAL_SERIAL, write_type, 2, 1, retry_num
    )
    if decision != RetryPolicy.RETHROW and write_type == WriteType.CAS:
        assert level is None  # sent again at its own consistency
    return decision


def _serial_read() -> SimpleStatement:
    return SimpleStatement(
        "SELECT * FROM ks.t WHERE k = 1", consistency_level=ConsistencyLevel.LOCAL_SERIAL
    )


def test_a_serial_read_whose_round_timed_out_is_sent_again_a_few_times() -> None:
    read = _serial_read()
    decisions = [_timeout(read, WriteType.CAS, n) for n in range(SERIAL_READ_RETRIES + 1)]
    assert decisions == [RetryPolicy.RETRY_NEXT_HOST] * SERIAL_READ_RETRIES + [RetryPolicy.RETHROW]


def test_a_conditional_write_that_timed_out_is_never_sent_again() -> None:
    write = SimpleStatement(
        "UPDATE ks.t SET v = 2 WHERE k = 1 IF v = 1",
        consistency_level=ConsistencyLevel.LOCAL_QUORUM,
        serial_consistency_level=ConsistencyLevel.LOCAL_SERIAL,
    )
    default = SimpleStatement("UPDATE ks.t SET v = 2 WHERE k = 1 IF v = 1")  # the profile's
    assert _timeout(write, WriteType.CAS, 0) == RetryPolicy.RETHROW
    assert _timeout(default, WriteType.CAS, 0) == RetryPolicy.RETHROW


def test_other_write_timeouts_are_the_drivers() -> None:
    read = _serial_read()
    assert _timeout(read, WriteType.SIMPLE, 0) == RetryPolicy.RETHROW
    assert _timeout(read, WriteType.BATCH_LOG, 0) == RetryPolicy.RETRY
    assert _timeout(read, WriteType.BATCH_LOG, 1) == RetryPolicy.RETHROW


def test_a_serial_read_is_sent_again_as_a_serial_read_only() -> None:
    """A serial read's timeout may report the consistency its rows were fetched at after the
    round (LOCAL_QUORUM): a read sent again at that level would miss writes in flight."""
    decision, level = POLICY.on_read_timeout(
        _serial_read(), ConsistencyLevel.LOCAL_QUORUM, 2, 2, False, 0
    )
    assert (decision, level) == (RetryPolicy.RETRY, None)
    quorum = SimpleStatement("SELECT * FROM ks.t", consistency_level=ConsistencyLevel.LOCAL_QUORUM)
    decision, level = POLICY.on_read_timeout(quorum, ConsistencyLevel.LOCAL_QUORUM, 2, 2, False, 0)
    assert (decision, level) == (RetryPolicy.RETRY, ConsistencyLevel.LOCAL_QUORUM)
    decision, _ = POLICY.on_read_timeout(
        _serial_read(), ConsistencyLevel.LOCAL_QUORUM, 2, 1, False, 0
    )
    assert decision == RetryPolicy.RETHROW  # too few answered: the driver's default


def test_cas_write_unknown_reaches_the_retry_policy_as_a_write_timeout() -> None:
    """Protocol v5's CAS_WRITE_UNKNOWN (0x1700) is decoded as the driver's write timeout, which
    the driver hands to the retry policy (an unknown error class it would raise at once)."""
    text = b"CAS operation result is unknown - proposal accepted by 1 but not a quorum."
    body = (
        struct.pack(">iH", 0x1700, len(text))
        + text
        + struct.pack(">Hii", ConsistencyLevel.LOCAL_SERIAL, 1, 2)
    )
    reply = ErrorMessage.recv_body(io.BytesIO(body), 5, None, None, None)
    assert isinstance(reply, WriteTimeoutErrorMessage)
    decision, _ = POLICY.on_write_timeout(_serial_read(), retry_num=0, **reply.info)
    assert decision == RetryPolicy.RETRY_NEXT_HOST


def test_the_store_uses_the_policy_for_every_request() -> None:
    settings = Settings.load(
        env={"DB_BACKEND": "cassandra", "CASSANDRA_CONTACT_POINTS": "127.0.0.1"},
        dotenv_path=Path("/nonexistent"),
    )
    cluster = build_cluster(settings)
    assert isinstance(cluster.profile_manager.default.retry_policy, StoreRetryPolicy)
