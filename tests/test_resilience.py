"""The database fails, the app does not: plain messages, never tracebacks, and recovery by itself.

Cassandra: the app (AppTest) talks to the real node through a TcpProxy (support/tcp_proxy.py), so a
test can refuse connections, drop them, or stall them, and then bring the database back. The app
is never restarted and no button is pressed: the next rerun must simply work again. SQLite: an
unusable SQLITE_PATH is a plain error too.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from cassandra import cluster as cassandra_cluster
from streamlit.testing.v1 import AppTest
from support.node import cassandra_test_settings
from support.payloads import shown
from support.tcp_proxy import DOWN, STALL, UP, TcpProxy

from interview_autopilot.core.errors import StoreUnavailable
from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.core.settings import Settings
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store import PAGE_SIZE
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.connection import build_cluster, connect

APP = str(Path(__file__).resolve().parent.parent / "app.py")
RECOVERY_SECONDS = 20.0  # the reconnection policy retries within 0.5–10 s; allow two tries
TIMEOUT_SECONDS = 1  # CASSANDRA_REQUEST_TIMEOUT_SECONDS in the stall test
# The node's loss and return are timed (recovery, a bounded stall): run alone, not beside
# other test processes competing for the cores.
pytestmark = [pytest.mark.serial, pytest.mark.timed]  # timed recovery


def open_clusters() -> set[object]:
    """The driver's Clusters not yet shut down (it tracks them to shut them down at exit)."""
    return set(cassandra_cluster._clusters_for_shutdown)


def clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()  # closes the app's store


@pytest.fixture
def fresh_app() -> Iterator[None]:
    """No store or cached read survives from another test, and the app leaks no Cluster."""
    clear_caches()
    before = open_clusters()
    yield
    clear_caches()
    assert open_clusters() <= before, "the app's Cassandra Cluster was not shut down"


@pytest.fixture
def node(cassandra_store_factory) -> CassandraStore:
    """The test keyspace holding the sample data, written directly (not through the proxy)."""
    store = cassandra_store_factory()
    ensure_sample_data(store)
    return store


@pytest.fixture
def proxy(node: CassandraStore) -> Iterator[TcpProxy]:
    """A proxy in front of the node, DOWN at first; it shuts itself after 90 s at the latest."""
    settings = cassandra_test_settings(node.keyspace)
    if settings["CASSANDRA_CONTACT_POINTS"] not in ("127.0.0.1", "localhost"):
        pytest.skip("the proxy fronts a single local node (the driver would find your peers)")
    with TcpProxy(int(settings["CASSANDRA_PORT"]), lifetime=90) as p:
        yield p


@pytest.fixture
def app_env(node: CassandraStore, proxy: TcpProxy, fresh_app, monkeypatch) -> dict[str, str]:
    """The app on the node's keyspace, through the proxy, with short timeouts."""
    settings = cassandra_test_settings(node.keyspace)
    env = {k: v for k, v in settings.values.items() if k.startswith("CASSANDRA_")} | {
        "DB_BACKEND": "cassandra",
        "LOAD_SAMPLE_DATA": "false",
        "CASSANDRA_CONTACT_POINTS": "127.0.0.1",
        "CASSANDRA_PORT": str(proxy.port),
        "CASSANDRA_CONNECT_TIMEOUT_SECONDS": "2",
        "CASSANDRA_REQUEST_TIMEOUT_SECONDS": "2",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def rerun(at: AppTest) -> AppTest:
    """A rerun that really asks the database (no cached read answers it), never a traceback."""
    st.cache_data.clear()
    at.run(timeout=30)
    assert not at.exception, at.exception
    return at


INTERVIEWS = "pages/interviews.py"  # the home page is the default; the list is one click away


def rows_shown(at: AppTest) -> int:
    tables = [d for d in at.dataframe if d.key == "interviews_table"]
    return len(tables[0].value) if tables else 0


def plain_errors(at: AppTest) -> list[str]:
    """The error messages as the reader sees them (they are sent escaped, see `inert`)."""
    return [shown(e.value) for e in at.error]


def started(proxy: TcpProxy) -> AppTest:
    """The app's first run with the database up, then the Interviews list."""
    proxy.set_mode(UP)
    at = AppTest.from_file(APP, default_timeout=30).run(timeout=30)
    assert not at.exception, at.exception
    at.switch_page(INTERVIEWS).run(timeout=30)
    assert not at.exception, at.exception
    assert rows_shown(at) == PAGE_SIZE and not at.error
    return at


# --- Cassandra ----------------------------------------------------------------------------------
@pytest.mark.cassandra
def test_database_down_at_first_start_is_a_message_then_the_next_rerun_works(app_env, proxy):
    assert proxy.mode == DOWN  # connection refused, as with a stopped node
    at = AppTest.from_file(APP, default_timeout=30).run(timeout=30)
    assert not at.exception, at.exception
    [message] = plain_errors(at)
    assert "not reachable" in message and "CASSANDRA_CONTACT_POINTS" in message
    assert rows_shown(at) == 0

    proxy.set_mode(UP)
    at.switch_page(INTERVIEWS)  # the pages were registered before the connection failed
    rerun(at)  # the same app, no restart: a failed connect was not cached
    assert rows_shown(at) == PAGE_SIZE and not at.error


@pytest.mark.cassandra
def test_database_lost_while_running_is_a_message_and_the_app_reconnects_by_itself(app_env, proxy):
    at = started(proxy)
    app_cluster = open_clusters()

    proxy.set_mode(DOWN)  # every connection dropped, new ones refused
    rerun(at)
    [message] = plain_errors(at)
    assert "not reachable" in message
    assert rows_shown(at) == 0

    proxy.set_mode(UP)
    began = time.monotonic()
    while time.monotonic() - began < RECOVERY_SECONDS:
        rerun(at)
        if rows_shown(at):
            break
        assert "not reachable" in plain_errors(at)[0]  # until then, the same plain message
        time.sleep(0.25)
    assert rows_shown(at) == PAGE_SIZE and not at.error, (
        f"not back {RECOVERY_SECONDS} s after the database returned"
    )
    # The driver reconnected the app's own Cluster: nothing was rebuilt, nothing restarted.
    assert open_clusters() == app_cluster


@pytest.mark.cassandra
def test_a_request_timeout_is_a_message_not_a_traceback(app_env, proxy, monkeypatch):
    monkeypatch.setenv("CASSANDRA_REQUEST_TIMEOUT_SECONDS", str(TIMEOUT_SECONDS))
    at = started(proxy)

    proxy.set_mode(STALL)  # connections stay open, nothing answers
    began = time.monotonic()
    rerun(at)
    waited = time.monotonic() - began
    [message] = plain_errors(at)
    assert "not reachable" in message and "did not answer within the request timeout" in message
    assert waited < TIMEOUT_SECONDS + 5  # the configured timeout bounds the wait

    proxy.set_mode(UP)  # the late answers arrive; the connections are usable again
    rerun(at)
    assert rows_shown(at) == PAGE_SIZE and not at.error


@pytest.mark.cassandra
def test_typed_feedback_survives_an_outage_and_is_stored_when_the_node_is_back(
    app_env, proxy, node
):
    """A failed submit clears no cache, so a rerun while the node is away still draws the form
    with what was typed; the first submit after recovery stores it as typed."""
    at = started(proxy)
    row = node.list_interviews_by_status(InterviewStatus.COMPLETED).rows[0]
    iid = str(row.interview_id)
    user = next(p for p in node.list_participants(row.interview_id) if not p.has_feedback)
    at.session_state["viewer"] = str(user.user_id)  # the demo's "Viewing as": the author
    at.switch_page("pages/feedback.py")
    at.query_params.update({"interview": iid})
    at.run(timeout=30)
    assert at.selectbox(key="fb_interviewer").value == str(user.user_id)
    typed = "Typed before the outage; must not be lost."
    at.radio(key="fb_decision").set_value("yes")
    at.text_area(key="fb_comment").set_value(typed)

    proxy.set_mode(DOWN)
    for _ in range(2):  # two submits while the node is away
        at.button(key="fb_submit").click().run(timeout=30)
        assert not at.exception, at.exception
        assert any("not reachable" in m for m in plain_errors(at))
        assert at.text_area(key="fb_comment").value == typed
        assert at.radio(key="fb_decision").value == "yes"
        assert at.selectbox(key="fb_interviewer").value == str(user.user_id)

    proxy.set_mode(UP)
    began = time.monotonic()
    while node.get_feedback(row.interview_id, user.user_id) is None:
        assert time.monotonic() - began < RECOVERY_SECONDS, "not stored after the node returned"
        try:
            submit = at.button(key="fb_submit")
        except KeyError:  # a read the cache no longer held failed: the driver has the node down
            assert any("not reachable" in m for m in plain_errors(at))
            at.run(timeout=30)  # until it reconnects, as a person trying again would
        else:
            submit.click().run(timeout=30)
        assert not at.exception, at.exception
        time.sleep(0.25)
    stored = node.get_feedback(row.interview_id, user.user_id)
    assert stored is not None and (stored.decision.value, stored.comment) == ("yes", typed)


def test_the_driver_retries_a_lost_node_within_seconds_and_never_gives_up():
    # The driver's default waits up to 10 minutes between attempts and stops after 64 of them;
    # the test above recovers in about a second either way, so the schedule is checked here.
    cluster = build_cluster(cassandra_test_settings("any_keyspace"))  # not connected
    try:
        delays = list(itertools.islice(cluster.reconnection_policy.new_schedule(), 1000))
    finally:
        cluster.shutdown()
    assert len(delays) == 1000  # not exhausted: a node back after hours is still picked up
    assert delays[0] <= 1 and max(delays) <= 10


def test_a_node_that_takes_the_control_connection_but_no_pool_is_unavailable_not_a_crash(node):
    # The driver's NoHostAvailable then carries a list of addresses, not its usual dict of
    # errors: connect() read it as a dict and crashed with an AttributeError (seen when the node
    # stopped between the two). The proxy lets one connection through, closes the next ones.
    settings = cassandra_test_settings(node.keyspace)
    with TcpProxy(int(settings["CASSANDRA_PORT"]), lifetime=30, max_connections=1) as proxy:
        proxy.set_mode(UP)
        env = {k: v for k, v in settings.values.items()} | {
            "CASSANDRA_CONTACT_POINTS": "127.0.0.1",
            "CASSANDRA_PORT": str(proxy.port),
            "CASSANDRA_CONNECT_TIMEOUT_SECONDS": "2",
        }
        cluster = build_cluster(Settings.load(env=env, dotenv_path=Path("/nonexistent")))
        try:
            with pytest.raises(StoreUnavailable, match="no connection could be opened to"):
                connect(cluster)
        finally:
            cluster.shutdown()


# --- SQLite -------------------------------------------------------------------------------------
def test_an_unusable_sqlite_path_is_a_message_then_fixing_it_works(
    tmp_path, fresh_app, monkeypatch
):
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("LOAD_SAMPLE_DATA", "true")
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path))  # a folder, not a database file
    at = AppTest.from_file(APP, default_timeout=30).run(timeout=30)
    assert not at.exception, at.exception
    [message] = plain_errors(at)
    assert "SQLITE_PATH" in message and str(tmp_path) in message

    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "app.db"))
    at.button(key="retry_connect").click()
    rerun(at)
    assert not at.error
    at.switch_page(INTERVIEWS)
    rerun(at)
    assert rows_shown(at) == PAGE_SIZE and not at.error
