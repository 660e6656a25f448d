"""`st.connection` for Apache Cassandra and DataStax Astra DB.

```python
import streamlit as st
from .st_cassandra import CassandraConnection

conn = st.connection("cassandra", type=CassandraConnection)
df = conn.query("SELECT * FROM users LIMIT 10", ttl=60)
```

Configured from `[connections.cassandra]` in `.streamlit/secrets.toml` (or keyword arguments
to `st.connection`): `contact_points` (a list or a comma-separated string), `port`,
`username`, `password`, `local_dc`, `keyspace`; or, for Astra, `secure_connect_bundle` and
`token` (and `keyspace`). Optional: `connect_timeout`, `request_timeout` (seconds). The
cluster is built by the same code as the app's settings path (`store.cassandra.connection`):
LOCAL_QUORUM, token-aware, rows as dicts, the same one-line errors.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from cassandra.cluster import Cluster, Session
from cassandra.query import PreparedStatement
from streamlit.connections import BaseConnection

from ..core.settings import Settings
from ..store import Store
from ..store.cassandra.connection import ClusterConfig, build_cluster, cluster_config, connect

SECTION = "cassandra"  # the default connection name: [connections.cassandra]
log = logging.getLogger(__name__)

# secrets key -> (setting for a node by contact points, setting for Astra)
_KEYS: dict[str, tuple[str | None, str | None]] = {
    "contact_points": ("CASSANDRA_CONTACT_POINTS", None),
    "port": ("CASSANDRA_PORT", None),
    "username": ("CASSANDRA_USERNAME", None),
    "password": ("CASSANDRA_PASSWORD", None),
    "local_dc": ("CASSANDRA_LOCAL_DC", None),
    "keyspace": ("CASSANDRA_KEYSPACE", "ASTRA_KEYSPACE"),
    "connect_timeout": ("CASSANDRA_CONNECT_TIMEOUT_SECONDS", "ASTRA_CONNECT_TIMEOUT_SECONDS"),
    "request_timeout": ("CASSANDRA_REQUEST_TIMEOUT_SECONDS", "ASTRA_REQUEST_TIMEOUT_SECONDS"),
    "secure_connect_bundle": (None, "ASTRA_SECURE_CONNECT_BUNDLE_PATH"),
    "token": (None, "ASTRA_DB_TOKEN"),
}


def connection_settings(params: Mapping[str, Any]) -> Settings:
    """The app's Settings equivalent to a `[connections.cassandra]` section (no network):
    Astra when it names a secure connect bundle, else a node by contact points."""
    astra = bool(params.get("secure_connect_bundle"))
    values: dict[str, str] = {"DB_BACKEND": "astra" if astra else "cassandra"}
    for key, value in params.items():
        if key not in _KEYS:
            continue
        name = _KEYS[key][1 if astra else 0]
        if name is None or value is None:
            continue
        if isinstance(value, Sequence) and not isinstance(value, str):
            value = ",".join(str(v) for v in value)
        values[name] = str(value)
    return Settings.load(env=values, secrets={}, dotenv_path=Path("/nonexistent"))


def section(name: str = SECTION) -> dict[str, Any]:
    """`[connections.<name>]` of st.secrets as a dict; {} without one. Read through `st.secrets`
    (not `BaseConnection._secrets`, which only sees a secrets file, never AppTest's secrets)."""
    try:
        connections = st.secrets.get("connections", {})
    except FileNotFoundError:
        return {}
    found = connections.get(name) if isinstance(connections, Mapping) else None
    return {str(k): v for k, v in found.items()} if isinstance(found, Mapping) else {}


def has_section(name: str = SECTION) -> bool:
    """Whether `.streamlit/secrets.toml` has a `[connections.<name>]` section."""
    return bool(section(name))


class CassandraConnection(BaseConnection[Session]):
    """A driver Session from `[connections.<name>]`; `query()` gives cached DataFrames."""

    _cluster: Cluster
    _config: ClusterConfig
    _prepared: dict[str, PreparedStatement]

    def _connect(self, **kwargs: Any) -> Session:
        params = {**section(self._connection_name), **kwargs}
        settings = connection_settings(params)
        self._config = cluster_config(settings)
        self._prepared = {}
        self._cluster = build_cluster(settings)
        try:
            session = connect(self._cluster, self._config.backend)
        except BaseException:
            self._cluster.shutdown()
            raise
        if params.get("keyspace"):
            session.set_keyspace(self._config.keyspace)
        return session

    @property
    def session(self) -> Session:
        """The driver session, for anything `query` does not do (writes, paging, async)."""
        return self._instance

    @property
    def cluster(self) -> Cluster:
        return self._cluster

    @property
    def config(self) -> ClusterConfig:
        """Backend (cassandra or astra), keyspace and request timeout of this connection."""
        return self._config

    def _statement(self, cql: str) -> PreparedStatement:
        if cql not in self._prepared:
            self._prepared[cql] = self.session.prepare(cql)
        return self._prepared[cql]

    def query(
        self,
        cql: str,
        params: Sequence[Any] | Mapping[str, Any] | None = None,
        ttl: float | int | timedelta | None = None,
    ) -> pd.DataFrame:
        """Run `cql` (prepared once; `?` or `:name` markers bound from `params`) and return
        every row as a DataFrame, cached by (cql, params) for `ttl` (None: until cleared)."""

        @st.cache_data(
            ttl=ttl,
            show_spinner="Running `cassandra.query(...)`.",
            hash_funcs={CassandraConnection: lambda c: str(c._connection_instance_id)},
        )
        def _query(
            conn: CassandraConnection, cql: str, params: Any
        ) -> pd.DataFrame:  # conn's id keys the cache
            rows = conn.session.execute(conn._statement(cql), params)
            return pd.DataFrame(list(rows))

        return _query(self, cql, _hashable(params))

    def close(self) -> None:
        """Shut the cluster down (st.connection's `on_release`: a cleared resource cache)."""
        self._cluster.shutdown()

    def reset(self) -> None:
        """Changed secrets: the next use connects again (a store on the old session, like the
        app's, keeps failing until its own cache is cleared)."""
        self._cluster.shutdown()
        super().reset()


def _hashable(params: Sequence[Any] | Mapping[str, Any] | None) -> Any:
    if params is None:
        return None
    if isinstance(params, Mapping):
        return dict(params)
    return list(params)


def shared_store(settings: Settings, name: str = SECTION) -> Store:
    """The app's store on `st.connection(name)`'s session (which stays open when the store
    closes). The section's `keyspace`, else the app's CASSANDRA_KEYSPACE / ASTRA_KEYSPACE."""
    from ..store.cassandra import CassandraStore  # the SQLite default never loads the driver

    found = section(name)
    extra: dict[str, Any] = {}
    if not found.get("keyspace"):
        astra = bool(found.get("secure_connect_bundle"))
        extra["keyspace"] = settings["ASTRA_KEYSPACE" if astra else "CASSANDRA_KEYSPACE"]
    conn = st.connection(name, type=CassandraConnection, **extra)
    log.info("opening the store on st.connection(%r): keyspace %s", name, conn.config.keyspace)
    return CassandraStore.on_shared_session(conn.cluster, conn.session, conn.config)
