"""Every stored row of a store, read through its public table scan (`list_tables` and
`scan_table`, paged to the end): the proof that a write changed exactly what it should, or
nothing at all."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from interview_autopilot.store.base import MAX_SCAN_PAGE, Store
from interview_autopilot.store.sqlite import SqliteStore

Row = tuple[tuple[str, object], ...]
Snapshot = dict[str, dict[tuple[object, ...], Row]]
Change = tuple[str, Row | None, Row | None]  # table, row before (None: added), row after


def snapshot(store: Store) -> Snapshot:
    """table -> {primary key values: the whole row}, for every table of the store. The node's
    tables are read side by side (the driver's session is shared between threads); SQLite's
    connection belongs to one thread."""
    tables = store.list_tables()
    if isinstance(store, SqliteStore):
        return {table: _rows(store, table) for table in tables}
    with ThreadPoolExecutor(max_workers=8) as pool:
        return dict(zip(tables, pool.map(lambda table: _rows(store, table), tables), strict=True))


def _rows(store: Store, table: str) -> dict[tuple[object, ...], Row]:
    rows: dict[tuple[object, ...], Row] = {}
    state = None
    while True:
        page = store.scan_table(table, MAX_SCAN_PAGE, state)
        for row in page.rows:
            rows[tuple(row[c] for c in page.key_columns)] = tuple(sorted(row.items()))
        state = page.next_state
        if state is None:
            return rows


def diff(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every row added, removed or changed between two snapshots."""
    changes: list[Change] = []
    for table in sorted(before.keys() | after.keys()):
        old, new = before.get(table, {}), after.get(table, {})
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                changes.append((table, old.get(key), new.get(key)))
    return changes
