"""A booking holds its seats (core/seats.py) on every store (the `store` fixture: SQLite and the
node): a participant or the candidate already booked for an overlapping time refuses the
booking or the move (SlotTaken names the seat; nothing is stored), and a cancel, a no-show, a
completion or a move frees the seats. On the node, a claim left by a writer that died is
honoured for the lease and then ignored; the refusal names people in the viewer's words."""

from __future__ import annotations

import uuid
from dataclasses import replace
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
    T0,
    add,
    interview,
    seed_people,
)

from interview_autopilot.core.errors import DuplicateBooking
from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.core.seats import CLAIM_LEASE, Seat, SlotTaken, claim_days
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore

HOUR = timedelta(hours=1)
ALICE_ONLY = [(ALICE.user_id, UserRole.INTERVIEWER)]


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def _book(store: Store, start=T0, panel=None, candidate=CANDIDATE, length=HOUR):
    return scheduling.schedule(
        store,
        candidate.candidate_id,
        "SRE",
        RECRUITER.user_id,
        start,
        start + length,
        "https://meet.example.com/sre",
        panel or ALICE_ONLY,
    )


def _scheduled(store: Store, candidate=CANDIDATE) -> list[uuid.UUID]:
    return sorted(
        r.interview_id
        for r in store.list_interviews_by_candidate(candidate.candidate_id)
        if r.status is InterviewStatus.SCHEDULED
    )


def test_a_busy_interviewer_refuses_the_booking_and_nothing_is_stored(people: Store) -> None:
    first = _book(people)
    new = scheduling.new_candidate("Ana Núñez", "ana@example.org", "")
    with pytest.raises(SlotTaken) as err:
        _book(people, start=T0 + timedelta(minutes=30), candidate=new)
    (busy,) = err.value.busy
    assert busy.seat == Seat(ALICE.user_id) and busy.interview_id == first.interview_id
    assert (busy.start, busy.end) == (T0, T0 + HOUR)
    assert people.get_candidate(new.candidate_id) is None  # refused before any write
    assert [r.interview_id for r in people.list_interviews_by_user(ALICE.user_id)] == [
        first.interview_id
    ]
    back_to_back = _book(people, start=T0 + HOUR, candidate=OTHER_CANDIDATE)
    assert back_to_back.status is InterviewStatus.SCHEDULED


def test_a_busy_candidate_refuses_a_booking_with_another_panel(people: Store) -> None:
    first = _book(people, start=T0.replace(hour=10, minute=30))
    with pytest.raises(SlotTaken) as err:
        _book(
            people,
            start=T0.replace(hour=10, minute=45),
            panel=[(BOB.user_id, UserRole.INTERVIEWER)],
            length=timedelta(minutes=30),
        )
    assert [(b.seat, b.interview_id) for b in err.value.busy] == [
        (Seat(CANDIDATE.candidate_id, candidate=True), first.interview_id)
    ]
    assert _scheduled(people) == [first.interview_id]


def test_the_store_itself_refuses_an_overlap_the_read_before_it_missed(people: Store) -> None:
    """The write's own check (a transaction; the claims): a booking sent straight to the
    store, as a second app server would whose read came before the first booking."""
    first = _book(people)
    made = scheduling.new_candidate("Bo", "bo@example.org", "")
    people.add_candidate(made)
    other = replace(
        interview("straight-to-store", start=T0 + timedelta(minutes=15)),
        candidate_id=made.candidate_id,
    )
    later = other.interview_id
    with pytest.raises(SlotTaken) as err:
        people.book_interview(other, ALICE_ONLY)
    assert [b.interview_id for b in err.value.busy] == [first.interview_id]
    assert people.get_interview(later) is None


def test_the_same_booking_again_is_still_a_duplicate_not_a_taken_seat(people: Store) -> None:
    first = _book(people, panel=[*ALICE_ONLY, (BOB.user_id, UserRole.INTERVIEWER)])
    with pytest.raises(DuplicateBooking) as err:
        _book(people, panel=[*ALICE_ONLY, (BOB.user_id, UserRole.INTERVIEWER)])
    assert err.value.existing == first.interview_id


@pytest.mark.parametrize(
    "status", [InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW, InterviewStatus.COMPLETED]
)
def test_closing_an_interview_frees_its_seats(people: Store, status: InterviewStatus) -> None:
    first = _book(people)
    people.change_status(first.interview_id, status)
    again = _book(people, candidate=OTHER_CANDIDATE)  # Alice at the same hour
    assert again.interview_id != first.interview_id
    assert again.status is InterviewStatus.SCHEDULED


def test_a_move_claims_the_new_time_and_frees_the_old(people: Store) -> None:
    moving = _book(people)
    busy = _book(people, start=T0 + 4 * HOUR, candidate=OTHER_CANDIDATE)
    with pytest.raises(SlotTaken) as err:  # onto Alice's other interview
        scheduling.reschedule(people, moving.interview_id, T0 + 4 * HOUR, T0 + 5 * HOUR)
    assert [b.interview_id for b in err.value.busy] == [busy.interview_id]
    assert people.get_interview(moving.interview_id).scheduled_start == T0  # not moved
    # Over its own old time: no clash with itself.
    scheduling.reschedule(people, moving.interview_id, T0 + timedelta(minutes=30), T0 + 2 * HOUR)
    scheduling.reschedule(people, moving.interview_id, T0 + 2 * HOUR, T0 + 3 * HOUR)
    freed = _book(people, start=T0, candidate=OTHER_CANDIDATE)  # the old hour is free
    assert freed.status is InterviewStatus.SCHEDULED
    with pytest.raises(SlotTaken):
        _book(people, start=T0 + 2 * HOUR + timedelta(minutes=30), candidate=OTHER_CANDIDATE)


def test_an_interview_across_midnight_holds_both_days(people: Store) -> None:
    late = T0.replace(hour=23)
    first = _book(people, start=late, length=2 * HOUR)  # 23:00 to 01:00 the next day
    assert len(claim_days(first.scheduled_start, first.scheduled_end)) == 2
    with pytest.raises(SlotTaken):
        _book(people, start=late + timedelta(hours=1, minutes=30), candidate=OTHER_CANDIDATE)
    assert _book(people, start=late + 2 * HOUR, candidate=OTHER_CANDIDATE)  # from 01:00: free


def test_interviews_stored_without_claims_still_hold_their_seats(people: Store) -> None:
    """Interviews written by `create_interview` (bulk loads, imports, and every interview
    stored before seat claims existed) claim nothing; a booking still respects them."""
    stored = add(people, "stored-before", start=T0)  # Alice, Bob, Carol
    with pytest.raises(SlotTaken) as err:
        _book(
            people,
            start=T0 + timedelta(minutes=30),
            panel=[(CAROL.user_id, UserRole.INTERVIEWER)],
            candidate=OTHER_CANDIDATE,
        )
    assert [b.interview_id for b in err.value.busy] == [stored.interview_id]
    assert _book(people, panel=[(DAVE.user_id, UserRole.INTERVIEWER)], candidate=OTHER_CANDIDATE)


# --- the node's claims: a writer that died -------------------------------------------------
def _claim_as_dead_writer(store: CassandraStore, ghost: uuid.UUID, start, end, age) -> None:
    """A claim row as a writer leaves it when it dies before creating its interview."""
    put = store.session.ps["seat_put"]
    for day in claim_days(start, end):
        store.session.session.execute(
            put, (ALICE.user_id, day, start, ghost, end, datetime.now(UTC) - age)
        )


def test_a_claim_whose_writer_died_blocks_for_the_lease_then_not(node_store) -> None:
    seed_people(node_store)
    ghost = uuid.uuid4()  # no interview will ever have this id
    _claim_as_dead_writer(node_store, ghost, T0, T0 + HOUR, age=timedelta(seconds=1))
    with pytest.raises(SlotTaken) as err:  # its writer may still be creating it
        _book(node_store)
    assert [b.interview_id for b in err.value.busy] == [ghost]
    _claim_as_dead_writer(node_store, ghost, T0, T0 + HOUR, age=CLAIM_LEASE + HOUR)
    made = _book(node_store)  # past the lease, with no interview: ignored and replaced
    rows = node_store.session.rows("seat_day", ALICE.user_id, T0.date())
    assert [r["interview_id"] for r in rows] == [made.interview_id]
