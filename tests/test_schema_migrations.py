"""Versioned schemas: the numbered Cassandra migrations (cql/migrations, recorded with their
checksums in schema_migrations) and the ordered SQLite steps (PRAGMA user_version). A keyspace
and a file holding the sample at the first migration are upgraded by `schema apply` (the CLI)
and the doctor then finds nothing lost and nothing inconsistent; a changed migration file is
refused; `schema status` lists applied and pending ones."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.keyspace_reset import empty_tables, forget
from support.node import cassandra_test_settings, pooled_keyspace, ready_kept_keyspace

from interview_autopilot.cli.commands import main
from interview_autopilot.core.errors import ConfigError
from interview_autopilot.core.models import InterviewStatus, SampleData
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore, cql_files, migrations
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.schema import (
    DDL_TIMEOUT_SECONDS,
    apply_schema,
    qualify,
    schema_statements,
)
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.store.sqlite import migrations as sqlite_steps
from interview_autopilot.store.sqlite.rows import SCHEMA

MONTH_TABLES = [
    "interviews_by_user_month",
    "interview_ids_by_recruiter_month",
    "interview_months_by_person",
]
PENDING_TABLES = ["pending_changes_by_bucket", "counted_changes"]  # migration 0003
# Created by 0001, replaced by 0002's tables and left unused (a previous app server may still
# write them during a rolling upgrade): in a migrated keyspace, not in cql/schema.cql.
RETIRED_TABLES = {"interviews_by_user", "interview_ids_by_recruiter"}
# Created by 0004 (the people directory), with the columns it adds to users and candidates.
DIRECTORY_TABLES = ["users_by_email", "candidates_by_email", "profile_audit_by_person"]
# Created by 0005 (jobs and their interview plans).
JOB_TABLES = ["jobs_by_id", "jobs_by_status", "jobs_by_title", "job_audit_by_job"]
# Created by 0006 (applications).
APPLICATION_TABLES = [
    "applications_by_id",
    "applications_by_candidate",
    "applications_by_job",
    "application_counts_by_job",
    "application_changes_by_bucket",
    "counted_application_changes",
    "application_audit_by_application",
]
# Migrations after 0006 that only create tables (0007, the autopilot's outbox): undone by
# dropping the tables each creates and its record.
LATER = [m for m in migrations.read_migrations() if m.id > "0006"]
DIRECTORY_COLUMNS = {
    "users": "other_roles, admin, active, time_zone, working_hours",
    "candidates": "links",
}


def _everything(store: Store, data: SampleData) -> dict[str, object]:
    """What a person can read of the sample: every interview with its detail, every person's
    interviews, the counts."""
    return {
        "counts": store.count_by_status(),
        "details": {i.interview_id: store.get_interview(i.interview_id) for i in data.interviews},
        "by_user": {u.user_id: store.list_interviews_by_user(u.user_id) for u in data.users},
        "lists": {s: store.list_interviews_by_status(s, limit=500).rows for s in InterviewStatus},
    }


# --- Cassandra ----------------------------------------------------------------------------------
@pytest.fixture
def keyspace(cassandra_session_store: CassandraStore) -> Iterator[str]:
    """A keyspace name of this test's own, dropped afterwards."""
    name = f"autopilot_mig_{os.getpid()}"
    session = cassandra_session_store.session.session
    session.execute(f"DROP KEYSPACE IF EXISTS {name}", timeout=120)
    yield name
    session.execute(f"DROP KEYSPACE IF EXISTS {name}", timeout=120)


@pytest.fixture
def kept_keyspace(cassandra_session_store: CassandraStore) -> Iterator[str]:
    """A keyspace of the machine's pool (support.node.pooled_keyspace), up to date and empty:
    every migration applied and recorded, as `schema apply` leaves a new one. A test that takes
    it back to an older schema brings it up to date again (else the next one does)."""
    session = cassandra_session_store.session.session
    with pooled_keyspace("autopilot_mig") as name:
        ready_kept_keyspace(session, name)
        empty_tables(session, name)
        try:
            yield name
        finally:
            forget(name)  # its tables may have been dropped and made again


@pytest.fixture
def cli_keyspace(monkeypatch: pytest.MonkeyPatch, kept_keyspace: str) -> str:
    """The command line pointed at `kept_keyspace` on the test node."""
    settings = cassandra_test_settings(kept_keyspace)
    for name in ("DB_BACKEND", "CASSANDRA_KEYSPACE", "CASSANDRA_USERNAME", "CASSANDRA_PASSWORD"):
        monkeypatch.setenv(name, settings[name])
    return kept_keyspace


def _open(keyspace: str) -> CassandraStore:
    return CassandraStore.from_settings(cassandra_test_settings(keyspace))


def _loaded(keyspace: str) -> tuple[SampleData, dict[str, object]]:
    """The keyspace at the last migration, holding the sample; what it reads back."""
    data = read_sample_data()
    assert main(["schema", "apply"]) == 0
    store = _open(keyspace)
    try:
        store.bulk_load(data)
        assert store.doctor().ok
        return data, _everything(store, data)
    finally:
        store.close()


def _back_to_0001(keyspace: str, recorded: bool) -> None:
    """Undo 0002, 0003 and 0004 (their tables and columns dropped), keeping 0001's record, or no
    record at all (a keyspace made by `schema apply` before migrations existed)."""
    cluster = build_cluster(cassandra_test_settings(keyspace))
    try:
        session = connect(cluster)
        for table in (
            MONTH_TABLES + PENDING_TABLES + DIRECTORY_TABLES + JOB_TABLES + APPLICATION_TABLES
        ):
            session.execute(f"DROP TABLE {keyspace}.{table}", timeout=DDL_TIMEOUT_SECONDS)
        for later in LATER:
            for table in cql_files.table_names(later.text):
                session.execute(
                    f"DROP TABLE IF EXISTS {keyspace}.{table}", timeout=DDL_TIMEOUT_SECONDS
                )
        session.execute(
            f"ALTER TABLE {keyspace}.interviews_by_id DROP "
            "(pending_version, pending_change, pending_owner)",
            timeout=DDL_TIMEOUT_SECONDS,
        )
        for table, columns in DIRECTORY_COLUMNS.items():
            session.execute(
                f"ALTER TABLE {keyspace}.{table} DROP ({columns})", timeout=DDL_TIMEOUT_SECONDS
            )
        if recorded:
            for later_id in ("0002", "0003", "0004", "0005", "0006", *(m.id for m in LATER)):
                session.execute(f"DELETE FROM {keyspace}.schema_migrations WHERE id = '{later_id}'")
        else:
            session.execute(f"DROP TABLE {keyspace}.schema_migrations", timeout=60)
    finally:
        cluster.shutdown()


@pytest.mark.timeout(900)  # about 40 tables dropped and made again, twice, on a busy node
def test_a_keyspace_at_0001_holding_data_is_upgraded_by_schema_apply(
    cli_keyspace: str, capsys: pytest.CaptureFixture
) -> None:
    """Upgraded from 0001 with its record, then (taken back again) from a keyspace made by
    `schema apply` before migrations existed; then a keyspace with every table but no record
    is adopted. One keyspace holding the sample throughout, a kept one: its tables are made
    once per machine."""
    data, before = _loaded(cli_keyspace)
    for recorded in (True, False):
        _back_to_0001(cli_keyspace, recorded)
        _upgraded_keeping_everything(cli_keyspace, recorded, data, before, capsys)
    _adopted_and_filled(cli_keyspace, data, before)


def _upgraded_keeping_everything(
    cli_keyspace: str,
    recorded: bool,
    data: SampleData,
    before: dict[str, object],
    capsys: pytest.CaptureFixture,
) -> None:
    capsys.readouterr()

    assert main(["schema", "status"]) == 0
    status = capsys.readouterr().out.splitlines()
    total = len(migrations.read_migrations())
    assert status[0] == f"keyspace {cli_keyspace}: {int(recorded)} of {total} migrations applied"
    first = "applied " if recorded else "pending (its tables exist: recorded as a baseline)"
    assert status[1].split(maxsplit=1) == ["0001_schema.cql", status[1].split(maxsplit=1)[1]]
    assert status[1].split(maxsplit=1)[1].startswith(first)
    assert status[2].split() == ["0002_person_interviews_by_month.cql", "pending"]
    assert status[3].split() == ["0003_pending_changes.cql", "pending"]
    assert status[4].split() == ["0004_people_directory.cql", "pending"]
    assert status[5].split() == ["0005_jobs.cql", "pending"]
    assert status[6].split() == ["0006_applications.cql", "pending"]
    for n, later in enumerate(LATER, start=7):
        assert status[n].split()[:2] == [later.file_name, "pending"]
    with pytest.raises(ConfigError, match=r"lacks the tables or indexes .*schema apply"):
        _open(cli_keyspace)  # the app refuses to start on it, naming the command

    assert main(["schema", "apply"]) == 0
    out = capsys.readouterr().out
    assert "0002_person_interviews_by_month.cql: applied" in out
    assert "0003_pending_changes.cql: applied" in out
    assert ("recorded as a baseline" in out) is not recorded
    assert f"{len(data.interviews)} interviews' month rows written" in out
    assert "0004_people_directory.cql: applied" in out
    assert "0005_jobs.cql: applied" in out
    assert "0006_applications.cql: applied" in out
    for later in LATER:  # one that creates no table is adopted as a baseline instead
        assert f"{later.file_name}: applied" in out or not cql_files.table_names(later.text)
    assert f"{len(data.users)} user emails claimed" in out
    assert f"{len(data.candidates)} candidate emails claimed" in out

    store = _open(cli_keyspace)  # opens: nothing pending
    try:
        report = store.doctor()
        assert report.ok, report.problems[:5]
        assert report.interviews == len(data.interviews)
        assert _everything(store, data) == before  # nothing lost
    finally:
        store.close()
    assert main(["schema", "status"]) == 0
    status = capsys.readouterr().out.splitlines()
    assert status[0] == f"keyspace {cli_keyspace}: {total} of {total} migrations applied"
    assert all(" applied 20" in line for line in status[1:])


def _adopted_and_filled(cli_keyspace: str, data: SampleData, before: dict[str, object]) -> None:
    """`schema apply` before migrations made the month tables but left them empty (the doctor
    filled them): adopting records every migration and 0002's data step fills them."""
    cluster = build_cluster(cassandra_test_settings(cli_keyspace))
    try:
        session = connect(cluster)
        session.execute(f"DROP TABLE {cli_keyspace}.schema_migrations", timeout=60)
        for table in MONTH_TABLES:
            session.execute(f"TRUNCATE {cli_keyspace}.{table}", timeout=60)
        executed = apply_schema(session, cli_keyspace, create_keyspace=False)
    finally:
        cluster.shutdown()
    ddl = [s for s in executed if s.startswith(("CREATE TABLE", "CREATE INDEX", "ALTER"))]
    assert ddl == [migrations._TABLE_CQL.format(ks=cli_keyspace)]  # only the record's table
    store = _open(cli_keyspace)
    try:
        assert store.doctor().ok
        assert _everything(store, data) == before
    finally:
        store.close()


def test_a_changed_migration_file_is_refused_in_one_line(
    cli_keyspace: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    assert main(["schema", "apply"]) == 0
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.CQL_MIGRATIONS, folder)
    changed = folder / "0001_schema.cql"
    changed.write_text(changed.read_text() + "\n// an edit after it was applied\n")
    monkeypatch.setattr(migrations, "CQL_MIGRATIONS", folder)
    capsys.readouterr()

    assert main(["schema", "apply"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(
        f"error: Migration 0001_schema.cql was applied to keyspace '{cli_keyspace}'"
    )
    with pytest.raises(ConfigError, match=r"0001_schema\.cql"):
        _open(cli_keyspace)  # nor does the app start on it
    assert main(["schema", "status"]) == 0
    assert "CHANGED since applied: refused" in capsys.readouterr().out


def _shape(session: object, keyspace: str) -> dict[str, object]:
    """Tables with their columns (name, kind, type, order) and indexes, as the node has them."""
    query = "SELECT {} FROM system_schema.{} WHERE keyspace_name = %s"
    columns: dict[str, set[tuple[str, ...]]] = {}
    for r in session.execute(  # type: ignore[attr-defined]
        query.format("table_name, column_name, kind, type, clustering_order", "columns"),
        (keyspace,),
    ):
        columns.setdefault(r["table_name"], set()).add(
            (r["column_name"], r["kind"], r["type"], r["clustering_order"])
        )
    indexes = {
        (r["table_name"], r["index_name"], str(sorted(r["options"].items())))
        for r in session.execute(  # type: ignore[attr-defined]
            query.format("table_name, index_name, options", "indexes"), (keyspace,)
        )
    }
    return {"columns": columns, "indexes": indexes}


def test_schema_cql_is_what_the_migrations_make(
    cassandra_session_store: CassandraStore, keyspace: str
) -> None:
    session = cassandra_session_store.session.session
    apply_schema(session, keyspace, create_keyspace=True)
    other = f"{keyspace}_file"
    session.execute(
        f"CREATE KEYSPACE IF NOT EXISTS {other} WITH replication = "
        "{'class': 'SimpleStrategy', 'replication_factor': 1}",
        timeout=60,
    )
    try:
        for statement in schema_statements():  # cql/schema.cql as it reads
            session.execute(qualify(statement, other), timeout=DDL_TIMEOUT_SECONDS)
        migrated, read = _shape(session, keyspace), _shape(session, other)
    finally:
        session.execute(f"DROP KEYSPACE IF EXISTS {other}", timeout=120)
    tables = migrated["columns"]
    assert isinstance(tables, dict)
    assert set(tables) == set(read["columns"]) | RETIRED_TABLES | {"schema_migrations"}
    for name in RETIRED_TABLES | {"schema_migrations"}:
        del tables[name]
    assert migrated == read


def test_astra_applies_and_lists_migrations_without_creating_a_keyspace(
    astra_session_store: CassandraStore, astra, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    settings = astra.settings()
    for name in (
        "DB_BACKEND",
        "ASTRA_SECURE_CONNECT_BUNDLE_PATH",
        "ASTRA_KEYSPACE",
        "ASTRA_DB_TOKEN",
    ):
        monkeypatch.setenv(name, settings[name])
    assert main(["schema", "apply"]) == 0
    out = capsys.readouterr().out
    assert "CREATE KEYSPACE" not in out
    assert main(["schema", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    total = len(migrations.read_migrations())
    assert lines[0] == f"keyspace {astra.keyspace}: {total} of {total} migrations applied"


# --- SQLite -------------------------------------------------------------------------------------
def _step_one_only(path: Path) -> None:
    """Take a file back to the first step (its tables), keeping their rows: undo the steps
    after it."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        DROP TRIGGER calibration_feedback_insert; DROP TRIGGER calibration_feedback_update;
        DROP TRIGGER calibration_feedback_delete; DROP TRIGGER calibration_interview_insert;
        DROP TRIGGER calibration_interview_update; DROP TRIGGER calibration_interview_delete;
        DROP TRIGGER calibration_application_insert;
        DROP TRIGGER calibration_application_update;
        DROP TRIGGER calibration_application_delete; DROP TRIGGER calibration_job_insert;
        DROP TRIGGER calibration_job_update; DROP TRIGGER calibration_job_delete;
        DROP TABLE calibration_parts; DROP TABLE calibration_totals;
        DROP TABLE calibration_dirty;
        DROP TABLE booking_links;
        DROP TABLE reminder_sent; DROP INDEX interviews_by_end;
        ALTER TABLE feedback DROP COLUMN first_at;
        ALTER TABLE feedback DROP COLUMN reminders_before;
        DROP TABLE busy_blocks; DROP TABLE interview_limits; DROP TABLE interviewer_pools;
        DROP TABLE message_templates; DROP TABLE candidate_messages;
        DROP TABLE reminder_clicks; DROP TABLE reminder_last;
        DROP TABLE interview_stages; ALTER TABLE feedback DROP COLUMN ratings;
        DROP TABLE applications; DROP TABLE application_counts; DROP TABLE application_audit;
        DROP TABLE outbox; DROP TABLE outbox_claims; DROP TABLE autopilot_switches;
        DROP TABLE jobs; DROP TABLE job_stages; DROP TABLE job_audit;
        DROP TABLE profile_audit; DROP INDEX users_by_email; DROP INDEX candidates_by_email;
        ALTER TABLE users DROP COLUMN other_roles; ALTER TABLE users DROP COLUMN admin;
        ALTER TABLE users DROP COLUMN active; ALTER TABLE users DROP COLUMN time_zone;
        ALTER TABLE users DROP COLUMN working_hours; ALTER TABLE users DROP COLUMN email_key;
        ALTER TABLE candidates DROP COLUMN links; ALTER TABLE candidates DROP COLUMN email_key;
        DROP INDEX interviews_by_job; DROP INDEX interviews_by_recruiter;
        ALTER TABLE interviews DROP COLUMN job_key;
        DROP TRIGGER status_counts_insert; DROP TRIGGER status_counts_delete;
        DROP TRIGGER status_counts_update; DROP TABLE status_counts;
        DROP INDEX interviews_by_start;
        DROP TABLE candidate_prefixes;
        ALTER TABLE interviews DROP COLUMN hiring_call; ALTER TABLE ats DROP COLUMN hiring_call;
        ALTER TABLE interviews DROP COLUMN hiring_reason;
        ALTER TABLE ats DROP COLUMN hiring_reason;
        ALTER TABLE interviews DROP COLUMN hiring_by; ALTER TABLE ats DROP COLUMN hiring_by;
        ALTER TABLE interviews DROP COLUMN hiring_at; ALTER TABLE ats DROP COLUMN hiring_at;
        PRAGMA user_version = 1;
        VACUUM;
        """
    )
    db.close()


def _schema_sql(path: Path | str) -> list[tuple[str, str]]:
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
        return sorted((n, " ".join(s.split())) for n, s in rows)
    finally:
        db.close()


@pytest.fixture
def sqlite_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "app.db"
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("SQLITE_PATH", str(path))
    return path


def test_a_sqlite_file_at_the_first_step_holding_data_is_upgraded(
    sqlite_cli: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    data = read_sample_data()
    store = SqliteStore(sqlite_cli)
    store.bulk_load(data)
    before = _everything(store, data)
    store.close()
    _step_one_only(sqlite_cli)
    first = tmp_path / "first.db"  # a file made by the first step alone, for comparison
    with sqlite3.connect(first) as db:
        db.executescript(SCHEMA)
    db.close()
    assert _schema_sql(sqlite_cli) == _schema_sql(first)

    assert main(["schema", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"SQLite file {sqlite_cli}: schema version 1 of {len(sqlite_steps.STEPS)}"
    assert lines[1].split() == ["0001", "tables", "applied"]
    assert all(line.endswith(" pending") for line in lines[2:])
    assert len(lines) == 1 + len(sqlite_steps.STEPS)

    assert main(["schema", "apply"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(
        f"schema version {len(sqlite_steps.STEPS)} of {len(sqlite_steps.STEPS)}"
    )
    assert all(line.endswith(" applied") for line in lines[1:])
    fresh = tmp_path / "fresh.db"
    SqliteStore(fresh).close()
    assert _schema_sql(sqlite_cli) == _schema_sql(fresh)  # as a new file is made

    store = SqliteStore(sqlite_cli)
    try:
        report = store.doctor()
        assert report.ok, report.problems[:5]
        assert report.interviews == len(data.interviews)
        assert _everything(store, data) == before  # nothing lost
        found = store.search_candidates(data.candidates[0].name.split()[0])
        assert data.candidates[0].candidate_id in {c.candidate_id for c in found}
    finally:
        store.close()
    assert main(["doctor"]) == 0


def test_a_sqlite_file_from_before_the_steps_is_adopted_without_running_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    SqliteStore(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA user_version = 0")
        shape = _schema_sql(path)
        assert [state for _n, _name, state in sqlite_steps.status(db)] == [
            "pending (present: recorded when the store opens)"
        ] * len(sqlite_steps.STEPS)
        assert sqlite_steps.apply(db) == []  # every step's traces there: none run
        assert sqlite_steps.version(db) == len(sqlite_steps.STEPS)
    finally:
        db.close()
    assert _schema_sql(path) == shape


def test_a_sqlite_file_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    SqliteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(sqlite_steps.STEPS) + 1}")
    db.close()
    with pytest.raises(ConfigError, match="newer than this app's"):
        SqliteStore(path)
