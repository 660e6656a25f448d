"""A person's availability beside their working hours: busy blocks (added by hand or imported
from a calendar file, repeats expanded), their own interview limits, and interviewer pools.
The same on every store; what a write checks first. No Streamlit, no driver.

A block is stored in each UTC day it touches (Cassandra: `busy_blocks_by_person_day`), like a
seat claim (seats.py), so the blocks of a window are read day by day, each day bounded.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import ValidationError
from .models import to_utc
from .seats import claim_days
from .validation import check_text, require_id

HAND, CALENDAR = "hand", "calendar"
LONGEST_BLOCK = timedelta(days=7)
MAX_BLOCKS_A_DAY = 200  # a person's blocks of one UTC day: the partition's bound
IMPORT_DAYS = 120  # a calendar file's events are read this far ahead of today
MAX_TITLE = 200
MAX_LIMIT = 100
MAX_POOL_MEMBERS = 200
POOL_SCOPE = "pools"
BLOCKS = uuid.UUID("0b6c3f4e-2d7a-5b1e-8f3c-6a9d2e4b7c11")  # names imported blocks (uuid5)


@dataclass(frozen=True)
class BusyBlock:
    """[start, end) when `person_id` is busy, in UTC; `source` HAND or CALENDAR."""

    person_id: uuid.UUID
    block_id: uuid.UUID
    start: datetime
    end: datetime
    title: str
    source: str = HAND


@dataclass(frozen=True)
class LoadLimits:
    """Interviews a person may have in one day and one week (their own zone); None: the
    organisation's default applies."""

    daily: int | None = None
    weekly: int | None = None


@dataclass(frozen=True)
class Pool:
    """A named set of interviewers; `version` is set by the store on every write."""

    pool_id: uuid.UUID
    name: str
    members: tuple[uuid.UUID, ...] = ()
    version: int = 0


class StalePool(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            "pool", "Someone else changed this pool meanwhile: reload it and edit again."
        )


def block_days(block: BusyBlock) -> list[date]:
    """The UTC days the block is stored in."""
    return claim_days(block.start, block.end)


def check_block(block: object) -> BusyBlock:
    """The block as it will be stored, or ValidationError naming what is wrong."""
    if not isinstance(block, BusyBlock):
        raise ValidationError("block", "Not a busy block.")
    require_id(block.person_id, "person")
    require_id(block.block_id, "block")
    if not isinstance(block.start, datetime) or not isinstance(block.end, datetime):
        raise ValidationError("block", "A busy block needs a start and an end.")
    start, end = to_utc(block.start), to_utc(block.end)
    if end <= start:
        raise ValidationError("block", "A busy block must end after it starts.")
    if end - start > LONGEST_BLOCK:
        raise ValidationError("block", "A busy block lasts at most 7 days.")
    title = check_text(block.title, "block.title").strip() or "Busy"
    if block.source not in (HAND, CALENDAR):
        raise ValidationError("block", "A busy block comes by hand or from a calendar file.")
    return BusyBlock(block.person_id, block.block_id, start, end, title, block.source)


def check_day_bound(existing: Iterable[BusyBlock], added: Iterable[BusyBlock]) -> None:
    """Refuse blocks that would put more than MAX_BLOCKS_A_DAY blocks in one UTC day."""
    per_day: dict[date, set[uuid.UUID]] = {}
    for b in [*existing, *added]:
        for day in block_days(b):
            per_day.setdefault(day, set()).add(b.block_id)
    crowded = sorted(d for d, ids in per_day.items() if len(ids) > MAX_BLOCKS_A_DAY)
    if crowded:
        raise ValidationError(
            "block",
            f"At most {MAX_BLOCKS_A_DAY} busy blocks a day: {crowded[0]:%a %d %b %Y} would have "
            "more. Nothing was stored.",
        )


def check_limit(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIMIT:
        raise ValidationError(
            "limits", f"The {what} limit must be a whole number, 0 to {MAX_LIMIT}."
        )
    return value


def check_limits(limits: object) -> LoadLimits:
    if not isinstance(limits, LoadLimits):
        raise ValidationError("limits", "Not interview limits.")
    return LoadLimits(check_limit(limits.daily, "daily"), check_limit(limits.weekly, "weekly"))


def check_pool(pool: object, known: Iterable[uuid.UUID] | None = None) -> Pool:
    """The pool as stored (name trimmed, members each once, in the order given); `known`: the
    directory's people, when the caller has read them (every member must be one)."""
    if not isinstance(pool, Pool):
        raise ValidationError("pool", "Not a pool.")
    require_id(pool.pool_id, "pool")
    name = check_text(pool.name, "pool.name").strip()
    if not name:
        raise ValidationError("pool", "A pool needs a name.")
    members = tuple(dict.fromkeys(require_id(m, "member") for m in pool.members))
    if len(members) > MAX_POOL_MEMBERS:
        raise ValidationError("pool", f"A pool holds at most {MAX_POOL_MEMBERS} people.")
    if known is not None and set(members) - set(known):
        raise ValidationError("pool", "A pool may hold only people of the directory.")
    return Pool(pool.pool_id, name, members, pool.version)


def hand_block(person_id: uuid.UUID, start: datetime, end: datetime, title: str) -> BusyBlock:
    return check_block(BusyBlock(person_id, uuid.uuid4(), start, end, title or "Busy", HAND))
