"""Scorecards due on every store (the `store` fixture)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.world import ALICE, BOB, CAROL, T0, add, seed_people

from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.features.scorecards import reminder, scorecards_due
from interview_autopilot.store.base import Store

NOW = T0 + timedelta(days=10)


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def test_missing_feedback_of_ended_interviews_is_due_grouped_by_person(people: Store) -> None:
    old = add(people, "old", start=NOW - timedelta(days=5), status=InterviewStatus.COMPLETED)
    past_due = add(people, "past-due", start=NOW - timedelta(days=2))  # still 'scheduled'
    add(people, "recent", start=NOW - timedelta(hours=5))  # ended 4 h ago: not due yet
    add(people, "future", start=NOW + timedelta(days=1))
    add(people, "called-off", start=NOW - timedelta(days=3), status=InterviewStatus.CANCELLED)
    add(people, "ancient", start=NOW - timedelta(days=60), status=InterviewStatus.COMPLETED)
    for u in (ALICE, BOB):
        people.submit_feedback(old.interview_id, u.user_id, "yes", "Fine.", NOW)
    people.submit_feedback(past_due.interview_id, ALICE.user_id, "no", "Hm.", NOW)

    due = scorecards_due(people, NOW, due_hours=24)

    owed = {p.name: [i.interview_id for i in p.items] for p in due}
    assert owed == {
        CAROL.name: [old.interview_id, past_due.interview_id],  # oldest first
        BOB.name: [past_due.interview_id],
    }
    assert [p.name for p in due] == [CAROL.name, BOB.name]  # most overdue first
    carol = due[0]
    assert carol.slack_handle == CAROL.slack_handle
    # ended NOW - 5 days + 1 h, due 24 h later: 3 full days overdue
    assert [i.days_overdue for i in carol.items] == [3, 0]
    text = reminder(carol, "UTC", {i.interview_id: "x" for i in carol.items})
    assert text.startswith(f"Hi {CAROL.slack_handle},") and "2 interviews" in text
    assert "3 days overdue" in text


def test_nothing_is_due_when_every_scorecard_is_in(people: Store) -> None:
    i = add(people, "done", start=NOW - timedelta(days=3), status=InterviewStatus.COMPLETED)
    for u in (ALICE, BOB, CAROL):
        people.submit_feedback(i.interview_id, u.user_id, "yes", "Fine.", NOW)
    assert scorecards_due(people, NOW, due_hours=24) == []
