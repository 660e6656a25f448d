"""The Insights counters on Cassandra: read from a few partition slices of
insight_counts_by_chart (never a scan), checked and repaired by the doctor."""

from __future__ import annotations

import pytest
from support.world import T0
from test_cassandra_specific import cql
from test_insights import WORLD_WINDOW, build_world

from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.store import aggregates as agg
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.aggregates import period
from interview_autopilot.store.sqlite import SqliteStore


@pytest.fixture
def cs(cassandra_store_factory) -> CassandraStore:
    return build_world(cassandra_store_factory())


def test_the_page_reads_only_slices_of_the_counter_table(cs: CassandraStore) -> None:
    sent: list[str] = []

    def seen(future) -> None:
        sent.append(future.query.prepared_statement.query_string)

    session = cs.session.session
    session.add_request_init_listener(seen)
    try:
        cs.insight_counts(*WORLD_WINDOW)
    finally:
        session.remove_request_init_listener(seen)
    weeks = agg.weeks_between(*WORLD_WINDOW)
    partitions = len(agg.CHARTS) - len(agg.WEEK_CHARTS)
    partitions += sum(len({period(c, w) for w in weeks}) for c in agg.WEEK_CHARTS)
    assert len(sent) == partitions
    assert all("FROM" in q and "insight_counts_by_chart WHERE chart = ?" in q for q in sent)
    assert all("period = ?" in q for q in sent)  # the whole partition key: no scan


def test_the_doctor_finds_and_repairs_the_insight_counters(cs: CassandraStore, tmp_path) -> None:
    week = agg.week_of(T0)
    add = (
        "UPDATE {ks}.insight_counts_by_chart SET n = n + %s "
        "WHERE chart = %s AND period = %s AND a = %s AND b = %s"
    )
    cql(cs, add, 5, agg.WEEK_STATUS, week[:4], week, "cancelled")  # counted wrongly
    cql(cs, add, -1, agg.PIPELINE, "all", "completed", "")  # a lost increment
    report = cs.doctor()
    text = "\n".join(report.problems)
    assert not report.ok
    wrong = ("week_status", week[:4], week, "cancelled")
    assert f"insight_counts_by_chart {wrong}: 5, the sources say 0" in text
    lost = ("pipeline", "all", "completed", "")
    assert f"insight_counts_by_chart {lost}: 1, the sources say 2" in text
    cs.doctor(repair=True)
    assert cs.doctor().ok
    reference = SqliteStore(tmp_path / "reference.db")
    try:
        assert cs.insight_counts(*WORLD_WINDOW) == build_world(reference).insight_counts(
            *WORLD_WINDOW
        )
    finally:
        reference.close()


def test_a_change_that_moves_nothing_leaves_the_counters(cs: CassandraStore) -> None:
    before = cs.insight_counts(*WORLD_WINDOW)
    rows = cql(cs, "SELECT chart, period, a, b, n FROM {ks}.insight_counts_by_chart")
    listed = cs.list_interviews_by_status(InterviewStatus.COMPLETED).rows[0]
    cs.change_status(listed.interview_id, listed.status)  # same status: a new version
    assert cs.insight_counts(*WORLD_WINDOW) == before
    assert cql(cs, "SELECT chart, period, a, b, n FROM {ks}.insight_counts_by_chart") == rows
