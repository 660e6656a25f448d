"""Self-scheduling links on SQLite: a mixin of SqliteStore, and its schema step.

One row per link (`booking_links`), as Cassandra's `booking_links_by_id`; a pick's claim and
the link's use are each one transaction that checks the row first (BEGIN IMMEDIATE), as the
conditional writes do on Cassandra (core/booking_links.py).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from ...core.booking_links import BookingLink, check_link, claim_free, slots_of, slots_text
from ...core.errors import ValidationError
from ...core.models import to_utc
from ...core.validation import require_id
from .rows import text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS booking_links (
    link_id TEXT PRIMARY KEY, candidate_id TEXT NOT NULL, recruiter_id TEXT NOT NULL,
    job_id TEXT NOT NULL, job_title TEXT NOT NULL, stage_name TEXT NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT, expires_at TEXT NOT NULL, slots TEXT NOT NULL,
    claim_id TEXT, claimed_at TEXT, used_at TEXT, interview_id TEXT) WITHOUT ROWID
"""


def add_booking_links(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    db.execute(SCHEMA)


def booking_links_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'booking_links'"
        ).fetchone()
    )


def _id(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _time(value: str | None) -> datetime | None:
    return text_time(value) if value else None


def _link(row: sqlite3.Row) -> BookingLink:
    return BookingLink(
        uuid.UUID(row["link_id"]),
        uuid.UUID(row["candidate_id"]),
        uuid.UUID(row["recruiter_id"]),
        uuid.UUID(row["job_id"]),
        row["job_title"],
        row["stage_name"],
        text_time(row["created_at"]),
        text_time(row["expires_at"]),
        slots_of(row["slots"]),
        _id(row["created_by"]),
        _id(row["claim_id"]),
        _time(row["claimed_at"]),
        _time(row["used_at"]),
        _id(row["interview_id"]),
    )


def _read(db: sqlite3.Connection, link_id: uuid.UUID) -> BookingLink | None:
    row = db.execute("SELECT * FROM booking_links WHERE link_id = ?", (str(link_id),)).fetchone()
    return _link(row) if row else None


class BookingLinksMixin:
    """Needs the store's transaction and plain reads (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    _rows: Callable[..., list[sqlite3.Row]]

    def add_booking_link(self, link: BookingLink) -> None:
        checked = check_link(link)
        with self._tx() as db:
            if _read(db, checked.link_id) is not None:
                raise ValidationError("link", "A booking link with that id exists already.")
            db.execute(
                "INSERT INTO booking_links (link_id, candidate_id, recruiter_id, job_id, "
                "job_title, stage_name, created_at, created_by, expires_at, slots) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(checked.link_id),
                    str(checked.candidate_id),
                    str(checked.recruiter_id),
                    str(checked.job_id),
                    checked.job_title,
                    checked.stage_name,
                    time_text(checked.created_at),
                    str(checked.created_by) if checked.created_by else None,
                    time_text(checked.expires_at),
                    slots_text(checked.slots),
                ),
            )

    def get_booking_link(self, link_id: uuid.UUID) -> BookingLink | None:
        rows = self._rows(
            "SELECT * FROM booking_links WHERE link_id = ?", str(require_id(link_id, "link"))
        )
        return _link(rows[0]) if rows else None

    def claim_booking_link(self, link_id: uuid.UUID, claim_id: uuid.UUID, now: datetime) -> bool:
        link_id, claim_id = require_id(link_id, "link"), require_id(claim_id, "claim")
        with self._tx() as db:  # BEGIN IMMEDIATE: the row read and claimed under one lock
            held = _read(db, link_id)
            if held is None or not claim_free(held, now):
                return False
            db.execute(
                "UPDATE booking_links SET claim_id = ?, claimed_at = ? WHERE link_id = ?",
                (str(claim_id), time_text(to_utc(now)), str(link_id)),
            )
            return True

    def finish_booking_link(
        self, link_id: uuid.UUID, claim_id: uuid.UUID, interview_id: uuid.UUID, at: datetime
    ) -> bool:
        link_id, claim_id = require_id(link_id, "link"), require_id(claim_id, "claim")
        interview_id = require_id(interview_id, "interview")
        with self._tx() as db:
            changed = db.execute(
                "UPDATE booking_links SET used_at = ?, interview_id = ? "
                "WHERE link_id = ? AND claim_id = ? AND used_at IS NULL",
                (time_text(to_utc(at)), str(interview_id), str(link_id), str(claim_id)),
            ).rowcount
            return changed == 1

    def release_booking_link(self, link_id: uuid.UUID, claim_id: uuid.UUID) -> None:
        link_id, claim_id = require_id(link_id, "link"), require_id(claim_id, "claim")
        with self._tx() as db:
            db.execute(
                "UPDATE booking_links SET claim_id = NULL, claimed_at = NULL "
                "WHERE link_id = ? AND claim_id = ? AND used_at IS NULL",
                (str(link_id), str(claim_id)),
            )
