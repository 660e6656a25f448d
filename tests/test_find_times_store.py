"""Finding times and booking one on every store (the `store` fixture): a stage asking for two
from a pool picks the least loaded members who work, are free and under their limits, with the
reasons for each choice and exclusion; booking the slot goes through the seat-claiming write, the
interview lands in the interviewers' lists, and a second booking of the same people for that
hour is refused naming who is taken. A plan stored before pools reads unchanged."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    DAVE,
    OTHER_CANDIDATE,
    RECRUITER,
    add,
    seed_people,
)

from interview_autopilot.core.availability import HAND, BusyBlock, LoadLimits, Pool
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage, panel_of, panel_text
from interview_autopilot.core.models import UserRole
from interview_autopilot.core.seats import SlotTaken
from interview_autopilot.features import find_times
from interview_autopilot.store.base import Store

MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
NINE = MONDAY.replace(hour=9)


def setup_world(store: Store) -> Job:
    seed_people(store)
    pool = store.save_pool(
        Pool(uuid.uuid4(), "Backend", (ALICE.user_id, BOB.user_id, CAROL.user_id, DAVE.user_id))
    )
    seat = PanelSeat(UserRole.INTERVIEWER, None, pool.pool_id)
    job = Job(
        uuid.uuid4(),
        "Backend Engineer",
        recruiter_id=RECRUITER.user_id,
        plan=(PlanStage("Technical", 60, (seat, seat)),),
    )
    store.add_job(job, actor=RECRUITER.user_id)
    # Alice: an interview on Monday 13:00 (with Bob and Carol on its panel too: only Alice)
    add(
        store,
        "alice-load",
        [(ALICE.user_id, UserRole.INTERVIEWER)],
        start=MONDAY.replace(hour=13),
        candidate=OTHER_CANDIDATE,
    )
    store.add_busy_blocks(
        [BusyBlock(BOB.user_id, uuid.uuid4(), NINE, NINE + timedelta(hours=3), "Dentist", HAND)]
    )
    store.set_interview_limits(DAVE.user_id, LoadLimits(None, 0))
    stored = store.get_job(job.job_id)
    assert stored is not None
    return stored


def test_find_times_and_book_one(store: Store) -> None:
    job = setup_world(store)
    assert job.plan[0].panel[0].pool_id is not None  # the pool seat round-trips
    found = find_times.find(
        store, CANDIDATE.candidate_id, job, 0, MONDAY, 2, UTC, find_times.Defaults()
    )
    first = found.slots[0]
    assert first.start == NINE  # from 09:00, the defaults' working hours
    assert [r.text for r in first.people] == [
        "Carol: 0 of 10 this week (from Backend)",
        "Alice: 1 of 10 this week (from Backend)",
    ]
    why = {r.name: r.text for r in first.passed_over}
    assert why["Bob"] == "Bob: busy Mon 16 Nov 2026, 09:00–12:00 (Dentist)"
    assert why["Dave"] == "Dave: over the weekly limit (0 of 0 this week)"
    at_one = next(s for s in found.slots if s.start == MONDAY.replace(hour=13))
    assert set(at_one.person_ids) == {CAROL.user_id, BOB.user_id}  # Alice is in an interview
    made = find_times.book(
        store,
        CANDIDATE.candidate_id,
        job,
        0,
        RECRUITER.user_id,
        first.start,
        list(first.person_ids),
        found.roles,
    )
    assert made.scheduled_end == NINE + timedelta(hours=1)
    for person in (CAROL, ALICE):
        assert made.interview_id in {
            r.interview_id for r in store.list_interviews_by_user(person.user_id)
        }
    linked = store.get_interview_stage(made.interview_id)
    assert linked is not None and linked.job_id == job.job_id
    with pytest.raises(SlotTaken) as refused:
        find_times.book(
            store,
            OTHER_CANDIDATE.candidate_id,
            job,
            0,
            RECRUITER.user_id,
            first.start,
            list(first.person_ids),
            found.roles,
        )
    assert {b.seat.person_id for b in refused.value.busy} == {CAROL.user_id, ALICE.user_id}
    again = find_times.find(
        store, OTHER_CANDIDATE.candidate_id, job, 0, MONDAY, 2, UTC, find_times.Defaults()
    )
    assert NINE not in {s.start for s in again.slots}  # Carol and Alice are taken, Bob busy


def test_a_plan_stored_before_pools_reads_as_it_was() -> None:
    old = f'[["interviewer", null], ["hiring_manager", "{ALICE.user_id}"]]'
    seats = panel_of(old)
    assert seats == (
        PanelSeat(UserRole.INTERVIEWER),
        PanelSeat(UserRole.HIRING_MANAGER, ALICE.user_id),
    )
    assert panel_text(seats) == old  # written back as it was
