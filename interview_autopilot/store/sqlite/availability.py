"""Availability on SQLite: a mixin of SqliteStore, and its schema step.

The same layout as Cassandra's: a person's busy blocks by (person, UTC day) (`busy_blocks`, a
row in each day a block touches), a person's own interview limits (`interview_limits`) and the
interviewer pools (`interviewer_pools`, written in a transaction that compares the version).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date, datetime

from ...core.availability import (
    BusyBlock,
    LoadLimits,
    Pool,
    StalePool,
    block_days,
    check_block,
    check_day_bound,
    check_limits,
    check_pool,
)
from ...core.jobs import next_version
from ...core.models import to_utc
from ...core.seats import claim_days, overlaps
from ...core.validation import require_id
from .rows import text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS busy_blocks (
    person_id TEXT NOT NULL, day TEXT NOT NULL, block_start TEXT NOT NULL,
    block_id TEXT NOT NULL, block_end TEXT NOT NULL, title TEXT NOT NULL,
    source TEXT NOT NULL, PRIMARY KEY (person_id, day, block_start, block_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS interview_limits (
    person_id TEXT PRIMARY KEY, daily INTEGER, weekly INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS interviewer_pools (
    pool_id TEXT PRIMARY KEY, name TEXT NOT NULL, members TEXT NOT NULL,
    version INTEGER NOT NULL) WITHOUT ROWID;
"""


def add_availability(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def availability_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'interviewer_pools'"
        ).fetchone()
    )


def _block(row: sqlite3.Row) -> BusyBlock:
    return BusyBlock(
        uuid.UUID(row["person_id"]),
        uuid.UUID(row["block_id"]),
        text_time(row["block_start"]),
        text_time(row["block_end"]),
        row["title"],
        row["source"],
    )


def _day_blocks(db: sqlite3.Connection, person: uuid.UUID, days: list[date]) -> list[BusyBlock]:
    found: dict[uuid.UUID, BusyBlock] = {}
    for day in days:
        for row in db.execute(
            "SELECT * FROM busy_blocks WHERE person_id = ? AND day = ? ORDER BY block_start",
            (str(person), day.isoformat()),
        ):
            found.setdefault(uuid.UUID(row["block_id"]), _block(row))
    return list(found.values())


class AvailabilityMixin:
    """Needs the store's transaction and plain reads (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    _rows: Callable[..., list[sqlite3.Row]]

    def add_busy_blocks(self, blocks: list[BusyBlock]) -> int:
        checked = [check_block(b) for b in blocks]
        with self._tx() as db:
            for person in {b.person_id for b in checked}:
                mine = [b for b in checked if b.person_id == person]
                days = sorted({d for b in mine for d in block_days(b)})
                ids = {b.block_id for b in mine}
                existing = [b for b in _day_blocks(db, person, days) if b.block_id not in ids]
                check_day_bound(existing, mine)
            for b in checked:
                db.execute(
                    "DELETE FROM busy_blocks WHERE person_id = ? AND block_id = ?",
                    (str(b.person_id), str(b.block_id)),
                )
                for day in block_days(b):
                    db.execute(
                        "INSERT INTO busy_blocks (person_id, day, block_start, block_id, "
                        "block_end, title, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            str(b.person_id),
                            day.isoformat(),
                            time_text(b.start),
                            str(b.block_id),
                            time_text(b.end),
                            b.title,
                            b.source,
                        ),
                    )
        return len(checked)

    def remove_busy_block(self, block: BusyBlock) -> None:
        with self._tx() as db:
            for day in block_days(block):
                db.execute(
                    "DELETE FROM busy_blocks WHERE person_id = ? AND day = ? AND block_start = ? "
                    "AND block_id = ?",
                    (
                        str(block.person_id),
                        day.isoformat(),
                        time_text(block.start),
                        str(block.block_id),
                    ),
                )

    def busy_blocks(self, person_id: uuid.UUID, start: datetime, end: datetime) -> list[BusyBlock]:
        person = require_id(person_id, "person")
        start, end = to_utc(start), to_utc(end)
        found: dict[uuid.UUID, BusyBlock] = {}
        for day in claim_days(start, end):  # a block overlapping them is stored in one of them
            for row in self._rows(
                "SELECT * FROM busy_blocks WHERE person_id = ? AND day = ?",
                str(person),
                day.isoformat(),
            ):
                b = _block(row)
                if overlaps(b.start, b.end, start, end):
                    found.setdefault(b.block_id, b)
        return sorted(found.values(), key=lambda b: (b.start, b.block_id))

    def busy_days(self) -> Iterator[tuple[uuid.UUID, date]]:
        for row in self._rows("SELECT DISTINCT person_id, day FROM busy_blocks"):
            yield uuid.UUID(row["person_id"]), date.fromisoformat(row["day"])

    def interview_limits(self, person_id: uuid.UUID) -> LoadLimits:
        rows = self._rows(
            "SELECT daily, weekly FROM interview_limits WHERE person_id = ?",
            str(require_id(person_id, "person")),
        )
        return LoadLimits(rows[0]["daily"], rows[0]["weekly"]) if rows else LoadLimits()

    def set_interview_limits(self, person_id: uuid.UUID, limits: LoadLimits) -> None:
        limits = check_limits(limits)
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO interview_limits (person_id, daily, weekly) "
                "VALUES (?, ?, ?)",
                (str(require_id(person_id, "person")), limits.daily, limits.weekly),
            )

    def list_pools(self) -> list[Pool]:
        pools = [
            Pool(
                uuid.UUID(r["pool_id"]),
                r["name"],
                tuple(uuid.UUID(m) for m in json.loads(r["members"])),
                r["version"],
            )
            for r in self._rows("SELECT * FROM interviewer_pools")
        ]
        return sorted(pools, key=lambda p: (p.name.lower(), p.pool_id))

    def save_pool(self, pool: Pool) -> Pool:
        checked = check_pool(pool)
        with self._tx() as db:  # BEGIN IMMEDIATE: the version read and set under one lock
            row = db.execute(
                "SELECT version FROM interviewer_pools WHERE pool_id = ?", (str(checked.pool_id),)
            ).fetchone()
            if (row["version"] if row else 0) != checked.version:
                raise StalePool()
            stored = Pool(
                checked.pool_id, checked.name, checked.members, next_version(checked.version)
            )
            db.execute(
                "INSERT OR REPLACE INTO interviewer_pools (pool_id, name, members, version) "
                "VALUES (?, ?, ?, ?)",
                (
                    str(stored.pool_id),
                    stored.name,
                    json.dumps([str(m) for m in stored.members]),
                    stored.version,
                ),
            )
        return stored
