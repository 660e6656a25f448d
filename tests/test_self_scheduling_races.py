"""20 candidates race for 5 self-scheduling slots, on SQLite and on the node (the `backend`
fixture of test_races: a fresh SQLite file, the module's keyspace): each holds a link of their
own offering the same slots of the same two interviewers; 2 processes x 10 threads meet at a
barrier and pick at once, 4 candidates a slot, through the feature the candidate's page calls.
Exactly 5 book (one a slot); every other pick is told the slot is gone, its link still open."""

from __future__ import annotations

import threading
import traceback
import uuid
from collections import Counter
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

import pytest
import test_races
from support import processes
from support.world import ALICE, BOB, RECRUITER
from test_races import Backend, _collect

from interview_autopilot.core.availability import LoadLimits
from interview_autopilot.core.booking_links import LinkRefused
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.models import Candidate, InterviewStatus, UserRole, make_id
from interview_autopilot.core.seats import overlaps
from interview_autopilot.core.settings import Settings
from interview_autopilot.features import find_times, self_scheduling
from interview_autopilot.store import open_store

pytestmark = pytest.mark.races

backend = test_races.backend
keyspaces = test_races.keyspaces

SECRET = "race-secret-not-real"
PROCESSES, THREADS, SLOTS = 2, 10, 5
DEFAULTS = find_times.Defaults()


def _picker(settings: Settings, picks: list[tuple[str, str]], barrier: Any, out: Any) -> None:
    """One app process: THREADS candidates, each picking their slot at the barrier."""
    try:
        store = open_store(settings)
        try:
            results: list[tuple[str, str]] = []

            def one(token: str, start: str) -> None:
                barrier.wait(60)
                try:
                    made = self_scheduling.pick(
                        store,
                        SECRET,
                        token,
                        datetime.fromisoformat(start),
                        datetime.now(UTC),
                        DEFAULTS,
                    )
                    results.append(("booked", str(made.interview_id)))
                except self_scheduling.SlotGone as exc:
                    results.append(("gone", exc.message))
                except LinkRefused as exc:
                    results.append(("refused", exc.kind))

            threads = [threading.Thread(target=one, args=pick) for pick in picks]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            out.put(("ok", results))
        finally:
            store.close()
    except BaseException as exc:
        barrier.abort()
        out.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def test_twenty_candidates_race_for_five_slots_and_exactly_five_book(backend: Backend) -> None:
    store = backend.store
    for person in (ALICE, BOB):
        store.set_interview_limits(person.user_id, LoadLimits(20, 50))
    job = Job(
        uuid.uuid4(),
        "Race Engineer",
        recruiter_id=RECRUITER.user_id,
        plan=(
            PlanStage(
                "Race",
                45,
                (
                    PanelSeat(UserRole.INTERVIEWER, ALICE.user_id),
                    PanelSeat(UserRole.INTERVIEWER, BOB.user_id),
                ),
            ),
        ),
    )
    store.add_job(job, actor=RECRUITER.user_id)
    stored = store.get_job(job.job_id)
    assert stored is not None
    candidates = [
        Candidate(make_id("race-candidate", str(n)), f"Racer {n}", f"racer{n}@example.org", "")
        for n in range(PROCESSES * THREADS)
    ]
    store.upsert_candidates(candidates)
    now = datetime.now(UTC)
    links = [
        self_scheduling.create(
            store, SECRET, c.candidate_id, stored, 0, RECRUITER.user_id, now, 5, UTC, DEFAULTS
        )
        for c in candidates
    ]
    offered = [s.start for s in links[0].link.slots[:SLOTS]]
    assert len(offered) == SLOTS
    assert all([s.start for s in m.link.slots[:SLOTS]] == offered for m in links)  # the same
    picks = [(m.token, offered[n % SLOTS].isoformat()) for n, m in enumerate(links)]
    barrier, out = processes.PROCESSES.Barrier(PROCESSES * THREADS), processes.PROCESSES.Queue()
    pickers = [
        processes.PROCESSES.Process(
            target=_picker,
            args=(backend.settings, picks[p * THREADS : (p + 1) * THREADS], barrier, out),
            name=f"candidates-{p}",
            daemon=True,
        )
        for p in range(PROCESSES)
    ]
    for p in pickers:
        p.start()
    reports = _collect(pickers, out, 120)
    errors = [r for status, r in reports if status != "ok"]
    assert not errors, "\n".join(errors)
    results = [r for _status, rs in reports for r in rs]
    assert Counter(kind for kind, _ in results) == Counter({"booked": 5, "gone": 15}), results
    booked = [store.get_interview(uuid.UUID(i)) for kind, i in results if kind == "booked"]
    assert sorted(i.scheduled_start for i in booked if i) == offered  # one a slot
    for person in (ALICE.user_id, BOB.user_id):
        held = [store.get_interview(r.interview_id) for r in store.list_interviews_by_user(person)]
        held = [i for i in held if i is not None and i.status is InterviewStatus.SCHEDULED]
        assert len(held) == SLOTS
        for a, b in combinations(held, 2):
            assert not overlaps(
                a.scheduled_start, a.scheduled_end, b.scheduled_start, b.scheduled_end
            )
    used = [store.get_booking_link(m.link.link_id) for m in links]
    assert sum(1 for u in used if u is not None and u.used_at is not None) == 5
    assert all(u is not None and u.claim_id is None for u in used if u and u.used_at is None)
