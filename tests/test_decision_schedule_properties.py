"""The hiring decision and the scheduling writes under generated and known-bad input, on every
store (conftest `store`), checked as tests/test_store_properties.py checks the other writes: a
case is refused with ValidationError and every table is as it was, or it is written, reads back
exactly as given (nothing silently changed) and touches nothing else. No other exception type
may reach the caller.

`test_known_bad_input_is_refused` is the fixed list of inputs that used to crash or slip through
(a lone surrogate in the reason, zero-width-only, NUL, ANSI escapes, C1, U+2028 and
combining-only reasons, decision times out of range or of the wrong type, non-text titles and
links, extreme starts, an empty panel); it counts crashes and silent acceptances per store.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest
import test_store_properties as props
from hypothesis import strategies as st
from support.table_snapshot import diff, snapshot
from test_store_properties import (
    CANDIDATES,
    INTERVIEWS,
    INVALID_LINK,
    INVALID_MOMENT,
    INVALID_PANEL,
    MODES,
    USERS,
    VALID_LINK,
    VALID_MOMENT,
    Faults,
    World,
    any_id,
    any_member,
    assert_consistent,
    assert_only_touches,
    attempt,
    expected_outcome,
    invalid_id,
    invalid_member,
    text_faults,
    valid_member,
    valid_text,
    with_faults,
)

from interview_autopilot.core.errors import DuplicateBooking, ValidationError
from interview_autopilot.core.models import (
    HiringCall,
    Interview,
    InterviewStatus,
    UserRole,
    make_id,
    to_utc,
)
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store

world = props.world
pytestmark = props.pytestmark

# Wrong types and values for a time that a range check alone does not catch.
ODD_MOMENTS = [date(2026, 11, 10), "2026-11-10T15:00:00+00:00", math.nan, 1.5, b"x", [], {}]
DECISION_TIMES = st.one_of(INVALID_MOMENT, st.sampled_from(ODD_MOMENTS))


# --- the hiring decision ----------------------------------------------------------------------
@pytest.mark.timeout(1800)
@props.examples(sqlite=400, node=60)
def test_record_decision(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    details = world.details()
    iid = data.draw(st.sampled_from(sorted(i for i in INTERVIEWS[:2] if i in details)))
    d = details[iid]
    deciders = [d.interview.recruiter_id] + [
        p.user_id for p in d.participants if p.role is UserRole.HIRING_MANAGER
    ]
    outsiders = [u for u in USERS if u not in deciders]
    started = d.interview.scheduled_start
    values = {
        "interview": iid,
        "user": data.draw(st.sampled_from(deciders)),
        "call": data.draw(valid_member(HiringCall)),
        "reason": data.draw(valid_text("decision.reason")),
        "decided_at": data.draw(st.one_of(st.none(), VALID_MOMENT.filter(lambda m: m >= started))),
    }
    faults: Faults = {
        "interview": (st.one_of(invalid_id(INTERVIEWS), st.uuids()), any_id(INTERVIEWS)),
        "user": (st.one_of(invalid_id(USERS), st.sampled_from(outsiders)), any_id(USERS)),
        "call": (invalid_member(HiringCall), any_member(HiringCall)),
        "reason": text_faults("decision.reason"),
        "decided_at": (DECISION_TIMES, st.one_of(st.none(), VALID_MOMENT, DECISION_TIMES)),
    }
    args = with_faults(data.draw, mode, values, faults)
    at = args["decided_at"]

    def write():
        return world.store.record_decision(
            args["interview"], args["user"], args["call"], args["reason"], at
        )

    done = attempt(world, "record_decision", write, expected_outcome(mode))
    if done is None:
        return
    before, made = done
    assert made.call is HiringCall(args["call"])
    assert (made.reason, made.decided_by) == (args["reason"].strip(), args["user"])
    if at is not None:
        assert made.decided_at == to_utc(at)
    target = args["interview"]  # in a chaotic case, perhaps another interview
    assert world.store.get_ats(target).decision == made  # read back as written
    assert_only_touches(diff(before, snapshot(world.store)), {target})
    assert_consistent(world, {target}, {})


# --- scheduling ---------------------------------------------------------------------------------
DISTINCT_PANEL = st.lists(
    st.tuples(st.sampled_from(USERS), valid_member(UserRole)),
    min_size=1,
    max_size=6,
    unique_by=lambda entry: entry[0],
)
ODD_TEXT = st.sampled_from([None, 42, 4.2, b"bytes", ["list"], {"k": "v"}, object()])
EXTREME_STARTS = st.sampled_from(
    [
        datetime.max.replace(tzinfo=UTC),
        datetime.min.replace(tzinfo=UTC),
        datetime.max,
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        date(2026, 11, 10),
        "tomorrow",
        None,
        math.inf,
    ]
)


@pytest.mark.timeout(1800)
@props.examples(sqlite=300, node=50)
def test_schedule(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    start = data.draw(VALID_MOMENT)
    values = {
        "candidate": data.draw(st.sampled_from(CANDIDATES[:2])),
        "job_title": data.draw(valid_text("interview.job_title")),
        "recruiter": USERS[0],
        "start": start,
        "end": start + data.draw(st.integers(1, 600).map(lambda m: timedelta(minutes=m))),
        "video_link": data.draw(VALID_LINK),
        "panel": data.draw(DISTINCT_PANEL),
    }
    faults: Faults = {
        "candidate": (st.one_of(invalid_id(CANDIDATES), st.uuids()), any_id(CANDIDATES)),
        "job_title": (
            st.one_of(text_faults("interview.job_title")[0], ODD_TEXT),
            st.one_of(text_faults("interview.job_title")[1], ODD_TEXT),
        ),
        "recruiter": (st.one_of(invalid_id(USERS), st.uuids()), any_id(USERS)),
        "start": (
            st.one_of(INVALID_MOMENT, EXTREME_STARTS),
            st.one_of(VALID_MOMENT, EXTREME_STARTS),
        ),
        "end": (
            st.one_of(
                INVALID_MOMENT, EXTREME_STARTS, st.just(start), st.just(start + timedelta(1))
            ),
            st.one_of(VALID_MOMENT, EXTREME_STARTS),
        ),
        "video_link": (st.one_of(INVALID_LINK, ODD_TEXT), st.one_of(VALID_LINK, ODD_TEXT)),
        "panel": (st.one_of(INVALID_PANEL, st.just([])), st.one_of(INVALID_PANEL, DISTINCT_PANEL)),
    }
    args = with_faults(data.draw, mode, values, faults)
    expect = expected_outcome(mode)
    if expect == "written" and any(
        r.scheduled_start == to_utc(start)
        for r in world.store.list_interviews_by_candidate(args["candidate"])
    ):
        expect = None  # a booking already made may stand (DuplicateBooking) or be a new one
    if expect == "written" and _seat_taken(world.store, args):
        expect = "refused"  # a participant or the candidate is booked then (SlotTaken)

    def write() -> Interview:
        return scheduling.schedule(
            world.store, args["candidate"], args["job_title"], args["recruiter"],
            args["start"], args["end"], args["video_link"], args["panel"],
        )  # fmt: skip

    done = attempt(world, "schedule", write, expect)
    if done is None:
        return
    before, made = done
    world.interviews.add(made.interview_id)
    stored = world.store.get_interview(made.interview_id)
    assert stored == made
    assert (stored.job_title, stored.video_link) == (
        args["job_title"].strip(),
        args["video_link"].strip(),
    )
    assert (stored.scheduled_start, stored.scheduled_end) == (
        to_utc(args["start"]),
        to_utc(args["end"]),
    )
    assert stored.status is InterviewStatus.SCHEDULED
    panel = {p.user_id: p.role for p in world.store.list_participants(made.interview_id)}
    assert panel == {u: UserRole(r) for u, r in args["panel"]}
    assert_only_touches(diff(before, snapshot(world.store)), {made.interview_id})
    assert_consistent(world, {made.interview_id}, {})


def _seat_taken(store: Store, args: dict) -> bool:
    """Whether the candidate or a participant of `args` has a scheduled interview overlapping
    its time: the booking holds their seats, so it must be refused."""
    start, end = to_utc(args["start"]), to_utc(args["end"])
    rows = [
        *store.list_interviews_by_candidate(args["candidate"]),
        *(r for u, _ in args["panel"] for r in store.list_interviews_by_user(u)),
    ]
    for row in rows:
        other = store.get_interview(row.interview_id)
        if (
            other is not None
            and other.status is InterviewStatus.SCHEDULED
            and other.scheduled_start < end
            and start < other.scheduled_end
        ):
            return True
    return False


# --- known-bad input: crashes and silent acceptances, counted ---------------------------------
BAD_REASONS = [
    "\ud800", "ok \udfff", "\u200b\u200c\u200d", "\u2060\ufeff", "a\x00b", "\x1b[31mred\x1b[0m",
    "n\x85el", "line\u2028break", "para\u2029graph", "\u0301\u0301", "\u20dd", " ", "", None, 42,
    "x" * 2001,
]  # fmt: skip
BAD_DECISION_TIMES = [
    datetime(2101, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC), datetime.max,
    datetime.max.replace(tzinfo=UTC), datetime(1969, 12, 31, tzinfo=UTC),
    datetime(2026, 11, 20, 12), *ODD_MOMENTS,
]  # fmt: skip
BAD_TEXT_VALUES = [None, 42, 4.2, b"bytes", ["list"], {"k": "v"}]
BAD_STARTS = [
    datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC), datetime.max,
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC), date(2026, 11, 10), "tomorrow", None,
]  # fmt: skip


def _cases(store: Store):
    """(what, write) for every known-bad input."""
    reason_ok, at_ok = "Fine.", datetime(2026, 11, 20, 12, tzinfo=UTC)
    start = datetime(2026, 12, 20, 10, tzinfo=UTC)
    end = start + timedelta(hours=1)
    panel = [(USERS[1], UserRole.INTERVIEWER)]

    def decide(reason=reason_ok, at=at_ok):
        return lambda: store.record_decision(INTERVIEWS[1], USERS[0], "hold", reason, at)

    def book(title="Engineer", link="", s=start, e=end, people=panel):
        return lambda: scheduling.schedule(
            store, CANDIDATES[0], title, USERS[0], s, e, link, people
        )

    made = Interview(
        make_id("prop-interview", "empty-panel"), CANDIDATES[0], USERS[0], "Engineer", start,
        end, InterviewStatus.SCHEDULED, "",
    )  # fmt: skip
    yield from ((f"reason {r!r}", decide(reason=r)) for r in BAD_REASONS)
    yield from ((f"decided_at {t!r}", decide(at=t)) for t in BAD_DECISION_TIMES)
    yield from ((f"job_title {v!r}", book(title=v)) for v in BAD_TEXT_VALUES)
    yield from ((f"video_link {v!r}", book(link=v)) for v in BAD_TEXT_VALUES)
    yield from ((f"start {v!r}", book(s=v)) for v in BAD_STARTS)
    yield from ((f"end {v!r}", book(e=v)) for v in BAD_STARTS)
    yield ("schedule with an empty panel", book(people=[]))
    yield ("create_interview with an empty panel", lambda: store.create_interview(made, []))


def test_known_bad_input_is_refused(world: World) -> None:
    crashes, accepted = [], []
    cases = list(_cases(world.store))
    for what, write in cases:
        before = snapshot(world.store)
        try:
            write()
        except ValidationError:
            assert diff(before, snapshot(world.store)) == [], f"{what}: refused but wrote"
            continue
        except Exception as exc:
            crashes.append(f"{what}: {type(exc).__name__}")
            continue
        accepted.append(what)
        world.restore_seed()
    print(f"{len(cases)} known-bad inputs: {len(crashes)} crashes, {len(accepted)} accepted")
    assert (crashes, accepted) == ([], [])


def test_a_duplicate_booking_is_still_a_validation_error(world: World) -> None:
    start = datetime(2026, 12, 21, 10, tzinfo=UTC)
    book = lambda: scheduling.schedule(  # noqa: E731
        world.store, CANDIDATES[0], "Engineer", USERS[0], start, start + timedelta(hours=1), "",
        [(USERS[1], UserRole.INTERVIEWER)],
    )  # fmt: skip
    made = book()
    with pytest.raises(DuplicateBooking) as caught:
        book()
    assert caught.value.existing == made.interview_id
    same = [r for r in world.store.list_interviews_by_candidate(CANDIDATES[0])
            if r.scheduled_start == start]  # fmt: skip
    assert [r.interview_id for r in same] == [made.interview_id]
