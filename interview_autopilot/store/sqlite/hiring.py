"""The hiring decision on SQLite: four columns on `interviews` (the source) and the same four on
`ats` (the copy the ATS record carries). Added by `upgrade` to files made before them, so an
older file opens as it did (its tables still match SCHEMA) and gains the columns."""

from __future__ import annotations

import sqlite3
import uuid

from ...models import HiringDecision
from .rows import decision_values
from .rows import hiring_from_row as from_row

COLUMNS = ("hiring_call", "hiring_reason", "hiring_by", "hiring_at")
TABLES = ("interviews", "ats")


def upgrade(db: sqlite3.Connection) -> None:
    """Add the decision columns where missing (idempotent)."""
    for table in TABLES:
        have = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}  # one of TABLES
        for column in COLUMNS:
            if column not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")  # fixed names


values = decision_values  # the four column values of a decision (all NULL without one)


def read(db: sqlite3.Connection, interview_id: uuid.UUID) -> HiringDecision | None:
    row = db.execute(
        "SELECT hiring_call, hiring_reason, hiring_by, hiring_at FROM interviews "
        "WHERE interview_id = ?",
        (str(interview_id),),
    ).fetchone()
    return from_row(row) if row else None


def put(db: sqlite3.Connection, interview_id: uuid.UUID, decision: HiringDecision) -> None:
    db.execute(
        "UPDATE interviews SET hiring_call = ?, hiring_reason = ?, hiring_by = ?, hiring_at = ? "
        "WHERE interview_id = ?",
        (*values(decision), str(interview_id)),
    )
