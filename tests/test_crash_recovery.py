"""A Cassandra writer killed in the middle of a change: nothing a person sees stays wrong.

A change is a conditional write of the source, then the copies (lists, ATS, audit), then the
counts. Each test kills a writer process between two of those steps, deterministically: the
child process (its own store from `Settings`) wraps one step of its own store so that
it ends with `os._exit` there, the way a `kill -9` or an OOM kill would end it. Production
code has no fault hook: the wrapping lives here.

Then the public reads must agree again (test_races.assert_consistent: every list walked to
its end, the counts, the ATS copy, the doctor) and the audit trail must hold the change:
- through the next write of that interview, or the detail page reading it (both roll the
  unfinished change forward first), and
- with nobody touching the interview, through the sweeper within its bound.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from support.node import cassandra_test_settings
from support.processes import PROCESSES
from support.world import PANEL, add, seed_people
from test_races import assert_consistent

from interview_autopilot.core.models import AuditAction, InterviewStatus
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.cassandra.store import CassandraStore

pytestmark = [pytest.mark.cassandra, pytest.mark.serial]

S = InterviewStatus
STEPS = ("after_conditional_write", "after_copies")
BOUND = 60.0  # seconds a killed change may stay unfinished (docs/cassandra-data-model.md)
SWEEP_INTERVAL = 2.0  # the sweeper's interval in these tests (PENDING_SWEEP_SECONDS)


def _die_at(step: str) -> None:
    """In the child: make this process end at `step` of every change, as a kill would."""
    from interview_autopilot.store.cassandra import interview_changes as store_module

    def exit_now(*_args: Any, **_kwargs: Any) -> Any:
        os._exit(0)

    if step == "after_conditional_write":  # the source is written, nothing else
        store_module.InterviewChanges._write_copies = exit_now  # type: ignore[method-assign]
    else:  # the copies and audit are written, the counts are not
        store_module.counter_batches = exit_now  # type: ignore[attr-defined]


def _killed_writer(settings: Settings, step: str, interview_id: uuid.UUID, status: str) -> None:
    _die_at(step)
    store = open_store(settings)
    store.change_status(interview_id, S(status))
    os._exit(3)  # not reached: the change ends at `step`


def kill_during(settings: Settings, step: str, interview_id: uuid.UUID, status: S) -> None:
    child = PROCESSES.Process(
        target=_killed_writer, args=(settings, step, interview_id, status.value)
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0, f"the writer did not end at {step} (exit {child.exitcode})"


@pytest.fixture
def node(cassandra_store_factory) -> Iterator[tuple[Settings, CassandraStore]]:  # type: ignore[no-untyped-def]
    """The settings of this test process's emptied keyspace on the node (the killed writers
    open their own store from them) and a store of the test's own on it, people seeded."""
    settings = cassandra_test_settings(cassandra_store_factory().keyspace)
    store = open_store(settings)
    assert isinstance(store, CassandraStore)
    seed_people(store)
    try:
        yield settings, store
    finally:
        store.close()


def _status_trail(store: CassandraStore, iid: uuid.UUID) -> list[tuple[str | None, str | None]]:
    return [(e.before, e.after) for e in store.list_audit(iid) if e.action is AuditAction.STATUS]


@pytest.mark.parametrize("step", STEPS)
def test_next_write_finishes_a_killed_change(node, step: str) -> None:
    """Killed in `step` of completing i0; a later cancel of i0 by another writer then leaves
    every list, count, Insights chart and the audit trail as the two changes imply."""
    settings, store = node
    i0 = add(store, "crash next write")
    add(store, "crash bystander")
    kill_during(settings, step, i0.interview_id, S.COMPLETED)
    store.change_status(i0.interview_id, S.CANCELLED)
    assert_consistent(store)
    assert store.get_interview(i0.interview_id).status is S.CANCELLED  # type: ignore[union-attr]
    assert _status_trail(store, i0.interview_id) == [
        ("scheduled", "completed"),
        ("completed", "cancelled"),
    ]


@pytest.mark.parametrize("step", STEPS)
def test_detail_read_and_sweeper_finish_a_killed_change(node, step: str) -> None:
    """Killed in `step` of completing i0. Opening i0's page writes its copies and audit entry
    at once; the counts follow from the sweeper (the writer's own for OWNER_SECONDS), with
    nobody writing: everything agrees within the bound."""
    settings, store = node
    i0 = add(store, "crash detail read")
    add(store, "crash bystander")
    kill_during(settings, step, i0.interview_id, S.COMPLETED)
    detail = store.get_interview_detail(i0.interview_id)
    assert detail is not None and detail.interview.status is S.COMPLETED
    assert store.get_ats(i0.interview_id) == detail.ats
    assert _status_trail(store, i0.interview_id) == [("scheduled", "completed")]
    sweeper = store.start_sweeper(SWEEP_INTERVAL)
    try:
        took = wait_consistent(store, BOUND)
    finally:
        sweeper.stop()
    assert store.count_by_status()[S.COMPLETED] == 1
    assert took <= BOUND


def test_sweeper_alone_finishes_a_killed_change_within_the_bound(node) -> None:
    """Killed right after the conditional write; nobody reads or writes i0: the sweeper of
    another app process finishes it, the audit entry included, within the bound."""
    settings, store = node
    i0 = add(store, "crash swept")
    sweeper = store.start_sweeper(SWEEP_INTERVAL)
    try:
        kill_during(settings, "after_conditional_write", i0.interview_id, S.CANCELLED)
        took = wait_consistent(store, BOUND)
    finally:
        sweeper.stop()
    assert _status_trail(store, i0.interview_id) == [("scheduled", "cancelled")]
    assert took <= BOUND
    assert sweeper.finished >= 1


def test_feedback_killed_after_the_conditional_write_keeps_its_audit(node) -> None:
    """A feedback whose writer died right after the conditional write: its audit row and the
    list copies' feedback count arrive with the roll-forward."""
    settings, store = node
    i0 = add(store, "crash feedback")

    proc = PROCESSES.Process(target=_killed_feedback, args=(settings, i0.interview_id))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0
    assert store.get_interview_detail(i0.interview_id) is not None
    sweeper = store.start_sweeper(SWEEP_INTERVAL)
    try:
        assert wait_consistent(store, BOUND) <= BOUND
    finally:
        sweeper.stop()
    actions = [e.action for e in store.list_audit(i0.interview_id)]
    assert AuditAction.FEEDBACK in actions


def _killed_feedback(settings: Settings, interview_id: uuid.UUID) -> None:
    _die_at("after_conditional_write")
    store = open_store(settings)
    store.submit_feedback(interview_id, PANEL[0][0], "yes", "Solid.")
    os._exit(3)


def wait_consistent(store: CassandraStore, bound: float) -> float:
    """Seconds until the public reads agree (checked every 0.5 s), at most `bound`."""
    start = time.monotonic()
    while True:
        try:
            assert_consistent(store)
            return time.monotonic() - start
        except AssertionError:
            if time.monotonic() - start > bound:
                raise
            time.sleep(0.5)
