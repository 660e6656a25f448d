"""Busy blocks, interview limits and interviewer pools on every store (the `store` fixture): a
block is stored in each UTC day it touches and read back once for any window it overlaps; the
same id again replaces it; a day past the bound is refused with nothing stored; a removed block
is gone from every day; limits round-trip; a pool is added, changed from the version it was read
at, and a stale edit is refused with nothing changed. A calendar file's repeats are expanded."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from support.world import ALICE, BOB, seed_people

from interview_autopilot.core import availability
from interview_autopilot.core.availability import (
    CALENDAR,
    HAND,
    BusyBlock,
    LoadLimits,
    Pool,
    StalePool,
)
from interview_autopilot.core.calendar_file import calendar_blocks
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.store.base import Store

T0 = datetime(2031, 3, 4, 22, 0, tzinfo=UTC)  # a Tuesday, 22:00 UTC


def block(start: datetime, hours: float, title: str = "Busy", who: uuid.UUID = ALICE.user_id):
    return BusyBlock(who, uuid.uuid4(), start, start + timedelta(hours=hours), title, HAND)


def test_blocks_by_day_round_trip(store: Store) -> None:
    across = block(T0, 4, "Flight")  # 22:00 to 02:00: two UTC days
    other = block(T0 + timedelta(days=2), 1, "Dentist")
    bobs = block(T0, 1, who=BOB.user_id)
    assert store.add_busy_blocks([across, other, bobs]) == 3
    next_day = T0.replace(hour=0) + timedelta(days=1)
    assert store.busy_blocks(ALICE.user_id, next_day, next_day + timedelta(hours=1)) == [across]
    week = store.busy_blocks(ALICE.user_id, T0 - timedelta(days=1), T0 + timedelta(days=5))
    assert week == [across, other]  # each once, by start, only Alice's
    assert store.busy_blocks(ALICE.user_id, T0 + timedelta(hours=4), T0 + timedelta(hours=5)) == []
    moved = BusyBlock(
        ALICE.user_id,
        other.block_id,
        other.start + timedelta(hours=1),
        other.end + timedelta(hours=1),
        "Dentist, moved",
        CALENDAR,
    )
    store.add_busy_blocks([moved])  # the same id again replaces it
    assert store.busy_blocks(ALICE.user_id, other.start, other.end + timedelta(hours=2)) == [moved]
    store.add_busy_blocks([moved, across])  # stored again as they are: kept as they are
    assert store.busy_blocks(ALICE.user_id, T0, T0 + timedelta(days=5)) == [across, moved]
    store.remove_busy_block(across)
    assert store.busy_blocks(ALICE.user_id, T0, T0 + timedelta(days=1)) == []


def test_a_crowded_day_and_a_bad_block_are_refused_with_nothing_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(availability, "MAX_BLOCKS_A_DAY", 3)
    day = T0.replace(hour=8)
    store.add_busy_blocks([block(day, 1), block(day + timedelta(hours=2), 1)])
    with pytest.raises(ValidationError, match="At most 3 busy blocks a day"):
        store.add_busy_blocks([block(day + timedelta(hours=4), 1), block(day, 0.5)])
    assert len(store.busy_blocks(ALICE.user_id, day, day + timedelta(hours=12))) == 2
    backwards = BusyBlock(ALICE.user_id, uuid.uuid4(), day, day - timedelta(hours=1), "x")
    with pytest.raises(ValidationError, match="end after it starts"):
        store.add_busy_blocks([block(day + timedelta(hours=6), 1), backwards])
    assert len(store.busy_blocks(ALICE.user_id, day, day + timedelta(hours=12))) == 2


def test_limits_and_pools(store: Store) -> None:
    seed_people(store)
    assert store.interview_limits(ALICE.user_id) == LoadLimits()
    store.set_interview_limits(ALICE.user_id, LoadLimits(2, None))
    assert store.interview_limits(ALICE.user_id) == LoadLimits(2, None)
    with pytest.raises(ValidationError, match="weekly limit"):
        store.set_interview_limits(ALICE.user_id, LoadLimits(2, -1))
    assert store.interview_limits(ALICE.user_id) == LoadLimits(2, None)
    assert store.list_pools() == []
    pool = store.save_pool(Pool(uuid.uuid4(), " Backend panel ", (ALICE.user_id,)))
    assert pool.name == "Backend panel" and pool.version > 0
    assert store.list_pools() == [pool]
    grown = store.save_pool(
        Pool(pool.pool_id, pool.name, (ALICE.user_id, BOB.user_id), pool.version)
    )
    assert grown.version > pool.version
    with pytest.raises(StalePool):  # edited from the version read before the change
        store.save_pool(Pool(pool.pool_id, "Stale", (), pool.version))
    with pytest.raises(StalePool):  # added twice
        store.save_pool(Pool(pool.pool_id, "Again", (), 0))
    [stored] = store.list_pools()
    assert stored.name == "Backend panel"
    assert set(stored.members) == {ALICE.user_id, BOB.user_id}


CALENDAR_FILE = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:standup@example.com
DTSTART;TZID=Europe/Berlin:20310303T093000
DTEND;TZID=Europe/Berlin:20310303T100000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=20
EXDATE;TZID=Europe/Berlin:20310305T093000
SUMMARY:Stand-up
END:VEVENT
BEGIN:VEVENT
UID:lunch@example.com
DTSTART;TZID=Europe/Berlin:20310304T120000
DTEND;TZID=Europe/Berlin:20310304T130000
TRANSP:TRANSPARENT
SUMMARY:Lunch (free)
END:VEVENT
BEGIN:VEVENT
UID:offsite@example.com
DTSTART;VALUE=DATE:20310306
DTEND;VALUE=DATE:20310307
SUMMARY:Offsite
END:VEVENT
END:VCALENDAR
"""


def test_a_calendar_file_expands_repeats_and_skips_free_time() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2031, 3, 3, 7, 0, tzinfo=UTC)
    blocks = calendar_blocks(CALENDAR_FILE, ALICE.user_id, now, berlin, days=28)
    standups = [b for b in blocks if b.title == "Stand-up"]
    # 4 weeks of weekdays from Mon 3 March (20 repeats, 5 March excepted, ending before the
    # window's end), each 09:30 Berlin: 08:30 UTC before the clocks change on 30 March
    assert len(standups) == 19
    assert standups[0].start == datetime(2031, 3, 3, 8, 30, tzinfo=UTC)
    assert datetime(2031, 3, 5, 8, 30, tzinfo=UTC) not in {b.start for b in standups}
    assert all(b.end - b.start == timedelta(minutes=30) for b in standups)
    assert not [b for b in blocks if "Lunch" in b.title]
    [offsite] = [b for b in blocks if b.title == "Offsite"]
    assert offsite.start == datetime(2031, 3, 5, 23, 0, tzinfo=UTC)  # midnight in Berlin
    assert offsite.end - offsite.start == timedelta(days=1)
    again = calendar_blocks(CALENDAR_FILE, ALICE.user_id, now, berlin, days=28)
    assert [b.block_id for b in again] == [b.block_id for b in blocks]  # the same ids again
    with pytest.raises(ValidationError, match="not an iCalendar"):
        calendar_blocks(b"hello", ALICE.user_id, now, berlin)
