"""Two recruiters moving one application at once, each from their own process and store, on
SQLite, Cassandra and Astra (test_races.py's backends and barrier): both read the application
before either writes. The outcome is always one some serial order of the two gives: a decision
taken on a stage the other has already left is refused and writes nothing; two holds both land,
the later replacing the earlier. Checked through the public reads, the counts and the doctor.
"""

from __future__ import annotations

import traceback
import uuid
from contextlib import contextmanager
from typing import Any

import pytest
import test_races
from support.processes import PROCESSES
from support.world import CANDIDATE, CAROL, RECRUITER
from test_jobs_store import job
from test_races import BARRIER_TIMEOUT, CHILD_TIMEOUT, Backend, _collect

from interview_autopilot.core import applications as rules
from interview_autopilot.core.applications import StaleApplication
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store

pytestmark = pytest.mark.races

backend = test_races.backend  # the fixtures of test_races: the stores the writers open
keyspaces = test_races.keyspaces


def _hold_first_read(store: Store, target: uuid.UUID, barrier: Any, record: dict) -> None:
    """This process's first read of the application returns only once the other process has
    read it too (Cassandra: both then hold one version, and one conditional write only can
    apply; each outcome is recorded). SQLite takes its write lock before it reads: the barrier
    sits before the transaction, and the lock serializes the two."""
    if store.backend == "sqlite":
        begin = store._tx  # type: ignore[attr-defined]

        @contextmanager
        def held_tx():  # type: ignore[no-untyped-def]
            if not record["held"]:
                record["held"] = True
                barrier.wait(BARRIER_TIMEOUT)
            with begin() as db:
                yield db

        store._tx = held_tx  # type: ignore[attr-defined]
        return
    read, applied = store._read_application, store._applied  # type: ignore[attr-defined]

    def held_read(key: uuid.UUID, *args: Any, **kwargs: Any) -> Any:
        found = read(key, *args, **kwargs)
        if key == target and not record["held"]:
            record["held"] = True
            barrier.wait(BARRIER_TIMEOUT)
        return found

    def recorded(statement: Any, key: uuid.UUID, version: int) -> bool:
        won = applied(statement, key, version)
        record["cas"].append(bool(won))
        return won

    store._read_application, store._applied = held_read, recorded  # type: ignore[attr-defined]


def _writer(
    settings: Settings, target: uuid.UUID, decider: uuid.UUID, call: str, reason: str,
    seen: str, barrier: Any, out: Any,
) -> None:  # fmt: skip
    record: dict[str, Any] = {"call": call, "held": False, "cas": []}
    try:
        store = open_store(settings)
        try:
            _hold_first_read(store, target, barrier, record)
            try:
                moved = store.decide_application(target, decider, call, reason, seen)
                record["result"] = moved.stage
            except StaleApplication as exc:
                record["result"] = "stale"
                record["message"] = exc.message
        finally:
            store.close()
        out.put(("ok", record))
    except BaseException as exc:
        barrier.abort()
        out.put(("error", f"{call}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def race(backend: Backend, target: uuid.UUID, writes: list[tuple[uuid.UUID, str, str]]) -> list:
    barrier, out = PROCESSES.Barrier(2), PROCESSES.Queue()
    seen = backend.store.get_application(target).stage  # type: ignore[union-attr]
    processes = [
        PROCESSES.Process(
            target=_writer,
            args=(backend.settings, target, who, call, reason, seen, barrier, out),
            daemon=True,
        )
        for who, call, reason in writes
    ]
    for p in processes:
        p.start()
    reports = _collect(processes, out, CHILD_TIMEOUT)
    errors = [r for kind, r in reports if kind == "error"]
    assert not errors, errors[0]
    records = [r for _, r in reports]
    assert all(r["held"] for r in records), "a writer never reached the barrier"
    if backend.name != "sqlite":  # both read one version: one conditional write lost
        assert sorted(r["cas"][0] for r in records) == [False, True]
    return records


def _opened(backend: Backend, key: str) -> tuple[uuid.UUID, uuid.UUID]:
    store = backend.store
    j = store.add_job(job(key, title=f"Race {key} {uuid.uuid4().hex[:8]}"))
    return store.open_application(CANDIDATE.candidate_id, j.job_id).application_id, j.job_id


def test_advance_and_reject_at_once_end_as_one_of_them_alone(backend: Backend) -> None:
    target, job_id = _opened(backend, "advance-reject")
    records = race(
        backend,
        target,
        [(CAROL.user_id, "advance", "strong"), (RECRUITER.user_id, "reject", "no")],
    )
    results = sorted(r["result"] for r in records)
    winner = next(r for r in records if r["result"] != "stale")
    assert results in (["Technical", "stale"], ["Rejected", "stale"])
    stale = next(r for r in records if r["result"] == "stale")
    assert f"now at {winner['result']}" in stale["message"]
    store = backend.store
    got = store.get_application(target)
    assert got is not None and got.stage == winner["result"]
    assert got.decision is not None and got.decision.call.value == winner["call"]
    assert store.list_applications_by_job(job_id) == [got]
    assert store.list_applications_by_stage(job_id, winner["result"]) == [got]
    assert store.list_applications_by_stage(job_id, "Phone screen") == []  # the row moved
    assert [e.action for e in store.list_application_audit(target)] == ["opened", "decided"]
    now = {s: n for (s, k), n in store.application_counts(job_id).items() if k == rules.NOW}
    assert now == {winner["result"]: 1}
    assert store.doctor().problems == []


def test_two_holds_at_once_both_land_one_after_the_other(backend: Backend) -> None:
    target, job_id = _opened(backend, "hold-hold")
    records = race(
        backend,
        target,
        [(CAROL.user_id, "hold", "wait for references"), (RECRUITER.user_id, "hold", "budget")],
    )
    assert [r["result"] for r in records] == ["Phone screen", "Phone screen"]
    store = backend.store
    trail = store.list_application_audit(target)
    assert [e.action for e in trail] == ["opened", "decided", "decided"]
    got = store.get_application(target)
    assert got is not None and got.decision is not None
    assert got.decision.reason in trail[-1].after  # the last written is the one kept
    assert store.list_applications_by_candidate(CANDIDATE.candidate_id)[-1] == got
    now = {s: n for (s, k), n in store.application_counts(job_id).items() if k == rules.NOW}
    assert now == {"Phone screen": 1}
    assert store.doctor().problems == []
