"""The booking races of test_booking_races.py on the three-node cluster: writer processes reach
the app as a deployment would (the three contact points, LOCAL_QUORUM, a keyspace replicated
on all three nodes), and the seats and the limits must hold as on one node.

Runs only with CASSANDRA_CLUSTER=1: `make test-cluster` runs it (before the fault tests of
test_cluster.py, while all three nodes are up); alone, `make test-cluster
ARGS=tests/test_booking_races_cluster.py`. The stress runs 10 bookers over 3 processes for 4 s;
BOOKING_STRESS_SECONDS=60 for the minute of docs/scheduling.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_booking_races as races
from support.world import seed_people
from test_cluster import HOSTS, PORT
from test_races import Backend

from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.schema import apply_schema

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.races,
    pytest.mark.skipif(
        os.environ.get("CASSANDRA_CLUSTER") != "1",
        reason="needs the three-node cluster: make test-cluster",
    ),
    pytest.mark.timeout(600),
]
KEYSPACE = f"races_cluster_{os.getpid()}"


@pytest.fixture(scope="module")
def cluster_backend() -> Iterator[Backend]:
    """The app's store on an RF 3 keyspace of its own (made by `schema apply`'s function),
    the test people seeded; the keyspace is dropped afterwards."""
    settings = Settings.load(
        env={
            "DB_BACKEND": "cassandra",
            "CASSANDRA_CONTACT_POINTS": ",".join(HOSTS),
            "CASSANDRA_PORT": str(PORT),
            "CASSANDRA_USERNAME": "cassandra",
            "CASSANDRA_PASSWORD": "cassandra",
            "CASSANDRA_KEYSPACE": KEYSPACE,
            "CASSANDRA_LOCAL_DC": "datacenter1",
        },
        dotenv_path=Path("/nonexistent"),
    )
    cluster = build_cluster(settings)
    admin = connect(cluster)
    try:
        apply_schema(
            admin, KEYSPACE, create_keyspace=True, replication_factor=3, local_dc="datacenter1"
        )
        store = open_store(settings)
        try:
            seed_people(store)
            yield Backend("cluster", settings, store)
        finally:
            store.close()
    finally:
        admin.execute(f"DROP KEYSPACE IF EXISTS {KEYSPACE}", timeout=60)
        cluster.shutdown()


def test_two_bookers_of_one_interviewer_for_one_hour_book_once(cluster_backend: Backend) -> None:
    races.test_two_bookers_of_one_interviewer_for_one_hour_book_once(cluster_backend)


def test_two_bookers_of_an_interviewers_last_place_book_once(cluster_backend: Backend) -> None:
    races.test_two_bookers_of_an_interviewers_last_place_book_once(cluster_backend)


def test_many_bookers_for_a_while_leave_no_overlap(cluster_backend: Backend) -> None:
    races.test_many_bookers_for_a_while_leave_no_overlap(cluster_backend)


def test_many_bookers_for_a_while_leave_nobody_over_a_limit(cluster_backend: Backend) -> None:
    races.test_many_bookers_for_a_while_leave_nobody_over_a_limit(cluster_backend)
