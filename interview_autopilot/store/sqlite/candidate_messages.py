"""The messages a candidate was sent, on SQLite: a mixin of SqliteStore, and its schema step.

The same record as Cassandra's `messages_by_candidate`: one row per message to a candidate,
holding its last attempt's outcome.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager

from ...core.candidate_messages import SentLine
from ...core.outbox import Kind, State
from ...core.validation import require_id
from .rows import text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS candidate_messages (
    candidate_id TEXT NOT NULL, message_id TEXT NOT NULL, interview_id TEXT NOT NULL,
    at TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (candidate_id, message_id)) WITHOUT ROWID;
"""


def add_candidate_messages(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    db.execute(SCHEMA)


def candidate_messages_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'candidate_messages'"
        ).fetchone()
    )


class CandidateMessagesMixin:
    """Needs the store's transaction and plain reads (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    _rows: Callable[..., list[sqlite3.Row]]

    def record_candidate_message(self, candidate_id: uuid.UUID, line: SentLine) -> None:
        cid = require_id(candidate_id, "candidate")
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO candidate_messages (candidate_id, message_id, "
                "interview_id, at, kind, subject, state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(cid),
                    str(line.message_id),
                    str(line.interview_id),
                    time_text(line.at),
                    line.kind.value,
                    line.subject,
                    line.state.value,
                    line.detail,
                ),
            )

    def candidate_messages(self, candidate_id: uuid.UUID) -> list[SentLine]:
        cid = require_id(candidate_id, "candidate")
        rows = self._rows("SELECT * FROM candidate_messages WHERE candidate_id = ?", str(cid))
        lines = [
            SentLine(
                uuid.UUID(r["message_id"]),
                uuid.UUID(r["interview_id"]),
                text_time(r["at"]),
                Kind(r["kind"]),
                r["subject"],
                State(r["state"]),
                r["detail"],
            )
            for r in rows
        ]
        return sorted(lines, key=lambda line: (line.at, str(line.message_id)), reverse=True)
