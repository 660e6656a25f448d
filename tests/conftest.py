"""Shared fixtures. `store` is parametrized over SQLite and the Cassandra node; the store contract
(test_store_contract.py) adds the Astra path, which runs on the same node through a test secure
connect bundle (support/astra_emulation.py).

The Cassandra parameter needs a real node (`make test` starts one with scripts/cassandra). When
none answers, those tests are skipped locally and fail under REQUIRE_CASSANDRA=1 (CI).
Each pytest process (each xdist worker) has its own keyspaces, the node's and the Astra path's,
each taken from a pool of keyspaces kept on the node (support.node.pooled_keyspace).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from support.app_runs import served_runs
from support.astra_emulation import AstraEmulation, start_emulation
from support.cluster import ClusterKeyspace, shared_keyspace
from support.keyspace_reset import empty_tables
from support.node import (
    BACKENDS,
    NODE_BACKENDS,
    cassandra_missing,
    cassandra_test_settings,
    open_empty_store,
    pooled_keyspace,
    ready_kept_keyspace,
)
from support.tiers import mark_tiers, write_serial_files

from interview_autopilot.core.errors import ConfigError, StoreUnavailable
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.schema import apply_schema

# Hypothesis judges no example by its duration: on two cores shared with the node, Chromium and
# other test processes, a 200 ms deadline fails examples for the machine's load, not the code.
# `make test-fast` (FEW_CASES=1) draws fewer cases per property: the lane run while editing.
FEW_CASES = os.environ.get("FEW_CASES") == "1"
hypothesis_settings.register_profile("shared-machine", deadline=None)
hypothesis_settings.register_profile("few-cases", deadline=None, max_examples=25)
hypothesis_settings.load_profile("few-cases" if FEW_CASES else "shared-machine")

# The app these tests serve on the node (AppTest, `streamlit run`) is the open demo on purpose: on
# Cassandra and Astra it needs DEMO_MODE=true (SQLite allows it by default). The tests of that
# default set DEMO_MODE themselves.
os.environ.setdefault("DEMO_MODE", "true")
# Each app process the tests start on the node (AppTest, `streamlit run`) would first look a week
# back for changes whose writer died: about 2,000 partition reads each, and the tests start
# hundreds. Their keyspaces are emptied between tests, so an hour back finds everything.
os.environ.setdefault("PENDING_SWEEP_STARTUP_HOURS", "1")


@pytest.hookimpl(tryfirst=True)  # before `-m` selects on the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test is marked with its tier and, when it needs the node, `cassandra` (see
    support.tiers), so `-m` alone selects (`make test-fast`, `make test-floors`). With
    SERIAL_FILES_OUT set, the files holding `serial` tests are written there (scripts/test's
    serial run then collects only those)."""
    mark_tiers(items)
    rerun_browser_journeys(items)
    out = os.environ.get("SERIAL_FILES_OUT")
    if out:
        write_serial_files(items, Path(out))


def rerun_browser_journeys(items: list[pytest.Item]) -> None:
    """A Chromium journey that fails is run once more (pytest-rerunfailures; BROWSER_RERUNS=0
    turns it off), as Playwright's own runner does on CI: on a machine whose two cores also
    run the node and other test processes, a click can land in a rerun that closes what it
    aimed at. The rerun is listed in the summary (RERUN); a journey that fails twice fails."""
    reruns = int(os.environ.get("BROWSER_RERUNS", "1"))
    for item in items:
        if reruns and item.get_closest_marker("browser") and not item.get_closest_marker("flaky"):
            item.add_marker(pytest.mark.flaky(reruns=reruns))


_RERUN_FAILURES: list[tuple[str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep the failure that made a journey run again (pytest-rerunfailures' summary names the
    test, not why), for the terminal summary below."""
    if report.outcome == "rerun":  # type: ignore[comparison-overlap]
        _RERUN_FAILURES.append((report.nodeid, report.longreprtext))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Each rerun journey's first failure, its last lines (the rerun passed or failed below)."""
    for nodeid, text in _RERUN_FAILURES:
        terminalreporter.write_sep("-", f"{nodeid}: its first run failed")
        terminalreporter.write_line("\n".join(text.splitlines()[-40:]))


@pytest.fixture(autouse=True)
def app_runs_as_served() -> Iterator[None]:
    """Every AppTest run goes through app.py, as every run of the server does (support.app_runs):
    a page test drives the pages as a browser does, never a page file alone."""
    with served_runs():
        yield


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend (the contract file adds the Astra path)."""
    yield from open_empty_store(request, tmp_path)


@pytest.fixture(params=NODE_BACKENDS)
def node_store(request: pytest.FixtureRequest) -> CassandraStore:
    """An empty store on the node, directly and through the Astra path: for what only the
    Cassandra store has (its traces, its index tables)."""
    return request.getfixturevalue(f"{request.param}_store_factory")()


def pooled_store(prefix: str) -> Iterator[CassandraStore]:
    """A CassandraStore on a keyspace of this test process's own from the machine's pool
    (support.node.pooled_keyspace): created with the schema the first time, afterwards brought
    up to date by its migrations (recreated if one was edited) and emptied; kept at the end."""
    with pooled_keyspace(prefix) as keyspace:
        settings = cassandra_test_settings(keyspace)
        try:
            cluster = build_cluster(settings)
            session = connect(cluster)
        except StoreUnavailable as exc:
            cassandra_missing(f"no Cassandra node answered: {exc}")
        ready_kept_keyspace(session, keyspace)
        store = CassandraStore(cluster, session, keyspace)
        empty_keyspace(store)
        yield store
        store.close()


@pytest.fixture(scope="session")
def cassandra_session_store() -> Iterator[CassandraStore]:
    """One CassandraStore per test process, for the tests of the store and the browser."""
    yield from pooled_store("autopilot_test")


@pytest.fixture(scope="session")
def cassandra_sample_store() -> Iterator[CassandraStore]:
    """A second keyspace per test process, for the page tests that start from the sample data
    (test_pages.backend_env): no other test writes to it, so the sample loaded for one page test
    stays for the next while none of them writes."""
    yield from pooled_store("autopilot_sample")


@pytest.fixture(scope="session")
def cassandra_other_store() -> Iterator[CassandraStore]:
    """A third keyspace per test process, for the tests that compare two stores of one backend
    written two ways (tests/test_bulk_applications.py)."""
    yield from pooled_store("autopilot_other")


def empty_keyspace(s: CassandraStore) -> None:
    """Empty the store's keyspace (truncating the tables written since it was last empty)."""
    empty_tables(s.session.session, s.keyspace)


@pytest.fixture
def cassandra_store_factory(cassandra_session_store: CassandraStore):
    """Returns a callable giving an empty CassandraStore (every table truncated)."""

    def empty() -> CassandraStore:
        empty_keyspace(cassandra_session_store)
        return cassandra_session_store

    return empty


@pytest.fixture(scope="session")
def cluster_keyspace() -> Iterator[ClusterKeyspace]:
    """The three-node cluster's keyspace, shared by its test files (support.cluster)."""
    yield from shared_keyspace()


@pytest.fixture(scope="session")
def astra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AstraEmulation]:
    """Astra DB emulated on the local node: bundle, HTTPS metadata endpoint, client-cert TLS,
    `token` role (see astra_emulation). Needs the node started with CASSANDRA_CLIENT_TLS_DIR.
    Its keyspace comes from the machine's pool, as the node's does (kept at the end)."""
    with pooled_keyspace("autopilot_astra") as keyspace:
        emulation = start_emulation(tmp_path_factory.mktemp("astra"), keyspace)
        if isinstance(emulation, str):
            if os.environ.get("CASSANDRA_CONTACT_POINTS"):  # your own cluster lacks our test CA
                pytest.skip(f"Astra emulation needs the project's node: {emulation}")
            cassandra_missing(emulation)
        yield emulation
        emulation.close()


@pytest.fixture(scope="session")
def astra_session_store(astra: AstraEmulation) -> Iterator[CassandraStore]:
    """One store per session built as the app does on Astra: schema applied without CREATE
    KEYSPACE (a kept keyspace whose migrations were edited is emptied of its tables by the
    superuser first), then `CassandraStore.from_settings` through the bundle."""
    settings = astra.settings()
    cluster = build_cluster(settings)
    try:
        session = connect(cluster)
        try:
            apply_schema(session, astra.keyspace, create_keyspace=False)
        except ConfigError:
            drop_tables(astra.admin, astra.keyspace)
            apply_schema(session, astra.keyspace, create_keyspace=False)
    finally:
        cluster.shutdown()
    store = CassandraStore.from_settings(settings)
    astra.truncate()
    yield store
    store.close()


def drop_tables(admin, keyspace: str) -> None:
    """Drop every table of a keyspace, keeping the keyspace (and the grants on it)."""
    for row in admin.execute(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = %s", [keyspace]
    ):
        name = row["table_name"] if isinstance(row, dict) else row.table_name  # either factory
        admin.execute(f"DROP TABLE IF EXISTS {keyspace}.{name}", timeout=120)


@pytest.fixture
def astra_store_factory(astra: AstraEmulation, astra_session_store: CassandraStore):
    """Returns a callable giving the empty Astra store (every table truncated)."""

    def empty() -> CassandraStore:
        astra.truncate()
        return astra_session_store

    return empty
