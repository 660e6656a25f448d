"""What only Cassandra has of the list filters: the filtered page reads only its own
partitions (read off the server's traces), and the doctor finds and repairs a lost filter copy
and a wrong filter count."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from support.world import DAVE, PANEL, RECRUITER, T0, interview, seed_people

from interview_autopilot.core.filters import ListFilter
from interview_autopilot.core.models import InterviewStatus, day_bucket
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.tracing import traced

S = InterviewStatus
READ = re.compile(r"Read (\d+) live rows and (\d+) tombstone cells")


@pytest.fixture
def cs(cassandra_store_factory) -> CassandraStore:
    store = cassandra_store_factory()
    seed_people(store)
    return store


def cql(store: CassandraStore, query: str, *params: object) -> list[dict]:
    return list(store.session.session.execute(query.format(ks=store.keyspace), params))


def make(store: CassandraStore, n: int, recruiter, days: int, title: str = "Backend Engineer"):
    """`n` interviews of `recruiter` spread over `days` days."""
    made = []
    for k in range(n):
        i = replace(
            interview(
                f"{recruiter.name}-{title}-{k}", start=T0 + timedelta(days=k % days, hours=k)
            ),
            recruiter_id=recruiter.user_id,
            job_title=title,
        )
        store.create_interview(i, PANEL)
        made.append(i)
    return made


def test_a_filtered_page_reads_only_its_filter_partitions(cs: CassandraStore) -> None:
    mine = make(cs, 6, DAVE, 3)
    make(cs, 12, RECRUITER, 6)  # same days, another recruiter: never read
    f = ListFilter.recruiter(DAVE.user_id)
    cursor, found, reads = None, [], 0
    while True:
        page, traces = traced(cs.list_filtered, f, S.SCHEDULED, limit=2, after=cursor)
        found += page.rows
        for trace in traces:
            p = trace.parameters
            assert "interviews_by_status" not in p["query"]
            assert re.search(r"\.interview(s|_counts)_by_filter ", p["query"]), p["query"]
            assert (p["bound_var_0_kind"], p["bound_var_1_value"]) == (
                "'recruiter'",
                f"'{DAVE.user_id}'",
            )
            events = [e.description for e in trace.events]
            assert sum(e.startswith("Executing single-partition query") for e in events) == 1
            if "interviews_by_filter" in p["query"]:
                live = [int(m[1]) for e in events if (m := READ.search(e))]
                assert live and sum(live) <= 2 + 1  # the page plus the one-row peek
                reads += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert [r.interview_id for r in found] == [
        i.interview_id for i in sorted(mine, key=lambda i: i.scheduled_start, reverse=True)
    ]
    assert reads >= 3  # one read per day at least


def test_doctor_finds_and_repairs_a_lost_filter_copy_and_a_wrong_filter_count(
    cs: CassandraStore,
) -> None:
    i = make(cs, 1, DAVE, 1, title="Data  Scientist")[0]
    bucket = day_bucket(i.scheduled_start)
    job = ListFilter.job(i.job_title)
    cql(
        cs,
        "DELETE FROM {ks}.interviews_by_filter WHERE kind = 'job' AND value = %s "
        "AND status = 'scheduled' AND bucket = %s AND scheduled_start = %s AND interview_id = %s",
        job.value,
        bucket,
        i.scheduled_start,
        i.interview_id,
    )  # a lost copy
    cql(
        cs,
        "UPDATE {ks}.interview_counts_by_filter SET n = n + 3 WHERE kind = 'recruiter' "
        "AND value = %s AND status = 'completed' AND bucket = %s",
        str(DAVE.user_id),
        bucket,
    )  # a wrong count
    assert cs.list_filtered(job, S.SCHEDULED).rows == []
    assert cs.count_filtered(ListFilter.recruiter(DAVE.user_id))[S.COMPLETED] == 3

    report = cs.doctor()
    text = "\n".join(report.problems)
    assert not report.ok
    assert f"interviews_by_filter: interview {i.interview_id}: copy missing" in text
    assert (
        f"interview_counts_by_filter ('filter', 'recruiter', '{DAVE.user_id}', 'completed', "
        f"'{bucket}'): 3, the sources say 0"
    ) in text

    cs.doctor(repair=True)
    assert cs.doctor().ok
    assert [r.interview_id for r in cs.list_filtered(job, S.SCHEDULED).rows] == [i.interview_id]
    assert cs.count_filtered(ListFilter.recruiter(DAVE.user_id))[S.COMPLETED] == 0


def test_a_keyspace_from_before_the_filters_gets_them_from_doctor_repair(
    cs: CassandraStore,
) -> None:
    made = make(cs, 4, DAVE, 2) + make(cs, 3, RECRUITER, 3, title="Data Scientist")
    cs.change_status(made[0].interview_id, S.COMPLETED)
    for table in ("interviews_by_filter", "interview_counts_by_filter"):
        cql(cs, f"TRUNCATE {{ks}}.{table}")  # the tables as `schema apply` adds them: empty
    f = ListFilter.recruiter(DAVE.user_id)
    assert cs.list_filtered(f, S.SCHEDULED).rows == []

    assert not cs.doctor().ok
    cs.doctor(repair=True)
    assert cs.doctor().ok
    assert cs.count_filtered(f) == {S.SCHEDULED: 3, S.COMPLETED: 1, S.CANCELLED: 0, S.NO_SHOW: 0}
    job = cs.list_filtered(ListFilter.job("data scientist"), S.SCHEDULED).rows
    assert [r.interview_id for r in job] == [i.interview_id for i in reversed(made[4:])]
