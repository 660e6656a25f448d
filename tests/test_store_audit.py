"""The audit trail and the staff directory, on every store (see conftest `store`)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest
from support.world import ALICE, BOB, CAROL, DAVE, PANEL, RECRUITER, add, seed_people

from interview_autopilot.core import audit
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import AuditAction, InterviewStatus, utc_now
from interview_autopilot.store.base import Store

S = InterviewStatus


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def test_a_new_interview_has_no_history(people: Store) -> None:
    i = add(people, "quiet")
    assert people.list_audit(i.interview_id) == []
    assert people.list_audit(uuid.uuid4()) == []


def test_status_changes_record_who_when_before_and_after(people: Store) -> None:
    i = add(people, "moved")
    start = utc_now()
    people.change_status(i.interview_id, S.COMPLETED, actor=RECRUITER.user_id)
    people.change_status(i.interview_id, S.CANCELLED)  # a tool without a viewer
    first, second = people.list_audit(i.interview_id)
    assert (first.action, first.actor_id, first.subject_id) == (
        AuditAction.STATUS,
        RECRUITER.user_id,
        None,
    )
    assert (first.before, first.after) == ("scheduled", "completed")
    assert (second.actor_id, second.before, second.after) == (None, "completed", "cancelled")
    assert start - timedelta(seconds=1) <= first.at <= second.at <= utc_now()
    assert first.interview_id == i.interview_id


def test_feedback_submissions_and_edits_keep_the_text_before_and_after(people: Store) -> None:
    i = add(people, "judged", status=S.COMPLETED)
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Solid.", actor=ALICE.user_id)
    people.submit_feedback(i.interview_id, ALICE.user_id, "no", "On reflection, no.")
    people.submit_feedback(i.interview_id, BOB.user_id, "strong_yes", "Great.", actor=BOB.user_id)
    entries = people.list_audit(i.interview_id)
    assert [(e.action, e.subject_id, e.actor_id) for e in entries] == [
        (AuditAction.FEEDBACK, ALICE.user_id, ALICE.user_id),
        (AuditAction.FEEDBACK, ALICE.user_id, None),
        (AuditAction.FEEDBACK, BOB.user_id, BOB.user_id),
    ]
    assert [(e.before, e.after) for e in entries] == [
        (None, "Yes: Solid."),
        ("Yes: Solid.", "No: On reflection, no."),
        (None, "Strong yes: Great."),
    ]


def test_a_refused_write_records_nothing(people: Store) -> None:
    i = add(people, "refused", status=S.COMPLETED)
    with pytest.raises(ValidationError):
        people.submit_feedback(i.interview_id, DAVE.user_id, "yes", "Not on the panel.")
    with pytest.raises(ValidationError):
        people.submit_feedback(i.interview_id, ALICE.user_id, "maybe", "Bad decision.")
    with pytest.raises(ValidationError):
        people.change_status(uuid.uuid4(), S.COMPLETED, actor=RECRUITER.user_id)
    with pytest.raises(ValidationError):
        people.change_status(i.interview_id, S.COMPLETED, actor="not-an-id")  # type: ignore[arg-type]
    assert people.list_audit(i.interview_id) == []


def test_a_move_records_the_time_before_and_after_and_a_same_time_rewrite_nothing(
    people: Store,
) -> None:
    i = add(people, "moved in time", status=S.SCHEDULED)
    people.create_interview(i, PANEL, actor=RECRUITER.user_id)  # the same time: no change
    assert people.list_audit(i.interview_id) == []
    later = dataclasses.replace(
        i,
        scheduled_start=i.scheduled_start + timedelta(days=1),
        scheduled_end=i.scheduled_end + timedelta(days=1, minutes=30),
    )
    people.create_interview(later, PANEL, actor=RECRUITER.user_id)
    [entry] = people.list_audit(i.interview_id)
    assert (entry.action, entry.actor_id, entry.subject_id) == (
        AuditAction.SCHEDULE,
        RECRUITER.user_id,
        None,
    )
    assert audit.parse_span(entry.before) == (i.scheduled_start, i.scheduled_end)
    assert audit.parse_span(entry.after) == (later.scheduled_start, later.scheduled_end)


def test_a_hiring_decision_and_its_change_record_the_decider_before_and_after(
    people: Store,
) -> None:
    i = add(people, "decided", status=S.COMPLETED)
    moment = i.scheduled_end + timedelta(hours=1)
    people.record_decision(i.interview_id, RECRUITER.user_id, "hold", "Second round.", moment)
    people.record_decision(i.interview_id, CAROL.user_id, "advance", "Second round went well.")
    entries = people.list_audit(i.interview_id)
    assert [(e.action, e.actor_id, e.subject_id) for e in entries] == [
        (AuditAction.DECISION, RECRUITER.user_id, None),
        (AuditAction.DECISION, CAROL.user_id, None),
    ]
    assert [(e.before, e.after) for e in entries] == [
        (None, "Hold: Second round."),
        ("Hold: Second round.", "Advance: Second round went well."),
    ]
    with pytest.raises(ValidationError):  # refused: nothing recorded
        people.record_decision(i.interview_id, ALICE.user_id, "reject", "Not a decider.")
    assert len(people.list_audit(i.interview_id)) == 2


def test_the_history_outlives_the_interview(people: Store) -> None:
    i = add(people, "gone")
    people.change_status(i.interview_id, S.CANCELLED, actor=CAROL.user_id)
    people.delete_interview(i.interview_id)
    assert [e.actor_id for e in people.list_audit(i.interview_id)] == [CAROL.user_id]


def test_the_staff_directory_lists_every_user_by_name(people: Store) -> None:
    users = people.list_users()
    assert users == sorted([RECRUITER, ALICE, BOB, CAROL, DAVE], key=lambda u: u.name)


def test_panel_members_are_the_only_feedback_authors(people: Store) -> None:
    """The store's own rule, which the query module's roles build on."""
    i = add(people, "panel", status=S.COMPLETED)
    assert {p.user_id for p in people.list_participants(i.interview_id)} == {u for u, _ in PANEL}
