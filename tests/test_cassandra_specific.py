"""What only the Cassandra store has: denormalized copies moved in one batch, bounded list reads
(read off the server's query traces), the schema command, and the errors of bad settings.

Runs on the real node (see conftest); the settings tests need no node.
"""

from __future__ import annotations

import contextlib
import random
import re
import uuid
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cassandra.query import BatchStatement, BatchType, BoundStatement
from support.node import cassandra_test_settings
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    DAVE,
    OTHER_CANDIDATE,
    PANEL,
    RECRUITER,
    T0,
    add,
    interview,
    seed_people,
)

from interview_autopilot.core.errors import ConfigError, StoreUnavailable, ValidationError
from interview_autopilot.core.models import (
    Decision,
    InterviewStatus,
    PageCursor,
    SampleData,
    UserRole,
    day_bucket,
)
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.rows import month_bucket
from interview_autopilot.store.cassandra.schema import (
    apply_schema,
    index_names,
    missing_tables,
    table_names,
)
from interview_autopilot.store.cassandra.tracing import traced
from interview_autopilot.store.sqlite import SqliteStore

S = InterviewStatus
TOKEN = "AstraCS:not-a-real-token:0123456789abcdef"


@pytest.fixture
def cs(cassandra_store_factory) -> CassandraStore:
    store = cassandra_store_factory()
    seed_people(store)
    return store


def cql(store: CassandraStore, query: str, *params: object) -> list[dict]:
    """Raw CQL on the store's keyspace (`{ks}` in the query)."""
    return list(store.session.session.execute(query.format(ks=store.keyspace), params))


class Requests:
    """Every request the session sends, through the driver's own request-init hook."""

    def __init__(self, store: CassandraStore) -> None:
        self.store, self.sent = store, []

    def __enter__(self) -> list:
        self.store.session.session.add_request_init_listener(self._seen)
        return self.sent

    def __exit__(self, *exc: object) -> None:
        self.store.session.session.remove_request_init_listener(self._seen)

    def _seen(self, future) -> None:
        self.sent.append(future.query)


def batch_cql(store: CassandraStore, batch: BatchStatement) -> list[str]:
    """The CQL text of each statement in a batch (bound statements are sent by id)."""
    by_id = {p.query_id: p.query_string for p in store.session.ps.values()}
    return [by_id[q] if prepared else q for prepared, q, _ in batch._statements_and_parameters]


# --- (a) a status change: a conditional source write, one copy batch, every copy agrees ----
def test_status_change_is_one_batch_and_every_copy_agrees(cs: CassandraStore) -> None:
    i = add(cs, "mover")
    cs.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Solid.")
    bucket = day_bucket(i.scheduled_start)
    with Requests(cs) as sent:
        cs.change_status(i.interview_id, S.COMPLETED)
    queued, source, copies, counters, cleared, unqueued = [q for q in sent if not _is_read(q)]
    assert all(isinstance(b, BatchStatement) for b in (source, copies, counters))
    # 0. the change is findable by the sweeper before it exists (migration 0003)
    assert _cql_of(queued).startswith(f"INSERT INTO {cs.keyspace}.pending_changes_by_bucket")
    # 1. the source partition, conditional on the version read (a lightweight transaction)
    assert source.batch_type == BatchType.LOGGED
    [cas] = batch_cql(cs, source)
    assert cas.startswith(f"UPDATE {cs.keyspace}.interviews_by_id") and "IF version = ?" in cas
    # 2. every copy in one logged batch, at the new version's timestamp
    assert copies.batch_type == BatchType.LOGGED
    texts = batch_cql(cs, copies)
    assert any(t.startswith(f"DELETE FROM {cs.keyspace}.interviews_by_status") for t in texts)
    assert any(t.startswith(f"INSERT INTO {cs.keyspace}.interviews_by_status") for t in texts)
    assert all("USING TIMESTAMP ?" in t for t in texts)
    # 3. the counts, once (a counter batch is never retried)
    assert counters.batch_type == BatchType.COUNTER and not counters.is_idempotent
    # 4. finished: cleared from the source (conditional on its version) and from the queue
    assert _cql_of(cleared).startswith(f"UPDATE {cs.keyspace}.interviews_by_id")
    assert "IF pending_version = ?" in _cql_of(cleared)
    assert _cql_of(unqueued).startswith(f"DELETE FROM {cs.keyspace}.pending_changes_by_bucket")

    key = (i.interview_id,)
    assert (
        cql(
            cs,
            "SELECT * FROM {ks}.interviews_by_status WHERE status = %s AND bucket = %s",
            "scheduled",
            bucket,
        )
        == []
    )
    [moved] = cql(
        cs,
        "SELECT * FROM {ks}.interviews_by_status WHERE status = %s AND bucket = %s",
        "completed",
        bucket,
    )
    assert (
        moved["interview_id"],
        moved["feedback_count"],
        moved["participant_count"],
        moved["recommendation"],
    ) == (i.interview_id, 1, 3, "hire")
    source = (
        "SELECT DISTINCT interview_id, status FROM {ks}.interviews_by_id WHERE interview_id = %s"
    )
    assert cql(cs, source, *key) == [{"interview_id": i.interview_id, "status": "completed"}]
    assert cql(
        cs,
        "SELECT status FROM {ks}.interviews_by_candidate WHERE candidate_id = %s",
        CANDIDATE.candidate_id,
    ) == [{"status": "completed"}]
    for user in (ALICE, BOB, CAROL):
        [row] = cql(
            cs,
            "SELECT * FROM {ks}.interviews_by_user_month WHERE user_id = %s AND month = %s",
            user.user_id,
            month_bucket(i.scheduled_start),
        )
        assert {k: row[k] for k in moved if k not in ("status", "bucket")} == {
            k: moved[k] for k in moved if k not in ("status", "bucket")
        }
        assert row["status"] == "completed"
    counts = "SELECT bucket, n FROM {ks}.interview_counts_by_bucket WHERE status = %s"
    assert {"bucket": bucket, "n": 1} in cql(cs, counts, "completed")
    assert {"bucket": bucket, "n": 0} in cql(cs, counts, "scheduled")
    assert cql(cs, "SELECT status FROM {ks}.ats_by_interview WHERE interview_id = %s", *key) == [
        {"status": "awaiting_feedback"}
    ]


def test_reschedule_to_another_day_moves_the_row_between_buckets(cs: CassandraStore) -> None:
    i = add(cs, "later")
    later = replace(
        i, scheduled_start=T0 + timedelta(days=40), scheduled_end=T0 + timedelta(days=40, hours=1)
    )
    cs.create_interview(later, PANEL)
    old_bucket, new_bucket = day_bucket(i.scheduled_start), day_bucket(later.scheduled_start)
    assert old_bucket != new_bucket
    part = "SELECT interview_id FROM {ks}.interviews_by_status WHERE status = %s AND bucket = %s"
    assert cql(cs, part, "scheduled", old_bucket) == []
    assert cql(cs, part, "scheduled", new_bucket) == [{"interview_id": i.interview_id}]
    by_user = "SELECT scheduled_start FROM {ks}.interviews_by_user_month WHERE user_id = %s"
    rows = [
        row
        for start in (i.scheduled_start, later.scheduled_start)
        for row in cql(cs, by_user + " AND month = %s", ALICE.user_id, month_bucket(start))
    ]
    assert len(rows) == 1


def _cql_of(query: object) -> str:
    """The CQL text of a single (bound) statement."""
    assert isinstance(query, BoundStatement), query
    return query.prepared_statement.query_string


def _is_read(query: object) -> bool:
    text = query.prepared_statement.query_string if isinstance(query, BoundStatement) else ""
    return text.startswith("SELECT")


# --- (b) list pages: one partition per day read, no tombstones past the live rows ----------
READ = re.compile(r"Read (\d+) live rows and (\d+) tombstone cells")


def trace_reads(trace) -> tuple[int, list[tuple[int, int]]]:
    """(partitions queried, [(live rows, tombstones) per partition read]) from a trace."""
    partitions = sum(
        e.description.startswith("Executing single-partition query") for e in trace.events
    )
    reads = [(int(m[1]), int(m[2])) for e in trace.events if (m := READ.search(e.description))]
    return partitions, reads


def test_list_page_reads_one_partition_per_bucket_and_bounded_tombstones(
    cs: CassandraStore,
) -> None:
    october = [add(cs, f"oct{n}", start=T0 - timedelta(days=30, hours=n)) for n in range(4)]
    november = [add(cs, f"nov{n}", start=T0 + timedelta(hours=n)) for n in range(8)]
    left = november[1:4]  # three interviews leave (scheduled, 2026-11): three row tombstones
    for i in left:
        cs.change_status(i.interview_id, S.COMPLETED)

    cursor, pages, reads_seen = None, [], 0
    while True:
        page, traces = traced(cs.list_interviews_by_status, S.SCHEDULED, limit=3, after=cursor)
        pages.append(page.rows)
        assert "interview_counts_by_bucket" in traces[0].parameters["query"]
        for trace in traces[1:]:
            if "interview_counts_by_bucket" in trace.parameters["query"]:
                continue  # the next slice of day counts
            partitions, reads = trace_reads(trace)
            assert partitions == 1 and len(reads) == 1  # one (status, day) partition
            live, tombstones = reads[0]
            assert live <= 3 + 1  # the page plus the one-row peek
            assert tombstones <= len(left)  # the bound: rows that left this partition
            reads_seen += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sum(len(p) for p in pages) == len(october) + len(november) - len(left)
    assert reads_seen >= 3  # pages crossed from November into October

    page, traces = traced(cs.list_interviews_by_status, S.COMPLETED, limit=50)
    assert [r.interview_id for r in page.rows] == [i.interview_id for i in reversed(left)]
    assert sum(t for _, reads in map(trace_reads, traces) for _, t in reads) == 0


# --- (c) schema apply ----------------------------------------------------------------------
def test_schema_apply_is_idempotent_and_astra_mode_never_creates_a_keyspace(
    cs: CassandraStore,
) -> None:
    add(cs, "survivor")
    session, ks = cs.session.session, cs.keyspace
    with Requests(cs) as sent:
        first = apply_schema(session, ks, create_keyspace=True, replication_factor=1)
        second = apply_schema(session, ks, create_keyspace=False)  # the Astra path
    assert first[0].startswith(f"CREATE KEYSPACE IF NOT EXISTS {ks} ")
    assert first[1:] == second == []  # every migration recorded: nothing runs again
    assert not any("KEYSPACE" in str(getattr(q, "query_string", q)) for q in sent[len(first) :])
    assert missing_tables(session, ks) == []
    assert cs.get_interview(interview("survivor").interview_id) is not None  # data kept

    fresh = f"{ks}_fresh"  # a new keyspace gets every migration, in order, once
    try:
        made = apply_schema(session, fresh, create_keyspace=True, replication_factor=1)[1:]
        again = apply_schema(session, fresh, create_keyspace=False)
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {fresh}", timeout=120)
    creates = [c for c in made if c.startswith("CREATE TABLE")]
    indexes = [c for c in made if c.startswith("CREATE INDEX")]
    upgrades = [c for c in made if c.startswith("ALTER TABLE")]
    retired = ("interviews_by_user", "interview_ids_by_recruiter")  # 0001's, unused since 0002
    assert again == [] and len(creates) == len(table_names()) + len(retired) + 1  # + records
    assert all(any(f" {fresh}.{t} (" in c for c in creates) for t in table_names())
    assert len(indexes) == len(index_names()) == 2  # the past-due lookup's SAI indexes
    assert all(f" ON {fresh}.interviews_by_id " in c for c in indexes)
    assert len(made) == len(creates + indexes + upgrades)
    # the columns added to tables of earlier migrations, each once: 0001's hiring and moved,
    # 0003's pending change, 0004's people directory, 0009's kits and scorecards, 0010's
    # decisions against the recommendation, 0015's profile versions, 0017's first
    # submissions (0002, 0005 to 0007, 0016, 0018 and 0019 add tables only)
    altered = [c.split(" ADD ")[0].removeprefix(f"ALTER TABLE {fresh}.") for c in upgrades]
    assert altered == [
        "interviews_by_id",  # 0001: hiring
        "ats_by_interview",  # 0001: hiring
        "interview_counts_by_bucket",  # 0001: moved
        "interviews_by_id",  # 0003: pending change
        "users",  # 0004: roles, admin, active, time zone, working hours
        "candidates",  # 0004: links
        "jobs_by_id",  # 0009: a stage's kit
        "interviews_by_id",  # 0009: a feedback's scorecard
        "applications_by_id",  # 0010: a decision against the recommendation
        "applications_by_candidate",  # 0010
        "applications_by_job",  # 0010
        "users",  # 0015: the profile's version and last change
        "candidates",  # 0015
        "interviews_by_id",  # 0017: a scorecard's first submission, reminders before it
        "reminders_by_interview",  # 0017: every reminder sent
    ]

    ghost = "autopilot_no_such_keyspace"
    with Requests(cs) as sent, pytest.raises(ConfigError, match="create it in the Astra UI"):
        apply_schema(session, ghost, create_keyspace=False)
    assert not any("CREATE" in str(getattr(q, "query_string", q)) for q in sent)
    assert ghost not in session.cluster.metadata.keyspaces
    assert missing_tables(session, ghost) == table_names() + index_names()


# --- (d) bad settings: one line, names the setting, never the token ------------------------
def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def _astra(tmp_path: Path, **overrides: str) -> Settings:
    env = {
        "DB_BACKEND": "astra",
        "ASTRA_DB_TOKEN": TOKEN,
        "ASTRA_SECURE_CONNECT_BUNDLE_PATH": str(_zip(tmp_path / "scb.zip", {"x": "y"})),
    }
    return Settings.load(env=env | overrides, dotenv_path=Path("/nonexistent"))


BAD_ASTRA = {
    "missing bundle": (
        {"ASTRA_SECURE_CONNECT_BUNDLE_PATH": "/nonexistent/scb.zip"},
        "ASTRA_SECURE_CONNECT_BUNDLE_PATH",
    ),
    "bundle is a folder": (
        {"ASTRA_SECURE_CONNECT_BUNDLE_PATH": "/tmp"},
        "ASTRA_SECURE_CONNECT_BUNDLE_PATH",
    ),
    "bundle not a zip": (
        {"ASTRA_SECURE_CONNECT_BUNDLE_PATH": __file__},
        "ASTRA_SECURE_CONNECT_BUNDLE_PATH",
    ),
    "bundle without config.json": ({}, "ASTRA_SECURE_CONNECT_BUNDLE_PATH"),
    "empty token": ({"ASTRA_DB_TOKEN": ""}, "ASTRA_DB_TOKEN"),
    "bad connect timeout": (
        {"ASTRA_CONNECT_TIMEOUT_SECONDS": "soon"},
        "ASTRA_CONNECT_TIMEOUT_SECONDS",
    ),
    "bad request timeout": (
        {"ASTRA_REQUEST_TIMEOUT_SECONDS": "-1"},
        "ASTRA_REQUEST_TIMEOUT_SECONDS",
    ),
    "bad keyspace": ({"ASTRA_KEYSPACE": "my-keyspace"}, "ASTRA_KEYSPACE"),
    "unknown backend": ({"DB_BACKEND": "mongodb"}, "DB_BACKEND"),
}


@pytest.mark.parametrize("case", list(BAD_ASTRA))
def test_bad_astra_setting_is_one_line_naming_it(tmp_path: Path, case: str) -> None:
    overrides, setting = BAD_ASTRA[case]
    settings = _astra(tmp_path, **overrides)
    for build in (build_cluster, open_store):
        with pytest.raises(ConfigError) as err:
            build(settings)
        message = str(err.value)
        assert setting in message and "\n" not in message
        assert TOKEN not in message and "0123456789abcdef" not in message


def test_unreadable_bundle_names_the_setting(tmp_path: Path) -> None:
    bundle = _zip(tmp_path / "locked.zip", {"config.json": "{}"})
    bundle.chmod(0)
    try:
        with bundle.open("rb"):
            pytest.skip("running as root: a mode-000 file is still readable")
    except PermissionError:
        pass
    with pytest.raises(ConfigError, match=r"ASTRA_SECURE_CONNECT_BUNDLE_PATH.*cannot be read"):
        build_cluster(_astra(tmp_path, ASTRA_SECURE_CONNECT_BUNDLE_PATH=str(bundle)))


@pytest.mark.parametrize(
    ("overrides", "setting"),
    [
        ({"CASSANDRA_PORT": "99999"}, "CASSANDRA_PORT"),
        ({"CASSANDRA_CONTACT_POINTS": " , "}, "CASSANDRA_CONTACT_POINTS"),
        ({"CASSANDRA_REQUEST_TIMEOUT_SECONDS": "0"}, "CASSANDRA_REQUEST_TIMEOUT_SECONDS"),
        ({"CASSANDRA_CONNECT_TIMEOUT_SECONDS": "ten"}, "CASSANDRA_CONNECT_TIMEOUT_SECONDS"),
        ({"CASSANDRA_USERNAME": "app", "CASSANDRA_PASSWORD": ""}, "CASSANDRA_PASSWORD"),
    ],
)
def test_bad_cassandra_setting_is_one_line_naming_it(overrides: dict, setting: str) -> None:
    env = {"DB_BACKEND": "cassandra"} | overrides
    with pytest.raises(ConfigError) as err:
        build_cluster(Settings.load(env=env, dotenv_path=Path("/nonexistent")))
    assert setting in str(err.value) and "\n" not in str(err.value)


def test_wrong_password_is_a_config_error_without_the_password(
    cassandra_session_store: CassandraStore,
) -> None:
    secret = "wrong-" + uuid.uuid4().hex
    settings = cassandra_test_settings(cassandra_session_store.keyspace)
    settings = Settings(
        {**settings.values, "CASSANDRA_USERNAME": "cassandra", "CASSANDRA_PASSWORD": secret}
    )
    with pytest.raises(ConfigError) as err:
        CassandraStore.from_settings(settings)
    assert "CASSANDRA_PASSWORD" in str(err.value) and secret not in str(err.value)


def test_no_node_is_store_unavailable_naming_the_contact_settings() -> None:
    settings = Settings.load(
        env={
            "DB_BACKEND": "cassandra",
            "CASSANDRA_PORT": "1",
            "CASSANDRA_CONNECT_TIMEOUT_SECONDS": "2",
        },
        dotenv_path=Path("/nonexistent"),
    )
    cluster = build_cluster(settings)
    try:
        with pytest.raises(StoreUnavailable, match="CASSANDRA_CONTACT_POINTS"):
            connect(cluster)
    finally:
        cluster.shutdown()


def test_missing_tables_are_named_with_the_command(cassandra_session_store: CassandraStore) -> None:
    settings = cassandra_test_settings("autopilot_never_applied")
    with pytest.raises(ConfigError, match="schema apply") as err:
        CassandraStore.from_settings(settings)
    assert "CASSANDRA_KEYSPACE" in str(err.value)


def test_cluster_is_built_as_documented() -> None:
    settings = Settings.load(
        env={
            "DB_BACKEND": "cassandra",
            "CASSANDRA_USERNAME": "app",
            "CASSANDRA_PASSWORD": "pw",
            "CASSANDRA_REQUEST_TIMEOUT_SECONDS": "7",
            "CASSANDRA_CONTACT_POINTS": "127.0.0.1, 127.0.0.2:9043",
        },
        dotenv_path=Path("/nonexistent"),
    )
    cluster = build_cluster(settings)
    try:
        from cassandra import ConsistencyLevel, ProtocolVersion
        from cassandra.cluster import EXEC_PROFILE_DEFAULT
        from cassandra.io.libevreactor import LibevConnection
        from cassandra.query import dict_factory

        assert cluster.protocol_version == ProtocolVersion.V5
        assert cluster.connection_class is LibevConnection
        assert cluster.contact_points == ["127.0.0.1", ("127.0.0.2", 9043)]
        profile = cluster.profile_manager.profiles[EXEC_PROFILE_DEFAULT]
        assert profile.consistency_level == ConsistencyLevel.LOCAL_QUORUM
        assert profile.request_timeout == 7 and profile.row_factory is dict_factory
        assert cluster.auth_provider.username == "app"
        assert cluster.load_balancing_policy is not None
    finally:
        cluster.shutdown()


def test_recruiter_rename_reaches_every_list_copy(cs: CassandraStore) -> None:
    i = add(cs, "renamed")
    cs.upsert_users([replace(RECRUITER, name="Rita Renamed"), replace(ALICE, email="a@new.org")])
    assert cs.list_interviews_by_status(S.SCHEDULED).rows[0].recruiter_name == "Rita Renamed"
    assert cs.list_interviews_by_user(BOB.user_id)[0].recruiter_name == "Rita Renamed"
    emails = {p.user_id: p.email for p in cs.list_participants(i.interview_id)}
    assert emails[ALICE.user_id] == "a@new.org"


# --- the same random history on SQLite and Cassandra reads back the same -------------------
def _random_history(store, rng: random.Random) -> set:
    """A fixed-seed mix of every write, including the awkward ones (re-create, rename)."""
    people = [ALICE, BOB, CAROL, DAVE]
    made: dict = {}
    gone: set = set()
    for step in range(120):
        op = rng.choice(["create"] * 4 + ["status"] * 2 + ["feedback"] * 4 + ["delete", "rename"])
        if op == "create" or not made:
            key = f"h{rng.randrange(25)}"
            start = T0 + timedelta(days=rng.randrange(-70, 40), hours=rng.randrange(3))
            panel = [(p.user_id, rng.choice(list(UserRole))) for p in rng.sample(people, 2)]
            made[key] = add(
                store,
                key,
                panel=panel,
                start=start,
                status=rng.choice(list(S)),
                candidate=rng.choice([CANDIDATE, OTHER_CANDIDATE]),
            )
            continue
        key = rng.choice(sorted(made))
        i = made[key]
        if op == "status":
            store.change_status(i.interview_id, rng.choice(list(S)))
        elif op == "feedback":
            who = rng.choice(people)  # sometimes not a participant: refused on both
            with contextlib.suppress(ValidationError):
                store.submit_feedback(
                    i.interview_id,
                    who.user_id,
                    rng.choice(list(Decision)),
                    f"Note {step}.",
                    T0 + timedelta(minutes=step),
                )
        elif op == "delete":
            store.delete_interview(i.interview_id)
            del made[key]
            gone.add(i.interview_id)
        else:
            store.upsert_users([replace(rng.choice([*people, RECRUITER]), name=f"Name {step}")])
            store.upsert_candidates([replace(CANDIDATE, name=f"Cand {step}")])
    return {i.interview_id for i in made.values()} | gone


def _everything(store, interview_ids: set) -> tuple:
    """Every read of the store, ATS update times left out (each store stamps its own 'now')."""

    def no_time(detail):
        if detail is None or detail.ats is None:
            return detail
        return replace(detail, ats=replace(detail.ats, updated_at=None))

    pages = {}
    for status in S:
        cursor, rows = None, []
        while True:
            page = store.list_interviews_by_status(status, limit=4, after=cursor)
            rows.append(page.rows)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        pages[status] = rows
    people = [RECRUITER, ALICE, BOB, CAROL, DAVE]
    return (
        store.count_by_status(),
        pages,
        [store.list_interviews_by_candidate(c.candidate_id) for c in (CANDIDATE, OTHER_CANDIDATE)],
        [store.list_interviews_by_user(p.user_id) for p in people],
        [no_time(store.get_interview_detail(i)) for i in sorted(interview_ids)],
        [store.list_participants(i) for i in sorted(interview_ids)],
    )


def test_same_history_reads_the_same_on_sqlite_and_cassandra(
    cs: CassandraStore, tmp_path: Path
) -> None:
    lite = SqliteStore(tmp_path / "twin.db")
    try:
        seed_people(lite)
        ids_c = _random_history(cs, random.Random(7))
        ids_s = _random_history(lite, random.Random(7))
        assert ids_c == ids_s
        assert _everything(cs, ids_c) == _everything(lite, ids_s)
    finally:
        lite.close()


def test_bulk_load_equals_sqlite_bulk_load_even_over_stale_copies(
    cs: CassandraStore, tmp_path: Path
) -> None:
    from interview_autopilot.features.sample import read_sample_data

    data = read_sample_data()
    lite = SqliteStore(tmp_path / "twin.db")
    try:
        for store in (cs, lite):
            seed_people(store)
            # A stale copy of a sample interview in another month, status and panel: the load
            # must remove it everywhere, as re-creating it one by one would.
            first = data.interviews[0]
            store.upsert_users(data.users)
            store.upsert_candidates(data.candidates)
            store.create_interview(
                replace(
                    first,
                    status=S.COMPLETED,
                    scheduled_start=first.scheduled_start - timedelta(days=90),
                    scheduled_end=first.scheduled_end - timedelta(days=90),
                ),
                [(ALICE.user_id, UserRole.INTERVIEWER)],
            )
            # Feedback first, then the no-show: a no-show takes no new feedback.
            store.submit_feedback(first.interview_id, ALICE.user_id, "no", "Stale.")
            store.change_status(first.interview_id, S.NO_SHOW)
            store.bulk_load(data)
        ids = {i.interview_id for i in data.interviews}
        assert _everything(cs, ids) == _everything(lite, ids)
        assert cs.list_interviews_by_user(ALICE.user_id) == lite.list_interviews_by_user(
            ALICE.user_id
        )
        # And ATS times, deterministic in a bulk load, agree too.
        assert [cs.get_ats(i) for i in sorted(ids)] == [lite.get_ats(i) for i in sorted(ids)]
    finally:
        lite.close()


def test_a_timed_out_request_is_store_unavailable(cs: CassandraStore) -> None:
    from cassandra.cluster import EXEC_PROFILE_DEFAULT

    store = CassandraStore.from_settings(cassandra_test_settings(cs.keyspace))
    try:
        store.session.cluster.profile_manager.profiles[EXEC_PROFILE_DEFAULT].request_timeout = 1e-6
        with pytest.raises(StoreUnavailable, match="did not answer within the request timeout"):
            store.count_by_status()
        with pytest.raises(StoreUnavailable):
            store.create_interview(interview("late"), PANEL)
    finally:
        store.close()
    assert cs.get_interview(interview("late").interview_id) is None


# --- (d) the doctor finds copies that disagree with their source, and repairs them ---------
def test_doctor_reports_and_repairs_tampered_copies(cs: CassandraStore) -> None:
    i = add(cs, "tampered")
    other = add(cs, "other", start=T0 + timedelta(days=2))
    cs.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Fine.")
    status, bucket, start, iid = (
        "scheduled",
        day_bucket(i.scheduled_start),
        i.scheduled_start,
        i.interview_id,
    )
    by_status = "{ks}.interviews_by_status WHERE status = %s AND bucket = %s"
    cql(
        cs,
        f"DELETE FROM {by_status} AND scheduled_start = %s AND interview_id = %s",
        status,
        bucket,
        start,
        iid,
    )  # a lost copy
    cql(
        cs,
        "INSERT INTO {ks}.interviews_by_status (status, bucket, scheduled_start, "
        "interview_id, candidate_name, job_title, recruiter_name, feedback_count, "
        "participant_count, recommendation) VALUES (%s, %s, %s, %s, 'x', 'x', 'x', 0, 0, "
        "'pending') USING TIMESTAMP 1",
        "cancelled",
        bucket,
        start,
        iid,
    )  # a stale one
    cql(cs, "UPDATE {ks}.interview_counts_by_status SET n = n + 5 WHERE status = 'completed'")
    cql(
        cs,
        "UPDATE {ks}.interviews_by_user_month USING TIMESTAMP 1 SET feedback_count = 7 "
        "WHERE user_id = %s AND month = %s AND scheduled_start = %s AND interview_id = %s",
        ALICE.user_id,
        month_bucket(start),
        start,
        iid,
    )  # older than the copy: must not win
    mine = {r.interview_id: r for r in cs.list_interviews_by_user(ALICE.user_id)}
    assert mine[iid].feedback_count == 1

    report = cs.doctor()
    text = "\n".join(report.problems)
    assert not report.ok and report.interviews == 2
    assert f"interviews_by_status: interview {iid}: copy missing" in text
    assert "its source does not imply" in text and "'cancelled'" in text
    assert "interview_counts_by_status completed: 5, the sources say 0" in text
    assert str(other.interview_id) not in text

    cs.doctor(repair=True)
    assert cs.doctor().ok
    assert cs.count_by_status()[S.COMPLETED] == 0
    assert cs.list_interviews_by_status(S.CANCELLED).rows == []
    assert iid in {r.interview_id for r in cs.list_interviews_by_status(S.SCHEDULED).rows}


# --- (e) the daily lifecycle pattern: lists never walk over what moved on ------------------
DAY_SIZE = 300  # interviews in one day bucket: enough that a walk over the moved would show
TOMBSTONE_BOUND = 100


def _tombstones(traces) -> list[int]:
    return [t for trace in traces for _, t in trace_reads(trace)[1]]


@pytest.mark.serial
@pytest.mark.alone  # its traced reads nearly fill the node's trace queue
@pytest.mark.parametrize("moved_share", [0.2, 0.6, 1.0])
def test_lists_meet_few_tombstones_after_the_oldest_of_a_day_moved_on(
    cs: CassandraStore, moved_share: float
) -> None:
    day = datetime(2026, 11, 20, tzinfo=UTC)  # every start on this UTC day
    now = day + timedelta(hours=23, minutes=59)  # after all of them: all past due
    interviews = [
        interview(f"day{n}", start=day + timedelta(minutes=4 * n)) for n in range(DAY_SIZE)
    ]
    interviews.append(interview("next-day", start=day + timedelta(days=1, hours=9)))
    cs.bulk_load(
        SampleData([], [], interviews, [(i.interview_id, *PANEL[0]) for i in interviews], [])
    )
    moved = interviews[: int(DAY_SIZE * moved_share)]  # the oldest, as the day goes by
    for i in moved:
        cs.change_status(i.interview_id, S.COMPLETED)

    reads = {}
    past_due, traces = traced(cs.list_past_due, now=now)
    reads["past due"] = traces
    assert len(past_due.rows) == min(50, DAY_SIZE - len(moved))
    upcoming, reads["upcoming"] = traced(cs.list_upcoming, now=now)
    assert [r.interview_id for r in upcoming.rows] == [interviews[-1].interview_id]
    cursor = None
    while True:  # every page of the completed list
        page, traces = traced(cs.list_interviews_by_status, S.COMPLETED, after=cursor)
        reads.setdefault("completed", []).extend(traces)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    for name, traces in reads.items():
        assert max(_tombstones(traces), default=0) <= TOMBSTONE_BOUND, (name, _tombstones(traces))
    assert sum(_tombstones(reads["past due"])) == 0  # reads stop at their last live row


@pytest.mark.parametrize("forgotten", [0, 3])
def test_past_due_meets_no_tombstones_in_the_middle_of_a_busy_day(
    cs: CassandraStore, forgotten: int
) -> None:
    """The daily pattern: it is 15:01; the day's interviews before now were completed as they
    ended, except `forgotten` early ones; the afternoon's are still ahead. Walking the day's
    partition back from now would meet a tombstone per completed interview; the past-due list
    meets none, and the upcoming list none either."""
    day = datetime(2026, 11, 20, tzinfo=UTC)
    now = day + timedelta(hours=15, minutes=1)
    interviews = [
        interview(f"busy{n}", start=day + timedelta(hours=6, minutes=3 * n))
        for n in range(DAY_SIZE)  # 06:00 to 20:57, one every three minutes
    ]
    cs.bulk_load(
        SampleData([], [], interviews, [(i.interview_id, *PANEL[0]) for i in interviews], [])
    )
    before = [i for i in interviews if i.scheduled_start < now]
    kept = before[:forgotten]
    for i in before[forgotten:]:
        cs.change_status(i.interview_id, S.COMPLETED)

    past_due, traces = traced(cs.list_past_due, now=now)
    assert [r.interview_id for r in past_due.rows] == [i.interview_id for i in reversed(kept)]
    assert max(_tombstones(traces), default=0) == 0, _tombstones(traces)
    walk, walked = traced(cs.list_interviews_by_status, S.SCHEDULED, after=PageCursor.until(now))
    assert walk.rows == past_due.rows  # the same rows as the walk of the day's partition ...
    assert max(_tombstones(walked)) >= len(before) - forgotten - 1  # ... which meets them all
    upcoming, ahead = traced(cs.list_upcoming, now=now)
    assert upcoming.rows[0].scheduled_start >= now
    assert max(_tombstones(ahead), default=0) == 0


def test_schema_apply_refuses_an_unknown_datacenter_or_more_replicas_than_nodes(
    cassandra_session_store: CassandraStore,
) -> None:
    session = cassandra_session_store.session.session
    with pytest.raises(ConfigError, match="CASSANDRA_LOCAL_DC is 'nowhere'"):
        apply_schema(session, "autopilot_never", create_keyspace=True, local_dc="nowhere")
    with pytest.raises(ConfigError, match="has 1 node"):
        apply_schema(session, "autopilot_never", create_keyspace=True, replication_factor=2)
    assert "autopilot_never" not in session.cluster.metadata.keyspaces
