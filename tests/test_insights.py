"""The Insights numbers: the same on every store (see conftest `store`), and what they count."""

from __future__ import annotations

from datetime import timedelta

from test_store_scan import world as world  # the fixture, re-exported
from world import ALICE, BOB, OTHER_CANDIDATE, T0, add, seed_people

from interview_autopilot import insights
from interview_autopilot.models import InterviewStatus
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore


def test_the_numbers_add_up_on_every_store(world: Store) -> None:
    got = insights.gather(world)
    counts = world.count_by_status()
    assert got.interviews == sum(counts.values()) == 4
    assert got.per_week["interviews"].sum() == 4
    by_status = got.per_week.groupby("status")["interviews"].sum().to_dict()
    assert by_status == {s.label: n for s, n in counts.items() if n}
    assert got.pipeline["interviews"].tolist()[:2] == [4, counts[InterviewStatus.COMPLETED]]
    assert got.by_job["interviews"].sum() == 4
    assert got.truncated == []


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
    store.submit_feedback(d.interview_id, ALICE.user_id, "yes", "Solid.")
    store.submit_feedback(d.interview_id, BOB.user_id, "no", "Shaky on SQL.")
    return store


def test_every_store_gives_the_same_numbers(world: Store, tmp_path) -> None:
    """The world built again on SQLite: every backend's frames equal SQLite's."""
    reference = SqliteStore(tmp_path / "ref.db")
    try:
        want = insights.gather(build_world(reference))
        got = insights.gather(world)
        for name in ("per_week", "pipeline", "by_job"):
            assert getattr(got, name).equals(getattr(want, name)), name
    finally:
        reference.close()


def test_a_status_past_the_bound_is_reported(world: Store) -> None:
    got = insights.gather(world, per_status=1)
    assert "completed" in got.truncated and got.interviews < 4
