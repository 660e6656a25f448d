"""The schema step that keeps, with an application's decision, the recommendation it was taken
on and the reason for going against it (two columns of `applications`; NULL on the rows
decided before)."""

from __future__ import annotations

import sqlite3

COLUMNS = ("decision_recommendation", "decision_against")


def add_columns(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    present = {r[1] for r in db.execute("SELECT * FROM pragma_table_info('applications')")}
    for column in COLUMNS:
        if column not in present:
            db.execute(f"ALTER TABLE applications ADD COLUMN {column} TEXT")


def columns_present(db: sqlite3.Connection) -> bool:
    present = {r[1] for r in db.execute("SELECT * FROM pragma_table_info('applications')")}
    return set(COLUMNS) <= present
