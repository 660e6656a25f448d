"""No write leaves a null behind on the Cassandra node: every write path (the bulk load, single
writes, a migration from SQLite, the doctor's repair) binds a value or leaves the column unset,
never null where nothing was stored; and a full scan of every table, after a bulk load and the
lifecycle pattern (/MEASURE.md), meets few tombstones per read (the server's own figure,
system_views.tombstones_per_read, on a keyspace of this test's own)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from benchkit import server
from benchkit.data import BenchData
from benchkit.target import cassandra_reachable, cassandra_target
from cassandra.cluster import ResponseFuture
from cassandra.query import BatchStatement, BoundStatement, SimpleStatement

from interview_autopilot.cli.migrate.run import Options, migrate
from interview_autopilot.core.filters import Kind
from interview_autopilot.core.models import InterviewStatus, utc_now
from interview_autopilot.features.sample import anchored_to, read_sample_data
from interview_autopilot.store.base import MAX_SCAN_PAGE
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.cassandra
SIZE = 2000  # bench interviews bulk loaded (seconds on the node)
TOMBSTONE_BOUND = 100  # per read, in a full scan of any table
DECIDED = 5
# Tables whose rows move to another partition when an interview changes status, and how many
# rows of one interview each holds (interviews_by_filter: one per filter kind).
MOVED_ROWS = {"interviews_by_status": 1, "interviews_by_filter": len(get_args(Kind))}
# The sweeper's queue (docs/data-model.md, "A writer that dies half way"): one row per attempted
# change, written before its conditional batch and deleted once the change is finished, so a
# partition (ten minutes of versions) holds one tombstone per change made in it, by design; the
# sweeper reads only recent partitions (the last hour's, a week's on its first run). Bound: at
# most one tombstone per change this test made, exactly counted from the scan's traces.
QUEUE = "pending_changes_by_bucket"
READ = re.compile(r"Read (\d+) live rows and (\d+) tombstone cells")


class NullWrites:
    """Listens to every request of a session: the writes that bind a null, by CQL text."""

    def __init__(self, store: CassandraStore) -> None:
        self.texts = {p.query_id: p.query_string for p in store.session.ps.values()}
        self.found: dict[str, int] = {}
        self.writes = 0
        self.changes = 0  # rows written to the sweeper's queue (one per attempted change)

    def __call__(self, future: ResponseFuture) -> None:
        query = future.query
        if isinstance(query, BoundStatement):
            written = [(query.prepared_statement.query_string, list(query.values))]
        elif isinstance(query, BatchStatement):  # (is prepared, statement id or text, values)
            written = [
                (text if isinstance(text, str) else self.texts.get(text, "?"), list(values))
                for _prepared, text, values in query._statements_and_parameters
            ]
        else:
            return
        for text, values in written:
            if isinstance(query, BatchStatement) or text.lstrip().upper().startswith(
                ("INSERT", "UPDATE")
            ):
                self.writes += 1
                if f".{QUEUE} " in text and text.lstrip().upper().startswith("INSERT"):
                    self.changes += 1
                if any(v is None for v in values):
                    self.found[text] = self.found.get(text, 0) + 1


@pytest.fixture(scope="module")
def node_keyspace() -> Iterator[tuple[str, CassandraStore]]:
    """A keyspace of this module's own: the server's per-table histograms count only its reads."""
    if why := cassandra_reachable():
        pytest.skip(why)
    keyspace = f"autopilot_tombstones_{os.getpid()}"
    with cassandra_target(keyspace) as target:
        store = target.open()
        assert isinstance(store, CassandraStore)
        try:
            yield keyspace, store
        finally:
            store.close()


def _sqlite_source(folder: Path) -> SqliteStore:
    """The sample data in SQLite, a few of its completed interviews decided."""
    source = SqliteStore(folder / "source.db")
    source.bulk_load(anchored_to(read_sample_data(), utc_now()))
    for row in source.list_interviews_by_status(InterviewStatus.COMPLETED, limit=DECIDED).rows:
        detail = source.get_interview_detail(row.interview_id)
        assert detail is not None
        i = detail.interview
        source.record_decision(i.interview_id, i.recruiter_id, "advance", "Strong panel")
    scheduled = source.list_interviews_by_status(InterviewStatus.SCHEDULED, limit=1).rows
    source.change_status(scheduled[0].interview_id, InterviewStatus.CANCELLED)  # an audit entry
    return source


@pytest.mark.timeout(600)
def test_bulk_load_lifecycle_and_repair_bind_no_null_and_scans_meet_few_tombstones(
    node_keyspace: tuple[str, CassandraStore],
) -> None:
    keyspace, store = node_keyspace
    session = store.session.session
    nulls = NullWrites(store)
    session.add_request_init_listener(nulls)
    try:
        # the bulk load of the bench data into an empty keyspace, the lifecycle pattern
        data = BenchData(SIZE)
        store.bulk_load_stream(data.users(), data.candidates(), data.records(), None, SIZE)
        moved, _now = server.lifecycle(store, threads=4)  # completed: a row moves per copy
        assert moved > 0
        # single writes: feedback and a hiring decision on one of the moved interviews
        done = store.list_interviews_by_status(InterviewStatus.COMPLETED, limit=1).rows[0]
        detail = store.get_interview_detail(done.interview_id)
        assert detail is not None and detail.participants
        store.submit_feedback(done.interview_id, detail.participants[0].user_id, "yes", "Good.")
        store.record_decision(
            done.interview_id, detail.interview.recruiter_id, "advance", "Strong panel"
        )
    finally:
        session.remove_request_init_listener(nulls)
    assert nulls.writes > SIZE

    # a full scan of every table, in pages as large as the Tables page's largest
    for table in store.list_tables():
        state = None
        while True:
            page = store.scan_table(table, MAX_SCAN_PAGE, state)
            state = page.next_state
            if state is None:
                break
    rows = session.execute(
        "SELECT table_name, count, max FROM system_views.tombstones_per_read "
        "WHERE keyspace_name = %s",
        (keyspace,),
    )
    worst = {r["table_name"]: r["max"] for r in rows if r["count"]}
    assert set(worst) >= set(store.list_tables())  # every table was read
    over = {
        table: n
        for table, n in worst.items()
        if n > TOMBSTONE_BOUND
        and table not in MOVED_ROWS  # the server's figure: bucketed up
        and table != QUEUE
    }
    # Where a status change moves a row to another partition, the row left behind is a row
    # tombstone (until compaction purges it after gc_grace_seconds): at most one per copy row
    # that moved, exactly counted from the scan's traces.
    moved_rows = {table: _traced_scan_tombstones(session, keyspace, table) for table in MOVED_ROWS}
    over |= {t: n for t, n in moved_rows.items() if n > moved * MOVED_ROWS[t]}
    # The sweeper's queue: at most one tombstone per change recorded in it (exact, traced).
    queued = _traced_scan_tombstones(session, keyspace, QUEUE)
    assert nulls.changes > 0
    over |= {QUEUE: queued} if queued > nulls.changes else {}
    assert (nulls.found, over) == ({}, {}), (worst, moved_rows, moved, queued, nulls.changes)


def _traced_scan_tombstones(session: Any, keyspace: str, table: str) -> int:
    """The most tombstones one read of a traced full scan of `table` met."""
    statement = SimpleStatement(f"SELECT * FROM {keyspace}.{table}", fetch_size=MAX_SCAN_PAGE)
    result = session.execute(statement, trace=True)
    most = 0
    while True:
        for trace in result.get_all_query_traces():
            for event in trace.events:
                if m := READ.search(event.description):
                    most = max(most, int(m[2]))
        if not result.has_more_pages:
            return most
        result = session.execute(statement, trace=True, paging_state=result.paging_state)


def test_a_migration_and_the_doctors_repair_bind_no_null(
    cassandra_store_factory, tmp_path: Path
) -> None:
    store = cassandra_store_factory()
    source = _sqlite_source(tmp_path)
    session = store.session.session
    nulls = NullWrites(store)
    session.add_request_init_listener(nulls)
    try:
        outcome = migrate(
            source,
            store,
            "sqlite->cassandra",
            Options(tmp_path / "checkpoint.json"),
            lambda _line: None,
        )
        assert outcome.problems == [] and outcome.written > 0 and outcome.audit > 0
        # the doctor's repair of a lost ATS copy (an undecided one: its hiring columns unset)
        lost = next(
            r.interview_id
            for r in store.list_interviews_by_status(InterviewStatus.COMPLETED, limit=20).rows
            if (ats := store.get_ats(r.interview_id)) and ats.decision is None
        )
        session.execute(
            f"DELETE FROM {store.keyspace}.ats_by_interview WHERE interview_id = %s", (lost,)
        )
        assert not store.doctor().ok
        store.doctor(repair=True)
        assert store.doctor().ok
    finally:
        session.remove_request_init_listener(nulls)
        source.close()
    assert nulls.found == {}, nulls.found
