"""Interviews per status on SQLite without reading the interviews: `status_counts`, kept by
triggers in the same transaction as every insert, delete and status change (so it is exact by
construction, whoever writes), read in time independent of the number of interviews. Created and
filled from the interviews by a schema step (migrations.py); the doctor compares it with a
GROUP BY and `--repair` refills it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ...core.models import DoctorReport, InterviewStatus

DDL = """
CREATE TABLE IF NOT EXISTS status_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS status_counts_insert AFTER INSERT ON interviews BEGIN
    INSERT INTO status_counts VALUES (NEW.status, 1)
        ON CONFLICT(status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS status_counts_delete AFTER DELETE ON interviews BEGIN
    UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
END;
CREATE TRIGGER IF NOT EXISTS status_counts_update AFTER UPDATE OF status ON interviews
WHEN OLD.status IS NOT NEW.status BEGIN
    UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
    INSERT INTO status_counts VALUES (NEW.status, 1)
        ON CONFLICT(status) DO UPDATE SET n = n + 1;
END;
"""
RECOUNT = "SELECT status, COUNT(*) AS n FROM interviews GROUP BY status"


def create_and_fill(db: sqlite3.Connection) -> None:
    """The table and its triggers, filled from the interviews (a schema step: inside the
    caller's transaction)."""
    for statement in statements(DDL):
        db.execute(statement)
    _refill(db)


def statements(script: str) -> list[str]:
    """A script's statements (a trigger body holds semicolons: split on complete statements),
    to run one by one inside a transaction (executescript would commit on its own)."""
    out, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out


def _refill(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM status_counts")
    db.execute(f"INSERT INTO status_counts {RECOUNT}")


def read(db: sqlite3.Connection) -> dict[InterviewStatus, int]:
    """Interviews per status: four rows read, whatever the volume."""
    counts = dict.fromkeys(InterviewStatus, 0)
    for status, n in db.execute("SELECT status, n FROM status_counts").fetchall():
        try:
            counts[InterviewStatus(status)] = max(int(n), 0)
        except ValueError:
            continue  # a status this version does not know
    return counts


def check(
    db: sqlite3.Connection, report: DoctorReport, problem: Callable[[str], None], repair: bool
) -> None:
    """Compare the kept counts with a recount (inside the caller's transaction)."""
    stored = {s: n for s, n in db.execute("SELECT status, n FROM status_counts").fetchall()}
    actual = {s: n for s, n in db.execute(RECOUNT).fetchall()}
    wrong = False
    for status in sorted(set(stored) | set(actual)):
        if stored.get(status, 0) != actual.get(status, 0):
            problem(
                f"status_counts {status}: {stored.get(status, 0)}, "
                f"the interviews say {actual.get(status, 0)}"
            )
            wrong = True
    if wrong and repair:
        _refill(db)
        report.repaired += 1
