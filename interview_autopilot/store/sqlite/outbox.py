"""The autopilot's outbox on SQLite: a mixin of SqliteStore, and its schema step.

The same tables as on Cassandra: one row per attempt (indexed by its hour of due time, as the
Cassandra partitions are), one claim per message, its key unique. A claim is read and taken in
one transaction (BEGIN IMMEDIATE holds the write lock between the read and the write), so two
workers, in one process or several, never hold one message at once.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from ...core import outbox
from ...core.models import to_utc
from ...core.outbox import Action, Channel, Claim, Kind, Message, State
from .rows import text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    message_id TEXT NOT NULL, attempt INTEGER NOT NULL, bucket TEXT NOT NULL,
    due_at TEXT NOT NULL, kind TEXT NOT NULL, channel TEXT NOT NULL, interview_id TEXT NOT NULL,
    recipient_id TEXT, address TEXT NOT NULL, expect TEXT NOT NULL, created_at TEXT,
    state TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', worker TEXT NOT NULL DEFAULT '',
    settled_at TEXT, PRIMARY KEY (message_id, attempt));
CREATE INDEX IF NOT EXISTS outbox_by_due_hour ON outbox(bucket, due_at, message_id, attempt);
CREATE TABLE IF NOT EXISTS outbox_claims (
    message_id TEXT PRIMARY KEY, attempt INTEGER NOT NULL, state TEXT NOT NULL,
    worker TEXT NOT NULL, lease_until TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS autopilot_switches (
    name TEXT PRIMARY KEY, value TEXT NOT NULL, changed_by TEXT, changed_at TEXT NOT NULL);
"""


def add_outbox(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def outbox_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox_claims'"
        ).fetchone()
    )


def _message(row: sqlite3.Row) -> Message:
    return Message(
        uuid.UUID(row["message_id"]),
        row["attempt"],
        text_time(row["due_at"]),
        Kind(row["kind"]),
        Channel(row["channel"]),
        uuid.UUID(row["interview_id"]),
        uuid.UUID(row["recipient_id"]) if row["recipient_id"] else None,
        row["address"],
        row["expect"],
        text_time(row["created_at"]) if row["created_at"] else None,
        State(row["state"]),
        row["detail"],
        row["worker"],
        text_time(row["settled_at"]) if row["settled_at"] else None,
    )


def _claim(row: sqlite3.Row | None) -> Claim | None:
    if row is None:
        return None
    return Claim(
        uuid.UUID(row["message_id"]),
        row["attempt"],
        State(row["state"]),
        row["worker"],
        text_time(row["lease_until"]),
        row["detail"],
    )


def _put(db: sqlite3.Connection, m: Message) -> None:
    db.execute(
        "INSERT OR IGNORE INTO outbox (message_id, attempt, bucket, due_at, kind, channel, "
        "interview_id, recipient_id, address, expect, created_at, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'due')",
        (
            str(m.message_id),
            m.attempt,
            time_text(m.bucket),
            time_text(m.due_at),
            m.kind.value,
            m.channel.value,
            str(m.interview_id),
            str(m.recipient_id) if m.recipient_id else None,
            m.address,
            m.expect,
            time_text(m.created_at) if m.created_at else None,
        ),
    )


def _mark(
    db: sqlite3.Connection, m: Message, state: State, detail: str, worker: str, at: datetime | None
) -> None:
    db.execute(
        "UPDATE outbox SET state = ?, detail = ?, worker = CASE WHEN ? = '' THEN worker ELSE ? "
        "END, settled_at = COALESCE(?, settled_at) WHERE message_id = ? AND attempt = ?",
        (
            state.value,
            detail,
            worker,
            worker,
            time_text(at) if at else None,
            str(m.message_id),
            m.attempt,
        ),
    )


class OutboxMixin:
    """Needs the store's transaction and plain reads (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    _rows: Callable[..., list[sqlite3.Row]]

    def enqueue_messages(self, messages: list[Message]) -> None:
        with self._tx() as db:
            for m in messages:
                _put(db, m)

    def drop_messages(self, messages: list[Message]) -> None:
        with self._tx() as db:
            for m in messages:
                db.execute(
                    "DELETE FROM outbox WHERE message_id = ? AND attempt = ? AND state = 'due' "
                    "AND NOT EXISTS (SELECT 1 FROM outbox_claims WHERE message_id = ?)",
                    (str(m.message_id), m.attempt, str(m.message_id)),
                )

    def list_messages(self, start: datetime, end: datetime, limit: int = 500) -> list[Message]:
        """Every attempt due in [start, end], by due time (at most `limit`)."""
        rows = self._rows(
            "SELECT * FROM outbox WHERE bucket BETWEEN ? AND ? AND due_at BETWEEN ? AND ? "
            "ORDER BY due_at, message_id, attempt LIMIT ?",
            time_text(outbox.bucket_of(start)),
            time_text(outbox.bucket_of(end)),
            time_text(start),
            time_text(end),
            limit,
        )
        return [_message(r) for r in rows]

    def due_messages(self, now: datetime, lookback: timedelta, limit: int) -> list[Message]:
        """The attempts due by `now` (within the look-back) that have not ended."""
        rows = self._rows(
            "SELECT * FROM outbox WHERE bucket BETWEEN ? AND ? AND due_at <= ? "
            "AND state IN ('due', 'claimed') ORDER BY due_at, message_id, attempt LIMIT ?",
            time_text(outbox.bucket_of(now - lookback)),
            time_text(outbox.bucket_of(now)),
            time_text(now),
            limit,
        )
        return [_message(r) for r in rows]

    def claim_message(
        self, message: Message, worker: str, now: datetime, lease: timedelta
    ) -> Claim | None:
        """Take `message` for `worker` until now + lease, or None (held elsewhere, or ended:
        its row then records how)."""
        now = to_utc(now)
        mid = str(message.message_id)
        with self._tx() as db:
            row = db.execute("SELECT * FROM outbox_claims WHERE message_id = ?", (mid,)).fetchone()
            decision = outbox.decide(message, _claim(row), now)
            if decision.action is Action.WAIT:
                return None
            if decision.action is Action.DONE:
                _mark(db, message, decision.row_state, decision.detail, "", now)
                return None
            mine = Claim(
                message.message_id, message.attempt, State.CLAIMED, worker, to_utc(now + lease)
            )
            if decision.action is Action.NEW:
                db.execute(  # the unique key: a second insert of one message fails
                    "INSERT INTO outbox_claims (message_id, attempt, state, worker, lease_until) "
                    "VALUES (?, ?, 'claimed', ?, ?)",
                    (mid, message.attempt, worker, time_text(mine.lease_until)),
                )
            else:
                db.execute(
                    "UPDATE outbox_claims SET attempt = ?, state = 'claimed', worker = ?, "
                    "lease_until = ?, detail = '' WHERE message_id = ?",
                    (message.attempt, worker, time_text(mine.lease_until), mid),
                )
            _mark(db, message, State.CLAIMED, "", worker, None)
            return mine

    def settle_message(
        self,
        message: Message,
        claim: Claim,
        state: State,
        detail: str,
        now: datetime,
        retry: Message | None = None,
    ) -> bool:
        """Record how the attempt held by `claim` ended (and queue `retry`, its next attempt,
        in the same transaction). False when the claim was taken over meanwhile."""
        with self._tx() as db:
            held = db.execute(
                "SELECT 1 FROM outbox_claims WHERE message_id = ? AND attempt = ? AND worker = ? "
                "AND state = 'claimed'",
                (str(claim.message_id), claim.attempt, claim.worker),
            ).fetchone()
            if not held:
                return False
            if retry is not None:
                _put(db, retry)
            db.execute(
                "UPDATE outbox_claims SET state = ?, detail = ? WHERE message_id = ?",
                (state.value, detail, str(claim.message_id)),
            )
            _mark(db, message, state, detail, claim.worker, now)
            return True

    def autopilot_paused(self) -> bool:
        rows = self._rows("SELECT value FROM autopilot_switches WHERE name = 'paused'")
        return bool(rows and rows[0]["value"] == "true")

    def set_autopilot_paused(
        self, paused: bool, *, actor: uuid.UUID | None = None, now: datetime
    ) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO autopilot_switches (name, value, changed_by, changed_at) "
                "VALUES ('paused', ?, ?, ?)",
                ("true" if paused else "false", str(actor) if actor else None, time_text(now)),
            )
