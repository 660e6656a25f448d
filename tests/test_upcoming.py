"""The upcoming list (scheduled interviews from now on, soonest first) is the same on every store,
page after page, over days whose interviews partly or wholly moved on before their time; on
Cassandra the days with many moved rows are looked up through the SAI indexes (MOVED_LIMIT is
lowered here so that a small data set takes that way) and give the same pages as the walk."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.world import PANEL, T0, add, seed_people

from interview_autopilot.core.models import InterviewStatus as S
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra.windows import DAY, MS, PIECE, order_key, pieces


def _pages(store: Store, limit: int, now) -> list:
    pages, cursor = [], None
    while True:
        page = store.list_upcoming(limit, cursor, now=now)
        pages.append(page)
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def _history(store: Store):
    """Four days after T0, 10 interviews each from 06:00 (the last three at one time: ties),
    three before `now` on the first; then two of day 1, the soonest 60 % of day 2 and all of
    day 3 moved on, one of day 4 rescheduled to another day, one within its day, one deleted.
    Returns `now` and the expected ids, soonest first."""
    seed_people(store)
    now = T0.replace(hour=8, minute=30) + timedelta(days=1)  # on the first day, at 08:30
    made = []
    for day in range(4):
        base = T0.replace(hour=6) + timedelta(days=day + 1)
        for n in range(10):
            start = base + timedelta(hours=7 if n >= 7 else n)  # 7, 8, 9: the same start
            made.append(add(store, f"up{day}-{n}", start=start))
    days = [made[d * 10 : d * 10 + 10] for d in range(4)]
    moves = days[0][2:4] + days[1][:6] + days[2]
    for n, i in enumerate(moves):
        store.change_status(i.interview_id, S.COMPLETED if n % 2 else S.CANCELLED)
    hour = timedelta(hours=1)
    for i, shift in ((days[3][0], -2 * 24 * hour), (days[3][1], 10 * hour / 60)):
        start = i.scheduled_start + shift
        store.create_interview(replace(i, scheduled_start=start, scheduled_end=start + hour), PANEL)
    store.delete_interview(days[1][8].interview_id)
    left = [store.get_interview(i.interview_id) for i in made]
    live = [i for i in left if i is not None and i.status is S.SCHEDULED]
    ahead = [i for i in live if i.scheduled_start >= now]
    ahead.sort(key=lambda i: order_key(i.scheduled_start, i.interview_id))
    return now, [i.interview_id for i in ahead]


@pytest.mark.parametrize("limit", [1, 3, 7, 50])
def test_upcoming_pages_over_days_with_moved_rows(store: Store, monkeypatch, limit: int) -> None:
    if store.backend != "sqlite":
        from interview_autopilot.store.cassandra import lists

        monkeypatch.setattr(lists, "MOVED_LIMIT", 1)  # any day with 2 moved: looked up
    now, expected = _history(store)
    pages = _pages(store, limit, now)
    assert [r.interview_id for p in pages for r in p.rows] == expected
    assert all(len(p.rows) == limit for p in pages[:-1]) and pages[-1].next_cursor is None
    for page in pages[:-1]:  # the cursor is the last row's key
        last = page.rows[-1]
        assert (page.next_cursor.scheduled_start, page.next_cursor.interview_id) == (
            last.scheduled_start,
            last.interview_id,
        )
    if store.backend != "sqlite":  # the same pages as the plain walk of every day
        monkeypatch.setattr(lists, "MOVED_LIMIT", 10**9)
        assert _pages(store, limit, now) == pages


@given(
    start_ms=st.integers(0, DAY // MS - 1),
    span_ms=st.integers(1, DAY // MS),
    day_size=st.integers(0, 20_000),
)
def test_a_lookup_window_is_cut_into_contiguous_pieces_of_about_a_piece_each(
    start_ms: int, span_ms: int, day_size: int
) -> None:
    first = T0.replace(hour=0, minute=0, second=0, microsecond=0) + start_ms * MS
    window = (first, first + (span_ms - 1) * MS)
    cut = pieces(window, day_size)
    assert cut[0][0] == window[0] and cut[-1][1] == window[1]
    assert all(lo <= hi for lo, hi in cut)
    assert all(a[1] + MS == b[0] for a, b in itertools.pairwise(cut))
    expected = day_size * span_ms / (DAY // MS)  # of the day's interviews, spread evenly
    assert len(cut) == max(1, min(span_ms, math.ceil(expected / PIECE)))
