"""Worker processes (`python -m interview_autopilot autopilot run`) on one store, SQLite and the
node: a worker killed with SIGKILL between its claim and the receiver's acceptance leaves a
claim another worker takes over after the lease, and the message arrives once; killed after
the receiver stored it but before the outcome was recorded, it arrives twice (the documented
window: at least once, a duplicate only inside one lease); three workers at once send every
message exactly once."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime, timedelta

import pytest
from support.autopilot_kit import recipients, start_worker, worker
from support.receivers import invite_of, smtp_server
from support.world import ALICE, BOB, CANDIDATE, RECRUITER, seed_people, user

from interview_autopilot.core.models import UserRole, utc_now
from interview_autopilot.core.outbox import State
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store

START = datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
LEASE = 4  # seconds


@pytest.fixture
def process_store(store: Store) -> Store:
    if store.backend == "astra":
        pytest.skip("worker processes run on SQLite and the node (Astra: the same store code)")
    return store


def book(store: Store, n: int = 1, panel=((ALICE.user_id, UserRole.INTERVIEWER),)) -> None:
    for i in range(n):
        scheduling.schedule(
            store,
            CANDIDATE.candidate_id,
            f"Role {i}",
            RECRUITER.user_id,
            START + timedelta(hours=i),
            START + timedelta(hours=i, minutes=45),
            "",
            list(panel),
        )


def kill_when(event, proc, timeout: float = 60.0) -> None:
    """SIGKILL `proc` as soon as `event` is set (the receiver saw it get that far)."""
    if not event.wait(timeout):
        out, err = proc.communicate(timeout=5) if proc.poll() is not None else ("", "")
        raise AssertionError(f"the worker never got there: {out} {err}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def test_killed_before_the_receiver_took_it_another_worker_sends_it_once(process_store) -> None:
    store = process_store
    seed_people(store)
    book(store)
    with smtp_server() as (box, port):
        box.hold_rcpt = True  # the worker waits in the SMTP dialogue, the message not yet sent
        proc = start_worker(store, port, "--once", AUTOPILOT_LEASE_SECONDS=str(LEASE))
        kill_when(box.at_rcpt, proc)
        box.hold_rcpt = False
        assert box.received() == []
        killed_at = utc_now()
        # While the dead worker's lease runs, another worker leaves the message alone...
        report = worker(store, port, AUTOPILOT_LEASE_SECONDS=str(LEASE)).run_pass(utc_now())
        assert (report.held, report.sent) == (1, 0)
        [row] = store.list_messages(utc_now() - timedelta(hours=1), utc_now())
        assert row.state is State.CLAIMED
        # ... and takes it over once the lease has ended: received exactly once.
        time.sleep(max(0.0, LEASE + 0.5 - (utc_now() - killed_at).total_seconds()))
        second = start_worker(store, port, "--once", AUTOPILOT_LEASE_SECONDS=str(LEASE))
        out, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        assert "1 sent" in out
        assert recipients(box.wait_for(1)) == [ALICE.email]
        time.sleep(0.3)
        assert len(box.received()) == 1
        [row] = store.list_messages(utc_now() - timedelta(hours=1), utc_now())
        assert row.state is State.SENT


def test_killed_after_the_receiver_took_it_it_arrives_twice(process_store) -> None:
    """The documented window: the receiver has the message, the outcome is not recorded; after
    the lease another worker sends it again. The same invite (UID, SEQUENCE) arrives twice."""
    store = process_store
    seed_people(store)
    book(store)
    with smtp_server() as (box, port):
        box.hold_after_data = True  # stored, then no answer yet
        proc = start_worker(store, port, "--once", AUTOPILOT_LEASE_SECONDS=str(LEASE))
        kill_when(box.stored_and_holding, proc)
        box.hold_after_data = False
        assert len(box.received()) == 1
        time.sleep(LEASE + 0.5)
        second = start_worker(store, port, "--once", AUTOPILOT_LEASE_SECONDS=str(LEASE))
        _, err = second.communicate(timeout=120)
        assert second.returncode == 0, err
        mails = box.wait_for(2)
        assert recipients(mails) == [ALICE.email, ALICE.email]
        events = [invite_of(m).walk("VEVENT")[0] for m in mails]  # type: ignore[union-attr]
        assert {(str(e["UID"]), int(e["SEQUENCE"])) for e in events} == {(str(events[0]["UID"]), 0)}
        [row] = store.list_messages(utc_now() - timedelta(hours=1), utc_now())
        assert row.state is State.SENT


def test_three_workers_send_every_message_exactly_once(process_store) -> None:
    store = process_store
    seed_people(store)
    people = [user(f"p{i}") for i in range(4)]
    store.upsert_users(people)
    panel = [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)] + [
        (p.user_id, UserRole.INTERVIEWER) for p in people
    ]
    book(store, 10, panel)  # 60 messages
    with smtp_server() as (box, port):
        box.delay = 0.1  # a receiver that takes its time: the workers overlap
        procs = [start_worker(store, port, AUTOPILOT_INTERVAL_SECONDS="0.2") for _ in range(3)]
        try:
            mails = box.wait_for(60, timeout=120)
            time.sleep(1.5)  # a few more passes: anything sent twice would show now
        finally:
            for p in procs:
                p.send_signal(signal.SIGTERM)
            for p in procs:
                p.wait(timeout=30)
        mails = box.received()
        keys = [
            (str(m["To"]), str(invite_of(m).walk("VEVENT")[0]["UID"]))  # type: ignore[union-attr]
            for m in mails
        ]
        assert len(keys) == 60 and len(set(keys)) == 60
        rows = store.list_messages(utc_now() - timedelta(hours=1), utc_now())
        assert len(rows) == 60 and {r.state for r in rows} == {State.SENT}
        assert len({r.worker for r in rows}) >= 2  # the work was shared
