"""A booking and a move hold each person's daily and weekly interview limits inside the write
(core/load_caps.py), on every store (the `store` fixture: SQLite and the node): a write handed
the limits refuses the interview that goes over (OverLimit names the person and their count,
nothing is stored), whatever the reads before it found; the interview being moved does not
count against itself; a cancel or a move frees the place. A move from the Interview page is
held to the participants' hours, blocks and limits, refused in words and nothing changed. On
the node, a load claim left by a writer that died (written as it leaves it, and left by a real
booker process ended between its claims and its interview) counts for the lease and is then
ignored and removed; the doctor finds nothing wrong.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from support.node import cassandra_test_settings
from support.processes import PROCESSES
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    OTHER_CANDIDATE,
    RECRUITER,
    interview,
    seed_people,
)

from interview_autopilot.core.availability import HAND, BusyBlock, LoadLimits, NotAvailable
from interview_autopilot.core.load_caps import LoadCap, OverLimit, week_of, weeks_near
from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.core.seats import CLAIM_LEASE, claim_days
from interview_autopilot.core.settings import Settings
from interview_autopilot.features import booking_checks, find_times, scheduling
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore

HOUR = timedelta(hours=1)
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC
ALICE_ONLY = [(ALICE.user_id, UserRole.INTERVIEWER)]
DEFAULTS = find_times.Defaults()


def cap(daily: int = 3, weekly: int = 10, zone: str = "UTC") -> LoadCap:
    return LoadCap(ALICE.user_id, "Alice", ZoneInfo(zone), daily, weekly)


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def book(store: Store, start: datetime, caps=(), candidate=CANDIDATE, panel=None):
    return scheduling.schedule(
        store,
        candidate.candidate_id,
        "SRE",
        RECRUITER.user_id,
        start,
        start + HOUR,
        "",
        panel or ALICE_ONLY,
        caps=list(caps),
    )


def scheduled(store: Store, person=ALICE) -> list[datetime]:
    return sorted(
        r.scheduled_start
        for r in store.list_interviews_by_user(person.user_id)
        if r.status is InterviewStatus.SCHEDULED
    )


def test_the_write_refuses_the_interview_over_the_weekly_limit(people: Store) -> None:
    book(people, MONDAY, [cap(weekly=2)])
    book(people, MONDAY + timedelta(days=1), [cap(weekly=2)])
    with pytest.raises(OverLimit) as refused:
        book(people, MONDAY + timedelta(days=2), [cap(weekly=2)], candidate=OTHER_CANDIDATE)
    assert refused.value.reasons == ("Alice: over the weekly limit (2 of 2 this week)",)
    assert "Nothing was stored" in refused.value.message
    assert scheduled(people) == [MONDAY, MONDAY + timedelta(days=1)]
    # The next week is another count; without limits handed in, the write books as before.
    book(people, MONDAY + timedelta(days=7), [cap(weekly=2)])
    book(people, MONDAY + timedelta(days=3), candidate=OTHER_CANDIDATE)
    assert len(scheduled(people)) == 4


def test_the_write_refuses_the_interview_over_the_daily_limit_in_the_persons_zone(
    people: Store,
) -> None:
    tokyo = "Asia/Tokyo"  # Monday 09:00 UTC is Monday 18:00 there; 16:00 UTC is Tuesday 01:00
    book(people, MONDAY, [cap(daily=1, zone=tokyo)])
    book(people, MONDAY + timedelta(hours=7), [cap(daily=1, zone=tokyo)])  # their Tuesday
    with pytest.raises(OverLimit) as refused:
        book(people, MONDAY - timedelta(hours=4), [cap(daily=1, zone=tokyo)])  # their Monday
    assert refused.value.reasons == ("Alice: over the daily limit (1 of 1 that day)",)
    assert len(scheduled(people)) == 2


def test_a_closed_interview_frees_its_place_and_a_completed_one_still_counts(
    people: Store,
) -> None:
    first = book(people, MONDAY, [cap(weekly=1)])
    people.change_status(first.interview_id, InterviewStatus.CANCELLED)
    second = book(people, MONDAY + HOUR, [cap(weekly=1)])
    people.change_status(second.interview_id, InterviewStatus.COMPLETED)
    with pytest.raises(OverLimit):
        book(people, MONDAY + 3 * HOUR, [cap(weekly=1)])


def test_a_move_holds_the_limits_at_the_new_time_but_does_not_count_itself(
    people: Store,
) -> None:
    first = book(people, MONDAY, [cap(weekly=1)])
    # Within its week: the interview itself is not counted.
    moved = scheduling.reschedule(
        people, first.interview_id, MONDAY + HOUR, MONDAY + 2 * HOUR, caps=[cap(weekly=1)]
    )
    assert moved.scheduled_start == MONDAY + HOUR
    # Into a week that is full: refused, worded as a move, the interview unchanged.
    book(people, MONDAY + timedelta(days=7), [cap(weekly=1)], candidate=OTHER_CANDIDATE)
    nxt = MONDAY + timedelta(days=8)
    with pytest.raises(OverLimit) as refused:
        scheduling.reschedule(people, first.interview_id, nxt, nxt + HOUR, caps=[cap(weekly=1)])
    assert refused.value.message.startswith("Not moved: Alice: over the weekly limit (1 of 1")
    stored = people.get_interview(first.interview_id)
    assert stored is not None and stored.scheduled_start == MONDAY + HOUR
    # Moved out of its week, it frees its place there.
    later = MONDAY + timedelta(days=14)
    scheduling.reschedule(people, first.interview_id, later, later + HOUR, caps=[cap(weekly=1)])
    book(people, MONDAY + 3 * HOUR, [cap(weekly=1)], candidate=OTHER_CANDIDATE)


def test_a_move_from_the_interview_page_is_held_to_hours_blocks_and_limits(
    people: Store,
) -> None:
    first = book(people, MONDAY)

    def refusal(start: datetime, length: timedelta = HOUR) -> str:
        with pytest.raises(NotAvailable) as refused:
            booking_checks.reschedule(
                people, first.interview_id, start, start + length, DEFAULTS, UTC
            )
        stored = people.get_interview(first.interview_id)
        assert stored is not None and stored.scheduled_start == MONDAY  # nothing changed
        return refused.value.message

    early = refusal(MONDAY.replace(hour=6))
    assert early.startswith("Not moved: Alice: outside their working hours (09:00–17:00, UTC)")
    assert "The interview keeps its time" in early
    people.add_busy_blocks(
        [BusyBlock(ALICE.user_id, uuid.uuid4(), MONDAY + 4 * HOUR, MONDAY + 6 * HOUR, "Gym", HAND)]
    )
    assert "Alice: busy Mon 16 Nov 2026, 13:00–15:00 (Gym)" in refusal(MONDAY + 5 * HOUR)
    people.set_interview_limits(ALICE.user_id, LoadLimits(1, None))
    book(people, MONDAY + timedelta(days=1), candidate=OTHER_CANDIDATE)
    tuesday = MONDAY + timedelta(days=1, hours=3)
    assert "Alice: over the daily limit (1 of 1 that day)" in refusal(tuesday)
    # Its own day has room for itself: a move within it goes through.
    made = booking_checks.reschedule(
        people, first.interview_id, MONDAY + 2 * HOUR, MONDAY + 3 * HOUR, DEFAULTS, UTC
    )
    assert made.scheduled_start == MONDAY + 2 * HOUR


def test_the_weeks_a_release_looks_in_hold_the_week_of_every_zone() -> None:
    moment = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)  # Sunday evening in the Americas
    zones = ["Pacific/Kiritimati", "UTC", "America/Los_Angeles", "Etc/GMT+12", "Asia/Tokyo"]
    for zone in zones:
        assert week_of(moment, ZoneInfo(zone)) in weeks_near(moment)
    assert len(weeks_near(moment)) == 2


# --- the node's load claims: a writer that died ----------------------------------------------
def _load_claim_as_dead_writer(store: CassandraStore, ghost: uuid.UUID, start, age) -> None:
    """A load claim as a writer leaves it when it dies before creating its interview."""
    store.session.session.execute(
        store.session.ps["load_put"],
        (ALICE.user_id, week_of(start, UTC), ghost, start, start + HOUR, datetime.now(UTC) - age),
    )


def test_a_load_claim_whose_writer_died_counts_for_the_lease_then_not(node_store) -> None:
    seed_people(node_store)
    ghost = uuid.uuid4()  # no interview will ever have this id
    _load_claim_as_dead_writer(node_store, ghost, MONDAY + 3 * HOUR, age=timedelta(seconds=1))
    with pytest.raises(OverLimit) as refused:  # its writer may still be creating it
        book(node_store, MONDAY, [cap(weekly=1)])
    assert refused.value.reasons == ("Alice: over the weekly limit (1 of 1 this week)",)
    _load_claim_as_dead_writer(node_store, ghost, MONDAY + 3 * HOUR, age=CLAIM_LEASE + HOUR)
    made = book(node_store, MONDAY, [cap(weekly=1)])  # past the lease: ignored and removed
    rows = node_store.session.rows("load_week", ALICE.user_id, week_of(MONDAY, UTC))
    assert [r["interview_id"] for r in rows] == [made.interview_id]
    # A cancel releases its claim in the same call.
    node_store.change_status(made.interview_id, InterviewStatus.CANCELLED)
    rows = node_store.session.rows("load_week", ALICE.user_id, week_of(MONDAY, UTC))
    assert [r["interview_id"] for r in rows if r["interview_id"]] == []


def test_interviews_stored_without_claims_still_count(people: Store) -> None:
    """Interviews loaded in bulk (or stored before load claims existed) claim nothing; a
    booking handed the limits still counts them."""
    panel = [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)]
    people.create_interview(interview("bulk", start=MONDAY), panel)
    with pytest.raises(OverLimit):
        book(people, MONDAY + timedelta(days=1), [cap(weekly=1)], candidate=OTHER_CANDIDATE)


# --- a booker killed between its claims and its interview (a real process, `os._exit`) -----


def _killed_booker(settings: Settings, start: datetime) -> None:
    """In the child: book Alice at `start` held to one a week, ending the process (as a kill
    would) after the seats and the load are claimed, before the interview is written."""
    from interview_autopilot.store.cassandra import store as store_module

    def exit_now(*_args: Any, **_kwargs: Any) -> Any:
        os._exit(0)

    store_module.CassandraStore._create = exit_now  # type: ignore[method-assign]
    book(open_store(settings), start, [cap(weekly=1)])
    os._exit(3)  # not reached: the booking ends before its interview


def test_a_booker_killed_before_its_interview_holds_the_place_for_the_lease_only(
    node_store,
) -> None:
    seed_people(node_store)
    child = PROCESSES.Process(
        target=_killed_booker,
        args=(cassandra_test_settings(node_store.keyspace), MONDAY + 3 * HOUR),
    )
    child.start()
    child.join(90)
    assert child.exitcode == 0, f"the booker did not end before its interview ({child.exitcode})"
    assert scheduled(node_store) == []  # nothing booked, its claims left behind
    with pytest.raises(OverLimit):  # its writer may still be writing: the place is held
        book(node_store, MONDAY, [cap(weekly=1)], candidate=OTHER_CANDIDATE)
    # The lease runs out (the claim aged by rewriting it): the next booking ignores it,
    # removes it in its own write, and books; the doctor finds nothing wrong.
    week = week_of(MONDAY, UTC)
    (ghost,) = [r for r in node_store.session.rows("load_week", ALICE.user_id, week)]
    node_store.session.session.execute(
        node_store.session.ps["load_put"],
        (
            ALICE.user_id,
            week,
            ghost["interview_id"],
            ghost["claim_start"],
            ghost["claim_end"],
            datetime.now(UTC) - CLAIM_LEASE - HOUR,
        ),
    )
    for day in claim_days(MONDAY + 3 * HOUR, MONDAY + 4 * HOUR):  # its seat claim too
        for r in node_store.session.rows("seat_day", ALICE.user_id, day):
            if r["interview_id"] == ghost["interview_id"]:
                node_store.session.session.execute(
                    node_store.session.ps["seat_put"],
                    (
                        ALICE.user_id,
                        day,
                        r["claim_start"],
                        r["interview_id"],
                        r["claim_end"],
                        datetime.now(UTC) - CLAIM_LEASE - HOUR,
                    ),
                )
    made = book(node_store, MONDAY, [cap(weekly=1)], candidate=OTHER_CANDIDATE)
    rows = node_store.session.rows("load_week", ALICE.user_id, week)
    assert [r["interview_id"] for r in rows] == [made.interview_id]
    report = node_store.doctor()
    assert report.ok, report.problems


def test_a_move_within_the_week_counts_at_its_new_day_before_its_copies_follow(
    node_store,
) -> None:
    """A move claims the new time before it writes the interview, and the person's interview
    list (what a claim counts stored) follows after: in between, the list still holds the old
    day. A booking of the new day then must count the move's claim there, not the stale old day."""
    seed_people(node_store)
    moving = book(node_store, MONDAY, [cap(daily=1)])
    tuesday = MONDAY + timedelta(days=1)
    node_store.claim_load(moving.interview_id, [cap(daily=1)], tuesday, tuesday + HOUR)
    assert scheduled(node_store) == [MONDAY]  # the move's claim is written, not the move yet
    with pytest.raises(OverLimit) as refused:
        book(node_store, tuesday + 2 * HOUR, [cap(daily=1)], candidate=OTHER_CANDIDATE)
    assert refused.value.reasons == ("Alice: over the daily limit (1 of 1 that day)",)
    assert scheduled(node_store) == [MONDAY]
