"""Time to feedback by reminders received, on SQLite (core/feedback_times.py): the schema step
that keeps each scorecard's first submission (`feedback.first_at`, `feedback.reminders_before`)
and every reminder sent (`reminder_sent`: one row per reminder message, so a reminder recorded
twice counts once), and the Insights chart's query: the scorecards of the interviews that ended
in the window, added up in Python by the same function Cassandra's write path counts with.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime, timedelta

from ...core import feedback_times
from ...core.reminder_log import ReminderLine
from .rows import feedback_row, text_time, time_text

SCHEMA = """
ALTER TABLE feedback ADD COLUMN first_at TEXT;
ALTER TABLE feedback ADD COLUMN reminders_before INTEGER;
CREATE TABLE IF NOT EXISTS reminder_sent (
    interview_id TEXT NOT NULL, recipient_id TEXT NOT NULL, message_id TEXT NOT NULL,
    at TEXT NOT NULL, PRIMARY KEY (interview_id, recipient_id, message_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS interviews_by_end ON interviews(scheduled_end);
"""


def add_feedback_times(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def feedback_times_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reminder_sent'"
        ).fetchone()
    )


SENT = "SELECT recipient_id, at FROM reminder_sent WHERE interview_id = ? ORDER BY at"


def sent_of(rows: list[sqlite3.Row]) -> dict[uuid.UUID, tuple[datetime, ...]]:
    """When each person was sent each reminder (rows of SENT)."""
    out: dict[uuid.UUID, list[datetime]] = {}
    for r in rows:
        out.setdefault(uuid.UUID(r["recipient_id"]), []).append(text_time(r["at"]))
    return {k: tuple(v) for k, v in out.items()}


def sent_times(
    db: sqlite3.Connection, interview_id: uuid.UUID
) -> dict[uuid.UUID, tuple[datetime, ...]]:
    """When each person was sent each reminder about the interview."""
    return sent_of(db.execute(SENT, (str(interview_id),)).fetchall())


def record_sent(db: sqlite3.Connection, interview_id: uuid.UUID, line: ReminderLine) -> None:
    """A sent reminder, once per message (inside the caller's transaction)."""
    if line.message_id is None:
        return
    db.execute(
        "INSERT OR IGNORE INTO reminder_sent (interview_id, recipient_id, message_id, at) "
        "VALUES (?, ?, ?, ?)",
        (str(interview_id), str(line.recipient_id), str(line.message_id), time_text(line.at)),
    )


def chart_rows(
    db: sqlite3.Connection, first_week: str, last_week: str
) -> list[tuple[str, str, int]]:
    """(week, 'group|metric', n) for the interviews that ended from `first_week` to the end of
    `last_week` (through `interviews_by_end`)."""
    end = (date.fromisoformat(last_week) + timedelta(days=7)).isoformat()
    sums: dict[tuple[str, str], int] = {}
    for r in db.execute(
        "SELECT f.*, i.scheduled_end AS interview_end FROM interviews i "
        "JOIN feedback f ON f.interview_id = i.interview_id "
        "WHERE i.scheduled_end >= ? AND i.scheduled_end < ?",
        (first_week, end),
    ):
        for key, n in feedback_times.contributions(
            text_time(r["interview_end"]), feedback_row(r)
        ).items():
            sums[key] = sums.get(key, 0) + n
    return [(week, b, n) for (week, b), n in sums.items()]
