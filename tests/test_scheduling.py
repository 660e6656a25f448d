"""Scheduling on every store (the `store` fixture): new interviews, reschedules, overlaps, and the
directory reads the Schedule form offers."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    DAVE,
    OTHER_CANDIDATE,
    PANEL,
    RECRUITER,
    T0,
    add,
    seed_people,
)

from interview_autopilot.core.errors import DuplicateBooking, ValidationError
from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.core.seats import SlotTaken
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def test_directory_lists_users_and_candidates_by_name(people: Store) -> None:
    assert people.list_users() == sorted([RECRUITER, ALICE, BOB, CAROL, DAVE], key=lambda u: u.name)
    assert people.list_candidates() == [OTHER_CANDIDATE, CANDIDATE]  # Yann, then Zoe
    assert len(people.list_users(limit=2)) == 2


def test_schedule_with_a_new_candidate_stores_both(people: Store) -> None:
    new = scheduling.new_candidate("  Ana Núñez ", "ana@example.org", "Rust.")
    made = scheduling.schedule(
        people,
        new,
        " Platform Engineer ",
        RECRUITER.user_id,
        T0,
        T0 + timedelta(hours=1),
        "https://meet.example.com/ana",
        [(ALICE.user_id, UserRole.INTERVIEWER), (CAROL.user_id, UserRole.HIRING_MANAGER)],
    )
    assert people.get_candidate(new.candidate_id) == new and new.name == "Ana Núñez"
    detail = people.get_interview_detail(made.interview_id)
    assert detail is not None and detail.interview == made
    assert made.status is InterviewStatus.SCHEDULED and made.job_title == "Platform Engineer"
    assert [p.user_id for p in detail.participants] == [ALICE.user_id, CAROL.user_id]


@pytest.mark.parametrize(
    ("panel", "end", "field"),
    [
        ([], timedelta(hours=1), "participants"),
        (
            [(u.user_id, UserRole.INTERVIEWER) for u in [ALICE, BOB, CAROL, DAVE, RECRUITER]] * 2,
            timedelta(hours=1),
            "participants",
        ),
        ([(ALICE.user_id, UserRole.INTERVIEWER)], timedelta(0), "scheduled_end"),
        ([(ALICE.user_id, UserRole.INTERVIEWER)], -timedelta(hours=1), "scheduled_end"),
    ],
)
def test_schedule_refuses_a_bad_panel_or_time_and_writes_nothing(
    people: Store, panel, end, field
) -> None:
    new = scheduling.new_candidate("Ghost", "ghost@example.org", "")
    with pytest.raises(ValidationError) as err:
        scheduling.schedule(
            people, new, "SRE", RECRUITER.user_id, T0, T0 + end, "https://x.example", panel
        )
    assert err.value.field == field
    assert people.get_candidate(new.candidate_id) is None and people.is_empty()


def test_reschedule_moves_the_interview_and_keeps_feedback(people: Store) -> None:
    i = add(people, "moving")
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Kept.", T0)
    later = T0 + timedelta(days=3)
    scheduling.reschedule(people, i.interview_id, later, later + timedelta(minutes=45))
    detail = people.get_interview_detail(i.interview_id)
    assert detail is not None and detail.interview.scheduled_start == later
    assert [f.comment for f in detail.feedback] == ["Kept."]
    assert [r.scheduled_start for r in people.list_interviews_by_user(ALICE.user_id)] == [later]
    people.change_status(i.interview_id, InterviewStatus.CANCELLED)
    with pytest.raises(ValidationError, match="Only a scheduled"):
        scheduling.reschedule(people, i.interview_id, T0, T0 + timedelta(hours=1))


def test_overlaps_name_each_participants_clashing_interview(people: Store) -> None:
    busy = add(people, "busy", start=T0)  # Alice, Bob, Carol, T0 to T0+1h
    add(people, "other-day", start=T0 + timedelta(days=1))
    add(people, "done", start=T0 + timedelta(minutes=30), status=InterviewStatus.COMPLETED)
    found = scheduling.overlaps(
        people, [ALICE.user_id, DAVE.user_id], T0 + timedelta(minutes=30), T0 + timedelta(hours=2)
    )
    assert [(o.user_id, o.other.interview_id) for o in found] == [
        (ALICE.user_id, busy.interview_id)
    ]
    assert found[0].other_end == T0 + timedelta(hours=1)
    # Back to back is no overlap; the interview itself is excluded when rescheduling it.
    assert not scheduling.overlaps(
        people, [ALICE.user_id], T0 + timedelta(hours=1), T0 + timedelta(hours=2)
    )
    assert not scheduling.overlaps(
        people, [u for u, _ in PANEL], T0, T0 + timedelta(hours=1), exclude=busy.interview_id
    )


# --- the same booking twice -----------------------------------------------------------------
def _book(store: Store, candidate=CANDIDATE.candidate_id, start=T0, panel=None, job="SRE"):
    return scheduling.schedule(
        store,
        candidate,
        job,
        RECRUITER.user_id,
        start,
        start + timedelta(hours=1),
        "https://meet.example.com/sre",
        panel or [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)],
    )


def _scheduled_of(store: Store, candidate=CANDIDATE) -> list:
    rows = store.list_interviews_by_candidate(candidate.candidate_id)
    return [r for r in rows if r.status is InterviewStatus.SCHEDULED]


def test_the_same_booking_again_is_refused_and_names_the_one_that_stands(people: Store) -> None:
    first = _book(people)
    with pytest.raises(DuplicateBooking) as err:
        _book(people, job="Another title")  # same candidate, time and panel
    assert err.value.existing == first.interview_id and err.value.field == "booking"
    assert "already booked" in err.value.message
    assert [r.interview_id for r in _scheduled_of(people)] == [first.interview_id]


def test_a_different_time_panel_or_candidate_is_a_new_booking(people: Store) -> None:
    """A booking that differs is no DuplicateBooking. Since bookings hold their seats
    (core/seats.py), one that differs but overlaps the first is refused as SlotTaken instead:
    this test once booked the candidate, Alice and Bob into overlapping interviews."""
    first = _book(people)
    later = _book(people, start=T0 + timedelta(hours=1))  # back to back: no overlap
    other_panel = _book(
        people, start=T0 + timedelta(hours=2), panel=[(ALICE.user_id, UserRole.INTERVIEWER)]
    )
    other_candidate = _book(
        people,
        candidate=OTHER_CANDIDATE.candidate_id,
        panel=[(CAROL.user_id, UserRole.INTERVIEWER)],
    )
    ids = {first.interview_id, later.interview_id, other_panel.interview_id}
    assert {r.interview_id for r in _scheduled_of(people)} == ids
    assert [r.interview_id for r in _scheduled_of(people, OTHER_CANDIDATE)] == [
        other_candidate.interview_id
    ]
    for overlapping in (
        lambda: _book(people, start=T0 + timedelta(minutes=15)),
        lambda: _book(people, panel=[(DAVE.user_id, UserRole.INTERVIEWER)]),
        lambda: _book(people, candidate=OTHER_CANDIDATE.candidate_id),
    ):
        with pytest.raises(SlotTaken) as err:
            overlapping()
        assert not isinstance(err.value, DuplicateBooking) and err.value.busy
    assert {r.interview_id for r in _scheduled_of(people)} == ids


def test_a_cancelled_or_moved_booking_frees_its_slot(people: Store) -> None:
    first = _book(people)
    people.change_status(first.interview_id, InterviewStatus.CANCELLED)
    again = _book(people)  # the id the booking would get is held by the cancelled one
    assert again.interview_id != first.interview_id
    assert people.get_interview(first.interview_id).status is InterviewStatus.CANCELLED
    later = T0 + timedelta(days=1)
    scheduling.reschedule(people, again.interview_id, later, later + timedelta(hours=1))
    third = _book(people)
    assert len({first.interview_id, again.interview_id, third.interview_id}) == 3
    assert len(_scheduled_of(people)) == 2


def test_booking_a_taken_id_is_refused_by_the_store_and_writes_nothing(people: Store) -> None:
    made = add(people, "taken")
    later = T0 + timedelta(days=2)
    moved = replace(made, scheduled_start=later, scheduled_end=later + timedelta(hours=1))
    with pytest.raises(DuplicateBooking) as err:
        people.book_interview(moved, [(DAVE.user_id, UserRole.INTERVIEWER)])
    assert err.value.existing == made.interview_id
    assert people.get_interview(made.interview_id) == made  # untouched
    assert {p.user_id for p in people.list_participants(made.interview_id)} == {u for u, _ in PANEL}


def test_one_filled_form_names_one_new_candidate(people: Store) -> None:
    a = scheduling.new_candidate("Ana", "ana@example.org", "", "form-1")
    b = scheduling.new_candidate("Ana", "ana@example.org", "", "form-1")
    c = scheduling.new_candidate("Ana", "ana@example.org", "", "form-2")
    assert a.candidate_id == b.candidate_id != c.candidate_id
    assert scheduling.new_candidate("Ana", "a@example.org", "").candidate_id != a.candidate_id
    first = _book(people, candidate=a)
    with pytest.raises(DuplicateBooking):
        _book(people, candidate=b)  # the same form sent twice (a double-click)
    assert [r.interview_id for r in people.list_interviews_by_candidate(a.candidate_id)] == [
        first.interview_id
    ]


def test_candidate_overlaps_name_the_candidates_clashing_interview(people: Store) -> None:
    day = T0.replace(hour=10, minute=30)
    busy = add(people, "cand-busy", start=day)  # 10:30-11:30
    add(people, "cand-done", start=day, status=InterviewStatus.CANCELLED)
    add(people, "other-candidate", start=day, candidate=OTHER_CANDIDATE)
    found = scheduling.candidate_overlaps(
        people, CANDIDATE.candidate_id, day + timedelta(minutes=15), day + timedelta(minutes=45)
    )
    assert [(o.user_id, o.other.interview_id, o.other_end) for o in found] == [
        (None, busy.interview_id, day + timedelta(hours=1))
    ]
    assert not scheduling.candidate_overlaps(
        people, CANDIDATE.candidate_id, day + timedelta(hours=1), day + timedelta(hours=2)
    )
    assert not scheduling.candidate_overlaps(
        people, CANDIDATE.candidate_id, day, day + timedelta(hours=1), exclude=busy.interview_id
    )


def test_a_new_candidate_with_a_known_email_is_refused_and_books_nothing(people: Store) -> None:
    """Schedule's "New" candidate goes through the email's one owner, as the candidate form:
    another candidate already holding the email (in any case) refuses the booking whole."""
    taken = scheduling.new_candidate("Zoe Again", CANDIDATE.email.upper(), "", "form-3")
    with pytest.raises(ValidationError, match="already exists"):
        _book(people, candidate=taken)
    assert people.get_candidate(taken.candidate_id) is None
    assert people.get_candidate(CANDIDATE.candidate_id) == CANDIDATE
    assert people.list_interviews_by_candidate(taken.candidate_id) == []
