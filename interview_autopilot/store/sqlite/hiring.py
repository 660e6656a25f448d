"""The hiring decision on SQLite: four columns on `interviews` (the source) and the same four on
`ats` (the copy the ATS record carries). Added by a schema step (migrations.py) after the
tables of SCHEMA, so a file made before them opens and gains the columns."""

from __future__ import annotations

import sqlite3
import uuid

from ...core.models import HiringDecision
from .rows import decision_values
from .rows import hiring_from_row as from_row

COLUMNS = ("hiring_call", "hiring_reason", "hiring_by", "hiring_at")
TABLES = ("interviews", "ats")


def add_columns(db: sqlite3.Connection) -> None:
    """Add the decision columns (a schema step: inside the caller's transaction)."""
    for table in TABLES:
        for column in COLUMNS:
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
