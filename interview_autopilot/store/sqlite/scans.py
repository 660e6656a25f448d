"""Full scans of the SQLite tables, a page at a time, for the data inspection page.

Keyset paging, never OFFSET: rowid tables page on rowid, WITHOUT ROWID tables on their primary
key, so each page is one index range read however deep the scan is. The token is the last key
read (with its table) as JSON text; it is checked, then bound, never formatted into SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ...core.models import TablePage
from ..scan import bad_token, check_partition, check_scan


@dataclass(frozen=True)
class _Plan:
    """The two statements of one table's scan (first page, page after a key) and its keys."""

    first_sql: str
    after_sql: str
    primary_key: list[str]
    paging_key: list[str]  # ["rowid"], or the primary key of a WITHOUT ROWID table
    rowid: bool


def _plan(db: sqlite3.Connection, table: str) -> _Plan:
    """Build the scan SQL of `table` (a name from the schema constant, never user input)."""
    info = db.execute(
        "SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", (table,)
    ).fetchall()
    primary_key = [name for name, _ in info]
    sql = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    rowid = "WITHOUT ROWID" not in " ".join(sql.upper().split())
    key = ["rowid"] if rowid else primary_key
    select = f"SELECT rowid, * FROM {table}" if rowid else f"SELECT * FROM {table}"
    order = f" ORDER BY {', '.join(key)} LIMIT ?"
    after = f" WHERE ({', '.join(key)}) > ({', '.join('?' * len(key))})"
    return _Plan(select + order, select + after + order, primary_key, key, rowid)


def _filtered(plan: _Plan, columns: list[str]) -> tuple[str, str]:
    """The plan's two statements with `col = ?` for each of `columns` (checked names of the
    primary key), the bound values first."""
    equal = " AND ".join(f"{c} = ?" for c in columns)
    first = plan.first_sql.replace(" ORDER BY ", f" WHERE {equal} ORDER BY ", 1)
    after = plan.after_sql.replace(" WHERE ", f" WHERE {equal} AND ", 1)
    return first, after


class SqliteTableScans:
    """The scan plans of the app's tables, built once when the store opens."""

    def __init__(self, db: sqlite3.Connection, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self._plans = {t: _plan(db, t) for t in self.tables}

    def page(
        self,
        db: sqlite3.Connection,
        table: str,
        page_size: int,
        page_state: str | None,
        partition: dict[str, str] | None = None,
    ) -> TablePage:
        """Up to `page_size` rows after the key in `page_state` (one more is read to know
        whether another page follows, so the last page never has a next token); with
        `partition`, only the rows whose key columns equal its values."""
        check_scan(table, self._plans, page_size)
        plan = self._plans[table]
        first_sql, after_sql, values = plan.first_sql, plan.after_sql, []
        if partition is not None:
            where = check_partition(partition, plan.primary_key, exact=False)
            first_sql, after_sql = _filtered(plan, list(where))
            values = list(where.values())
        if page_state is None:
            cursor = db.execute(first_sql, (*values, page_size + 1))
        else:
            key = self._key(table, plan, page_state)
            cursor = db.execute(after_sql, (*values, *key, page_size + 1))
        names = [d[0] for d in cursor.description]
        found = cursor.fetchall()
        more = len(found) > page_size
        found = found[:page_size]
        skip = 1 if plan.rowid else 0  # the rowid is the paging key, not a column of the table
        rows = [dict(zip(names[skip:], row[skip:], strict=True)) for row in found]
        next_state = None
        if more:
            last = found[-1]
            key = [last[0]] if plan.rowid else [last[names.index(c)] for c in plan.paging_key]
            next_state = json.dumps([table, *key])
        return TablePage(names[skip:], rows, next_state, plan.primary_key)

    @staticmethod
    def _key(table: str, plan: _Plan, page_state: str) -> list[object]:
        """The last key of the previous page, from a token this store issued for `table`."""
        try:
            token = json.loads(page_state)
        except (TypeError, ValueError):
            raise bad_token() from None
        if (
            not isinstance(token, list)
            or len(token) != len(plan.paging_key) + 1
            or token[0] != table
        ):
            raise bad_token()
        key = token[1:]
        kind = int if plan.rowid else str
        if not all(type(v) is kind for v in key):  # bool is no rowid
            raise bad_token()
        return key
