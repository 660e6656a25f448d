# ruff: noqa: F811  (the fixtures of test_pages are imported by name)
"""A booking rechecks at the moment it is made what finding times checked: each person's
working hours (their zone), busy blocks and daily and weekly interview limits, read fresh. A slot
taken from "Find times" (and a self-scheduling link's) is refused outright, naming the person and
why, nothing written; a time typed on the Schedule form is warned of and booked only once
confirmed. On every store (the `store` fixture); the form through AppTest on SQLite."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from support.world import ALICE, BOB, CANDIDATE, CAROL, DAVE, RECRUITER, add, seed_people
from test_pages import app_env, at, ref, visit  # noqa: F401
from test_schedule_page import DAY, fill

from interview_autopilot.core.availability import HAND, BusyBlock, LoadLimits
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.models import UserRole
from interview_autopilot.features import find_times
from interview_autopilot.store.base import Store

MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
NINE = MONDAY.replace(hour=9)


def named_job(store: Store, *people: uuid.UUID) -> Job:
    job = Job(
        uuid.uuid4(),
        "Backend Engineer",
        recruiter_id=RECRUITER.user_id,
        plan=(
            PlanStage("Technical", 60, tuple(PanelSeat(UserRole.INTERVIEWER, p) for p in people)),
        ),
    )
    store.add_job(job, actor=RECRUITER.user_id)
    stored = store.get_job(job.job_id)
    assert stored is not None
    return stored


def book(store: Store, job: Job, start: datetime, *people: uuid.UUID):
    return find_times.book(
        store,
        CANDIDATE.candidate_id,
        job,
        0,
        RECRUITER.user_id,
        start,
        list(people),
        {p: UserRole.INTERVIEWER for p in people},
    )


def refusal(store: Store, job: Job, start: datetime, *people: uuid.UUID) -> str:
    """The message a booking of `people` at `start` is refused with; nothing is written."""
    with pytest.raises(ValidationError) as refused:
        book(store, job, start, *people)
    assert store.list_interviews_by_candidate(CANDIDATE.candidate_id) == []
    return refused.value.message


def test_a_found_slot_is_refused_when_a_person_is_now_busy_off_hours_or_over_a_limit(
    store: Store,
) -> None:
    seed_people(store)
    job = named_job(store, ALICE.user_id, BOB.user_id)
    found = find_times.find(
        store, CANDIDATE.candidate_id, job, 0, MONDAY, 1, UTC, find_times.Defaults()
    )
    assert found.slots[0].start == NINE  # free when found
    # Meanwhile Bob adds a block over it: the slot taken from the list is refused, naming him.
    store.add_busy_blocks(
        [BusyBlock(BOB.user_id, uuid.uuid4(), NINE, NINE + timedelta(hours=3), "Dentist", HAND)]
    )
    message = refusal(store, job, NINE, ALICE.user_id, BOB.user_id)
    assert "Bob: busy Mon 16 Nov 2026, 09:00–12:00 (Dentist)" in message
    assert "Alice" not in message
    # Outside the defaults' working hours (09:00-17:00, UTC), and on a Sunday.
    early = refusal(store, job, MONDAY.replace(hour=7), ALICE.user_id)
    assert "Alice: outside their working hours (09:00–17:00, UTC)" in early
    sunday = refusal(store, job, NINE - timedelta(days=1), ALICE.user_id)
    assert "Alice: outside their working hours" in sunday
    # Dave's own weekly limit is 0; Carol's daily limit is 1 and she has one that Monday.
    store.set_interview_limits(DAVE.user_id, LoadLimits(None, 0))
    assert "Dave: over the weekly limit (0 of 0 this week)" in refusal(
        store, job, NINE.replace(hour=14), DAVE.user_id
    )
    store.set_interview_limits(CAROL.user_id, LoadLimits(1, None))
    add(store, "carol-monday", [(CAROL.user_id, UserRole.INTERVIEWER)], start=NINE)
    assert store.list_interviews_by_candidate(CANDIDATE.candidate_id) != []
    with pytest.raises(ValidationError) as over:
        book(store, job, NINE.replace(hour=15), CAROL.user_id)
    assert "Carol: over the daily limit (1 of 1 that day)" in over.value.message
    # A time everyone can make still books.
    made = book(store, job, NINE.replace(hour=13), ALICE.user_id)
    assert made.scheduled_start == NINE.replace(hour=13)


def test_the_form_warns_of_busy_times_and_limits_and_books_only_once_confirmed(
    store: Store,
) -> None:
    from interview_autopilot.features import booking_checks

    seed_people(store)
    store.add_busy_blocks(
        [BusyBlock(BOB.user_id, uuid.uuid4(), NINE, NINE + timedelta(hours=1), "Gym", HAND)]
    )
    store.set_interview_limits(ALICE.user_id, LoadLimits(None, 0))
    lines = booking_checks.busy_warnings(
        store,
        [ALICE.user_id, BOB.user_id],
        NINE,
        NINE + timedelta(hours=1),
        find_times.Defaults(),
        UTC,
    )
    assert lines == [
        "Alice: over the weekly limit (0 of 0 this week).",
        "Bob: busy Mon 16 Nov 2026, 09:00–10:00 (Gym) (UTC).",
    ]
    with pytest.raises(ValidationError) as refused:
        booking_checks.refuse_unconfirmed(
            store,
            [ALICE.user_id, BOB.user_id],
            NINE,
            NINE + timedelta(hours=1),
            find_times.Defaults(),
            UTC,
        )
    assert "Bob: busy" in refused.value.message and "Book anyway" in refused.value.message
    assert (
        booking_checks.busy_warnings(
            store,
            [BOB.user_id],
            NINE + timedelta(hours=1),
            NINE + timedelta(hours=2),
            find_times.Defaults(),
            UTC,
        )
        == []
    )


@pytest.mark.parametrize("app_env", ["sqlite"], indirect=True)
def test_the_schedule_page_asks_to_confirm_a_busy_time_and_then_books_it(at, ref):
    people = fill(at, ref, start=time(9, 0), end=time(10, 0), people=1)
    someone = people[0]
    ref.add_busy_blocks(
        [
            BusyBlock(
                someone.user_id,
                uuid.uuid4(),
                datetime.combine(DAY, time(9, 30), UTC),
                datetime.combine(DAY, time(11, 0), UTC),
                "Dentist",
                HAND,
            )
        ]
    )
    before = ref.count_by_status()
    at.button(key="sch_submit").click().run()  # the block was added after the page drew
    assert not at.exception
    assert f"{someone.name}: busy Tue 04 Mar 2031, 09:30–11:00 (Dentist) (UTC)." in [
        w.value.replace("\\", "").replace("\u2060", "") for w in at.warning
    ]
    assert "tick “Book anyway” to confirm" in at.error[0].value
    assert ref.count_by_status() == before  # nothing booked unconfirmed
    box = next(c for c in at.checkbox if c.key.startswith("sch_hours_ok_"))
    assert box.label == "Book anyway, despite the busy times and limits above"
    box.check().run()
    at.button(key="sch_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "scheduled" in at.success[0].value
