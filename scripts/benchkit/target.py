"""Where a bench run writes: a throwaway SQLite file or a throwaway keyspace on the node named
by the CASSANDRA_* settings (as for the app), made fresh and removed afterwards."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store


@dataclass(frozen=True)
class Target:
    """One backend at one place: `settings` open it (in this process or a child)."""

    backend: str  # "sqlite" or "cassandra"
    settings: Settings
    name: str  # the SQLite file or the keyspace

    def open(self) -> Store:
        return open_store(self.settings)


def _cassandra_env(keyspace: str) -> dict[str, str]:
    """CASSANDRA_* from the environment (your own node), else the project's local node."""
    env = {k: v for k, v in os.environ.items() if k.startswith("CASSANDRA_")}
    if not env.get("CASSANDRA_USERNAME"):
        env |= {"CASSANDRA_USERNAME": "cassandra", "CASSANDRA_PASSWORD": "cassandra"}
    return env | {"DB_BACKEND": "cassandra", "CASSANDRA_KEYSPACE": keyspace}


def _no_dotenv() -> Path:
    return Path("/nonexistent/.env")  # the bench never reads a developer's .env


@contextmanager
def sqlite_target(label: str) -> Iterator[Target]:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{label}-"))
    path = folder / "bench.db"
    env = {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(path)}
    try:
        yield Target("sqlite", Settings.load(env=env, dotenv_path=_no_dotenv()), str(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def cassandra_target(keyspace: str, kept: bool = False) -> Iterator[Target]:
    """A fresh keyspace (dropped first if left over, and at the end); `kept`: the keyspace
    exists with the schema and is empty (the caller made it so), neither made nor dropped."""
    from interview_autopilot.store.cassandra.connection import build_cluster, connect
    from interview_autopilot.store.cassandra.schema import apply_schema

    settings = Settings.load(env=_cassandra_env(keyspace), dotenv_path=_no_dotenv())
    if kept:
        yield Target("cassandra", settings, keyspace)
        return
    cluster = build_cluster(settings)
    try:
        session = connect(cluster)
        session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=300)
        apply_schema(session, keyspace, create_keyspace=True)
        yield Target("cassandra", settings, keyspace)
    finally:
        try:
            connect(cluster).execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=300)
        finally:
            cluster.shutdown()


def cassandra_reachable() -> str | None:
    """None when the node answers, else why not."""
    from interview_autopilot.store.cassandra.connection import build_cluster, connect

    try:
        settings = Settings.load(env=_cassandra_env("system"), dotenv_path=_no_dotenv())
        cluster = build_cluster(settings)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    try:
        connect(cluster)
        return None
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        cluster.shutdown()
