"""Availability on Cassandra: a mixin of CassandraStore (docs/find-times.md).

A person's busy blocks live in `busy_blocks_by_person_day`, one partition per person and UTC
day, a row in each day a block touches: the blocks of a window are the rows of its days, so a
read is bounded by the window, never by the person's history. Limits are one row per person;
pools one partition, each pool written with a conditional insert or `IF version = ?`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout

from ...core.availability import (
    POOL_SCOPE,
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
from .connection import driver_errors
from .rows import Row
from .session import PreparedSession


def _block(row: Row) -> BusyBlock:
    return BusyBlock(
        row["person_id"],
        row["block_id"],
        to_utc(row["block_start"]),
        to_utc(row["block_end"]),
        row["title"] or "Busy",
        row["source"] or "hand",
    )


class Availability:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    def _days_blocks(self, person: uuid.UUID, days: list) -> list[BusyBlock]:
        futures = [self._db.future("blocks_day", person, day) for day in days]  # in flight
        found: dict[uuid.UUID, BusyBlock] = {}
        for f in futures:
            for row in f.result():
                found.setdefault(row["block_id"], _block(row))
        return list(found.values())

    @driver_errors
    def add_busy_blocks(self, blocks: list[BusyBlock]) -> int:
        checked = [check_block(b) for b in blocks]
        statements = []
        for person in {b.person_id for b in checked}:
            mine = [b for b in checked if b.person_id == person]
            days = sorted({d for b in mine for d in block_days(b)})
            ids = {b.block_id for b in mine}
            stored = self._days_blocks(person, days)
            check_day_bound([b for b in stored if b.block_id not in ids], mine)
            starts = {b.block_id: b.start for b in mine}
            for old in stored:  # the same id stored before at another start: its rows dropped
                # (not at the same start: a delete and an insert of one row in one batch share
                # a timestamp, and the delete would win)
                if old.block_id in ids and old.start != starts[old.block_id]:
                    statements += self._block_drops(old)
        for b in checked:
            statements += [
                self._db.ps["block_put"].bind(
                    (b.person_id, day, b.start, b.block_id, b.end, b.title, b.source)
                )
                for day in block_days(b)
            ]
        for first in range(0, len(statements), 100):  # bounded batches; each row idempotent
            self._db.write(statements[first : first + 100], retries=2)
        return len(checked)

    def _block_drops(self, block: BusyBlock) -> list:
        return [
            self._db.ps["block_drop"].bind((block.person_id, day, block.start, block.block_id))
            for day in block_days(block)
        ]

    @driver_errors
    def remove_busy_block(self, block: BusyBlock) -> None:
        self._db.write(self._block_drops(block), retries=2)

    @driver_errors
    def busy_blocks(self, person_id: uuid.UUID, start: datetime, end: datetime) -> list[BusyBlock]:
        person = require_id(person_id, "person")
        start, end = to_utc(start), to_utc(end)
        # a block overlapping [start, end) is stored in one of the window's days
        found = self._days_blocks(person, claim_days(start, end))
        return sorted(
            (b for b in found if overlaps(b.start, b.end, start, end)),
            key=lambda b: (b.start, b.block_id),
        )

    def busy_days(self) -> Iterator[tuple[uuid.UUID, date]]:
        for row in self._db.session.execute(self._db.ps["busy_days"]):  # paged as it goes
            day = row["day"]
            yield row["person_id"], day if isinstance(day, date) else day.date()

    @driver_errors
    def interview_limits(self, person_id: uuid.UUID) -> LoadLimits:
        row = self._db.one("limits_get", require_id(person_id, "person"))
        return LoadLimits(row["daily"], row["weekly"]) if row else LoadLimits()

    @driver_errors
    def set_interview_limits(self, person_id: uuid.UUID, limits: LoadLimits) -> None:
        limits = check_limits(limits)
        self._db.session.execute(
            self._db.ps["limits_put"],
            (require_id(person_id, "person"), limits.daily, limits.weekly),
        )

    @driver_errors
    def list_pools(self) -> list[Pool]:
        pools = [
            Pool(r["pool_id"], r["name"], tuple(sorted(r["members"] or ())), r["version"] or 0)
            for r in self._db.rows("pools_all", POOL_SCOPE)
        ]
        return sorted(pools, key=lambda p: (p.name.lower(), p.pool_id))

    @driver_errors
    def save_pool(self, pool: Pool) -> Pool:
        checked = check_pool(pool)
        stored = Pool(checked.pool_id, checked.name, checked.members, next_version(checked.version))
        members = set(stored.members)
        params: tuple[object, ...]
        if checked.version == 0:
            name, params = (
                "pool_add",
                (POOL_SCOPE, stored.pool_id, stored.name, members, stored.version),
            )
        else:
            name, params = (
                "pool_change",
                (stored.name, members, stored.version, POOL_SCOPE, stored.pool_id, checked.version),
            )
        try:
            applied = bool(self._db.session.execute(self._db.ps[name], params).was_applied)
        except (WriteTimeout, OperationTimedOut):  # did it land? a serial read says
            bound = self._db.ps["pool_version"].bind((POOL_SCOPE, stored.pool_id))
            bound.consistency_level = ConsistencyLevel.LOCAL_SERIAL
            row = self._db.session.execute(bound).one()
            applied = row is not None and row["version"] == stored.version
        if not applied:
            raise StalePool()
        return stored
