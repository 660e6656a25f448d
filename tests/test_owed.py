"""Feedback owed (interview_autopilot.features.owed) on every store: Home, Scorecards due and the
Interviewer page count one definition, so one person's number is the same on each; what just
ended and what is older than the horizon is listed apart, never silently dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.world import ALICE, BOB, T0, add, seed_people

from interview_autopilot.core import domain
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.formatting import plural, time_label, viewer_zone, zone_name
from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.features import home
from interview_autopilot.features.owed import HORIZON_DAYS
from interview_autopilot.features.profiles import person_week
from interview_autopilot.features.scorecards import scorecards_due
from interview_autopilot.store.base import Store

NOW = T0 + timedelta(days=40)
DUE_HOURS = 24


@pytest.fixture
def world(store: Store) -> dict[str, object]:
    """Bob owes feedback on each of these (Alice gave hers everywhere)."""
    seed_people(store)
    made = {
        "due-completed": add(store, "a", start=NOW - timedelta(days=3),
                             status=InterviewStatus.COMPLETED),
        "due-scheduled": add(store, "b", start=NOW - timedelta(days=29)),  # past due, in horizon
        "just-ended": add(store, "c", start=NOW - timedelta(hours=5)),  # ended 4 h ago
        "older": add(store, "d", start=NOW - timedelta(days=HORIZON_DAYS + 2),
                     status=InterviewStatus.COMPLETED),
        "cancelled": add(store, "e", start=NOW - timedelta(days=2),
                         status=InterviewStatus.CANCELLED),
        "future": add(store, "f", start=NOW + timedelta(days=1)),
    }  # fmt: skip
    for i in made.values():
        if i.status in (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED) and (
            i.scheduled_start < NOW
        ):
            store.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Fine.", NOW)
    return made


def ids(world, *keys: str) -> set:
    return {world[k].interview_id for k in keys}


def test_one_persons_feedback_owed_is_one_number_on_every_page(store: Store, world) -> None:
    due = {p.user_id: p for p in scorecards_due(store, NOW, DUE_HOURS)}
    on_scorecards = {i.interview_id for i in due[BOB.user_id].items}
    on_home = home.week(store, BOB, NOW, DUE_HOURS)
    on_person = person_week(store, BOB.user_id, NOW, NOW, DUE_HOURS)
    expected = ids(world, "due-completed", "due-scheduled")
    assert on_scorecards == expected
    assert {r.interview_id for r in on_home.awaiting} == expected
    assert {r.interview_id for r in on_person.pending} == expected
    # listed apart, not dropped: what is not due yet, and what is beyond the horizon
    assert {r.interview_id for r in on_home.just_ended} == ids(world, "just-ended")
    assert {r.interview_id for r in on_person.just_ended} == ids(world, "just-ended")
    assert {r.interview_id for r in on_home.older} == ids(world, "older")
    assert {r.interview_id for r in on_person.older} == ids(world, "older")
    assert ALICE.user_id not in due


def test_plain_words_for_counts_zones_ids_and_times() -> None:
    assert [plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert zone_name(viewer_zone("Asia/Calcutta")) == "Asia/Kolkata"
    assert zone_name(viewer_zone("Europe/Kiev")) == "Europe/Kyiv"
    assert zone_name(viewer_zone("UTC")) == "UTC"
    assert zone_name(viewer_zone("Europe/Berlin")) == "Europe/Berlin"
    label = time_label(datetime(2026, 11, 12, 14, 30, tzinfo=UTC), UTC)
    assert label == "2026-11-12\u00a014:30" and "\u2060" not in label
    with pytest.raises(ValidationError, match=r"'garbage' is not a valid candidate id\."):
        domain.parse_uuid("garbage", "candidate")
    with pytest.raises(ValidationError, match="not a valid interview id"):
        domain.parse_uuid("garbage", "interview")
