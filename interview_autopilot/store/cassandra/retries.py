"""The store's retry policy: the driver's, and a serial read sent again when it times out.

A serial read (LOCAL_SERIAL) runs a Paxos round of its own to finish any conditional write in
flight on the partition. When other rounds contend for it (several bookers claiming one
person's week on a busy cluster), the round can time out with the outcome of the write it was
finishing unknown (a WriteTimeout of type CAS, or CAS_WRITE_UNKNOWN on protocol v5). The read
itself changed nothing of its own: sending it again, through another coordinator, is safe
and the next round finishes the write. Conditional writes are never sent again here; the store
settles their timeouts with a serial read.

A serial read is only ever sent again as a serial read: the consistency a timeout reports can
be the one its rows were fetched at after the round (LOCAL_QUORUM), and the driver's default
sends the read again at the consistency reported, which would no longer see writes in flight."""

from __future__ import annotations

from typing import Any

from cassandra import ConsistencyLevel, WriteType
from cassandra.policies import RetryPolicy

SERIAL_READ_RETRIES = 3
_SERIAL = (ConsistencyLevel.SERIAL, ConsistencyLevel.LOCAL_SERIAL)


class StoreRetryPolicy(RetryPolicy):
    """RetryPolicy, except that a serial read whose round timed out is sent again (up to
    SERIAL_READ_RETRIES times) through the next coordinator, and a serial read is sent again
    at its own consistency."""

    def on_read_timeout(
        self,
        query: Any,
        consistency: int,
        required_responses: int,
        received_responses: int,
        data_retrieved: bool,
        retry_num: int,
    ) -> tuple[int, int | None]:
        decision, level = super().on_read_timeout(
            query, consistency, required_responses, received_responses, data_retrieved, retry_num
        )
        return decision, (None if _serial(query) else level)

    def on_write_timeout(
        self,
        query: Any,
        consistency: int,
        write_type: int,
        required_responses: int,
        received_responses: int,
        retry_num: int,
    ) -> tuple[int, int | None]:
        if _serial(query) and write_type == WriteType.CAS and retry_num < SERIAL_READ_RETRIES:
            return self.RETRY_NEXT_HOST, None  # None: at the statement's own consistency
        return super().on_write_timeout(
            query, consistency, write_type, required_responses, received_responses, retry_num
        )


def _serial(query: Any) -> bool:
    """A serial read: a statement sent at SERIAL or LOCAL_SERIAL (a conditional write is sent at
    its commit consistency, with the serial one beside it)."""
    return getattr(query, "consistency_level", None) in _SERIAL
