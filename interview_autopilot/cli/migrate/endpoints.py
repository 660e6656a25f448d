"""The two ends of a migration: `sqlite:PATH`, `cassandra` or `astra`, opened as stores.

A Cassandra or Astra end uses the CASSANDRA_* / ASTRA_* settings as the app does; a SQLite end
names its file on the command line (a source file must exist: opening a missing one would
create an empty database and "migrate" nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...core.errors import ConfigError
from ...core.settings import Settings
from ...store import Store, open_store

INTERVIEW_TABLES = ("interviews_by_id", "interviews")  # the source of truth: Cassandra, SQLite
AUDIT_TABLES = ("audit_by_interview", "audit")  # one row per entry: Cassandra, SQLite


@dataclass(frozen=True)
class Endpoint:
    """One end: a backend, and for SQLite its file."""

    backend: str  # "sqlite", "cassandra" or "astra"
    path: Path | None = None

    @classmethod
    def parse(cls, text: str, role: str) -> Endpoint:
        """`sqlite:PATH`, `cassandra` or `astra`; ConfigError (one line) for anything else."""
        value = text.strip()
        if value.lower() in ("cassandra", "astra"):
            return cls(value.lower())
        if value.lower().startswith("sqlite:") and value[7:].strip():
            return cls("sqlite", Path(value[7:].strip()).expanduser().resolve())
        raise ConfigError(f"--{role} takes sqlite:PATH, cassandra or astra, not '{text}'.")

    def describe(self, settings: Settings) -> str:
        """Where this end is, without a secret: the file, or the backend and its keyspace."""
        if self.backend == "sqlite":
            return f"sqlite:{self.path}"
        keyspace = settings["ASTRA_KEYSPACE" if self.backend == "astra" else "CASSANDRA_KEYSPACE"]
        return f"{self.backend}:{keyspace}"

    def open(self, settings: Settings, source: bool) -> Store:
        """The store of this end; a source SQLite file must exist, every table must too."""
        values = dict(settings.values, DB_BACKEND=self.backend)
        if self.path is not None:
            if source and not self.path.is_file():
                raise ConfigError(f"--from: no SQLite file at {self.path}.")
            values["SQLITE_PATH"] = str(self.path)
        store = open_store(Settings(values))
        missing = store.missing_tables()
        if missing:
            store.close()
            raise ConfigError(
                f"{self.describe(settings)} lacks tables ({', '.join(missing)}): "
                "run `python -m interview_autopilot schema apply` there first."
            )
        return store


def interview_table(store: Store) -> str:
    """The table whose scan names every interview once per partition (its source of truth)."""
    tables = store.list_tables()
    return next(t for t in INTERVIEW_TABLES if t in tables)


def audit_table(store: Store) -> str:
    """The table holding one row per audit entry (kept when its interview is deleted)."""
    tables = store.list_tables()
    return next(t for t in AUDIT_TABLES if t in tables)
