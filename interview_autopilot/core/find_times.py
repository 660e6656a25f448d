"""Finding times for a job stage: the slots of a window where every required person is inside
their working hours in their own zone, free (no interview, no busy block), and under their daily
and weekly interview limits; the candidate free too. Pool seats ("N from pool P") are filled,
slot by slot, with the members who have the fewest interviews that week, ties broken by a stable
hash of the candidate (so one candidate always gets the same choice, and across candidates the
ties go round). Every choice and every member passed over carries a plain reason.

Pure: the caller reads the people, their blocks, interviews and limits (features/find_times.py).

A person works at instant t when their own wall clock at t shows Monday to Friday and a time
inside their hours: judged minute by minute, so a daylight-saving change inside a slot is judged
as the clock shows it. Slots start every STEP from the window's start.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from .formatting import local_span
from .models import to_utc

STEP = timedelta(minutes=15)
MINUTE = timedelta(minutes=1)
ZERO = timedelta()


@dataclass(frozen=True)
class Busy:
    """[start, end) taken by `what` (an interview, a block's title)."""

    start: datetime
    end: datetime
    what: str = "busy"


@dataclass(frozen=True)
class Person:
    """What finding times knows of one person. `hours`: minutes after midnight [start, end) in
    `zone`; `booked`: the starts of the interviews that count toward their load."""

    person_id: uuid.UUID
    name: str
    zone: tzinfo
    hours: tuple[int, int]
    daily: int
    weekly: int
    busy: tuple[Busy, ...] = ()
    booked: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class PoolAsk:
    """`count` people from the pool `name` (its members)."""

    name: str
    count: int
    members: tuple[Person, ...]


@dataclass(frozen=True)
class Ask:
    """A stage to find times for: its length, its named people, its pool seats, and the
    candidate's own interviews (they cannot be in two at once)."""

    minutes: int
    named: tuple[Person, ...] = ()
    pools: tuple[PoolAsk, ...] = ()
    candidate_busy: tuple[Busy, ...] = ()


@dataclass(frozen=True)
class Reason:
    person_id: uuid.UUID
    name: str
    text: str  # "Ana: 2 of 5 this week"


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    people: tuple[Reason, ...]  # the named people, then each pool's choices
    pools: tuple[tuple[str, tuple[uuid.UUID, ...]], ...] = ()  # pool name, members chosen
    passed_over: tuple[Reason, ...] = field(default=())  # pool members not chosen, and why

    @property
    def person_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(r.person_id for r in self.people)


def tie_break(key: str, person_id: uuid.UUID) -> str:
    """A stable, fair order among equally loaded people: a hash of the candidate and the person."""
    return hashlib.sha256(f"{key}|{person_id}".encode()).hexdigest()


class _Grid:
    """The window as minutes from `start`; per person, the minutes they cannot take (off their
    hours, or busy), as prefix sums: a span is free when its sum is 0."""

    def __init__(self, start: datetime, end: datetime) -> None:
        self.start, self.end = to_utc(start), to_utc(end)
        self.size = max(0, int((self.end - self.start) / MINUTE))

    def index(self, moment: datetime) -> int:
        return int((to_utc(moment) - self.start) // MINUTE)

    def busy_marks(self, busy: Sequence[Busy]) -> list[int]:
        marks = [0] * self.size
        for b in busy:
            first = max(0, self.index(b.start))  # the minute holding b.start
            last = min(self.size, math.ceil((to_utc(b.end) - self.start) / MINUTE))
            for m in range(first, last):
                marks[m] = 1
        return marks

    def off_hours_marks(self, zone: tzinfo, hours: tuple[int, int]) -> list[int]:
        offsets = _offsets(self.start, self.size, zone)
        base = int(self.start.timestamp()) // 60  # minutes since the epoch (a Thursday)
        marks = [0] * self.size
        for m in range(self.size):
            local = base + m + offsets[m]  # the wall clock, in minutes since the epoch
            day, minute = divmod(local, 1440)
            if (day + 3) % 7 >= 5 or not hours[0] <= minute < hours[1]:
                marks[m] = 1
        return marks


def _offsets(start: datetime, size: int, zone: tzinfo) -> list[int]:
    """The zone's UTC offset in minutes at each minute: read per hour, and minute by minute only
    in an hour whose two ends differ (the hour of a clock change)."""
    out: list[int] = []
    for hour in range(0, size, 60):
        a = start + timedelta(minutes=hour)
        b = a + timedelta(minutes=60)
        oa, ob = a.astimezone(zone).utcoffset(), b.astimezone(zone).utcoffset()
        n = min(60, size - hour)
        if oa == ob and oa is not None:
            out += [int(oa / MINUTE)] * n
        else:
            out += [
                int(((a + timedelta(minutes=m)).astimezone(zone).utcoffset() or ZERO) / MINUTE)
                for m in range(n)
            ]
    return out


def _prefix(*marks: list[int]) -> list[int]:
    sums = [0]
    for values in zip(*marks, strict=True):
        sums.append(sums[-1] + (1 if any(values) else 0))
    return sums


@dataclass
class _Judged:
    """One person over the window: prefix sums of off-hours and busy minutes, and their load."""

    person: Person
    off: list[int]
    busy: list[int]
    days: Counter[date]
    weeks: Counter[tuple[int, int]]

    def load(self, start: datetime) -> tuple[int, int]:
        local = to_utc(start).astimezone(self.person.zone)
        return self.days[local.date()], self.weeks[local.isocalendar()[:2]]

    def why_not(self, a: int, b: int, start: datetime, end: datetime, shown: tzinfo) -> str | None:
        """None when the person can take [start, end) (minutes a..b), else why not."""
        p = self.person
        if self.busy[b] - self.busy[a]:
            hit = next(x for x in p.busy if to_utc(x.start) < end and start < to_utc(x.end))
            return f"{p.name}: busy {local_span(hit.start, hit.end, shown)} ({hit.what})"
        if self.off[b] - self.off[a]:
            h0, h1 = p.hours
            return (
                f"{p.name}: outside their working hours "
                f"({h0 // 60:02d}:{h0 % 60:02d}–{h1 // 60:02d}:{h1 % 60:02d}, {p.zone})"
            )
        day, week = self.load(start)
        if week + 1 > p.weekly:
            return f"{p.name}: over the weekly limit ({week} of {p.weekly} this week)"
        if day + 1 > p.daily:
            return f"{p.name}: over the daily limit ({day} of {p.daily} that day)"
        return None

    def load_text(self, start: datetime) -> str:
        week = self.load(start)[1]
        return f"{self.person.name}: {week} of {self.person.weekly} this week"


def _judge(grid: _Grid, person: Person) -> _Judged:
    days: Counter[date] = Counter()
    weeks: Counter[tuple[int, int]] = Counter()
    for moment in person.booked:
        local = to_utc(moment).astimezone(person.zone)
        days[local.date()] += 1
        weeks[local.isocalendar()[:2]] += 1
    return _Judged(
        person,
        _prefix(grid.off_hours_marks(person.zone, person.hours)),
        _prefix(grid.busy_marks(person.busy)),
        days,
        weeks,
    )


def why_not(
    person: Person, start: datetime, end: datetime, shown_in: tzinfo, hours: bool = True
) -> str | None:
    """Why `person` cannot take [start, end) (busy, off their hours, over a limit), the reason
    as finding times gives it; None when they can. `hours` False: their hours are not judged
    (the Schedule form warns of them its own way)."""
    grid = _Grid(start, end)
    judged = _judge(grid, person)
    if not hours:
        judged.off = [0] * len(judged.off)
    return judged.why_not(0, grid.size, grid.start, grid.end, shown_in)


def find_times(
    ask: Ask,
    window_start: datetime,
    window_end: datetime,
    fairness_key: str,
    shown_in: tzinfo,
) -> list[Slot]:
    """Every slot of [window_start, window_end) (starting every STEP) that the whole panel and
    the candidate can take, earliest first, with its choices and reasons (times in `shown_in`)."""
    grid = _Grid(window_start, window_end)
    length = ask.minutes
    named = [_judge(grid, p) for p in ask.named]
    named_ids = {p.person_id for p in ask.named}
    pools = [
        (pool, [_judge(grid, p) for p in pool.members if p.person_id not in named_ids])
        for pool in ask.pools
    ]
    candidate = _prefix(grid.busy_marks(ask.candidate_busy))
    found = []
    for a in range(0, grid.size - length + 1, int(STEP / MINUTE)):
        b = a + length
        start = grid.start + timedelta(minutes=a)
        end = start + timedelta(minutes=length)
        if candidate[b] - candidate[a]:
            continue
        if any(j.why_not(a, b, start, end, shown_in) for j in named):
            continue
        chosen = _fill_pools(pools, a, b, start, end, fairness_key, shown_in)
        if chosen is None:
            continue
        picks, passed = chosen
        people = [Reason(j.person.person_id, j.person.name, j.load_text(start)) for j in named]
        people += [
            Reason(j.person.person_id, j.person.name, j.load_text(start) + f" (from {pool})")
            for pool, js in picks
            for j in js
        ]
        found.append(
            Slot(
                start,
                end,
                tuple(people),
                tuple((pool, tuple(j.person.person_id for j in js)) for pool, js in picks),
                tuple(passed),
            )
        )
    return found


def _fill_pools(
    pools: list[tuple[PoolAsk, list[_Judged]]],
    a: int,
    b: int,
    start: datetime,
    end: datetime,
    key: str,
    shown: tzinfo,
) -> tuple[list[tuple[str, list[_Judged]]], list[Reason]] | None:
    """Each pool's members for the slot (fewest interviews that week first, then the tie-break;
    a person fills one seat at most), and those passed over with why; None when no way fills
    every pool."""
    eligible: list[list[_Judged]] = []
    passed: list[Reason] = []
    for _, members in pools:
        ok = []
        for j in members:
            why = j.why_not(a, b, start, end, shown)
            if why is None:
                ok.append(j)
            else:
                passed.append(Reason(j.person.person_id, j.person.name, why))
        ok.sort(key=lambda j: (j.load(start)[1], tie_break(key, j.person.person_id)))
        eligible.append(ok)
    picks = next(_assignments(pools, eligible, 0, frozenset()), None)
    if picks is None:
        return None
    taken = {j.person.person_id for js in picks for j in js}
    for (pool, _), ok, js in zip(pools, eligible, picks, strict=True):
        worst = max((j.load(start)[1] for j in js), default=0)
        for j in ok:
            if j.person.person_id not in taken and j.person.person_id not in {
                r.person_id for r in passed
            }:
                more = "more than" if j.load(start)[1] > worst else "as many as"
                passed.append(
                    Reason(
                        j.person.person_id,
                        j.person.name,
                        f"{j.load_text(start)} ({more} those chosen from {pool.name})",
                    )
                )
    once = list({r.person_id: r for r in reversed(passed)}.values())[::-1]
    return [(pool.name, js) for (pool, _), js in zip(pools, picks, strict=True)], once


def _assignments(
    pools: list[tuple[PoolAsk, list[_Judged]]],
    eligible: list[list[_Judged]],
    i: int,
    used: frozenset[uuid.UUID],
) -> Iterator[list[list[_Judged]]]:
    """Ways to fill pools i.. from their eligible members (in preference order), no person
    twice: the preferred first."""
    if i == len(pools):
        yield []
        return
    free = [j for j in eligible[i] if j.person.person_id not in used]
    for combo in itertools.combinations(free, pools[i][0].count):
        ids = used | {j.person.person_id for j in combo}
        for rest in _assignments(pools, eligible, i + 1, ids):
            yield [list(combo), *rest]


def shortlist(
    slots: list[Slot], count: int = 10, per_day: int = 3, zone: tzinfo | None = None
) -> list[Slot]:
    """The slots to offer first: the earliest, at most `per_day` a day (in `zone`), spread out
    (a day's slots not back to back when others are free)."""
    chosen: list[Slot] = []
    days: Counter[date] = Counter()
    for slot in slots:
        day = slot.start.astimezone(zone).date() if zone else slot.start.date()
        if days[day] >= per_day:
            continue
        if chosen and any(s.start <= slot.start < s.end for s in chosen):
            continue
        chosen.append(slot)
        days[day] += 1
        if len(chosen) == count:
            break
    return chosen
