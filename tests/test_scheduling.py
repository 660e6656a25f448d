"""Scheduling on every store (the `store` fixture): new interviews, reschedules, overlaps, and the
directory reads the Schedule form offers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from world import (
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

from interview_autopilot import scheduling
from interview_autopilot.errors import ValidationError
from interview_autopilot.models import InterviewStatus, UserRole
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
