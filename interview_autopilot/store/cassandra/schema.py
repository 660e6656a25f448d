"""Creating a Cassandra keyspace and applying its missing migrations (`migrations.py`,
`cql/migrations/`); reading `cql/schema.cql`, the whole current schema.

The keyspace is created here only for a local node or your own cluster (NetworkTopologyStrategy
in CASSANDRA_LOCAL_DC, CASSANDRA_REPLICATION_FACTOR replicas). Astra refuses CREATE KEYSPACE:
there the keyspace must already exist, made
in the Astra UI, and a missing one is a ConfigError that says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cassandra.cluster import Session

from ...core.errors import ConfigError, StoreError
from . import migrations
from .cql_files import (
    added_columns,
    check_keyspace_name,
    index_names,
    qualify,
    schema_statements,
    table_names,
)

DDL_TIMEOUT_SECONDS = 60.0  # schema changes wait for agreement; Astra can take a while


def keyspace_statement(
    session: Session, keyspace: str, replication_factor: int, local_dc: str | None = None
) -> str:
    """CREATE KEYSPACE with NetworkTopologyStrategy in the local datacenter (the driver's view
    of the cluster names it when `local_dc` is not given). Refuses a datacenter the cluster
    does not have (NTS would place no replica there and every LOCAL_QUORUM query would fail)
    and a replication factor above the nodes it has."""
    if replication_factor < 1:
        raise ConfigError(
            f"CASSANDRA_REPLICATION_FACTOR must be 1 or more, not {replication_factor}."
        )
    nodes: dict[str, int] = {}
    for host in session.cluster.metadata.all_hosts():
        nodes[host.datacenter] = nodes.get(host.datacenter, 0) + 1
    dc = local_dc or (sorted(nodes)[0] if nodes else "datacenter1")
    if nodes and dc not in nodes:
        raise ConfigError(
            f"CASSANDRA_LOCAL_DC is '{dc}', but the cluster's datacenters are "
            f"{', '.join(sorted(nodes))}."
        )
    if nodes and replication_factor > nodes[dc]:
        raise ConfigError(
            f"CASSANDRA_REPLICATION_FACTOR is {replication_factor}, but datacenter '{dc}' has "
            f"{nodes[dc]} node(s): quorum writes would fail."
        )
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", dc):
        raise ConfigError(f"'{dc}' is not a datacenter name this command can use.")
    return (
        f"CREATE KEYSPACE IF NOT EXISTS {keyspace} WITH replication = "
        f"{{'class': 'NetworkTopologyStrategy', '{dc}': {int(replication_factor)}}}"
    )


def apply_schema(
    session: Session,
    keyspace: str,
    create_keyspace: bool,
    replication_factor: int = 1,
    local_dc: str | None = None,
    say: Callable[[str], None] | None = None,
) -> list[str]:
    """Create the keyspace (local node or own cluster only) and apply the migrations it lacks,
    in order (`migrations.apply`); safe to run again.

    Returns the statements executed. For Astra (`create_keyspace=False`) no CREATE KEYSPACE is
    ever issued: a missing keyspace raises ConfigError asking to create it in the Astra UI.
    An existing keyspace keeps its replication (change it with ALTER KEYSPACE, then repair).
    """
    check_keyspace_name(keyspace)
    executed: list[str] = []
    if create_keyspace:
        statement = keyspace_statement(session, keyspace, replication_factor, local_dc)
        session.execute(statement, timeout=DDL_TIMEOUT_SECONDS)
        executed.append(statement)
    elif not keyspace_exists(session, keyspace):
        raise ConfigError(
            f"Keyspace '{keyspace}' does not exist: create it in the Astra UI (your database > "
            "Data > Create keyspace), or set ASTRA_KEYSPACE to an existing one."
        )
    executed += migrations.apply(session, keyspace, DDL_TIMEOUT_SECONDS, say)
    # The driver already waits after each DDL; this last check makes a silent disagreement loud.
    if not session.cluster.control_connection.wait_for_schema_agreement(wait_time=30):
        raise StoreError("The Cassandra nodes did not agree on the schema within 30 s; retry.")
    return executed


def keyspace_exists(session: Session, keyspace: str) -> bool:
    """True when the cluster knows the keyspace (metadata refreshed first)."""
    session.cluster.refresh_schema_metadata(max_schema_agreement_wait=10)
    return keyspace in session.cluster.metadata.keyspaces


def missing_tables(session: Session, keyspace: str) -> list[str]:
    """The schema's tables and indexes absent from `keyspace` (all of them if the keyspace is
    missing), then the columns an upgrade adds ('table.column') absent from its tables."""
    check_keyspace_name(keyspace)
    rows = session.execute(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = %s", (keyspace,)
    )
    present = {_first(row) for row in rows}
    rows = session.execute(
        "SELECT index_name FROM system_schema.indexes WHERE keyspace_name = %s", (keyspace,)
    )
    indexes = {_first(row) for row in rows}
    rows = session.execute(
        "SELECT table_name, column_name FROM system_schema.columns WHERE keyspace_name = %s",
        (keyspace,),
    )
    columns = {_pair(row) for row in rows}
    return (
        [name for name in table_names() if name not in present]
        + [name for name in index_names() if name not in indexes]
        + [f"{t}.{c}" for t, c in added_columns() if t in present and (t, c) not in columns]
    )


def _pair(row: object) -> tuple[str, str]:
    """The first two columns of a row, whatever the session's row factory."""
    values = list(row.values()) if isinstance(row, dict) else list(row)  # type: ignore[call-overload]
    return str(values[0]), str(values[1])


def _first(row: object) -> str:
    """The first column of a row, whatever the session's row factory (tuple or dict)."""
    if isinstance(row, dict):
        return str(next(iter(row.values())))
    return str(row[0])  # type: ignore[index]


__all__ = [
    "DDL_TIMEOUT_SECONDS",
    "added_columns",
    "apply_schema",
    "check_keyspace_name",
    "index_names",
    "keyspace_exists",
    "keyspace_statement",
    "missing_tables",
    "qualify",
    "schema_statements",
    "table_names",
]
