"""An interview's reminders on SQLite: a mixin of SqliteStore, and its schema step.

The same record as Cassandra's `reminders_by_interview`: the "Send a reminder now" clicks that
landed (`reminder_clicks`, one row per interview: a click lands in a transaction that reads
and raises its count) and the last reminder to each person (`reminder_last`).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from ...core.outbox import Channel, Kind, State
from ...core.reminder_log import ReminderLine, ReminderLog
from ...core.validation import require_id
from .feedback_times import SENT, record_sent, sent_of
from .rows import text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS reminder_clicks (
    interview_id TEXT PRIMARY KEY, nudges INTEGER NOT NULL, change TEXT NOT NULL,
    nudged_by TEXT, nudged_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reminder_last (
    interview_id TEXT NOT NULL, recipient_id TEXT NOT NULL, at TEXT NOT NULL,
    kind TEXT NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '', PRIMARY KEY (interview_id, recipient_id)) WITHOUT ROWID;
"""


def add_reminder_log(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def reminder_log_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reminder_last'"
        ).fetchone()
    )


class ReminderLogMixin:
    """Needs the store's transaction and plain reads (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    _rows: Callable[..., list[sqlite3.Row]]

    def reminder_log(self, interview_id: uuid.UUID) -> ReminderLog:
        iid = require_id(interview_id, "interview")
        clicks = self._rows("SELECT * FROM reminder_clicks WHERE interview_id = ?", str(iid))
        lines = self._rows("SELECT * FROM reminder_last WHERE interview_id = ?", str(iid))
        last = {
            uuid.UUID(r["recipient_id"]): ReminderLine(
                uuid.UUID(r["recipient_id"]),
                text_time(r["at"]),
                Kind(r["kind"]),
                Channel(r["channel"]),
                State(r["state"]),
                r["detail"],
            )
            for r in lines
        }
        sent = sent_of(self._rows(SENT, str(iid)))
        if not clicks:
            return ReminderLog(iid, last=last, sent=sent)
        c = clicks[0]
        return ReminderLog(
            iid,
            c["nudges"],
            uuid.UUID(c["change"]),
            uuid.UUID(c["nudged_by"]) if c["nudged_by"] else None,
            text_time(c["nudged_at"]),
            last,
            sent,
        )

    def land_nudge(
        self,
        interview_id: uuid.UUID,
        seen: int,
        change: uuid.UUID,
        by: uuid.UUID | None,
        at: datetime,
    ) -> bool:
        iid = str(require_id(interview_id, "interview"))
        with self._tx() as db:  # BEGIN IMMEDIATE: the count read and raised under one lock
            row = db.execute(
                "SELECT nudges FROM reminder_clicks WHERE interview_id = ?", (iid,)
            ).fetchone()
            if (row["nudges"] if row else 0) != seen:
                return False
            db.execute(
                "INSERT OR REPLACE INTO reminder_clicks (interview_id, nudges, change, nudged_by, "
                "nudged_at) VALUES (?, ?, ?, ?, ?)",
                (iid, seen + 1, str(change), str(by) if by else None, time_text(at)),
            )
            return True

    def record_reminder(self, interview_id: uuid.UUID, line: ReminderLine) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO reminder_last (interview_id, recipient_id, at, kind, "
                "channel, state, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    str(interview_id),
                    str(line.recipient_id),
                    time_text(line.at),
                    line.kind.value,
                    line.channel.value,
                    line.state.value,
                    line.detail,
                ),
            )
            if line.state is State.SENT:
                record_sent(db, interview_id, line)
