"""The booking races of test_booking_races.py on the three-node cluster: writer processes reach
the app as a deployment would (the three contact points, LOCAL_QUORUM, a keyspace replicated
on all three nodes), and the seats and the limits must hold as on one node.

Runs only with CASSANDRA_CLUSTER=1: `make test-cluster` runs it after the fault tests of
test_cluster.py (which leave all three nodes up), on the keyspace they used; alone, `make
test-cluster ARGS=tests/test_booking_races_cluster.py`. The stress runs 10 bookers over 3
processes for 4 s; BOOKING_STRESS_SECONDS=60 for the minute of docs/scheduling.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import test_booking_races as races
from support.cluster import ClusterKeyspace, cluster_settings
from support.world import seed_people
from test_races import Backend

from interview_autopilot.store import open_store

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.races,
    pytest.mark.skipif(
        os.environ.get("CASSANDRA_CLUSTER") != "1",
        reason="needs the three-node cluster: make test-cluster",
    ),
    pytest.mark.timeout(600),
]


@pytest.fixture(scope="module")
def cluster_backend(cluster_keyspace: ClusterKeyspace) -> Iterator[Backend]:
    """The app's store on the run's RF 3 keyspace (support.cluster: made by `schema apply`'s
    function, shared with test_cluster.py), the test people seeded. Each race reads back only
    its own people's interviews, so whatever the keyspace held before does not matter."""
    settings = cluster_settings()
    cluster_keyspace.written = True
    store = open_store(settings)
    try:
        seed_people(store)
        yield Backend("cluster", settings, store)
    finally:
        store.close()


def test_two_bookers_of_one_interviewer_for_one_hour_book_once(cluster_backend: Backend) -> None:
    races.test_two_bookers_of_one_interviewer_for_one_hour_book_once(cluster_backend)


def test_two_bookers_of_an_interviewers_last_place_book_once(cluster_backend: Backend) -> None:
    races.test_two_bookers_of_an_interviewers_last_place_book_once(cluster_backend)


def test_many_bookers_for_a_while_leave_no_overlap(cluster_backend: Backend) -> None:
    races.test_many_bookers_for_a_while_leave_no_overlap(cluster_backend)


def test_many_bookers_for_a_while_leave_nobody_over_a_limit(cluster_backend: Backend) -> None:
    races.test_many_bookers_for_a_while_leave_nobody_over_a_limit(cluster_backend)
