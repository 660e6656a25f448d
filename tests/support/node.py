"""The test node: its settings for a keyspace, and the rule for a missing node (skip locally,
fail under REQUIRE_CASSANDRA=1, as `make test` runs)."""

from __future__ import annotations

import atexit
import fcntl
import functools
import hashlib
import itertools
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from interview_autopilot.core.settings import Settings
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

# The `store` fixture's backends. The Astra path is the Cassandra store behind another
# connection (a secure connect bundle and a token role), so the store contract
# (tests/test_store_contract.py) runs on it too, beside tests/test_astra.py; the other suites
# (properties, races, pages) would repeat the Cassandra runs over the same node.
BACKENDS = ["sqlite", "cassandra"]
EVERY_BACKEND = [*BACKENDS, "astra"]
NODE_BACKENDS = ["cassandra"]  # what only the Cassandra store has (its traces, index tables)


@functools.cache
def _empty_sqlite_template() -> Path:
    """A SQLite file that every migration made and nothing wrote, once per test process."""
    folder = tempfile.mkdtemp(prefix="autopilot-empty-")
    atexit.register(shutil.rmtree, folder, True)
    path = Path(folder) / "empty.db"
    SqliteStore(path).close()
    return path


def empty_sqlite_store(path: Path) -> SqliteStore:
    """A SqliteStore on a new file at `path`, with the schema and no rows: a copy of a file the
    store's own migrations made once per test process (copying is cheaper than migrating)."""
    shutil.copyfile(_empty_sqlite_template(), path)
    return SqliteStore(path)


def open_empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of the backend `request.param` names (a `store` fixture's body)."""
    if request.param == "sqlite":
        s = empty_sqlite_store(tmp_path / "test.db")
        yield s
        s.close()
        return
    factory = request.getfixturevalue(f"{request.param}_store_factory")
    yield factory()


def cassandra_missing(reason: str) -> None:
    """Skip locally, fail in CI: a CI run must never pass without the real node."""
    if os.environ.get("REQUIRE_CASSANDRA") == "1":
        pytest.fail(f"Cassandra is required (REQUIRE_CASSANDRA=1) but {reason}")
    pytest.skip(reason)


def cassandra_test_settings(keyspace: str) -> Settings:
    """Settings for the test node: CASSANDRA_* from the environment (your own cluster), else
    the local node of scripts/cassandra (cassandra/cassandra); `.env` is ignored on purpose."""
    env = {k: v for k, v in os.environ.items() if k.startswith("CASSANDRA_")}
    if not env.get("CASSANDRA_USERNAME"):
        env |= {"CASSANDRA_USERNAME": "cassandra", "CASSANDRA_PASSWORD": "cassandra"}
    env |= {"DB_BACKEND": "cassandra", "CASSANDRA_KEYSPACE": keyspace}
    return Settings.load(env=env, dotenv_path=Path("/nonexistent"))


# Where test processes on this machine lock the keyspaces they hold (see `pooled_keyspace`).
POOL_DIR = Path(tempfile.gettempdir()) / "interview-autopilot-test-keyspaces"


@contextmanager
def pooled_keyspace(prefix: str = "autopilot_test") -> Iterator[str]:
    """The name of a keyspace no other test process holds: the first of `<prefix>_<host>_0`,
    `_1`... whose lock file (in POOL_DIR) this process can take, held until the end. The
    keyspace is kept on the node afterwards, so the next test process (the serial run after
    the parallel one, the next `make test`) finds its schema applied and only empties it; the
    host's hash in the name keeps test machines sharing one cluster apart."""
    POOL_DIR.mkdir(exist_ok=True)
    host = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
    for n in itertools.count():
        name = f"{prefix}_{host}_{n}"
        lock = (POOL_DIR / f"{name}.lock").open("a")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        try:
            yield name
        finally:
            lock.close()  # releases the lock
        return


def without_commit_log(session: object, keyspace: str) -> None:
    """Turn off the commit log of a test keyspace (`durable_writes = false`): a TRUNCATE of a
    durable table flushes it to disk first, and the tests empty their tables thousands of times.
    Writes are still acknowledged by the node as usual; only a crash of the node would lose
    them, and a test that restarts a node empties every table afterwards (keyspace_reset)."""
    row = session.execute(  # type: ignore[attr-defined]
        "SELECT durable_writes FROM system_schema.keyspaces WHERE keyspace_name = %s", [keyspace]
    ).one()
    durable = row["durable_writes"] if isinstance(row, dict) else row.durable_writes
    if durable:
        session.execute(  # type: ignore[attr-defined]
            f"ALTER KEYSPACE {keyspace} WITH durable_writes = false", timeout=60
        )


def ready_kept_keyspace(session: Any, keyspace: str) -> None:
    """Make a keyspace of the pool (`pooled_keyspace`) ready for a test process: created with
    the schema the first time, afterwards brought up to date by its migrations (recreated if
    one was edited), without a commit log. Empty it next (`keyspace_reset.empty_tables`)."""
    from interview_autopilot.core.errors import ConfigError
    from interview_autopilot.store.cassandra import migrations
    from interview_autopilot.store.cassandra.schema import apply_schema, keyspace_exists

    try:
        # A kept keyspace that is up to date needs no schema statement (each waits on the
        # node's schema changes, which other test processes make too).
        if not keyspace_exists(session, keyspace) or migrations.pending(session, keyspace):
            apply_schema(session, keyspace, create_keyspace=True, replication_factor=1)
    except ConfigError:  # kept from a checkout whose migrations differ: start afresh
        session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=120)
        apply_schema(session, keyspace, create_keyspace=True, replication_factor=1)
    without_commit_log(session, keyspace)
