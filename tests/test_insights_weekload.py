"""The interviewer-load counters on Cassandra: one partition per week ('load', Monday) holding
one row per interviewer active that week, written so by every writer (bulk load, transitions,
the doctor's repair), read concurrently, and a keyspace left with the old month partitions
moved to weeks by `doctor --repair`. Read from the table itself, on the real node."""

from __future__ import annotations

from datetime import date

import pytest
from cassandra.cluster import ResponseFuture
from support.world import ALICE, BOB, T0
from test_cassandra_specific import cql
from test_insights import WORLD_WINDOW, build_world, change_everything, sample_window

from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store import aggregates as agg
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.aggregates import read
from interview_autopilot.store.sqlite import SqliteStore

ADD = (
    "UPDATE {ks}.insight_counts_by_chart SET n = n + %s "
    "WHERE chart = %s AND period = %s AND a = %s AND b = %s"
)
Rows = dict[tuple[str, str, str], int]  # (period, week, interviewer) -> n


def load_rows(cs: CassandraStore) -> Rows:
    """Every load counter stored, zeros included (a counter brought to 0 keeps its row)."""
    found = cql(cs, "SELECT chart, period, a, b, n FROM {ks}.insight_counts_by_chart")
    return {(r["period"], r["a"], r["b"]): r["n"] for r in found if r["chart"] == agg.LOAD}


@pytest.fixture
def reference(tmp_path):
    s = SqliteStore(tmp_path / "reference.db")
    yield s
    s.close()


def test_every_writer_puts_the_load_counters_in_their_week(
    cassandra_store_factory, reference: SqliteStore
) -> None:
    cs: CassandraStore = cassandra_store_factory()
    data = read_sample_data()
    for s in (cs, reference):
        s.bulk_load(data)  # the bulk path
        change_everything(s, data)  # transitions: status changes, feedback, a deletion
    rows = load_rows(cs)
    assert all(part == week and date.fromisoformat(week).weekday() == 0 for part, week, _ in rows)
    want = reference.insight_counts(*sample_window(data)).chart(agg.LOAD)
    assert {(week, uid): n for (_p, week, uid), n in rows.items() if n} == want
    per_week: dict[str, set[str]] = {}
    for week, uid in want:
        per_week.setdefault(week, set()).add(uid)
    assert len(per_week) > 5  # the sample spans months: one partition per week, not per month
    for week, active in per_week.items():  # a partition: one row per interviewer that week
        assert {uid for (p, _w, uid), n in rows.items() if p == week and n} == active


def test_the_doctor_repairs_a_wrong_and_a_missing_weekly_load_counter(
    cassandra_store_factory,
) -> None:
    cs = build_world(cassandra_store_factory())
    week = agg.week_of(T0)
    before = load_rows(cs)
    alice, bob = str(ALICE.user_id), str(BOB.user_id)
    assert before[(week, week, alice)] == before[(week, week, bob)] == 1
    cql(cs, ADD, 4, agg.LOAD, week, week, alice)  # counted wrongly
    cql(cs, ADD, -1, agg.LOAD, week, week, bob)  # an increment lost
    report = cs.doctor()
    text = "\n".join(report.problems)
    wrong, lost = (agg.LOAD, week, week, alice), (agg.LOAD, week, week, bob)
    assert f"insight_counts_by_chart {wrong}: 5, the sources say 1" in text
    assert f"insight_counts_by_chart {lost}: 0, the sources say 1" in text
    assert len(report.problems) == 2
    cs.doctor(repair=True)
    assert cs.doctor().ok
    assert load_rows(cs) == before


def test_the_doctor_moves_month_partitions_to_weeks(
    cassandra_store_factory, reference: SqliteStore
) -> None:
    """A keyspace written when load was partitioned by month: its counters under
    ('load', 'YYYY-MM'), nothing in the weekly partitions (here: brought to 0)."""
    cs = build_world(cassandra_store_factory())
    weekly = load_rows(cs)
    months = set()
    for (_p, week, uid), n in weekly.items():
        cql(cs, ADD, n, agg.LOAD, week[:7], week, uid)
        cql(cs, ADD, -n, agg.LOAD, week, week, uid)
        months.add(week[:7])
    assert not cs.insight_counts(*WORLD_WINDOW).chart(agg.LOAD)  # the page sees no load
    report = cs.doctor()
    for month in months:
        count = sum(1 for _p, week, _u in weekly if week[:7] == month)
        assert f"('load', '{month}'): a partition no write uses ({count} counters;" in "\n".join(
            report.problems
        )
    cs.doctor(repair=True)
    assert cs.doctor().ok
    assert load_rows(cs) == weekly  # the month partitions deleted, the weeks counted again
    want = build_world(reference).insight_counts(*WORLD_WINDOW)
    assert cs.insight_counts(*WORLD_WINDOW) == want


class Watched:
    """The real session's reads, noting when each is sent and when its result is awaited."""

    def __init__(self, cs: CassandraStore) -> None:
        self.db, self.events = cs.session, []

    def future(self, name: str, *params: object) -> Awaited:
        self.events.append(("sent", params[:2]))
        return Awaited(self.db.future(name, *params), self.events)


class Awaited:
    def __init__(self, future: ResponseFuture, events: list) -> None:
        self.inner, self.events = future, events

    def result(self):
        self.events.append(("awaited", None))
        return self.inner.result()


def test_the_load_weeks_are_read_concurrently(cassandra_store_factory) -> None:
    cs = build_world(cassandra_store_factory())
    watched = Watched(cs)
    got = read(watched, *WORLD_WINDOW)  # type: ignore[arg-type]
    assert got == cs.insight_counts(*WORLD_WINDOW)
    kinds = [kind for kind, _ in watched.events]
    assert kinds.index("awaited") == kinds.count("sent")  # every read sent before any wait
    loads = [params for kind, params in watched.events if kind == "sent" and params[0] == "load"]
    assert sorted(loads) == [("load", w) for w in agg.weeks_between(*WORLD_WINDOW)]
