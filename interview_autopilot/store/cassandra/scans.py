"""Full scans of the Cassandra tables, a page at a time, with the driver's paging, for the data
inspection page (never on a screen's path: a scan reads every partition, in token order).

One prepared `SELECT * FROM ks.table` per table, made when the store is built. A page is one
request with `fetch_size` rows; the driver's `paging_state` goes back to the caller as an opaque
token: its hex, signed with a per-store secret and bound to the table. The signature matters:
the server answers a malformed paging state with a protocol error, and the driver then drops
the connection pool, so only states this store issued are ever sent back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cassandra.cluster import Session
from cassandra.query import BoundStatement, PreparedStatement

from ...core.errors import ValidationError
from ...core.models import TablePage, to_utc
from ..scan import bad_token, check_partition, check_scan


@dataclass(frozen=True)
class _Plan:
    statement: PreparedStatement
    columns: list[str]
    partition_key: list[str]
    clustering_key: list[str]


def _keys(session: Session, keyspace: str) -> dict[str, dict[str, list[str]]]:
    """table -> {'partition_key': [...], 'clustering': [...]}, each in key position order."""
    rows = session.execute(
        "SELECT table_name, column_name, kind, position FROM system_schema.columns "
        "WHERE keyspace_name = %s",
        (keyspace,),
    )
    found: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for r in rows:
        if r["kind"] in ("partition_key", "clustering"):
            kinds = found.setdefault(r["table_name"], {"partition_key": [], "clustering": []})
            kinds[r["kind"]].append((r["position"], r["column_name"]))
    return {
        t: {k: [name for _, name in sorted(v)] for k, v in kinds.items()}
        for t, kinds in found.items()
    }


def _plain(value: Any) -> object:
    """Driver values as plain Python: timestamps come naive UTC and leave aware."""
    return to_utc(value) if isinstance(value, datetime) else value


def _typed(value: str, cql_type: str, column: str) -> object:
    """A partition key value typed as its column (the text a person types in a filter)."""
    try:
        if cql_type in ("uuid", "timeuuid"):
            return uuid.UUID(value.strip())
        if cql_type in ("int", "bigint", "smallint", "tinyint", "varint"):
            return int(value)
        if cql_type == "timestamp":
            return to_utc(datetime.fromisoformat(value.strip()))
        if cql_type == "date":
            return date.fromisoformat(value.strip())
        if cql_type == "boolean":
            return value.strip().lower() in ("true", "1", "yes")
    except ValueError:
        raise ValidationError(
            "partition", f"{column} takes a {cql_type} value; that is not one."
        ) from None
    return value


class CassandraTableScans:
    """The prepared scan of each of the app's tables, prepared once when the store is built
    (the scan of one partition, `WHERE pk = ?`, prepared on its first use)."""

    def __init__(self, session: Session, keyspace: str, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self._keyspace = keyspace
        self._by_partition: dict[str, PreparedStatement] = {}
        self._secret = secrets.token_bytes(32)  # tokens live as long as this store
        keys = _keys(session, keyspace)
        self._plans: dict[str, _Plan] = {}
        for table in self.tables:  # names from cql/schema.cql, the keyspace checked
            statement = session.prepare(f"SELECT * FROM {keyspace}.{table}")
            statement.is_idempotent = True
            table_keys = keys.get(table, {})
            self._plans[table] = _Plan(
                statement,
                [c[2] for c in statement.result_metadata or []],
                table_keys.get("partition_key", []),
                table_keys.get("clustering", []),
            )

    def page(
        self,
        session: Session,
        table: str,
        page_size: int,
        page_state: str | None,
        partition: dict[str, str] | None = None,
    ) -> TablePage:
        """One request of `page_size` rows from where `page_state` left off. Only the rows of
        this page are read (`current_rows`): iterating the result would fetch further pages.
        With `partition` (every partition key column), one partition only."""
        check_scan(table, self._plans, page_size)
        plan = self._plans[table]
        scope = table  # a token is valid for one table and one partition filter
        statement = BoundStatement(plan.statement, fetch_size=page_size)
        if partition is not None:
            where = check_partition(partition, plan.partition_key, exact=True)
            scope = table + "\0" + json.dumps(where, sort_keys=True)
            prepared = self._partition_statement(session, table, plan)
            types = {c.name: c.type.typename for c in prepared.column_metadata}
            values = [_typed(v, types[k], k) for k, v in where.items()]
            statement = BoundStatement(prepared, fetch_size=page_size).bind(values)
        state = self._open(scope, page_state) if page_state is not None else None
        result = session.execute(statement, paging_state=state)
        rows = [{k: _plain(v) for k, v in row.items()} for row in result.current_rows]
        next_state = self._seal(scope, result.paging_state) if result.paging_state else None
        return TablePage(plan.columns, rows, next_state, plan.partition_key, plan.clustering_key)

    def _partition_statement(self, session: Session, table: str, plan: _Plan) -> PreparedStatement:
        """`SELECT * FROM ks.table WHERE pk1 = ? AND ...` (names from the schema), once."""
        if table not in self._by_partition:
            equal = " AND ".join(f"{c} = ?" for c in plan.partition_key)
            statement = session.prepare(f"SELECT * FROM {self._keyspace}.{table} WHERE {equal}")
            statement.is_idempotent = True
            self._by_partition[table] = statement
        return self._by_partition[table]

    def _mac(self, table: str, state: bytes) -> str:
        return hmac.new(self._secret, table.encode() + b"\0" + state, hashlib.sha256).hexdigest()[
            :32
        ]

    def _seal(self, table: str, state: bytes) -> str:
        """The token: the paging state's hex and its signature."""
        return f"{state.hex()}.{self._mac(table, state)}"

    def _open(self, table: str, token: str) -> bytes:
        """The paging state inside a token this store issued for `table`; else ValidationError."""
        try:
            state_hex, mac = token.split(".")
            state = bytes.fromhex(state_hex)
        except (AttributeError, ValueError):
            raise bad_token() from None
        if not state or not hmac.compare_digest(mac.encode(), self._mac(table, state).encode()):
            raise bad_token()
        return state
