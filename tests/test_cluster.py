"""The store on a three-node cluster (scripts/cassandra-cluster): every screen survives a node down.

Runs only with CASSANDRA_CLUSTER=1 (`make test-cluster` starts the cluster and sets it). The app
is reached as a deployment would: `Settings.load` + `open_store` with the three contact points,
on a keyspace replicated on all three nodes (NetworkTopologyStrategy {'datacenter1': 3}). Node 3
is stopped with the script; every read of every screen and every write must still work at
LOCAL_QUORUM (2 of 3). Node 2 is then stopped too: with one replica left LOCAL_QUORUM must refuse
(proof the store really asks for a quorum); node 2 returns and the store recovers by itself;
node 3 returns and must catch up (the hints the others kept for it are delivered).

The tests run in file order and share the cluster's state (which node is down): each depends on
the one before. Only 127.0.0.1-3 are contacted. Every wait is bounded.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from cassandra import ConsistencyLevel
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, Session
from cassandra.policies import ConstantReconnectionPolicy, WhiteListRoundRobinPolicy
from cassandra.query import SimpleStatement
from support.cluster import HOSTS, KEYSPACE, PORT, ClusterKeyspace, cluster_settings

from interview_autopilot.core.errors import StoreError, StoreUnavailable
from interview_autopilot.core.models import (
    Decision,
    Interview,
    InterviewStatus,
    InterviewSummary,
    SampleData,
    UserRole,
    make_id,
)
from interview_autopilot.core.settings import Settings
from interview_autopilot.features.sample import ensure_sample_data, read_sample_data
from interview_autopilot.store import PAGE_SIZE, Store, open_store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.tracing import traced

ROOT = Path(__file__).resolve().parent.parent
# Where scripts/cassandra-cluster keeps the nodes' data (scripts/test-cluster exports it).
CLUSTER_DIR = Path(
    os.environ.get("CASSANDRA_CLUSTER_DIR")
    or Path.home() / ".cache/interview-autopilot/cassandra/cluster"
)
SCRIPT = ROOT / "scripts" / "cassandra-cluster"
SCRIPT_TIMEOUT = 180  # one node stop or start, its checks included
RECOVERY_SECONDS = 30.0  # the store's reconnection policy retries within 0.5-10 s
HINTS_SECONDS = 60.0  # hints reach their files within seconds, are dispatched every 10 s
S = InterviewStatus
T = TypeVar("T")

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.skipif(
        os.environ.get("CASSANDRA_CLUSTER") != "1",
        reason="needs the three-node cluster: make test-cluster",
    ),
    pytest.mark.timeout(300),
]


def cluster_script(*args: str) -> None:
    """scripts/cassandra-cluster with this run's ports and Python (for its driver checks)."""
    subprocess.run(
        [str(SCRIPT), *args],
        check=True,
        timeout=SCRIPT_TIMEOUT,
        env=os.environ | {"PYTHON": sys.executable},
    )


def eventually(check: Callable[[], T], seconds: float, what: str) -> T:
    """check() once it stops raising (or returns something falsy); fail after `seconds`."""
    deadline, last = time.monotonic() + seconds, "no attempt"
    while True:
        try:
            result = check()
            if result:
                return result
            last = f"{result!r}"
        except (StoreError, AssertionError) as exc:  # e.g. a quorum not yet back in view
            last = f"{type(exc).__name__}: {exc}"
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds:.0f} s ({last})")
        time.sleep(1)


# --- fixtures: the settings the app would use, an admin session, the store -----------------


@pytest.fixture(scope="module")
def settings() -> Settings:
    return cluster_settings(
        CASSANDRA_CONNECT_TIMEOUT_SECONDS="5", CASSANDRA_REQUEST_TIMEOUT_SECONDS="10"
    )


@pytest.fixture(scope="module")
def admin() -> Iterator[Session]:
    """A plain driver session for what the app does not do: look at each node's own view
    (virtual tables) by sending a query to that node. After the tests the cluster is whole
    again (a failed test may have left nodes down)."""
    cluster = Cluster(
        HOSTS,
        port=PORT,
        protocol_version=5,
        connect_timeout=5,
        auth_provider=PlainTextAuthProvider("cassandra", "cassandra"),
        reconnection_policy=ConstantReconnectionPolicy(1.0, max_attempts=None),
        execution_profiles={
            EXEC_PROFILE_DEFAULT: ExecutionProfile(
                load_balancing_policy=WhiteListRoundRobinPolicy(HOSTS), request_timeout=30
            )
        },
    )
    session = cluster.connect()
    yield session
    try:
        cluster_script("start-node", "1", "2", "3")  # no-op for the nodes already up
    finally:
        cluster.shutdown()


@pytest.fixture(scope="module")
def store(settings: Settings, cluster_keyspace: ClusterKeyspace) -> Iterator[Store]:
    """The app's store on the run's NTS keyspace with RF 3 (support.cluster: made by the app's
    own `schema apply` function, CASSANDRA_REPLICATION_FACTOR=3 in CASSANDRA_LOCAL_DC), empty:
    the screens are compared with the sample alone."""
    cluster_keyspace.empty()
    cluster_keyspace.written = True
    s = open_store(settings)
    yield s
    s.close()


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return read_sample_data()


def host(admin: Session, address: str):
    return next(h for h in admin.cluster.metadata.all_hosts() if h.endpoint.address == address)


def hint_files_for(admin: Session, target: str) -> dict[str, int]:
    """Hint files the other nodes keep for `target`, from their hints folders (the pending_hints
    virtual table lists a node's hint file only once closed for delivery, not while the target
    is down). A file is named after the target's host id."""
    host_id = host(admin, target).host_id
    found = {}
    for n, a in enumerate(HOSTS, start=1):
        files = list((CLUSTER_DIR / f"node{n}" / "hints").glob(f"{host_id}-*.hints"))
        if a != target and files:
            found[a] = len(files)
    return found


# --- what the screens show, from the sample data (expected) and from the store -----------


def all_pages(store: Store, status: InterviewStatus) -> list[InterviewSummary]:
    rows, cursor = [], None
    for _ in range(100):  # 400 interviews, 50 a page: never near this bound
        page = store.list_interviews_by_status(status, limit=PAGE_SIZE, after=cursor)
        assert len(page.rows) <= PAGE_SIZE
        rows += page.rows
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor
    raise AssertionError(f"{status}: paging does not end")


def newest_first(rows: list[InterviewSummary]) -> bool:
    starts = [r.scheduled_start for r in rows]
    return starts == sorted(starts, reverse=True)


def check_every_screen(store: Store, world: SampleData) -> None:
    """Every read the pages make, checked against `world` (what the store should hold)."""
    status_of = {i.interview_id: i.status for i in world.interviews}
    counts = store.count_by_status()
    assert counts == {s: sum(1 for v in status_of.values() if v is s) for s in S}
    for status in S:
        rows = all_pages(store, status)
        assert {r.interview_id for r in rows} == {i for i, s in status_of.items() if s is status}
        assert len(rows) == counts[status] and newest_first(rows)
    panels: dict[uuid.UUID, set[uuid.UUID]] = {}
    for iid, uid, _role in world.participants:
        panels.setdefault(iid, set()).add(uid)
    # Detail, participants and feedback of every 10th interview (and the last, maybe new one).
    for interview in [*world.interviews[::10], world.interviews[-1]]:
        iid = interview.interview_id
        detail = store.get_interview_detail(iid)
        assert detail is not None and detail.interview.status is status_of[iid]
        assert {p.user_id for p in detail.participants} == panels[iid]
        participants = store.list_participants(iid)
        assert {p.user_id for p in participants} == panels[iid]
        for p in participants:  # the feedback screen reads one interviewer's feedback
            assert p.has_feedback == (store.get_feedback(iid, p.user_id) is not None)
    # The lists by candidate and by user, for some of them (the first ones included).
    for candidate in world.candidates[::15]:
        cid = candidate.candidate_id
        want = {i.interview_id for i in world.interviews if i.candidate_id == cid}
        rows = store.list_interviews_by_candidate(cid)
        assert {r.interview_id for r in rows} == want and newest_first(rows)
    for user in world.users[::5]:
        want = {iid for iid, uid, _ in world.participants if uid == user.user_id}
        rows = store.list_interviews_by_user(user.user_id)
        assert {r.interview_id for r in rows} == want and newest_first(rows)


# --- the writes made with node 3 down, and the state they leave ---------------------------

NEW_COMMENT = "Written while node 3 was down."
EDITED = "Edited while node 3 was down."


def new_interview(sample: SampleData) -> tuple[Interview, list[uuid.UUID]]:
    recruiter = next(u for u in sample.users if u.role is UserRole.RECRUITER)
    panel = [u.user_id for u in sample.users if u.role is UserRole.INTERVIEWER][:2]
    return Interview(
        interview_id=make_id("cluster-test", "node-3-down"),
        candidate_id=sample.candidates[0].candidate_id,
        recruiter_id=recruiter.user_id,
        job_title="Site Reliability Engineer",
        scheduled_start=datetime(2026, 12, 15, 14, 0, tzinfo=UTC),
        scheduled_end=datetime(2026, 12, 15, 15, 0, tzinfo=UTC),
        status=S.SCHEDULED,
        video_link="https://meet.example.com/cluster-test",
    ), panel


def moved_interview(sample: SampleData) -> Interview:
    """The scheduled interview cancelled with node 3 down."""
    return next(i for i in sample.interviews if i.status is S.SCHEDULED)


def feedback_to_write(sample: SampleData) -> tuple[uuid.UUID, uuid.UUID]:
    """A participant of a completed interview who has not submitted feedback yet."""
    done = {i.interview_id for i in sample.interviews if i.status is S.COMPLETED}
    given = {(f.interview_id, f.user_id) for f in sample.feedback}
    return next((i, u) for i, u, _ in sample.participants if i in done and (i, u) not in given)


def world_after_writes(sample: SampleData) -> SampleData:
    """The sample data with the interview created and the one cancelled with node 3 down."""
    new, panel = new_interview(sample)
    moved = moved_interview(sample).interview_id
    interviews = [
        dataclasses.replace(i, status=S.CANCELLED) if i.interview_id == moved else i
        for i in sample.interviews
    ]
    participants = [
        *sample.participants,
        *((new.interview_id, uid, UserRole.INTERVIEWER) for uid in panel),
    ]
    return dataclasses.replace(sample, interviews=[*interviews, new], participants=participants)


# --- the tests, in order --------------------------------------------------------------------


def test_cluster_is_three_nodes_of_datacenter1_and_the_keyspace_rf3(
    admin: Session, store: Store
) -> None:
    hosts = admin.cluster.metadata.all_hosts()
    assert sorted(h.endpoint.address for h in hosts) == HOSTS
    assert all(h.is_up and h.datacenter == "datacenter1" for h in hosts)
    row = admin.execute(
        "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = %s", (KEYSPACE,)
    ).one()
    assert dict(row.replication) == {
        "class": "org.apache.cassandra.locator.NetworkTopologyStrategy",
        "datacenter1": "3",
    }
    # Every node holds a replica of every partition.
    replicas = admin.cluster.metadata.get_replicas(KEYSPACE, b"any-key")
    assert sorted(h.endpoint.address for h in replicas) == HOSTS
    assert store.missing_tables() == []


def test_sample_data_loads_on_the_whole_cluster(store: Store, sample: SampleData) -> None:
    # The sample as the `sample` fixture reads it (loads anchor it to today by default; the
    # screens are compared with these exact records).
    assert ensure_sample_data(store, None, sample) is True
    check_every_screen(store, sample)


def test_the_store_reads_at_local_quorum(store: Store) -> None:
    """The server's own record of the store's queries (query trace) names their consistency."""
    if not isinstance(store, CassandraStore):
        pytest.skip("only Cassandra traces its reads")
    _page, traces = traced(store.list_interviews_by_status, S.COMPLETED, limit=PAGE_SIZE)
    assert traces
    assert {t.parameters.get("consistency_level") for t in traces} == {"LOCAL_QUORUM"}


def test_every_screen_and_write_works_with_node_3_down(
    store: Store, admin: Session, sample: SampleData
) -> None:
    cluster_script("stop-node", "3")  # returns once nodes 1 and 2 count it down
    check_every_screen(store, sample)

    # upsert_users: a new profile is copied into every interview the user takes part in.
    someone = next(u for u in sample.users if u.role is UserRole.INTERVIEWER)
    renamed = dataclasses.replace(someone, name=f"{someone.name} Junior")
    store.upsert_users([renamed])
    assert store.get_user(someone.user_id) == renamed
    theirs = store.list_interviews_by_user(someone.user_id)
    assert theirs
    assert renamed.name in {p.name for p in store.list_participants(theirs[0].interview_id)}

    # create_interview: in every list at once.
    new, panel = new_interview(sample)
    store.create_interview(new, [(uid, UserRole.INTERVIEWER) for uid in panel])
    detail = store.get_interview_detail(new.interview_id)
    assert detail is not None and detail.interview == new
    assert {p.user_id for p in detail.participants} == set(panel)
    by_candidate = store.list_interviews_by_candidate(new.candidate_id)
    assert new.interview_id in {r.interview_id for r in by_candidate}
    assert new.interview_id in {r.interview_id for r in store.list_interviews_by_user(panel[0])}

    # change_status: moves between the status lists and their counts (checked below).
    store.change_status(moved_interview(sample).interview_id, S.CANCELLED)

    # submit_feedback: a new one, then an edit of an existing one.
    iid, uid = feedback_to_write(sample)
    assert store.get_feedback(iid, uid) is None
    store.submit_feedback(iid, uid, Decision.YES.value, NEW_COMMENT)
    got = store.get_feedback(iid, uid)
    assert got is not None and (got.decision, got.comment) == (Decision.YES, NEW_COMMENT)
    assert next(p for p in store.list_participants(iid) if p.user_id == uid).has_feedback
    old = sample.feedback[0]
    store.submit_feedback(old.interview_id, old.user_id, Decision.STRONG_NO.value, EDITED)
    got = store.get_feedback(old.interview_id, old.user_id)
    assert got is not None and (got.decision, got.comment) == (Decision.STRONG_NO, EDITED)

    check_every_screen(store, world_after_writes(sample))
    # What nodes 1 and 2 wrote for node 3 waits for it as hints.
    eventually(
        lambda: hint_files_for(admin, "127.0.0.3"),
        HINTS_SECONDS,
        "hints for node 3 on nodes 1 and 2",
    )


def test_two_nodes_down_is_refused_then_one_back_recovers(store: Store, sample: SampleData) -> None:
    """One replica of three is no LOCAL_QUORUM: the store must refuse, not read one copy."""
    cluster_script("stop-node", "2")
    scheduled = next(i for i in reversed(sample.interviews) if i.status is S.SCHEDULED)
    for call in (
        store.count_by_status,
        lambda: store.change_status(scheduled.interview_id, S.NO_SHOW),
        lambda: store.get_interview_detail(scheduled.interview_id),
    ):
        with pytest.raises(StoreError) as refused:
            call()
        # Unavailable from the data read, or an Unauthorized "Cannot achieve consistency level
        # QUORUM" from the server's permission check (the superuser's role is re-read at
        # QUORUM once its 2 s cache entry expires), which the store reports as a refusal.
        assert isinstance(refused.value, StoreUnavailable) or (
            "consistency level" in str(refused.value)
        ), refused.value

    cluster_script("start-node", "2")  # node 3 still down: two of three again
    detail = eventually(
        lambda: store.get_interview_detail(scheduled.interview_id),
        RECOVERY_SECONDS,
        "the store reads again with node 2 back",
    )
    assert detail.interview.status is S.SCHEDULED  # the refused change wrote nothing


def test_node_3_rejoins_and_catches_up(store: Store, admin: Session, sample: SampleData) -> None:
    cluster_script("start-node", "3")  # returns once each node sees the other two alive
    eventually(
        lambda: host(admin, "127.0.0.3").is_up, RECOVERY_SECONDS, "the driver sees node 3 up again"
    )
    # Hint files go once delivered: node 3 now holds what was written while it was down.
    eventually(
        lambda: not hint_files_for(admin, "127.0.0.3"),
        HINTS_SECONDS,
        "nodes 1 and 2 deliver their hints to node 3",
    )
    check_every_screen(store, world_after_writes(sample))
    report = store.doctor()  # every copy and count agrees with its source after the outage
    assert report.ok, report.problems
    # Node 3 as coordinator, at ALL: all three replicas answer, and agree on the writes
    # (feedback lives in the interview's source partition).
    node3 = host(admin, "127.0.0.3")
    iid, uid = feedback_to_write(sample)
    old = sample.feedback[0]
    query = SimpleStatement(
        f"SELECT user_id, comment FROM {KEYSPACE}.interviews_by_id "
        "WHERE interview_id = %s AND user_id IN (%s, %s)",
        consistency_level=ConsistencyLevel.ALL,
    )
    for interview_id, user_id, comment in (
        (iid, uid, NEW_COMMENT),
        (old.interview_id, old.user_id, EDITED),
    ):
        rows = admin.execute(query, (interview_id, user_id, user_id), host=node3).all()
        assert [r.comment for r in rows] == [comment]
