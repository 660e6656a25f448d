"""Finding times reads only the window's days, on every store (the `store` fixture): a person's
older interviews are never read, so the statements a search runs and the rows they return do not
grow with history. (The candidate's own interviews are read whole: a candidate has a handful,
one bounded partition on Cassandra.) Counted through "How this was read" (store/recorder.py),
which both stores feed with every statement they run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from support.world import ALICE, BOB, CANDIDATE, OTHER_CANDIDATE, add, seed_people
from test_find_times_store import MONDAY, setup_world

from interview_autopilot.core.jobs import Job
from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.features import find_times
from interview_autopilot.store import recorder
from interview_autopilot.store.base import Store

HISTORY = 14  # old interviews of Alice and Bob (another candidate's), weekly, before the window


def search(store: Store, job: Job) -> tuple[find_times.Found, list[recorder.Statement]]:
    recording = recorder.start()
    try:
        found = find_times.find(
            store, CANDIDATE.candidate_id, job, 0, MONDAY, 5, UTC, find_times.Defaults()
        )
    finally:
        recorder.stop()
    return found, recording.statements


def test_old_interviews_are_not_read(store: Store) -> None:
    job = setup_world(store)
    before, first = search(store, job)
    old = []
    for week in range(3, 3 + HISTORY):
        status = InterviewStatus.COMPLETED if week % 2 else InterviewStatus.SCHEDULED
        old.append(
            add(
                store,
                f"old-{week}",
                [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)],
                start=MONDAY.replace(hour=10) - timedelta(weeks=week),
                candidate=OTHER_CANDIDATE,
                status=status,
            )
        )
    after, second = search(store, job)
    assert after.slots == before.slots  # the same proposals and reasons
    assert len(second) == len(first)  # no statement more
    assert sum(s.rows or 0 for s in second) == sum(s.rows or 0 for s in first)  # no row more
    shown = " ".join(v for s in second for v in s.values)
    assert not [i for i in old if str(i.interview_id) in shown]  # no old interview read


def test_a_window_across_months_finds_each_interview_once(store: Store) -> None:
    seed_people(store)
    first = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)  # the last start of October (UTC)
    made = [
        add(
            store,
            f"edge-{n}",
            [(ALICE.user_id, UserRole.INTERVIEWER)],
            start=first + timedelta(hours=2 * n),
            candidate=OTHER_CANDIDATE,
        )
        for n in range(3)  # 31 Oct 23:30, 1 Nov 01:30, 1 Nov 03:30
    ]
    found = store.list_interviews_by_user_between(ALICE.user_id, first, made[2].scheduled_start)
    assert [s.interview_id for s in found] == [made[1].interview_id, made[0].interview_id]
    assert store.list_interviews_by_user_between(BOB.user_id, first, made[2].scheduled_end) == []
