"""`st.connection` for Cassandra: settings mapping (no network), `query()` on the local node
through a script app with a `[connections.cassandra]` section, and the app's own store opened
through it."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from support.node import cassandra_test_settings

from interview_autopilot.ui.st_cassandra import connection_settings

APP = Path(__file__).resolve().parent.parent / "app.py"


def test_section_maps_to_the_settings_of_a_node() -> None:
    settings = connection_settings(
        {
            "contact_points": ["10.0.0.5", "10.0.0.6:9043"],
            "port": 9042,
            "username": "app",
            "password": "pw",
            "local_dc": "dc1",
            "keyspace": "ks",
        }
    )
    assert settings.backend == "cassandra"
    assert settings["CASSANDRA_CONTACT_POINTS"] == "10.0.0.5,10.0.0.6:9043"
    assert settings["CASSANDRA_USERNAME"] == "app"
    assert settings["CASSANDRA_LOCAL_DC"] == "dc1"
    assert settings["CASSANDRA_KEYSPACE"] == "ks"


def test_section_with_a_bundle_maps_to_astra() -> None:
    settings = connection_settings(
        {"secure_connect_bundle": "/b.zip", "token": "AstraCS:x", "keyspace": "ks"}
    )
    assert settings.backend == "astra"
    assert settings["ASTRA_SECURE_CONNECT_BUNDLE_PATH"] == "/b.zip"
    assert settings["ASTRA_DB_TOKEN"] == "AstraCS:x"
    assert settings["ASTRA_KEYSPACE"] == "ks"
    assert settings.describe()["ASTRA_DB_TOKEN"] == "set (hidden)"


def _section(keyspace: str) -> dict[str, object]:
    s = cassandra_test_settings(keyspace)
    return {
        "contact_points": s["CASSANDRA_CONTACT_POINTS"],
        "port": int(s["CASSANDRA_PORT"]),
        "username": s["CASSANDRA_USERNAME"],
        "password": s["CASSANDRA_PASSWORD"],
        "keyspace": keyspace,
    }


def _script() -> None:
    import streamlit as st

    from interview_autopilot.ui.st_cassandra import CassandraConnection

    conn = st.connection("cassandra", type=CassandraConnection)
    df = conn.query("SELECT release_version FROM system.local", ttl=60)
    st.write(f"rows={len(df)} columns={list(df.columns)}")
    one = conn.query(
        "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
        params=["system"],
    )
    st.write(f"keyspace={one['keyspace_name'].tolist()}")
    st.write(f"same={conn.query('SELECT release_version FROM system.local', ttl=60) is not None}")
    st.write(f"session={type(conn.session).__name__}")


@pytest.fixture
def clean_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_query_returns_dataframes_on_the_local_node(cassandra_session_store, clean_caches) -> None:
    at = AppTest.from_function(_script, default_timeout=60)
    at.secrets["connections"] = {"cassandra": _section(cassandra_session_store.keyspace)}
    at.run()
    assert not at.exception, at.exception
    texts = [m.value for m in at.markdown]
    assert "rows=1 columns=['release_version']" in texts
    assert "keyspace=['system']" in texts
    assert "session=Session" in texts


def test_the_app_opens_its_store_through_the_connection(
    cassandra_store_factory, clean_caches, monkeypatch
) -> None:
    store = cassandra_store_factory()
    section = _section(store.keyspace)
    for name, value in cassandra_test_settings(store.keyspace).values.items():
        if name.startswith("CASSANDRA_"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("DB_BACKEND", "cassandra")
    monkeypatch.setenv("LOAD_SAMPLE_DATA", "true")
    # The settings path would fail: only the [connections.cassandra] section can log in.
    monkeypatch.setenv("CASSANDRA_PASSWORD", "not-the-password")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets["connections"] = {"cassandra": section}
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert sum(store.count_by_status().values()) == 400  # the sample, loaded through it


def test_the_connection_closes_with_the_resource_cache(
    cassandra_session_store, clean_caches
) -> None:
    from cassandra import cluster as driver

    before = set(driver._clusters_for_shutdown)
    at = AppTest.from_function(_script, default_timeout=60)
    at.secrets["connections"] = {"cassandra": _section(cassandra_session_store.keyspace)}
    at.run()
    assert not at.exception, at.exception
    assert set(driver._clusters_for_shutdown) > before  # the connection's cluster, open
    st.cache_resource.clear()
    assert set(driver._clusters_for_shutdown) <= before


def test_sqlite_ignores_the_section(tmp_path, clean_caches, monkeypatch) -> None:
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "app.db"))
    at = AppTest.from_file(str(APP), default_timeout=120)
    # Nothing answers on port 1: a store that used the section would fail to connect.
    at.secrets["connections"] = {"cassandra": {"contact_points": "127.0.0.1", "port": 1}}
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert (tmp_path / "app.db").is_file()


def _keyspace_script() -> None:
    import streamlit as st

    from interview_autopilot.ui.st_cassandra import CassandraConnection

    conn = st.connection("cassandra", type=CassandraConnection)
    st.write(f"backend={conn.config.backend}")
    df = conn.query("SELECT COUNT(*) AS n FROM users", ttl=5)  # the section's keyspace is set
    st.write(f"users={int(df['n'][0])}")


def test_a_bundle_and_token_section_connects_as_astra(
    astra, astra_session_store, clean_caches
) -> None:
    """The emulated Astra (support/astra_emulation.py: TLS bundle, metadata service, token role
    on the local node)."""
    settings = astra.settings()
    at = AppTest.from_function(_keyspace_script, default_timeout=60)
    at.secrets["connections"] = {
        "cassandra": {
            "secure_connect_bundle": settings["ASTRA_SECURE_CONNECT_BUNDLE_PATH"],
            "token": settings["ASTRA_DB_TOKEN"],
            "keyspace": astra.keyspace,
        }
    }
    at.run()
    assert not at.exception, at.exception
    texts = [m.value for m in at.markdown]
    assert "backend=astra" in texts and any(t.startswith("users=") for t in texts)
