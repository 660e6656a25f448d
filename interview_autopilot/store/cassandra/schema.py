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

from ...errors import ConfigError, StoreError
from ...paths import CQL_SCHEMA

SCHEMA_FILE = CQL_SCHEMA
DDL_TIMEOUT_SECONDS = 60.0  # schema changes wait for agreement; Astra can take a while
_KEYSPACE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,47}$")
_CREATE_RE = re.compile(
    r"^(CREATE\s+(?:TABLE|TYPE)\s+IF\s+NOT\s+EXISTS\s+|ALTER\s+TABLE\s+"
    r"|CREATE\s+(?:CUSTOM\s+)?INDEX\s+IF\s+NOT\s+EXISTS\s+\w+\s+ON\s+)(\w+)\b",
    re.I,
)
_INDEX_RE = re.compile(r"CREATE\s+(?:CUSTOM\s+)?INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)", re.I)


def schema_statements(text: str | None = None) -> list[str]:
    """The CQL statements of the schema file, comments stripped, one per item."""
    text = SCHEMA_FILE.read_text(encoding="utf-8") if text is None else text
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # block comments
    lines = [re.split(r"//|--", line, maxsplit=1)[0] for line in text.splitlines()]
    statements = (" ".join(s.split()) for s in "\n".join(lines).split(";"))
    return [s for s in statements if s]


def table_names(text: str | None = None) -> list[str]:
    """The tables the schema file creates, in file order."""
    names = []
    for statement in schema_statements(text):
        match = re.match(r"CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+(\w+)", statement, re.I)
        if match:
            names.append(match.group(1))
    return names


def qualify(statement: str, keyspace: str) -> str:
    """`CREATE TABLE IF NOT EXISTS t` -> `... keyspace.t` (the file names no keyspace)."""
    return _CREATE_RE.sub(lambda m: f"{m.group(1)}{keyspace}.{m.group(2)}", statement, count=1)


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
    from . import migrations  # it reads the migration files with this module's parser

    executed += migrations.apply(session, keyspace, DDL_TIMEOUT_SECONDS, say)
    # The driver already waits after each DDL; this last check makes a silent disagreement loud.
    if not session.cluster.control_connection.wait_for_schema_agreement(wait_time=30):
        raise StoreError("The Cassandra nodes did not agree on the schema within 30 s; retry.")
    return executed


def keyspace_exists(session: Session, keyspace: str) -> bool:
    """True when the cluster knows the keyspace (metadata refreshed first)."""
    session.cluster.refresh_schema_metadata(max_schema_agreement_wait=10)
    return keyspace in session.cluster.metadata.keyspaces


def index_names(text: str | None = None) -> list[str]:
    """The indexes the schema file creates, in file order."""
    found = (_INDEX_RE.match(s) for s in schema_statements(text))
    return [m.group(1) for m in found if m]


def added_columns(text: str | None = None) -> list[tuple[str, str]]:
    """(table, column) of every column the schema file's `ALTER TABLE t ADD IF NOT EXISTS`
    statements add (the upgrades of older keyspaces), in file order."""
    out = []
    for statement in schema_statements(text):
        match = re.match(
            r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+IF\s+NOT\s+EXISTS\s+(.*)$", statement, re.I
        )
        if match:
            columns = match.group(2).strip().strip("()").split(",")
            out += [(match.group(1), c.split()[0]) for c in columns if c.strip()]
    return out


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


def check_keyspace_name(keyspace: str, setting: str = "The keyspace") -> str:
    """Keyspace names are formatted into CQL, so only plain identifiers are accepted."""
    if not _KEYSPACE_RE.match(keyspace):
        raise ConfigError(
            f"{setting} is '{keyspace}'; a keyspace name is a letter then up to 47 letters, "
            "digits or underscores."
        )
    return keyspace


def _pair(row: object) -> tuple[str, str]:
    """The first two columns of a row, whatever the session's row factory."""
    values = list(row.values()) if isinstance(row, dict) else list(row)  # type: ignore[call-overload]
    return str(values[0]), str(values[1])


def _first(row: object) -> str:
    """The first column of a row, whatever the session's row factory (tuple or dict)."""
    if isinstance(row, dict):
        return str(next(iter(row.values())))
    return str(row[0])  # type: ignore[index]
