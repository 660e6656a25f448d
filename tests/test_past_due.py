"""The past-due list (scheduled interviews that started at or before now, newest first) is the
same on every store, page after page, as the walk of the scheduled list from now; what moved on
or lies ahead is never in it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from support.world import PANEL, T0, add, interview, seed_people

from interview_autopilot.core.models import InterviewStatus as S
from interview_autopilot.core.models import PageCursor, SampleData
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra.tracing import traced


def _all(store: Store, read, limit: int) -> list:
    rows, cursor = [], None
    while True:
        page = read(limit, cursor)
        rows += page.rows
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


def test_past_due_is_the_scheduled_walk_from_now_on_every_store(store: Store) -> None:
    seed_people(store)
    now = T0 + timedelta(days=2, hours=3)
    made = [add(store, f"pd{n}", start=T0 + timedelta(hours=5 * n)) for n in range(14)]
    same_time = [add(store, f"pd-tie{n}", start=T0 + timedelta(hours=10)) for n in range(3)]
    for i in made[1:12:3]:  # some of the past ones moved on
        store.change_status(i.interview_id, S.COMPLETED)
    store.change_status(made[4].interview_id, S.CANCELLED)

    past_due = _all(store, lambda n, c: store.list_past_due(n, c, now=now), 2)
    walk = _all(
        store,
        lambda n, c: store.list_interviews_by_status(S.SCHEDULED, n, c or PageCursor.until(now)),
        2,
    )
    assert [r.interview_id for r in past_due] == [r.interview_id for r in walk]
    expected = {
        i.interview_id
        for i in made + same_time
        if i.scheduled_start <= now and store.get_interview(i.interview_id).status is S.SCHEDULED
    }
    assert {r.interview_id for r in past_due} == expected and len(past_due) == len(expected)
    starts = [r.scheduled_start for r in past_due]
    assert starts == sorted(starts, reverse=True)
    assert all(r.status is S.SCHEDULED for r in past_due)


def test_a_backlog_is_walked_and_still_the_same_rows(node_store: Store, monkeypatch) -> None:
    """With CAP or more scheduled on the days before now (the day counts say so), Cassandra
    walks the list instead of reading the index up to its cap; the rows are the same."""
    store = node_store  # SQLite has one way only; the test above covers it
    from interview_autopilot.store.cassandra import past_due

    monkeypatch.setattr(past_due, "CAP", 5)
    seed_people(store)
    now = T0 + timedelta(days=3)
    made = [add(store, f"backlog{n}", start=T0 + timedelta(hours=5 * n)) for n in range(9)]
    page, traces = traced(store.list_past_due, limit=4, now=now)
    walk = store.list_interviews_by_status(S.SCHEDULED, 4, PageCursor.until(now))
    assert page == walk
    assert {r.interview_id for r in page.rows} <= {i.interview_id for i in made}
    queried = " ".join(e.description for t in traces for e in t.events)
    assert "interviews_by_id" not in queried  # no index lookup on the backlog path


@pytest.mark.parametrize("limit", [3, 50])
def test_past_due_over_several_days_pages_as_the_walk(store: Store, limit: int) -> None:
    """Past due spread over days: a busy day (more than one page's lookup), a day whose
    scheduled ones all moved on, empty days, starts on a midnight and on a day's last
    millisecond, ties, one starting at now, and now's own day with some not due yet. Pages of
    every size cross the days and give the walk's rows in the walk's order."""
    seed_people(store)
    day = datetime(2026, 11, 10, tzinfo=UTC)
    now = day + timedelta(days=5, hours=13, minutes=30)
    busy = [
        interview(f"busy{n}", start=day + timedelta(hours=7, minutes=17 * n)) for n in range(40)
    ]
    tied = [interview(f"tied{n}", start=day + timedelta(hours=12)) for n in range(3)]
    moved = [interview(f"moved{n}", start=day + timedelta(days=1, hours=9 + n)) for n in range(4)]
    edges = [
        interview("midnight", start=day + timedelta(days=3)),
        interview("last-ms", start=day + timedelta(days=4) - timedelta(milliseconds=1)),
        interview("at-now", start=now),
    ]
    today = [interview(f"today{n}", start=day + timedelta(days=5, hours=n)) for n in range(24)]
    made = busy + tied + moved + edges + today
    store.bulk_load(SampleData([], [], made, [(i.interview_id, *PANEL[0]) for i in made], []))
    for i in busy[::5] + moved + today[2:9:3]:  # moved on: some of a day, all of another
        store.change_status(i.interview_id, S.COMPLETED)

    past_due = _all(store, lambda n, c: store.list_past_due(n, c, now=now), limit)
    walk = _all(
        store,
        lambda n, c: store.list_interviews_by_status(S.SCHEDULED, n, c or PageCursor.until(now)),
        limit,
    )
    assert [r.interview_id for r in past_due] == [r.interview_id for r in walk]
    expected = {
        i.interview_id
        for i in made
        if i.scheduled_start <= now and store.get_interview(i.interview_id).status is S.SCHEDULED
    }
    assert len(past_due) == len(expected) == 32 + 3 + 3 + 11
    assert {r.interview_id for r in past_due} == expected


def test_a_past_due_page_looks_up_about_a_page_of_ids(node_store: Store) -> None:
    """Cassandra: a page's index lookups find about what the page needs (windows back from
    now), not every past-due interview as one lookup of everything before now would."""
    store = node_store  # SQLite has no index lookups
    seed_people(store)
    day = datetime(2026, 11, 10, tzinfo=UTC)
    now = day + timedelta(days=3, hours=12)
    made = [interview(f"due{n}", start=day + timedelta(minutes=20 * n)) for n in range(252)]
    store.bulk_load(SampleData([], [], made, [(i.interview_id, *PANEL[0]) for i in made], []))
    page, traces = traced(store.list_past_due, limit=10, now=now)
    assert page == store.list_interviews_by_status(S.SCHEDULED, 10, PageCursor.until(now))
    found = [
        int(m[1])
        for t in traces
        for e in t.events
        if (m := re.search(r"post-filtered \d+ rows in (\d+) partitions", e.description))
    ]
    assert found and sum(found) <= 40, found  # 10 rows (+ 9 read ahead), not the 252 due
