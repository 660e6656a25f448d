"""Every stored row of a store, read through its public table scan (`list_tables` and
`scan_table`, paged to the end): the proof that a write changed exactly what it should, or
nothing at all."""

from __future__ import annotations

from interview_autopilot.store.base import MAX_SCAN_PAGE, Store

Row = tuple[tuple[str, object], ...]
Snapshot = dict[str, dict[tuple[object, ...], Row]]
Change = tuple[str, Row | None, Row | None]  # table, row before (None: added), row after


def snapshot(store: Store) -> Snapshot:
    """table -> {primary key values: the whole row}, for every table of the store."""
    tables: Snapshot = {}
    for table in store.list_tables():
        rows: dict[tuple[object, ...], Row] = {}
        state = None
        while True:
            page = store.scan_table(table, MAX_SCAN_PAGE, state)
            for row in page.rows:
                rows[tuple(row[c] for c in page.key_columns)] = tuple(sorted(row.items()))
            state = page.next_state
            if state is None:
                break
        tables[table] = rows
    return tables


def diff(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every row added, removed or changed between two snapshots."""
    changes: list[Change] = []
    for table in sorted(before.keys() | after.keys()):
        old, new = before.get(table, {}), after.get(table, {})
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                changes.append((table, old.get(key), new.get(key)))
    return changes
