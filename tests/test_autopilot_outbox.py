"""The autopilot's outbox on every store (the `store` fixture): messages found by their due
hour, one claim per message (a second worker is refused while the lease runs and takes over
after it), a settle refused to a holder whose lease was taken over, retries queued with their
wait, and a pass that reads only the hours of its look-back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from interview_autopilot.core.outbox import (
    Channel,
    Kind,
    Message,
    Policy,
    State,
    bucket_of,
    buckets,
    next_attempt,
)
from interview_autopilot.store.base import Store

NOW = datetime(2026, 11, 10, 9, 30, tzinfo=UTC)
LEASE = timedelta(minutes=2)


def message(n: int, due: datetime = NOW) -> Message:
    return Message(
        uuid.uuid5(uuid.NAMESPACE_OID, f"message-{n}"),
        1,
        due,
        Kind.INVITE,
        Channel.EMAIL,
        uuid.uuid5(uuid.NAMESPACE_OID, f"interview-{n}"),
        uuid.uuid5(uuid.NAMESPACE_OID, f"person-{n}"),
        f"p{n}@example.com",
        '{"start": "x"}',
        due,
    )


def test_due_messages_come_from_the_hours_of_the_lookback(store: Store) -> None:
    early = message(1, NOW - timedelta(hours=30))  # outside a 24 h look-back
    recent = message(2, NOW - timedelta(hours=3))
    later = message(3, NOW + timedelta(minutes=1))  # not due yet
    store.enqueue_messages([early, recent, later])
    store.enqueue_messages([recent])  # queued twice: stored once
    due = store.due_messages(NOW, timedelta(hours=24), 100)
    assert [m.message_id for m in due] == [recent.message_id]
    assert due[0].address == "p2@example.com" and due[0].state is State.DUE
    assert due[0].due_at == recent.due_at and due[0].expected == {"start": "x"}
    wide = store.due_messages(NOW, timedelta(hours=48), 100)
    assert [m.message_id for m in wide] == [early.message_id, recent.message_id]
    listed = store.list_messages(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    assert [m.message_id for m in listed] == [later.message_id]
    assert len(buckets(NOW - timedelta(hours=24), NOW)) == 25  # partitions a pass reads


def test_one_worker_holds_a_message_until_its_lease_ends(store: Store) -> None:
    m = message(1)
    store.enqueue_messages([m])
    a = store.claim_message(m, "worker-a", NOW, LEASE)
    assert a is not None and a.worker == "worker-a" and a.lease_until == NOW + LEASE
    assert store.claim_message(m, "worker-b", NOW + timedelta(seconds=1), LEASE) is None
    assert store.claim_message(m, "worker-b", NOW + LEASE - timedelta(seconds=1), LEASE) is None
    # worker-a died: after its lease, worker-b takes the message over
    b = store.claim_message(m, "worker-b", NOW + LEASE, LEASE)
    assert b is not None and b.worker == "worker-b"
    assert store.claim_message(m, "worker-c", NOW + LEASE, LEASE) is None
    # worker-a comes back: its outcome is refused, worker-b's recorded
    assert not store.settle_message(m, a, State.SENT, "", NOW + LEASE)
    assert store.settle_message(m, b, State.SENT, "", NOW + LEASE)
    [row] = store.list_messages(NOW, NOW)
    assert row.state is State.SENT and row.worker == "worker-b"
    assert store.due_messages(NOW + LEASE * 5, timedelta(hours=24), 100) == []
    assert store.claim_message(m, "worker-c", NOW + LEASE * 5, LEASE) is None


def test_a_failed_attempt_queues_the_next_one_after_its_wait(store: Store) -> None:
    m = message(1)
    store.enqueue_messages([m])
    policy = Policy(max_attempts=3)
    a = store.claim_message(m, "worker-a", NOW, LEASE)
    assert a is not None
    at = policy.retry_at(1, NOW)
    assert at == NOW + timedelta(minutes=1)
    second = next_attempt(m, at)
    assert store.settle_message(m, a, State.RETRY, "451 try later", NOW, retry=second)
    assert store.due_messages(NOW + timedelta(seconds=30), timedelta(hours=24), 100) == []
    [due] = store.due_messages(at, timedelta(hours=24), 100)
    assert (due.message_id, due.attempt) == (m.message_id, 2)
    # the first attempt cannot be claimed again; the second can, once
    assert store.claim_message(m, "worker-b", at, LEASE) is None
    b = store.claim_message(due, "worker-b", at, LEASE)
    assert b is not None and b.attempt == 2
    assert store.claim_message(due, "worker-c", at, LEASE) is None
    assert store.settle_message(due, b, State.FAILED, "550 no such user", at)
    states = {(r.attempt, r.state, r.detail) for r in store.list_messages(NOW, at)}
    assert states == {(1, State.RETRY, "451 try later"), (2, State.FAILED, "550 no such user")}
    assert policy.retry_at(3, at) is None  # the last attempt: no more


def test_an_attempt_whose_claim_ended_is_recorded_and_left(store: Store) -> None:
    """A worker died after settling the claim and before marking the attempt's row: the next
    pass finds the row not ended, reads the claim, and records the end on the row."""
    m = message(1)
    store.enqueue_messages([m])
    a = store.claim_message(m, "worker-a", NOW, LEASE)
    assert a is not None and store.settle_message(m, a, State.SENT, "", NOW)
    store.enqueue_messages([m])  # stored once: still sent
    assert store.due_messages(NOW, timedelta(hours=1), 10) == []


def test_the_pause_switch(store: Store) -> None:
    assert not store.autopilot_paused()
    store.set_autopilot_paused(True, now=NOW)
    assert store.autopilot_paused()
    store.set_autopilot_paused(False, now=NOW)
    assert not store.autopilot_paused()


def test_buckets_are_hours() -> None:
    assert bucket_of(datetime(2026, 1, 1, 10, 59, 59, tzinfo=UTC)) == datetime(
        2026, 1, 1, 10, tzinfo=UTC
    )
    assert len(buckets(NOW, NOW + timedelta(hours=2))) == 3
