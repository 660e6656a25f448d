"""The upcoming read on Cassandra after interviews moved on before their time: it meets few
tombstones (read off the server's query traces), returns the rows SQLite returns, and the
`moved` day counts it relies on are written by every change that removes a list row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from support.world import PANEL, interview, seed_people
from test_cassandra_specific import TOMBSTONE_BOUND, cql, trace_reads

from interview_autopilot.core.models import InterviewStatus as S
from interview_autopilot.core.models import SampleData, day_bucket
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.schema import apply_schema, missing_tables, table_names
from interview_autopilot.store.cassandra.tracing import traced
from interview_autopilot.store.sqlite import SqliteStore

DAY_SIZE = 600  # interviews on the day: its soonest 20 % (120) are more than TOMBSTONE_BOUND
COUNTS = (
    "SELECT n, moved, moved_early FROM {ks}.interview_counts_by_bucket "
    "WHERE status = %s AND bucket = %s"
)

# Its traced reads nearly fill the node's trace queue: run alone, after the rest (scripts/test).
pytestmark = [pytest.mark.serial, pytest.mark.alone]


@pytest.fixture
def cs(cassandra_store_factory) -> CassandraStore:
    store = cassandra_store_factory()
    seed_people(store)
    return store


def each_at_once(write: Callable[..., object], calls: Iterable[tuple]) -> None:
    """Make the writes from eight threads, as an app server's sessions would (one interview
    each: they never contend); any failure is raised."""
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda args: write(*args), calls))


def _tombstones(traces) -> list[int]:
    return [t for trace in traces for _, t in trace_reads(trace)[1]]


def _counts(cs: CassandraStore, status: S, bucket: str) -> tuple[int, int, int]:
    """(n, moved, moved_early) of a day."""
    found = cql(cs, COUNTS, status.value, bucket)
    return tuple(found[0][c] or 0 for c in ("n", "moved", "moved_early")) if found else (0, 0, 0)


def _looked_up(traces) -> int:
    """How many of the traced requests were index lookups (the source's SAI indexes)."""
    return sum("interviews_by_id" in t.parameters.get("query", "") for t in traces)


@pytest.mark.parametrize("moved_share", [0.2, 0.6, 1.0])
def test_upcoming_meets_few_tombstones_after_the_soonest_of_a_day_moved_early(
    cs: CassandraStore, tmp_path, moved_share: float
) -> None:
    """A future day of DAY_SIZE interviews (and the next day's one) whose soonest ones were
    completed or cancelled before now, before their time: the slice from now would walk them."""
    now = datetime(2026, 11, 19, 12, tzinfo=UTC)
    day = datetime(2026, 11, 20, tzinfo=UTC)
    interviews = [
        interview(f"early{n}", start=day + timedelta(minutes=2 * n)) for n in range(DAY_SIZE)
    ]
    interviews.append(interview("next-day", start=day + timedelta(days=1, hours=9)))
    data = SampleData([], [], interviews, [(i.interview_id, *PANEL[0]) for i in interviews], [])
    sqlite = SqliteStore(tmp_path / "same.db")
    seed_people(sqlite)
    moves = [
        (i.interview_id, S.COMPLETED if n % 3 else S.CANCELLED)
        for n, i in enumerate(interviews[: int(DAY_SIZE * moved_share)])
    ]
    for store in (cs, sqlite):
        store.bulk_load(data)
    each_at_once(cs.change_status, moves)
    for move in moves:
        sqlite.change_status(*move)

    cursor, pages = None, 0
    while pages < 3:  # three pages, or all there is
        upcoming, traces = traced(cs.list_upcoming, after=cursor, now=now)
        assert max(_tombstones(traces), default=0) <= TOMBSTONE_BOUND, _tombstones(traces)
        assert upcoming == sqlite.list_upcoming(after=cursor, now=now)
        pages += 1
        if upcoming.next_cursor is None:
            break
        cursor = upcoming.next_cursor
    first = cs.list_upcoming(now=now)
    kept = interviews[int(DAY_SIZE * moved_share) :]
    assert [r.interview_id for r in first.rows] == [i.interview_id for i in kept[:50]]
    assert _counts(cs, S.SCHEDULED, "2026-11-20")[1:] == (int(DAY_SIZE * moved_share), 0)
    sqlite.close()


def test_moved_counts_a_status_change_a_reschedule_a_delete_and_a_bulk_rewrite(
    cs: CassandraStore,
) -> None:
    start = datetime(2026, 11, 20, 9, tzinfo=UTC)
    hour = timedelta(hours=1)
    a, b, c = (interview(k, start=start + n * hour) for n, k in enumerate(("ma", "mb", "mc")))
    for i in (a, b, c):
        cs.create_interview(i, PANEL)
    day = day_bucket(start)
    assert _counts(cs, S.SCHEDULED, day) == (3, 0, 0)
    cs.change_status(a.interview_id, S.COMPLETED)  # after its start (by the wall clock)
    assert _counts(cs, S.SCHEDULED, day) == (2, 1, 0)
    assert _counts(cs, S.COMPLETED, day) == (1, 0, 0)
    later = datetime.now(UTC) + timedelta(days=3)  # to another day, in the future
    cs.create_interview(replace(b, scheduled_start=later, scheduled_end=later + hour), PANEL)
    assert _counts(cs, S.SCHEDULED, day) == (1, 2, 0)
    assert _counts(cs, S.SCHEDULED, day_bucket(later)) == (1, 0, 0)
    sooner = c.scheduled_start - hour / 2  # within its day: n unchanged, a row still removed
    cs.create_interview(replace(c, scheduled_start=sooner, scheduled_end=sooner + hour), PANEL)
    assert _counts(cs, S.SCHEDULED, day) == (1, 3, 0)
    cs.create_interview(replace(c, scheduled_start=sooner, scheduled_end=sooner + hour), PANEL)
    assert _counts(cs, S.SCHEDULED, day) == (1, 3, 0)  # the same key again: nothing removed
    cs.delete_interview(c.interview_id)
    assert _counts(cs, S.SCHEDULED, day) == (0, 4, 0)
    cs.change_status(b.interview_id, S.CANCELLED)  # before its start: early
    assert _counts(cs, S.SCHEDULED, day_bucket(later)) == (0, 1, 1)
    d = interview("md", start=start)
    cs.create_interview(d, PANEL)
    done = replace(d, status=S.COMPLETED)  # a bulk load over it: its stale list row goes
    cs.bulk_load(SampleData([], [], [done], [(d.interview_id, *PANEL[0])], []))
    assert _counts(cs, S.SCHEDULED, day) == (0, 5, 0)
    assert _counts(cs, S.COMPLETED, day) == (2, 0, 0)
    assert cs.doctor().problems == []  # `moved` is no count the sources imply


def test_an_older_keyspace_lacks_moved_until_schema_apply(cs: CassandraStore) -> None:
    """A keyspace made before `moved`: its absence is named (the store refuses to open with
    the command to run), and `schema apply` adds it, keeping the day counts."""
    session, ks = cs.session.session, f"{cs.keyspace}_old"
    session.execute(
        f"CREATE KEYSPACE {ks} WITH replication = {{'class': 'SimpleStrategy', "
        "'replication_factor': 1}",
        timeout=60,
    )
    try:
        session.execute(
            f"CREATE TABLE {ks}.interview_counts_by_bucket (status text, bucket text, "
            "n counter, PRIMARY KEY ((status), bucket))",
            timeout=60,
        )
        session.execute(
            f"UPDATE {ks}.interview_counts_by_bucket SET n = n + 2 "
            "WHERE status = 'scheduled' AND bucket = '2026-11-20'"
        )
        missing = missing_tables(session, ks)
        assert "interview_counts_by_bucket.moved" in missing
        assert "interview_counts_by_bucket.moved_early" in missing
        assert "interview_counts_by_bucket" not in missing
        apply_schema(session, ks, create_keyspace=False)
        assert missing_tables(session, ks) == []
        found = list(session.execute(f"SELECT * FROM {ks}.interview_counts_by_bucket"))
        assert [(r["n"], r["moved"], r["moved_early"]) for r in found] == [(2, None, None)]
        assert len(table_names()) > 1
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {ks}", timeout=120)


def test_live_upcoming_counts_only_what_moved_before_its_start(cs: CassandraStore) -> None:
    """Read at the wall clock's now: the rows completed after their start lie before the cursor
    (the plain slice, no lookup); those cancelled before their start are looked up."""
    now = datetime.now(UTC).replace(microsecond=0)
    done = [interview(f"done{n}", start=now - timedelta(minutes=30 + n)) for n in range(150)]
    day = now.replace(hour=6, minute=0, second=0) + timedelta(days=2)  # 06:00 to 11:00
    ahead = [interview(f"ahead{n}", start=day + timedelta(minutes=n)) for n in range(300)]
    each_at_once(cs.create_interview, [(i, PANEL) for i in done + ahead])
    each_at_once(cs.change_status, [(i.interview_id, S.COMPLETED) for i in done])
    page, traces = traced(cs.list_upcoming, now=now)
    assert [r.interview_id for r in page.rows] == [i.interview_id for i in ahead[:50]]
    assert _looked_up(traces) == 0 and max(_tombstones(traces), default=0) == 0
    # cancelled ahead of time: the soonest of their day
    each_at_once(cs.change_status, [(i.interview_id, S.CANCELLED) for i in ahead[:150]])
    page, traces = traced(cs.list_upcoming, now=now)
    assert [r.interview_id for r in page.rows] == [i.interview_id for i in ahead[150:200]]
    assert _looked_up(traces) > 0 and max(_tombstones(traces), default=0) <= TOMBSTONE_BOUND
