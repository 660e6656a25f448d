"""Partitions bounded by time on the Cassandra node: a person's interviews are kept a month per
partition (they do not grow with the years), and a keyspace made before that is upgraded by
`schema apply` (migration 0002: the new tables, filled from the sources)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from support.keyspace_reset import empty_tables, forget
from support.node import cassandra_test_settings, pooled_keyspace, ready_kept_keyspace
from support.world import ALICE, PANEL, RECRUITER, interview, seed_people

from interview_autopilot.core.models import SampleData
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.schema import apply_schema
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.cassandra
MONTHS = 24  # two years of interviews ...
PER_MONTH = 3  # ... three a month, each with the whole panel
PERSON_COLUMNS = {"user_id", "recruiter_id", "person_id"}
NEW_TABLES = [
    "interviews_by_user_month",
    "interview_ids_by_recruiter_month",
    "interview_months_by_person",
]
# The tables of a keyspace made before the month partitions (cql/schema.cql until 2026-12).
OLD_TABLES = [
    "CREATE TABLE IF NOT EXISTS {ks}.interview_ids_by_recruiter (recruiter_id uuid, "
    "interview_id uuid, PRIMARY KEY ((recruiter_id), interview_id))",
    "CREATE TABLE IF NOT EXISTS {ks}.interviews_by_user (user_id uuid, scheduled_start "
    "timestamp, interview_id uuid, status text, candidate_name text, job_title text, "
    "recruiter_name text, feedback_count int, participant_count int, recommendation text, "
    "PRIMARY KEY ((user_id), scheduled_start, interview_id)) "
    "WITH CLUSTERING ORDER BY (scheduled_start DESC, interview_id DESC)",
]


def _years_of_interviews() -> SampleData:
    first = datetime(2025, 1, 6, 9, tzinfo=UTC)
    interviews = [
        interview(f"m{m}-{n}", start=first + timedelta(days=30.5 * m + 7 * n))
        for m in range(MONTHS)
        for n in range(PER_MONTH)
    ]
    panel = [(i.interview_id, uid, role) for i in interviews for uid, role in PANEL]
    return SampleData([], [], interviews, panel, [])


def _partitions(store: CassandraStore) -> dict[str, Counter[tuple[object, ...]]]:
    """Rows per partition key of every table with a person in its partition key and rows."""
    session = store.session.session
    tables = session.cluster.metadata.keyspaces[store.keyspace].tables
    out: dict[str, Counter[tuple[object, ...]]] = {}
    for name, table in tables.items():
        key = [c.name for c in table.partition_key]
        if PERSON_COLUMNS & set(key):
            rows = session.execute(f"SELECT {', '.join(key)} FROM {store.keyspace}.{name}")
            found = Counter(tuple(row.values()) for row in rows)
            if found:  # the two tables migration 0002 retired are there, empty
                out[name] = found
    return out


def test_a_persons_interviews_are_kept_a_month_per_partition(cassandra_store_factory) -> None:
    store = cassandra_store_factory()
    seed_people(store)
    store.bulk_load(_years_of_interviews())
    assert len(store.list_interviews_by_user(ALICE.user_id)) == MONTHS * PER_MONTH
    largest = {name: max(rows.values()) for name, rows in _partitions(store).items()}
    for name, rows in largest.items():
        if name == "interview_months_by_person":  # a row per kind and month of the person
            assert rows == MONTHS, (name, rows)
        else:
            assert rows <= PER_MONTH, largest
    assert set(largest) >= {"interviews_by_user_month", "interview_ids_by_recruiter_month"}


@pytest.fixture
def old_keyspace() -> Iterator[CassandraStore]:
    """A keyspace with data, shaped as before the month partitions: the new tables dropped, the
    old ones there, no record of migrations (made before them). One of the machine's pool of
    kept keyspaces (support.node.pooled_keyspace), brought up to date and emptied first: the
    test's `schema apply` leaves it up to date again for the next run."""
    from benchkit.target import cassandra_reachable

    if why := cassandra_reachable():
        pytest.skip(why)
    with pooled_keyspace("autopilot_upgrade") as keyspace:
        cluster = build_cluster(cassandra_test_settings(keyspace))
        try:
            session = connect(cluster)
            ready_kept_keyspace(session, keyspace)
            empty_tables(session, keyspace)
        finally:
            cluster.shutdown()
        store = CassandraStore.from_settings(cassandra_test_settings(keyspace))
        try:
            seed_people(store)
            store.bulk_load(_years_of_interviews())
            session = store.session.session
            for name in NEW_TABLES:
                session.execute(f"DROP TABLE {store.keyspace}.{name}", timeout=60)
            for statement in OLD_TABLES:
                session.execute(statement.format(ks=store.keyspace), timeout=60)
            session.execute(f"DROP TABLE {store.keyspace}.schema_migrations", timeout=60)
            yield store
        finally:
            store.close()
            forget(keyspace)  # tables dropped and made again: their write counts started over


def test_schema_apply_upgrades_a_keyspace_made_before(
    old_keyspace: CassandraStore, tmp_path
) -> None:
    store = old_keyspace
    assert sorted(store.missing_tables()) == sorted(NEW_TABLES)
    apply_schema(store.session.session, store.keyspace, create_keyspace=False)
    assert store.missing_tables() == []
    report = store.doctor()  # 0002's data step filled the new tables from the sources
    assert report.ok, report.problems[:5]
    store.doctor(repair=True)
    assert store.doctor().ok
    reference = SqliteStore(tmp_path / "reference.db")
    seed_people(reference)
    reference.bulk_load(_years_of_interviews())
    assert store.list_interviews_by_user(ALICE.user_id) == reference.list_interviews_by_user(
        ALICE.user_id
    )
    reference.close()
    # the recruiter's months were filled too: a rename reaches every interview
    store.upsert_users([replace(RECRUITER, name="Rita Renamed")])
    rows = store.list_interviews_by_user(ALICE.user_id)
    assert len(rows) == MONTHS * PER_MONTH
    assert {r.recruiter_name for r in rows} == {"Rita Renamed"}
