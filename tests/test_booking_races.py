"""Bookers in several app processes at once cannot double-book a person, on SQLite and on the
node (the `backend` fixture of test_races: a fresh SQLite file, the module's keyspace).

- Forced: two processes meet at a barrier inside the store's booking write (after both have
  made the Schedule page's overlap read, which found nothing), then both book the same
  interviewer, or the same candidate, for overlapping hours. Exactly one books; the other is
  refused with SlotTaken naming the taken seat, and nothing of it is stored.
- Stress: STRESS_BOOKERS bookers (threads) over STRESS_PROCESSES processes book, move and
  cancel overlapping slots of two interviewers and two candidates for STRESS_SECONDS (one slot
  crosses midnight UTC); afterwards no person has two scheduled interviews that overlap, and
  every refusal named a taken seat.
- Limits: two processes meet at the barrier, each booking the interviewer's last place of the
  week at different times: one books, the other is refused with OverLimit naming them. Then
  the stress again over a week of separate hours, every booking and move held to the
  interviewers' daily and weekly limits (one counted in New York): afterwards nobody is over a
  limit in any day or week, and every refusal said why (a taken seat, or who is over).
"""

from __future__ import annotations

import os
import random
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import test_races
from support.processes import PROCESSES
from support.world import ALICE, BOB, CANDIDATE, CAROL, OTHER_CANDIDATE, RECRUITER
from test_races import Backend, _collect

from interview_autopilot.core.errors import DuplicateBooking, StoreUnavailable, ValidationError
from interview_autopilot.core.load_caps import LoadCap, OverLimit
from interview_autopilot.core.models import Candidate, InterviewStatus, UserRole, to_utc
from interview_autopilot.core.seats import SlotTaken, overlaps
from interview_autopilot.core.settings import Settings
from interview_autopilot.features import scheduling
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store

pytestmark = pytest.mark.races

backend = test_races.backend  # the fixtures: a fresh SQLite file, or the module's keyspace
keyspaces = test_races.keyspaces

BARRIER_TIMEOUT = 30.0
CHILD_TIMEOUT = 90.0
# BOOKING_STRESS_SECONDS=60 for the long run of docs/scheduling.md.
STRESS_SECONDS = float(os.environ.get("BOOKING_STRESS_SECONDS") or 4)
STRESS_PROCESSES = 3
STRESS_BOOKERS = 10  # threads over the processes: 4, 3 and 3
# Each test books on days of its own (the node's keyspace is shared by the module's tests).
BASE = to_utc(datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0))
INTERVIEWER = (ALICE.user_id, UserRole.INTERVIEWER)


def _book(
    store: Store, candidate: uuid.UUID, panel: list, start: datetime, caps: tuple = ()
) -> Any:
    """The Schedule form's write path (held to `caps`' limits); the refusal as data."""
    try:
        made = scheduling.schedule(
            store,
            candidate,
            "Booking race",
            RECRUITER.user_id,
            start,
            start + timedelta(hours=1),
            "https://meet.example.com/race",
            panel,
            caps=list(caps),
        )
    except SlotTaken as exc:
        return ("taken", sorted(str(b.seat.person_id) for b in exc.busy))
    except OverLimit as exc:
        return ("over", list(exc.reasons))
    except DuplicateBooking:
        return ("duplicate", [])
    return ("booked", str(made.interview_id))


def _forced_writer(
    settings: Settings,
    n: int,
    candidate: uuid.UUID,
    panel: list,
    start: datetime,
    caps: tuple,
    barrier,
    out,
) -> None:
    """Writer `n`: its own store; its booking write waits for the other writer's at the
    barrier (both past the page's read), then goes on."""
    try:
        store = open_store(settings)
        try:
            write = store.book_interview

            def held(*args: Any, **kwargs: Any) -> Any:
                barrier.wait(BARRIER_TIMEOUT)
                return write(*args, **kwargs)

            store.book_interview = held  # type: ignore[method-assign]
            out.put(("ok", (n, _book(store, candidate, panel, start, caps))))
        finally:
            store.close()
    except BaseException as exc:
        barrier.abort()
        out.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def _forced(backend: Backend, bookings: list[tuple]) -> list:
    """Each booking (candidate, panel, start[, caps]) in a process of its own."""
    barrier, out = PROCESSES.Barrier(len(bookings)), PROCESSES.Queue()
    processes = [
        PROCESSES.Process(
            target=_forced_writer,
            args=(backend.settings, n, *(*booking, ())[:4], barrier, out),
            name=f"booking-{n}",
            daemon=True,
        )
        for n, booking in enumerate(bookings)
    ]
    for p in processes:
        p.start()
    reports = _collect(processes, out, CHILD_TIMEOUT)
    errors = [r for status, r in reports if status != "ok"]
    assert not errors, "\n".join(errors)
    return [result for _n, result in sorted(r for _s, r in reports)]


def _scheduled(store: Store, person: uuid.UUID, candidate: bool = False) -> list:
    rows = (
        store.list_interviews_by_candidate(person)
        if candidate
        else store.list_interviews_by_user(person)
    )
    found = []
    for row in rows:
        i = store.get_interview(row.interview_id)
        if i is not None and i.status is InterviewStatus.SCHEDULED:
            found.append(i)
    return found


def _overlapping_pairs(store: Store) -> list:
    """Every pair of scheduled interviews that share a person and a moment."""
    pairs = []
    for person, candidate in [
        (ALICE.user_id, False),
        (BOB.user_id, False),
        (CAROL.user_id, False),
        (CANDIDATE.candidate_id, True),
        (OTHER_CANDIDATE.candidate_id, True),
    ]:
        for a, b in combinations(_scheduled(store, person, candidate), 2):
            if overlaps(a.scheduled_start, a.scheduled_end, b.scheduled_start, b.scheduled_end):
                pairs.append((person, a.interview_id, b.interview_id))
    return pairs


def test_two_bookers_of_one_interviewer_for_one_hour_book_once(backend: Backend) -> None:
    day = BASE + timedelta(days=40, hours=10)
    results = _forced(
        backend,
        [
            (CANDIDATE.candidate_id, [INTERVIEWER], day),
            (OTHER_CANDIDATE.candidate_id, [INTERVIEWER], day + timedelta(minutes=30)),
        ],
    )
    kinds = Counter(kind for kind, _ in results)
    assert kinds == Counter({"booked": 1, "taken": 1}), results
    assert [who for kind, who in results if kind == "taken"] == [[str(ALICE.user_id)]]
    assert not _overlapping_pairs(backend.store)


def test_two_bookers_of_one_candidate_with_two_panels_book_once(backend: Backend) -> None:
    day = BASE + timedelta(days=41, hours=10)
    results = _forced(
        backend,
        [
            (CANDIDATE.candidate_id, [(ALICE.user_id, UserRole.INTERVIEWER)], day),
            (CANDIDATE.candidate_id, [(BOB.user_id, UserRole.INTERVIEWER)], day),
        ],
    )
    kinds = Counter(kind for kind, _ in results)
    assert kinds == Counter({"booked": 1, "taken": 1}), results
    assert [who for kind, who in results if kind == "taken"] == [[str(CANDIDATE.candidate_id)]]
    held = _scheduled(backend.store, CANDIDATE.candidate_id, candidate=True)
    assert [i.scheduled_start for i in held].count(day) == 1
    assert not _overlapping_pairs(backend.store)


# --- stress --------------------------------------------------------------------------------
PANELS = [
    [(ALICE.user_id, UserRole.INTERVIEWER)],
    [(BOB.user_id, UserRole.INTERVIEWER)],
    [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)],
    [(ALICE.user_id, UserRole.INTERVIEWER), (CAROL.user_id, UserRole.HIRING_MANAGER)],
]
CANDIDATES = [CANDIDATE.candidate_id, OTHER_CANDIDATE.candidate_id]


def _slots() -> list[datetime]:
    """Starts every 20 minutes over 3 hours, and around midnight UTC (a claim in two days)."""
    day = BASE + timedelta(days=42)
    return [day + timedelta(hours=10, minutes=20 * k) for k in range(9)] + [
        day + timedelta(hours=23, minutes=20 * k) for k in range(4)
    ]


def _threads(n: int) -> int:
    """Process `n`'s share of the STRESS_BOOKERS threads."""
    return STRESS_BOOKERS // STRESS_PROCESSES + (n < STRESS_BOOKERS % STRESS_PROCESSES)


def _stress_thread(store: Store, seed: int, until: float, tally: Counter, errors: list) -> None:
    rnd = random.Random(seed)
    mine: list[uuid.UUID] = []
    slots = _slots()
    while time.monotonic() < until:
        try:
            roll = rnd.random()
            if mine and roll < 0.2:
                start = rnd.choice(slots)
                try:
                    scheduling.reschedule(
                        store, rnd.choice(mine), start, start + timedelta(hours=1)
                    )
                    tally["moved"] += 1
                except SlotTaken as exc:
                    tally["move taken" if exc.busy else "not told why"] += 1
                except ValidationError as exc:
                    if "Only a scheduled" not in exc.message:
                        raise
            elif mine and roll < 0.3:
                store.change_status(mine.pop(rnd.randrange(len(mine))), InterviewStatus.CANCELLED)
                tally["cancelled"] += 1
            else:
                kind, what = _book(
                    store, rnd.choice(CANDIDATES), rnd.choice(PANELS), rnd.choice(slots)
                )
                tally[kind] += 1
                if kind == "booked":
                    mine.append(uuid.UUID(what))
                elif kind == "taken" and not what:
                    tally["not told why"] += 1
        except StoreUnavailable as exc:
            # Out of attempts under contention, or a replica too slow: refused, and told so.
            tally["busy" if str(exc) else "not told why"] += 1
        except BaseException as exc:
            errors.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
            return


def _threads_writer(settings: Settings, n: int, seconds: float, out, work: Callable) -> None:
    """Writer process `n`: its threads run `work` on one store of its own for `seconds`; puts
    their tally (or the errors) on `out`."""
    try:
        store = open_store(settings)
        try:
            tally: Counter = Counter()
            errors: list[str] = []
            until = time.monotonic() + seconds
            threads = [
                threading.Thread(target=work, args=(store, n * 100 + t, until, tally, errors))
                for t in range(_threads(n))
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            out.put(("error", "\n".join(errors)) if errors else ("ok", dict(tally)))
        finally:
            store.close()
    except BaseException as exc:
        out.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def _stressed(backend: Backend, work: Callable, name: str) -> Counter:
    """STRESS_PROCESSES writer processes running `work` for STRESS_SECONDS; their tallies."""
    out = PROCESSES.Queue()
    processes = [
        PROCESSES.Process(
            target=_threads_writer,
            args=(backend.settings, n, STRESS_SECONDS, out, work),
            name=f"{name}-{n}",
            daemon=True,
        )
        for n in range(STRESS_PROCESSES)
    ]
    for p in processes:
        p.start()
    reports = _collect(processes, out, CHILD_TIMEOUT + STRESS_SECONDS)
    errors = [r for status, r in reports if status != "ok"]
    assert not errors, "\n".join(errors)
    tally: Counter = Counter()
    for _status, counts in reports:
        tally.update(counts)
    return tally


def test_many_bookers_for_a_while_leave_no_overlap(backend: Backend) -> None:
    tally = _stressed(backend, _stress_thread, "booker")
    pairs = _overlapping_pairs(backend.store)
    print(f"\n{backend.name}: {dict(tally)}; overlapping pairs: {len(pairs)}")
    assert not pairs
    assert tally["booked"] > 1 and tally["taken"] > 0, tally  # real contention happened
    assert tally["not told why"] == 0


# --- limits --------------------------------------------------------------------------------
LIMITS_WEEK = BASE + timedelta(days=70 - BASE.weekday())  # a Monday of its own, 00:00 UTC
NEW_YORK = ZoneInfo("America/New_York")
CAPS = {
    ALICE.user_id: LoadCap(ALICE.user_id, "Alice", UTC, daily=2, weekly=4),
    BOB.user_id: LoadCap(BOB.user_id, "Bob", NEW_YORK, daily=1, weekly=3),
}
LIMIT_CANDIDATES = [uuid.uuid5(uuid.NAMESPACE_URL, f"limits-candidate-{n}") for n in range(6)]


def test_two_bookers_of_an_interviewers_last_place_book_once(backend: Backend) -> None:
    monday = LIMITS_WEEK - timedelta(days=14) + timedelta(hours=10)
    one = (LoadCap(ALICE.user_id, "Alice", UTC, daily=5, weekly=1),)
    results = _forced(
        backend,
        [
            (CANDIDATE.candidate_id, [INTERVIEWER], monday, one),
            (OTHER_CANDIDATE.candidate_id, [INTERVIEWER], monday + timedelta(days=2), one),
        ],
    )
    kinds = Counter(kind for kind, _ in results)
    assert kinds == Counter({"booked": 1, "over": 1}), results
    assert [why for kind, why in results if kind == "over"] == [
        ["Alice: over the weekly limit (1 of 1 this week)"]
    ]
    week = [
        i
        for i in _scheduled(backend.store, ALICE.user_id)
        if monday <= i.scheduled_start < monday + timedelta(days=7)
    ]
    assert len(week) == 1


def _limit_slots() -> list[datetime]:
    """Hourly starts 13:00 to 17:00 UTC, Monday to Friday (08:00 to 12:00 in New York)."""
    return [LIMITS_WEEK + timedelta(days=d, hours=13 + h) for d in range(5) for h in range(5)]


LIMIT_PANELS = [
    [(ALICE.user_id, UserRole.INTERVIEWER)],
    [(BOB.user_id, UserRole.INTERVIEWER)],
    [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)],
]


def _caps(panel: list) -> tuple:
    return tuple(CAPS[u] for u, _ in panel)


def _limits_thread(store: Store, seed: int, until: float, tally: Counter, errors: list) -> None:
    rnd = random.Random(seed)
    mine: list[tuple[uuid.UUID, tuple]] = []
    slots = _limit_slots()
    while time.monotonic() < until:
        try:
            roll = rnd.random()
            if mine and roll < 0.15:
                iid, caps = rnd.choice(mine)
                start = rnd.choice(slots)
                try:
                    scheduling.reschedule(
                        store, iid, start, start + timedelta(hours=1), caps=list(caps)
                    )
                    tally["moved"] += 1
                except SlotTaken as exc:
                    tally["move taken" if exc.busy else "not told why"] += 1
                except OverLimit as exc:
                    told = exc.reasons and exc.message.startswith("Not moved: ")
                    tally["move over" if told else "not told why"] += 1
                except ValidationError as exc:
                    if "Only a scheduled" not in exc.message:
                        raise
            elif mine and roll < 0.3:
                iid, _ = mine.pop(rnd.randrange(len(mine)))
                store.change_status(iid, InterviewStatus.CANCELLED)
                tally["cancelled"] += 1
            else:
                panel = rnd.choice(LIMIT_PANELS)
                kind, what = _book(
                    store, rnd.choice(LIMIT_CANDIDATES), panel, rnd.choice(slots), _caps(panel)
                )
                tally[kind] += 1
                if kind == "booked":
                    mine.append((uuid.UUID(what), _caps(panel)))
                elif kind in ("taken", "over") and not _told(kind, what, panel):
                    tally["not told why"] += 1
        except StoreUnavailable as exc:
            # Out of attempts under contention, or a replica too slow: refused, and told so.
            tally["busy" if str(exc) else "not told why"] += 1
        except BaseException as exc:
            errors.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
            return


def _told(kind: str, what: list, panel: list) -> bool:
    """A refusal named a taken seat, or each reason names a capped person of the panel."""
    if kind == "taken":
        return bool(what)
    names = [f"{c.name}: over the " for c in _caps(panel)]
    return bool(what) and all(any(w.startswith(n) for n in names) for w in what)


def _over_limits(store: Store) -> list[str]:
    """Each day and week in which a capped person holds more interviews than their limit,
    around the limits' week (the other tests of the module book these people uncapped)."""
    found = []
    near = (LIMITS_WEEK - timedelta(days=2), LIMITS_WEEK + timedelta(days=9))
    for person, cap in CAPS.items():
        days: Counter = Counter()
        weeks: Counter = Counter()
        for row in store.list_interviews_by_user(person):
            if row.status not in (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED):
                continue
            if not near[0] <= to_utc(row.scheduled_start) < near[1]:
                continue
            local = to_utc(row.scheduled_start).astimezone(cap.zone)
            days[local.date()] += 1
            weeks[local.isocalendar()[:2]] += 1
        found += [f"{cap.name}: {n} on {d}" for d, n in days.items() if n > cap.daily]
        found += [f"{cap.name}: {n} in week {w}" for w, n in weeks.items() if n > cap.weekly]
    return found


def test_many_bookers_for_a_while_leave_nobody_over_a_limit(backend: Backend) -> None:
    backend.store.upsert_candidates(
        [
            Candidate(c, f"Limit candidate {n}", f"limits-{n}@example.org", "")
            for n, c in enumerate(LIMIT_CANDIDATES)
        ]
    )
    tally = _stressed(backend, _limits_thread, "limits")
    over = _over_limits(backend.store)
    print(f"\n{backend.name}: {dict(tally)}; over a limit: {over}")
    assert not over
    assert not _overlapping_pairs(backend.store)
    assert tally["booked"] > 1 and tally["over"] > 0, tally  # the limits were contended
    assert tally["not told why"] == 0
