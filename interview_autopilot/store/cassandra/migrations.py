"""The numbered schema migrations of a Cassandra keyspace (`cql/migrations/NNNN_name.cql`).

Each file is applied once, in order, and recorded in the keyspace's `schema_migrations` table
with the SHA-256 of its text; a keyspace whose recorded checksum differs from its file is
refused (an applied migration is never edited: add a new one). Every statement of a migration
is idempotent (IF NOT EXISTS), so a run that stopped half way is finished by running again. A
migration may have a data step (`DATA_STEPS`), run after the DDL of the run and before the
migration is recorded; data steps run with the current code's statements, and skip a keyspace
that held no tables before the run (nothing to fill).

A keyspace made by `schema apply` before migrations existed (tables, no `schema_migrations`)
is adopted: each migration whose tables, indexes and columns are all present is recorded as
applied without running its DDL (its data step still runs: it only fills what is missing), and
the rest are applied.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from cassandra.cluster import Session

from ...core.errors import ConfigError
from ...core.paths import CQL_MIGRATIONS
from . import cql_files

TABLE = "schema_migrations"
_FILE_RE = re.compile(r"^(\d{4})_(\w+)\.cql$")
_TABLE_CQL = (
    "CREATE TABLE IF NOT EXISTS {ks}." + TABLE + " (id text PRIMARY KEY, name text, "
    "checksum text, applied_at timestamp)"
)
# One of the app's tables in every keyspace it ever made: its presence means "not new".
_SOURCE_TABLE = "interviews_by_id"


@dataclass(frozen=True)
class Migration:
    id: str  # '0002'
    name: str  # 'person_interviews_by_month'
    text: str

    @property
    def file_name(self) -> str:
        return f"{self.id}_{self.name}.cql"

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.replace("\r\n", "\n").encode()).hexdigest()

    def statements(self) -> list[str]:
        return cql_files.schema_statements(self.text)


@dataclass(frozen=True)
class Applied:
    id: str
    name: str
    checksum: str
    applied_at: datetime


@dataclass(frozen=True)
class Entry:
    """One line of `schema status`: a migration and whether the keyspace has it."""

    migration: Migration
    applied: Applied | None
    present: bool  # not recorded, but its objects exist (adopted by the next apply)

    @property
    def state(self) -> str:
        if self.applied:
            return f"applied {self.applied.applied_at:%Y-%m-%d %H:%M:%S}Z"
        return "pending (its tables exist: recorded as a baseline)" if self.present else "pending"


def read_migrations(folder: Path | None = None) -> list[Migration]:
    """The migration files, in order; refuses a gap or a duplicate number."""
    folder = CQL_MIGRATIONS if folder is None else folder
    return list(_read(folder))


@cache
def _read(folder: Path) -> tuple[Migration, ...]:
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        match = _FILE_RE.match(path.name)
        if match:
            found.append(Migration(match[1], match[2], path.read_text(encoding="utf-8")))
    for number, migration in enumerate(found, start=1):
        if int(migration.id) != number:
            raise ConfigError(
                f"cql/migrations: expected migration {number:04d}, found {migration.file_name}."
            )
    return tuple(found)


def _row(row: object) -> list[object]:
    return list(row.values()) if isinstance(row, dict) else list(row)  # type: ignore[call-overload]


def recorded(session: Session, keyspace: str) -> dict[str, Applied]:
    """The migrations recorded in the keyspace ({} when it has no migrations table)."""
    rows = session.execute(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = %s AND table_name = %s",
        (keyspace, TABLE),
    )
    if not list(rows):
        return {}
    select = session.prepare(f"SELECT id, name, checksum, applied_at FROM {keyspace}.{TABLE}")
    found = (Applied(*_row(r)) for r in session.execute(select))  # type: ignore[arg-type]
    return {a.id: a for a in found}


def _objects(session: Session, keyspace: str) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """The keyspace's tables, indexes and (table, column) pairs."""
    query = "SELECT {} FROM system_schema.{} WHERE keyspace_name = %s"
    tables = {
        str(_row(r)[0]) for r in session.execute(query.format("table_name", "tables"), (keyspace,))
    }
    indexes = {
        str(_row(r)[0]) for r in session.execute(query.format("index_name", "indexes"), (keyspace,))
    }
    columns = {
        (str(r[0]), str(r[1]))
        for r in map(
            _row, session.execute(query.format("table_name, column_name", "columns"), (keyspace,))
        )
    }
    return tables, indexes, columns


def _present(
    migration: Migration, objects: tuple[set[str], set[str], set[tuple[str, str]]]
) -> bool:
    """Whether every table, index and added column of the migration exists."""
    tables, indexes, columns = objects
    return (
        all(t in tables for t in cql_files.table_names(migration.text))
        and all(i in indexes for i in cql_files.index_names(migration.text))
        and all(c in columns for c in cql_files.added_columns(migration.text))
    )


def check_checksums(
    migrations: list[Migration], applied: dict[str, Applied], keyspace: str
) -> None:
    """ConfigError naming the first applied migration whose file changed since."""
    for migration in migrations:
        done = applied.get(migration.id)
        if done and done.checksum != migration.checksum:
            raise ConfigError(
                f"Migration {migration.file_name} was applied to keyspace '{keyspace}' with "
                f"checksum {done.checksum[:12]}, but the file's is now {migration.checksum[:12]}: "
                "an applied migration is never edited (restore it; add a new migration)."
            )


def status(session: Session, keyspace: str) -> list[Entry]:
    """Every migration with its state in the keyspace; reads only."""
    cql_files.check_keyspace_name(keyspace)
    migrations = read_migrations()
    applied = recorded(session, keyspace)
    objects = _objects(session, keyspace)
    adopting = not applied and _SOURCE_TABLE in objects[0]
    return [Entry(m, applied.get(m.id), adopting and _present(m, objects)) for m in migrations]


def pending(session: Session, keyspace: str) -> list[str]:
    """The file names of the migrations a store on this keyspace still needs (those of an
    unrecorded keyspace whose objects exist count as done); ConfigError on a changed one."""
    entries = status(session, keyspace)
    check_checksums(
        [e.migration for e in entries],
        {e.migration.id: e.applied for e in entries if e.applied},
        keyspace,
    )
    return [e.migration.file_name for e in entries if not e.applied and not e.present]


def apply(
    session: Session,
    keyspace: str,
    timeout: float,
    say: Callable[[str], None] | None = None,
) -> list[str]:
    """Apply the keyspace's missing migrations in order and record them; returns the
    statements executed (none when up to date). The keyspace must exist."""
    say = say or (lambda _line: None)
    migrations = read_migrations()
    applied = recorded(session, keyspace)
    check_checksums(migrations, applied, keyspace)
    objects = _objects(session, keyspace)
    new_keyspace = _SOURCE_TABLE not in objects[0]
    adopting = not applied and not new_keyspace
    executed: list[str] = []
    statement = _TABLE_CQL.format(ks=keyspace)
    if TABLE not in objects[0]:
        session.execute(statement, timeout=timeout)
        executed.append(statement)
    todo = [m for m in migrations if m.id not in applied]
    for migration in todo:
        if adopting and _present(migration, objects):
            say(f"{migration.file_name}: its tables exist, recorded as a baseline")
            continue
        for cql in migration.statements():
            cql = cql_files.qualify(cql, keyspace)
            session.execute(cql, timeout=timeout)
            executed.append(cql)
        say(f"{migration.file_name}: applied")
    if not new_keyspace:
        for migration in todo:
            step = DATA_STEPS.get(migration.id)
            if step:
                step(session, keyspace, say)
    record = session.prepare(
        f"INSERT INTO {keyspace}.{TABLE} (id, name, checksum, applied_at) VALUES (?, ?, ?, ?) "
        "IF NOT EXISTS"
    )
    for migration in todo:
        values = (migration.id, migration.name, migration.checksum, datetime.now(UTC))
        result = session.execute(record, values).one()
        won = _row(result)[0]
        if not won:  # another process recorded it first: the same file, or refused
            check_checksums([migration], recorded(session, keyspace), keyspace)
    return executed


def _fill_person_months(session: Session, keyspace: str, say: Callable[[str], None]) -> None:
    """0002: fill the month tables from the sources with the doctor's repair of those tables."""
    from . import doctor
    from .session import PreparedSession

    db = PreparedSession(session.cluster, session, keyspace)
    tables = frozenset(
        {
            "interviews_by_user_month",
            "interview_ids_by_recruiter_month",
            "interview_months_by_person",
        }
    )
    repaired = doctor.fill(db, tables, lambda line: say(line) if line.startswith("...") else None)
    say(f"0002_person_interviews_by_month: {repaired} interviews' month rows written")


def _fill_email_owners(session: Session, keyspace: str, say: Callable[[str], None]) -> None:
    """0004: the users_by_email and candidates_by_email rows of the profiles already stored,
    each claimed IF NOT EXISTS (the first owner of an email keeps it; a re-run adds nothing)."""
    from cassandra.concurrent import execute_concurrent_with_args

    from ...core.people import email_key

    now = datetime.now(UTC)
    for kind in ("user", "candidate"):
        claim = session.prepare(
            f"INSERT INTO {keyspace}.{kind}s_by_email (email_key, {kind}_id, claimed_at) "
            "VALUES (?, ?, ?) IF NOT EXISTS"
        )
        read = session.prepare(f"SELECT {kind}_id, email FROM {keyspace}.{kind}s")
        read.fetch_size = 500
        written = 0
        batch: list[tuple[object, ...]] = []
        for row in session.execute(read):
            values = _row(row)
            batch.append((email_key(str(values[1])), values[0], now))
            if len(batch) >= 500:
                execute_concurrent_with_args(session, claim, batch, concurrency=32)
                written, batch = written + len(batch), []
        if batch:
            execute_concurrent_with_args(session, claim, batch, concurrency=32)
            written += len(batch)
        say(f"0004_people_directory: {written} {kind} emails claimed")


def _fill_application_stages(session: Session, keyspace: str, say: Callable[[str], None]) -> None:
    """0020: the by-stage rows and week counts of the applications already stored."""
    from .application_stages import fill_stage_copies
    from .session import PreparedSession

    written = fill_stage_copies(PreparedSession(session.cluster, session, keyspace))
    say(f"0020_applications_by_job_stage: {written} by-stage rows and week counts written")


DATA_STEPS: dict[str, Callable[[Session, str, Callable[[str], None]], None]] = {
    "0002": _fill_person_months,
    "0004": _fill_email_owners,
    "0020": _fill_application_stages,
}
