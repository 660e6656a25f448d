"""The tests' own keyspace reset (support.keyspace_reset) on the node: a test must start on an
empty keyspace however the previous one wrote, tombstones and counters included."""

from __future__ import annotations

import pytest
from support.keyspace_reset import holding_the_sample, write_state, written_since
from support.world import ALICE, add, seed_people

from interview_autopilot.core.models import InterviewStatus, utc_now
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.schema import table_names

pytestmark = pytest.mark.cassandra


def rows_left(store: CassandraStore) -> dict[str, int]:
    session = store.session.session
    counts = {
        t: len(list(session.execute(f"SELECT * FROM {store.keyspace}.{t} LIMIT 5")))
        for t in table_names()
    }
    return {t: n for t, n in counts.items() if n}


def test_every_kind_of_write_is_emptied_before_the_next_test(cassandra_store_factory):
    store = cassandra_store_factory()
    assert rows_left(store) == {}
    seed_people(store)
    kept = add(store, "kept")
    gone = add(store, "gone")
    store.change_status(kept.interview_id, InterviewStatus.CANCELLED)  # conditional write
    store.delete_interview(gone.interview_id)  # tombstones, counter decrements
    assert rows_left(store)
    store = cassandra_store_factory()
    assert rows_left(store) == {}


def test_a_delete_alone_counts_as_a_write(cassandra_store_factory):
    """A table that received only a tombstone looks empty to a read, yet the tombstone would
    hide a later test's older-timestamped row: it must be truncated too."""
    store = cassandra_store_factory()
    session = store.session.session
    before = write_state(session, store.keyspace)
    session.execute(f"DELETE FROM {store.keyspace}.users WHERE user_id = %s", [ALICE.user_id])
    assert rows_left(store) == {}
    assert written_since(before, write_state(session, store.keyspace)) == ["users"]


def test_the_sample_is_kept_only_while_nothing_was_written(cassandra_session_store):
    store = cassandra_session_store
    holding_the_sample(store)
    interviews = store.count_by_status()
    holding_the_sample(store)  # nothing written: kept
    assert store.count_by_status() == interviews
    seed_people(store)
    extra = add(store, "extra", start=utc_now())
    assert sum(store.count_by_status().values()) == sum(interviews.values()) + 1
    holding_the_sample(store)  # written since: emptied and loaded again
    assert store.count_by_status() == interviews
    assert store.get_interview(extra.interview_id) is None
