"""The counts of the Upcoming and Past due lists, on every store: each the number of rows its
list walks at that now (an interview starting exactly at now is in both, as in the lists),
with and without a filter, over days before, on and after now's, after moves on now's day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from support.world import RECRUITER, T0, add, seed_people

from interview_autopilot.core.filters import ListFilter
from interview_autopilot.core.models import InterviewPage, InterviewStatus, PageCursor
from interview_autopilot.store.base import Store

S = InterviewStatus
OFFSETS = [  # starts around T0 (15:00 UTC); some moved on later
    (timedelta(days=-3), S.SCHEDULED),
    (timedelta(hours=-5), S.SCHEDULED),
    (timedelta(hours=-4), S.COMPLETED),  # completed as the day went by
    (timedelta(minutes=-1), S.SCHEDULED),
    (timedelta(0), S.SCHEDULED),  # exactly now: in both lists
    (timedelta(minutes=1), S.SCHEDULED),
    (timedelta(hours=2), S.CANCELLED),  # cancelled before its start
    (timedelta(hours=3), S.SCHEDULED),
    (timedelta(days=1), S.SCHEDULED),
    (timedelta(days=9), S.SCHEDULED),
    (timedelta(days=9, hours=1), S.NO_SHOW),
]


def walk(read: Callable[[PageCursor | None], InterviewPage]) -> int:
    n, after = 0, None
    while True:
        page = read(after)
        n += len(page.rows)
        after = page.next_cursor
        if after is None:
            return n


def world(store: Store) -> None:
    seed_people(store)
    for n, (offset, status) in enumerate(OFFSETS):
        i = add(store, f"count {n}", start=T0 + offset)
        if status is not S.SCHEDULED:
            store.change_status(i.interview_id, status)


@pytest.mark.parametrize("minutes", [-24 * 60 * 4, -1, 0, 1, 24 * 60, 24 * 60 * 20])
def test_the_counts_are_the_lists_lengths(store: Store, minutes: int) -> None:
    world(store)
    now = T0 + timedelta(minutes=minutes)
    past_due = walk(lambda a: store.list_past_due(2, a, now=now))
    upcoming = walk(lambda a: store.list_upcoming(2, a, now=now))
    assert store.count_past_due_and_upcoming(now) == (past_due, upcoming)
    f = ListFilter.recruiter(RECRUITER.user_id)
    until = PageCursor.until(now)
    past_due_f = walk(lambda a: store.list_filtered(f, S.SCHEDULED, 2, a or until))
    upcoming_f = walk(lambda a: store.list_upcoming_filtered(f, 2, a, now=now))
    assert store.count_past_due_and_upcoming(now, f) == (past_due_f, upcoming_f)
    assert (past_due_f, upcoming_f) == (past_due, upcoming)  # one recruiter books them all
    if minutes == 0:
        assert (past_due, upcoming) == (4, 5)  # the 15:00 one in both
    other = ListFilter.job("No Such Title")
    assert store.count_past_due_and_upcoming(now, other) == (0, 0)
