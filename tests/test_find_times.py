"""Finding times, checked against a brute-force search on small random cases: random working
hours and zones (some changing their clocks inside the window), busy blocks, interviews, daily
and weekly limits, named people and pools. Every slot proposed satisfies every constraint, as the
brute force judges it minute by minute on the wall clock, and no slot the brute force finds
feasible is missing. Pool members are chosen by least load that week, ties broken by a stable
hash; each choice and exclusion carries a plain reason."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_autopilot.core.find_times import (
    STEP,
    Ask,
    Busy,
    Person,
    PoolAsk,
    find_times,
    shortlist,
    tie_break,
)

ZONES = [
    "UTC",
    "Europe/Berlin",  # clocks forward 30 March 2031 01:00 UTC, back 26 October 2031
    "America/New_York",  # forward 9 March 2031, back 2 November 2031
    "Australia/Lord_Howe",  # a half-hour change (back 6 April 2031, forward 5 October 2031)
    "Asia/Kolkata",
]
# Windows that start a day before a clock change, and one without
STARTS = [
    datetime(2031, 3, 29, 0, 0, tzinfo=UTC),
    datetime(2031, 10, 25, 0, 0, tzinfo=UTC),
    datetime(2031, 3, 8, 0, 0, tzinfo=UTC),
    datetime(2031, 11, 1, 0, 0, tzinfo=UTC),
    datetime(2031, 4, 5, 0, 0, tzinfo=UTC),
    datetime(2031, 10, 4, 0, 0, tzinfo=UTC),
    datetime(2031, 6, 10, 0, 0, tzinfo=UTC),
]
WINDOW = timedelta(days=3)


@st.composite
def people(draw: st.DrawFn, start: datetime, n: int) -> list[Person]:
    # one id per person: two people drawn with the same id would be one person to the search
    ids = draw(st.lists(st.integers(1, 2**64), min_size=n, max_size=n, unique=True))
    out = []
    for i in range(n):
        h0 = draw(st.sampled_from([0, 60, 90, 120, 480, 540, 600]) | st.integers(0, 1380))
        h1 = draw(st.integers(h0 + 15, 1440))
        busy = []
        for _ in range(draw(st.integers(0, 3))):
            at = start + timedelta(minutes=draw(st.integers(0, 3 * 1440)))
            busy.append(Busy(at, at + timedelta(minutes=draw(st.integers(1, 600))), f"b{i}"))
        booked = [
            start + timedelta(minutes=draw(st.integers(-2 * 1440, 4 * 1440)))
            for _ in range(draw(st.integers(0, 4)))
        ]
        out.append(
            Person(
                uuid.UUID(int=ids[i]),
                f"P{i}",
                ZoneInfo(draw(st.sampled_from(ZONES))),
                (h0, h1),
                draw(st.integers(0, 3)),
                draw(st.integers(0, 6)),
                tuple(busy),
                tuple(booked),
            )
        )
    return out


@st.composite
def cases(draw: st.DrawFn) -> tuple[Ask, datetime]:
    start = draw(st.sampled_from(STARTS))
    everyone = draw(people(start, draw(st.integers(1, 5))))
    named_count = draw(st.integers(0, min(2, len(everyone))))
    named, rest = everyone[:named_count], everyone[named_count:]
    pools = []
    for p in range(draw(st.integers(0 if named else 1, 2)) if rest else 0):
        members = draw(st.lists(st.sampled_from(rest), min_size=1, max_size=3, unique_by=id))
        pools.append(PoolAsk(f"pool{p}", draw(st.integers(1, 2)), tuple(members)))
    if not named and not pools:
        named = everyone[:1]
    candidate = [
        Busy(at, at + timedelta(minutes=60))
        for at in (start + timedelta(minutes=draw(st.integers(0, 4000))) for _ in range(2))
    ]
    ask = Ask(draw(st.integers(5, 120)), tuple(named), tuple(pools), tuple(candidate))
    return ask, start


def works(p: Person, s: datetime, e: datetime) -> bool:
    """The brute force: every minute on their wall clock a weekday inside their hours, no busy
    overlap, and under both limits counted by hand."""
    m = s
    while m < e:
        local = m.astimezone(p.zone)
        if local.weekday() >= 5 or not p.hours[0] <= local.hour * 60 + local.minute < p.hours[1]:
            return False
        m += timedelta(minutes=1)
    if any(b.start < e and s < b.end for b in p.busy):
        return False
    here = s.astimezone(p.zone)
    day = sum(1 for b in p.booked if b.astimezone(p.zone).date() == here.date())
    week = sum(
        1 for b in p.booked if b.astimezone(p.zone).isocalendar()[:2] == here.isocalendar()[:2]
    )
    return day < p.daily and week < p.weekly


def brute(ask: Ask, start: datetime) -> set[datetime]:
    found = set()
    named_ids = {p.person_id for p in ask.named}
    s = start
    while s + timedelta(minutes=ask.minutes) <= start + WINDOW:
        e = s + timedelta(minutes=ask.minutes)
        if (
            not any(b.start < e and s < b.end for b in ask.candidate_busy)
            and all(works(p, s, e) for p in ask.named)
            and any(
                len({x.person_id for c in combo for x in c}) == sum(len(c) for c in combo)
                for combo in itertools.product(
                    *(
                        itertools.combinations(
                            [m for m in pool.members if m.person_id not in named_ids], pool.count
                        )
                        for pool in ask.pools
                    )
                )
                if all(works(x, s, e) for c in combo for x in c)
            )
        ):
            found.add(s)
        s += STEP
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_slot_is_feasible_and_none_is_missed(case: tuple[Ask, datetime]) -> None:
    ask, start = case
    slots = find_times(ask, start, start + WINDOW, "candidate-1", UTC)
    assert {s.start for s in slots} == brute(ask, start)
    by_id = {p.person_id: p for p in ask.named}
    by_id |= {m.person_id: m for pool in ask.pools for m in pool.members}
    for slot in slots:
        assert slot.end - slot.start == timedelta(minutes=ask.minutes)
        ids = slot.person_ids
        assert len(ids) == len(set(ids))  # nobody twice
        assert ids[: len(ask.named)] == tuple(p.person_id for p in ask.named)
        assert all(works(by_id[i], slot.start, slot.end) for i in ids)
        for pool, (name, chosen) in zip(ask.pools, slot.pools, strict=True):
            assert name == pool.name and len(chosen) == pool.count
            assert set(chosen) <= {m.person_id for m in pool.members}
        for reason in (*slot.people, *slot.passed_over):
            assert reason.text.startswith(f"{reason.name}: ")
        if len(ask.pools) == 1:  # the least loaded that week are chosen
            [pool] = ask.pools
            [(_, chosen)] = slot.pools

            def week_load(p: Person, at: datetime = slot.start) -> int:
                here = at.astimezone(p.zone).isocalendar()[:2]
                return sum(1 for b in p.booked if b.astimezone(p.zone).isocalendar()[:2] == here)

            free = [
                m
                for m in pool.members
                if m.person_id not in by_id.keys() - {x.person_id for x in pool.members}
                and m.person_id not in {p.person_id for p in ask.named}
                and works(m, slot.start, slot.end)
            ]
            worst = max(week_load(by_id[i]) for i in chosen)
            assert all(week_load(m) >= worst for m in free if m.person_id not in chosen)


BERLIN, TOKYO = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")
MONDAY = datetime(2031, 3, 3, 0, 0, tzinfo=UTC)


def person(name: str, zone: ZoneInfo = BERLIN, **kw: object) -> Person:
    base: dict = {"hours": (540, 1020), "daily": 3, "weekly": 5}
    base |= kw
    return Person(uuid.uuid5(uuid.NAMESPACE_DNS, name), name, zone, **base)


def test_reasons_name_the_load_the_busy_time_and_the_limit() -> None:
    tuesday = MONDAY + timedelta(days=1)
    ana = person("Ana", booked=(MONDAY + timedelta(hours=8), tuesday + timedelta(hours=8)))
    dentist = Busy(tuesday + timedelta(hours=9), tuesday + timedelta(hours=10), "Dentist")
    ben = person("Ben", busy=(dentist,))
    chen = person("Chen", weekly=1, booked=(MONDAY + timedelta(hours=9),))
    dee = person("Dee", booked=(MONDAY + timedelta(hours=10),) * 3)
    eve = person("Eve", TOKYO)  # 18:00 in Tokyo
    ask = Ask(60, (), (PoolAsk("Backend", 1, (ana, ben, chen, dee, eve)),))
    slots = find_times(ask, MONDAY, MONDAY + timedelta(days=3), "cand", UTC)
    slot = next(s for s in slots if s.start == tuesday + timedelta(hours=9))
    assert [r.text for r in slot.people] == ["Ana: 2 of 5 this week (from Backend)"]
    why = {r.name: r.text for r in slot.passed_over}
    assert why["Ben"] == "Ben: busy Tue 04 Mar 2031, 09:00–10:00 (Dentist)"
    assert why["Chen"] == "Chen: over the weekly limit (1 of 1 this week)"
    assert why["Dee"] == "Dee: 3 of 5 this week (more than those chosen from Backend)"
    assert why["Eve"] == "Eve: outside their working hours (09:00–17:00, Asia/Tokyo)"


def test_ties_are_broken_by_the_candidate_stably_and_fairly() -> None:
    team = tuple(person(n) for n in "ABCDEFGH")
    ask = Ask(30, (), (PoolAsk("Pool", 1, team),))
    first = {}
    for n in range(20):
        slots = find_times(ask, MONDAY, MONDAY + timedelta(days=1), f"candidate-{n}", UTC)
        again = find_times(ask, MONDAY, MONDAY + timedelta(days=1), f"candidate-{n}", UTC)
        assert [s.person_ids for s in slots] == [s.person_ids for s in again]  # stable
        first[n] = slots[0].person_ids[0]
        best = min(team, key=lambda p: tie_break(f"candidate-{n}", p.person_id))
        assert first[n] == best.person_id
    assert len(set(first.values())) >= 5  # 20 candidates spread over most of the 8


def test_the_shortlist_spreads_over_days() -> None:
    ask = Ask(60, (person("Ana"),))
    slots = find_times(ask, MONDAY, MONDAY + timedelta(days=5), "c", UTC)
    short = shortlist(slots, count=6, per_day=2, zone=BERLIN)
    assert len(short) == 6
    assert len({s.start.astimezone(BERLIN).date() for s in short}) == 3
    assert all(a.end <= b.start for a, b in itertools.pairwise(short))
