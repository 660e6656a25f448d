"""Shared fixtures. `store` is parametrized over every backend: the contract suite runs on each.

The Cassandra parameter needs a real node (`make test` starts one with scripts/cassandra). When
none answers, those tests are skipped locally and fail under REQUIRE_CASSANDRA=1 (CI). The Astra
parameter runs on the same node through a test secure connect bundle (tests/astra_emulation.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from astra_emulation import AstraEmulation, start_emulation

from interview_autopilot.errors import StoreUnavailable
from interview_autopilot.settings import Settings
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.schema import apply_schema, table_names
from interview_autopilot.store.sqlite import SqliteStore

BACKENDS = ["sqlite", "cassandra", "astra"]


NODE_FIXTURES = {
    "cassandra_session_store",
    "cassandra_store_factory",
    "astra",
    "astra_session_store",
    "astra_store_factory",
}


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the node through a fixture is marked `cassandra`, so a node-free run
    (`make test-floors`, `-m "not cassandra"`) leaves it out without each file saying so."""
    for item in items:
        if NODE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.cassandra)


def cassandra_missing(reason: str) -> None:
    """Skip locally, fail in CI: a CI run must never pass without the real node."""
    if os.environ.get("REQUIRE_CASSANDRA") == "1":
        pytest.fail(f"Cassandra is required (REQUIRE_CASSANDRA=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """An empty store of each backend."""
    if request.param == "sqlite":
        s = SqliteStore(tmp_path / "test.db")
        yield s
        s.close()
        return
    factory = request.getfixturevalue(f"{request.param}_store_factory")
    yield factory()


def cassandra_test_settings(keyspace: str) -> Settings:
    """Settings for the test node: CASSANDRA_* from the environment (your own cluster), else
    the local node of scripts/cassandra (cassandra/cassandra); `.env` is ignored on purpose."""
    env = {k: v for k, v in os.environ.items() if k.startswith("CASSANDRA_")}
    if not env.get("CASSANDRA_USERNAME"):
        env |= {"CASSANDRA_USERNAME": "cassandra", "CASSANDRA_PASSWORD": "cassandra"}
    env |= {"DB_BACKEND": "cassandra", "CASSANDRA_KEYSPACE": keyspace}
    return Settings.load(env=env, dotenv_path=Path("/nonexistent"))


@pytest.fixture(scope="session")
def cassandra_session_store() -> Iterator[CassandraStore]:
    """One CassandraStore per test session, on a fresh keyspace dropped at the end."""
    keyspace = f"autopilot_test_{os.getpid()}"
    settings = cassandra_test_settings(keyspace)
    try:
        cluster = build_cluster(settings)
        session = connect(cluster)
    except StoreUnavailable as exc:
        cassandra_missing(f"no Cassandra node answered: {exc}")
    apply_schema(session, keyspace, create_keyspace=True, replication_factor=1)
    store = CassandraStore(cluster, session, keyspace)
    yield store
    session.execute(f"DROP KEYSPACE IF EXISTS {keyspace}", timeout=60)
    store.close()


@pytest.fixture
def cassandra_store_factory(cassandra_session_store: CassandraStore):
    """Returns a callable giving an empty CassandraStore (every table truncated)."""

    def empty() -> CassandraStore:
        s = cassandra_session_store
        futures = [
            s.session.session.execute_async(f"TRUNCATE {s.keyspace}.{t}", timeout=60)
            for t in table_names()
        ]
        for f in futures:
            f.result()
        return s

    return empty


@pytest.fixture(scope="session")
def astra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AstraEmulation]:
    """Astra DB emulated on the local node: bundle, HTTPS metadata endpoint, client-cert TLS,
    `token` role (see astra_emulation). Needs the node started with CASSANDRA_CLIENT_TLS_DIR."""
    emulation = start_emulation(tmp_path_factory.mktemp("astra"), f"autopilot_astra_{os.getpid()}")
    if isinstance(emulation, str):
        if os.environ.get("CASSANDRA_CONTACT_POINTS"):  # your own cluster lacks our test CA
            pytest.skip(f"Astra emulation needs the project's node: {emulation}")
        cassandra_missing(emulation)
    yield emulation
    emulation.admin.execute(f"DROP KEYSPACE IF EXISTS {emulation.keyspace}", timeout=60)
    emulation.close()


@pytest.fixture(scope="session")
def astra_session_store(astra: AstraEmulation) -> Iterator[CassandraStore]:
    """One store per session built as the app does on Astra: schema applied without CREATE
    KEYSPACE, then `CassandraStore.from_settings` through the bundle."""
    settings = astra.settings()
    cluster = build_cluster(settings)
    try:
        apply_schema(connect(cluster), astra.keyspace, create_keyspace=False)
    finally:
        cluster.shutdown()
    store = CassandraStore.from_settings(settings)
    yield store
    store.close()


@pytest.fixture
def astra_store_factory(astra: AstraEmulation, astra_session_store: CassandraStore):
    """Returns a callable giving the empty Astra store (every table truncated)."""

    def empty() -> CassandraStore:
        astra.truncate()
        return astra_session_store

    return empty
