"""What a migration carries of people's availability (docs/find-times.md): their busy blocks,
their own interview limits and the interviewer pools. Each is compared with what the target
holds and written only where it differs (a re-run writes nothing); nothing the target holds
beyond the source is removed.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ...store import Store
from . import read

Say = Callable[[str], None]


def _line(what: str, written: int, same: int) -> str:
    return f"{what}: {written} written, {same} already identical"


def copy_busy_blocks(source: Store, target: Store, say: Say) -> None:
    """Every busy block, a (person, UTC day) of the source at a time (a block across midnight
    is met on each of its days and written once)."""
    written = same = 0
    seen: set[uuid.UUID] = set()
    for person, day in source.busy_days():
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        window = start, start + timedelta(days=1)
        held = set(target.busy_blocks(person, *window))
        fresh = []
        for block in source.busy_blocks(person, *window):
            if block.block_id in seen:
                continue
            seen.add(block.block_id)
            if block in held:
                same += 1
            else:
                fresh.append(block)
        if fresh:
            written += target.add_busy_blocks(fresh)
        if len(seen) > 100_000:  # a block met again after this is found held: not written
            seen.clear()
    say(_line("busy blocks", written, same))


def copy_limits(source: Store, target: Store, say: Say) -> None:
    """Each person's own daily and weekly interview limits."""
    written = same = 0
    for person in read.ids(source, "users", "user_id"):
        limits = source.interview_limits(person)
        if limits == target.interview_limits(person):
            same += limits.daily is not None or limits.weekly is not None
            continue
        target.set_interview_limits(person, limits)
        written += 1
    say(_line("interview limits", written, same))


def copy_pools(source: Store, target: Store, say: Say) -> None:
    """Every interviewer pool (each store counts its own versions; members are a set)."""
    written = same = 0
    held = {p.pool_id: p for p in target.list_pools()}
    for pool in source.list_pools():
        mine = held.get(pool.pool_id)
        if mine is not None and (mine.name, set(mine.members)) == (pool.name, set(pool.members)):
            same += 1
            continue
        target.save_pool(dataclasses.replace(pool, version=mine.version if mine else 0))
        written += 1
    say(_line("pools", written, same))
