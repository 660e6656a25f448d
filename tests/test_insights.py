"""The Insights counts (`Store.insight_counts`): the same numbers on every store (see conftest
`store`) for the same data, after every kind of change and after a bulk load run again, and
numbers that agree with what the stores hold (counts per status, the feedback given)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.world import ALICE, BOB, CAROL, OTHER_CANDIDATE, T0, add, seed_people
from test_store_scan import world as world  # the fixture, re-exported

from interview_autopilot.core.models import InterviewStatus, SampleData
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store import aggregates as agg
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

WORLD_WINDOW = (agg.week_of(T0 - timedelta(days=50)), agg.week_of(T0 + timedelta(days=50)))


def build_world(store: Store) -> Store:
    """test_store_scan's `world`, built again (its ids are deterministic)."""
    seed_people(store)
    add(store, "a", start=T0, status=InterviewStatus.COMPLETED)
    add(store, "b", start=T0 + timedelta(days=40))
    add(
        store,
        "c",
        start=T0 - timedelta(days=40),
        status=InterviewStatus.CANCELLED,
        candidate=OTHER_CANDIDATE,
        panel=[(ALICE.user_id, ALICE.role)],
    )
    d = add(store, "d", start=T0 - timedelta(days=3), status=InterviewStatus.COMPLETED)
    # at fixed times: time to feedback is summed to the second, so two builds a moment apart
    # must not differ
    given = d.scheduled_end + timedelta(hours=2)
    store.submit_feedback(d.interview_id, ALICE.user_id, "yes", "Solid.", given)
    store.submit_feedback(d.interview_id, BOB.user_id, "no", "Shaky on SQL.", given)
    return store


@pytest.fixture
def reference(tmp_path):
    s = SqliteStore(tmp_path / "reference.db")
    yield s
    s.close()


def test_the_world_gives_the_same_numbers_on_every_store(world: Store, reference) -> None:
    want = build_world(reference).insight_counts(*WORLD_WINDOW)
    got = world.insight_counts(*WORLD_WINDOW)
    assert got == want
    assert sum(got.chart(agg.WEEK_STATUS).values()) == 4
    assert got.chart(agg.PIPELINE)[("completed", "")] == 2
    assert got.chart(agg.PIPELINE).get(("feedback_in", "")) is None  # d lacks Carol's
    # a and b (scheduled, completed) have three participants; c is cancelled: no load.
    assert sum(got.chart(agg.LOAD).values()) == 9


def sample_window(data: SampleData) -> tuple[str, str]:
    starts = [i.scheduled_start for i in data.interviews]
    return agg.week_of(min(starts)), agg.week_of(max(starts))


def change_everything(store: Store, data: SampleData) -> None:
    """Status changes, a feedback edited, a new feedback, hiring decisions, a deletion."""
    past = sorted(
        (i for i in data.interviews if i.status is InterviewStatus.COMPLETED),
        key=lambda i: (i.scheduled_start, i.interview_id),
    )
    given = {(f.interview_id, f.user_id): f for f in data.feedback}
    first, second, third, fourth = past[:4]
    store.change_status(first.interview_id, InterviewStatus.NO_SHOW)
    store.change_status(first.interview_id, InterviewStatus.COMPLETED)
    store.change_status(second.interview_id, InterviewStatus.CANCELLED)
    edited = next(k for k in given if k[0] == third.interview_id)
    old = given[edited].decision.value
    store.submit_feedback(*edited, "strong_no" if old != "strong_no" else "strong_yes", "Edited.")
    panel = [p.user_id for p in store.list_participants(fourth.interview_id)]
    missing = [u for u in panel if (fourth.interview_id, u) not in given]
    if missing:
        store.submit_feedback(fourth.interview_id, missing[0], "yes", "Late but in.")
    for i, call in zip((first, third, fourth), ("advance", "reject", "hold"), strict=True):
        store.record_decision(i.interview_id, i.recruiter_id, call, "Panel agreed.")
    store.record_decision(third.interview_id, third.recruiter_id, "hold", "Changed our mind.")
    store.delete_interview(past[4].interview_id)


def test_the_counts_follow_changes_and_bulk_loads_on_every_store(store: Store, reference) -> None:
    data = read_sample_data()
    window = sample_window(data)
    for s in (store, reference):
        s.bulk_load(data)
    loaded = reference.insight_counts(*window)
    assert store.insight_counts(*window) == loaded
    for s in (store, reference):
        change_everything(s, data)
    changed = reference.insight_counts(*window)
    assert changed != loaded
    assert store.insight_counts(*window) == changed
    assert sum(changed.chart(agg.JOB_DECISION).values()) == 3
    assert changed.chart(agg.RECOMMENDATION_DECISION) and changed.chart(agg.PIPELINE)
    for s in (store, reference):
        s.bulk_load(data)  # run again over the changed store
    again = reference.insight_counts(*window)
    assert store.insight_counts(*window) == again
    store.bulk_load(data)  # and once more: idempotent
    assert store.insight_counts(*window) == again


def test_the_counts_agree_with_what_the_store_holds(store: Store) -> None:
    data = read_sample_data()
    store.bulk_load(data)
    got = store.insight_counts(*sample_window(data))
    counts = store.count_by_status()
    per_status: dict[str, int] = {}
    for (_week, status), n in got.chart(agg.WEEK_STATUS).items():
        per_status[status] = per_status.get(status, 0) + n
    assert per_status == {s.value: n for s, n in counts.items() if n}
    assert got.chart(agg.PIPELINE)[("scheduled", "")] == sum(counts.values())
    assert got.chart(agg.PIPELINE)[("completed", "")] == counts[InterviewStatus.COMPLETED]
    assert sum(got.chart(agg.JOB_RECOMMENDATION).values()) == sum(counts.values())
    assert sum(got.chart(agg.FEEDBACK_HOURS).values()) == len(data.feedback)


def test_a_window_keeps_only_its_weeks(world: Store) -> None:
    week = agg.week_of(T0)
    got = world.insight_counts(week, week)
    assert {a for a, _b in got.chart(agg.WEEK_STATUS)} == {week}
    assert {a for a, _b in got.chart(agg.LOAD)} == {week}
    assert sum(got.chart(agg.PIPELINE).values()) > 0  # the other charts cover everything


def test_feedback_buckets_are_exclusive_at_their_bounds() -> None:
    assert agg.feedback_bucket(-1) == "before the end"
    assert agg.feedback_bucket(0) == "under 4 h"
    assert agg.feedback_bucket(4 * agg.HOUR - 1) == "under 4 h"
    assert agg.feedback_bucket(4 * agg.HOUR) == "4-24 h"
    assert agg.feedback_bucket(10**9) == "over 7 days"


def test_decisions_are_counted_by_job_and_by_recommendation(world: Store) -> None:
    a = add(world, "a", start=T0, status=InterviewStatus.COMPLETED)  # recreated: the same
    world.record_decision(a.interview_id, CAROL.user_id, "advance", "Strong panel.")
    got = world.insight_counts(*WORLD_WINDOW)
    assert got.chart(agg.JOB_DECISION) == {("Backend Engineer", "advance"): 1}
    assert got.chart(agg.RECOMMENDATION_DECISION) == {("pending", "advance"): 1}
    assert got.chart(agg.PIPELINE)[("decided", "")] == 1
