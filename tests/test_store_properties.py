"""Property-based tests of every write of the Store protocol, on every store (conftest `store`).

Each generated case is one write on a small seeded world that lives across the examples of a
test (the Cassandra fixtures truncate every table per test function, not per example). A case
either raises ValidationError and leaves every stored row as it was (every table read through
`list_tables` + `scan_table` before and after), or it reads back through the public reads exactly
as written, every denormalized copy agrees with its source, and no stored row changed outside the
records the write names. A third of the cases hold valid values only (emoji, RTL, combining
marks, markup and injection strings, text at the limit, extreme offsets) and must be written; a
third hold one known-bad value (blank, zero-width only, one past the limit, 100 KB, control
characters, unpaired surrogates, malformed ids, wrong enums and types, years 1, 999, 1969, 3000,
datetime.max, naive times, an end before the start, non-participants) and must be refused; in the
rest any value goes anywhere and either outcome is allowed, but nothing else (no crash, no half
write).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from support.table_snapshot import Change, Snapshot, diff, snapshot

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.filters import filters_of
from interview_autopilot.core.models import (
    AtsStatus,
    Candidate,
    Decision,
    Feedback,
    Interview,
    InterviewDetail,
    InterviewStatus,
    InterviewSummary,
    Recommendation,
    SampleData,
    User,
    UserRole,
    make_id,
    to_utc,
)
from interview_autopilot.core.validation import TEXT_RULES
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

S = InterviewStatus
# The Cassandra driver's own threads draw from `random` while Hypothesis generates a case.
pytestmark = pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")


def _ids(kind: str, n: int) -> list[uuid.UUID]:
    return [make_id(f"prop-{kind}", str(k)) for k in range(n)]


USERS, CANDIDATES, INTERVIEWS = _ids("user", 6), _ids("candidate", 3), _ids("interview", 5)
T = datetime(2026, 11, 10, 15, tzinfo=UTC)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


Case = Callable[["World", st.DataObject], None]


def examples(sqlite: int, node: int) -> Callable[[Case], Callable[[World], None]]:
    """A property over `world`'s store with its own number of generated cases per backend: many
    on SQLite, where a case costs milliseconds, fewer on the node, where each snapshots every
    table over the network. Validation is one module for both stores; the node's cases check
    that the Cassandra writes refuse, write and leave the other rows alike. `ALL_CASES=1` runs
    the SQLite number on the node too (`make test-properties`); `FEW_CASES=1` (`make test-fast`)
    an eighth of it on SQLite."""
    if os.environ.get("ALL_CASES") == "1":
        node = sqlite
    elif os.environ.get("FEW_CASES") == "1":
        sqlite = max(25, sqlite // 8)

    def wrap(case: Case) -> Callable[[World], None]:
        def test(world: World) -> None:
            count = sqlite if isinstance(world.store, SqliteStore) else node

            @_settings(count)
            @given(data=st.data())
            def one(data: st.DataObject) -> None:
                case(world, data)

            one()

        test.__name__, test.__qualname__ = case.__name__, case.__qualname__
        test.__doc__, test.__module__ = case.__doc__, case.__module__
        return test

    return wrap


# --- the seeded world -------------------------------------------------------------------------
SEED_USERS = [
    User(USERS[0], "Rita Recruiter", "rita@example.com", UserRole.RECRUITER, "@rita"),
    *(
        User(USERS[k], f"Person {k}", f"p{k}@example.com", UserRole.INTERVIEWER, f"@p{k}")
        for k in range(1, 6)
    ),
]
SEED_CANDIDATES = [
    Candidate(CANDIDATES[k], f"Candidate {k}", f"c{k}@example.org", "Python.\nCassandra.")
    for k in range(2)
]
SEED_INTERVIEWS = [
    (
        Interview(INTERVIEWS[0], CANDIDATES[0], USERS[0], "Backend Engineer", T,
                  T + timedelta(hours=1), S.SCHEDULED, "https://meet.example.com/a"),
        [(USERS[1], UserRole.INTERVIEWER), (USERS[2], UserRole.HIRING_MANAGER)],
    ),
    (
        Interview(INTERVIEWS[1], CANDIDATES[1], USERS[0], "Data Engineer", T - timedelta(days=20),
                  T - timedelta(days=20, hours=-1), S.COMPLETED, ""),
        [(USERS[2], UserRole.INTERVIEWER), (USERS[3], UserRole.INTERVIEWER)],
    ),
]  # fmt: skip


@dataclass
class World:
    """The store under test and every interview id written so far (some may since be gone)."""

    store: Store
    interviews: set[uuid.UUID] = field(default_factory=lambda: set(INTERVIEWS))

    def details(self) -> dict[uuid.UUID, InterviewDetail]:
        """Every interview that exists, by id."""
        found = {i: self.store.get_interview_detail(i) for i in self.interviews}
        return {i: d for i, d in found.items() if d is not None}

    def restore_seed(self) -> None:
        """Put back the seeded records a previous example deleted (deletes shrink the world)."""
        s = self.store
        s.upsert_users([u for u in SEED_USERS if s.get_user(u.user_id) is None])
        s.upsert_candidates([c for c in SEED_CANDIDATES if s.get_candidate(c.candidate_id) is None])
        for made, panel in SEED_INTERVIEWS:
            if s.get_interview(made.interview_id) is None:
                s.create_interview(made, panel)


@pytest.fixture
def world(store: Store) -> World:
    store.upsert_users(SEED_USERS)
    store.upsert_candidates(SEED_CANDIDATES)
    for made, panel in SEED_INTERVIEWS:
        store.create_interview(made, panel)
    store.submit_feedback(INTERVIEWS[1], USERS[2], "yes", "Seeded.", T - timedelta(days=19))
    return World(store)


# --- values -------------------------------------------------------------------------------------
EMOJI = "\U0001f600"
WIDE = ["y", "\u00e9", "\u4e2d", EMOJI]  # 1 to 4 bytes in UTF-8
AWKWARD = [  # valid text that other layers tend to mangle
    EMOJI * 3, "\U0001f469\u200d\U0001f4bb dev", "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627", "\u202eevil", "e\u0301\u0301\u0301", "Zo\u0308e",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "**bold** [x](javascript:alert(1))", "# Title\n\n- item", "'; DROP TABLE users; --",
    "x'); TRUNCATE interviews_by_id; --", "Robert'); DROP TABLE students;--", "' OR '1'='1",
    "{ks}", "%s %d %(x)s", "\\", "NULL", "null", "  padded  ", "a\r\nb",
]  # fmt: skip
INVALID_TEXT = [  # refused in every text field
    " ", "   \t ", "\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u2060 \u200b", "\u00ad",
    "\u202e\u202c", "\u3164", "\u0301\u0301", "a\x00b", "\x00", "bell\x07", "\x1b[31mred",
    "del\x7f", "n\x85el", "\ud800", "x\udfff", "\udc00\udbff", "x" * 100_000,
    None, 42, 4.2, True, b"bytes", ["list"], {"k": "v"},
]  # fmt: skip
LINE_BREAKS = ["a\nb", "a\tb", "a\r\nb", "line\u2028break"]  # refused in one-line fields
WRONG_MEMBERS = [
    Decision.YES, S.COMPLETED, UserRole.RECRUITER, AtsStatus.CLOSED, Recommendation.HIRE,
    "Completed", "YES", "yes ", "", "maybe", "admin", None, 1,
]  # fmt: skip
ZONES = [UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)),
         timezone(timedelta(hours=5, minutes=30))]  # fmt: skip
INVALID_MOMENTS = [
    datetime(1, 1, 1, tzinfo=UTC), datetime(999, 6, 1, tzinfo=UTC),
    datetime(1969, 12, 31, 23, 59, tzinfo=UTC), datetime(3000, 1, 1, tzinfo=UTC),
    datetime(2100, 1, 1, 0, 0, 0, 1000, tzinfo=UTC), datetime.max, datetime.max.replace(tzinfo=UTC),
    datetime.max.replace(tzinfo=ZONES[2]), datetime.min.replace(tzinfo=ZONES[1]),
    datetime(2026, 11, 10, 15), "2026-11-10T15:00:00Z", 1_700_000_000,
]  # fmt: skip
INVALID_EMAILS = ["alice", "alice@", "@example.com", "a@b", "a@@example.com", "a b@example.com",
                  "a@-example.com", "a@example..com", ".a@example.com", "a\u200b@example.com",
                  "<a>@example.com", "a@example.com\n", "a" * 65 + "@example.com",
                  "a@" + "b" * 64 + ".com", "a@" + ".".join(["b" * 60] * 5) + ".com"]  # fmt: skip
INVALID_LINKS = ["javascript:alert(1)", "ftp://files.example.com/x", "https://", "meet.example.com",
                 "https://meet.example.com/a b", "https://meet.example.com/\u00e4", "http://[::1",
                 "data:text/html,<b>x</b>", "https://" + "a" * 1000 + ".com"]  # fmt: skip


# --- strategies: (valid, invalid, anything) for each kind of value ------------------------------
def valid_text(key: str) -> st.SearchStrategy[str]:
    """Text the field `key` accepts: something visible, no control characters, within the limit."""
    rule = TEXT_RULES[key]
    tail = st.text(
        st.characters(
            exclude_categories=("Cs", "Cc", "Zl", "Zp"),
            include_characters="\n\t\r" if rule.multiline else "",
        ),
        max_size=30,
    )
    first = st.sampled_from(["A", "\u00e9", "\u4e2d", EMOJI, "\u05e9", "<"])
    one_line = [a for a in AWKWARD if "\n" not in a and "\r" not in a]
    choices = [
        st.builds(str.__add__, first, tail),
        st.sampled_from(AWKWARD if rule.multiline else one_line),
        st.sampled_from(WIDE).map(lambda ch: ch * rule.limit),
    ]
    if not rule.required:
        choices.append(st.just(""))
    return st.one_of(*choices)


def invalid_text(key: str) -> st.SearchStrategy[object]:
    rule = TEXT_RULES[key]
    known = INVALID_TEXT + ([""] if rule.required else []) + ([] if rule.multiline else LINE_BREAKS)
    return st.one_of(
        st.sampled_from(known),
        st.sampled_from(WIDE).map(lambda ch: ch * (rule.limit + 1)),
    )


def any_text(key: str) -> st.SearchStrategy[object]:
    return st.one_of(
        valid_text(key),
        invalid_text(key),
        st.text(st.characters(exclude_categories=()), max_size=12),  # surrogates, controls too
    )


_LOCAL = st.from_regex(r"\A[a-z0-9][a-z0-9+_-]{0,10}(\.[a-z0-9_-]{1,8})?\Z")
_DOMAIN = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,9}[a-z0-9])?(\.[a-z0-9]{1,9}){0,2}\.(com|de)\Z")
VALID_EMAIL = st.one_of(
    st.builds(lambda local, domain: f"{local}@{domain}", _LOCAL, _DOMAIN),
    st.sampled_from(["first.last+tag@mail.example.co.uk", "jos\u00e9@m\u00fcnchen.de"]),
)


def invalid_email(key: str) -> st.SearchStrategy[object]:
    return st.one_of(st.sampled_from(INVALID_EMAILS), invalid_text(key))


def any_email(key: str) -> st.SearchStrategy[object]:
    return st.one_of(VALID_EMAIL, invalid_email(key), any_text(key))


VALID_LINK = st.one_of(
    st.just(""),
    st.from_regex(r"\A[A-Za-z0-9_-]{0,30}\Z").map(lambda p: f"https://meet.example.com/{p}"),
    st.sampled_from(["http://meet.example.com/x?a=1&b=%20", "HTTPS://Meet.Example.com/y"]),
)
INVALID_LINK = st.one_of(
    st.sampled_from(INVALID_LINKS), invalid_text("interview.video_link").filter(lambda v: v != "")
)
ANY_LINK = st.one_of(VALID_LINK, INVALID_LINK, any_text("interview.video_link"))


def valid_member(enum: type) -> st.SearchStrategy[object]:
    """A member, or its exact value string."""
    return st.sampled_from([*enum, *(m.value for m in enum)])


def invalid_member(enum: type) -> st.SearchStrategy[object]:
    """Another enum's member (a Decision as a status), a near miss, another type."""
    values = {m.value for m in enum}
    return st.sampled_from(
        [
            m
            for m in WRONG_MEMBERS
            if not isinstance(m, enum) and not (type(m) is str and m in values)
        ]
    )


def any_member(enum: type) -> st.SearchStrategy[object]:
    return st.one_of(valid_member(enum), st.sampled_from(WRONG_MEMBERS))


def invalid_id(pool: list[uuid.UUID]) -> st.SearchStrategy[object]:
    """No UUID: an id's text, its hex, junk."""
    return st.one_of(
        st.sampled_from(pool).map(str),
        st.sampled_from(pool).map(lambda u: u.hex),
        st.sampled_from(["not-a-uuid", "", " ", None, 42]),
    )


def any_id(pool: list[uuid.UUID]) -> st.SearchStrategy[object]:
    """A known id, an unknown one, or no UUID."""
    return st.one_of(st.sampled_from(pool), st.uuids(), invalid_id(pool))


# Valid times keep to a few months (the Cassandra list walks one partition per month), in
# time zones from -12:00 to +14:00, with microseconds that the stores truncate to milliseconds.
VALID_MOMENT = st.one_of(
    st.builds(
        lambda month, day, us, zone: (
            datetime(2026, month, day, tzinfo=UTC) + timedelta(microseconds=us)
        ).astimezone(zone),
        st.integers(10, 12),
        st.integers(1, 28),
        st.integers(0, 86_400 * 10**6 - 1),
        st.sampled_from(ZONES),
    ),
    st.sampled_from([datetime(1970, 1, 1, tzinfo=UTC), datetime(2099, 12, 31, 12, tzinfo=UTC)]),
)
INVALID_MOMENT = st.sampled_from(INVALID_MOMENTS)
ANY_MOMENT = st.one_of(VALID_MOMENT, INVALID_MOMENT)
DURATION = st.integers(1, 600).map(lambda minutes: timedelta(minutes=minutes))


# --- strategies: records --------------------------------------------------------------------
# A case is "valid" (every value valid: it must be written), "invalid" (a valid case with one
# value, chosen at random, replaced by a known-bad one: it must be refused), "fault" (one value
# replaced by anything) or "chaos" (every value drawn from anything).
MODES = st.sampled_from(["valid", "valid", "invalid", "invalid", "fault", "chaos"])
Faults = dict[str, tuple[st.SearchStrategy[object], st.SearchStrategy[object]]]


def with_faults(draw: st.DrawFn, mode: str, values: dict, faults: Faults) -> dict:
    """`values` (all valid) with entries redrawn from `faults` (name: (invalid, anything))."""
    if mode in ("invalid", "fault"):
        name = draw(st.sampled_from(sorted(faults)))
        return {**values, name: draw(faults[name][0 if mode == "invalid" else 1])}
    if mode == "chaos":
        return {**values, **{name: draw(anything) for name, (_, anything) in faults.items()}}
    return values


def expected_outcome(mode: str) -> str | None:
    return {"valid": "written", "invalid": "refused"}.get(mode)


def text_faults(key: str) -> tuple[st.SearchStrategy[object], st.SearchStrategy[object]]:
    return invalid_text(key), any_text(key)


@st.composite
def interviews(draw: st.DrawFn, mode: str) -> Interview:
    start = draw(VALID_MOMENT)
    values = {
        "interview_id": draw(st.sampled_from(INTERVIEWS)),
        "candidate_id": draw(st.sampled_from(CANDIDATES[:2])),
        "recruiter_id": draw(st.sampled_from(USERS)),
        "job_title": draw(valid_text("interview.job_title")),
        "scheduled_start": start,
        "scheduled_end": start + draw(DURATION),
        "status": draw(valid_member(S)),
        "video_link": draw(VALID_LINK),
    }
    no_end = st.one_of(INVALID_MOMENT, st.sampled_from([start, start - timedelta(1), None]))
    faults: Faults = {
        "interview_id": (invalid_id(INTERVIEWS), any_id(INTERVIEWS)),
        "candidate_id": (st.one_of(invalid_id(CANDIDATES), st.uuids()), any_id(CANDIDATES)),
        "recruiter_id": (st.one_of(invalid_id(USERS), st.uuids()), any_id(USERS)),
        "job_title": text_faults("interview.job_title"),
        "scheduled_start": (st.one_of(INVALID_MOMENT, st.none()), ANY_MOMENT),
        "scheduled_end": (no_end, st.one_of(ANY_MOMENT, no_end)),
        "status": (invalid_member(S), any_member(S)),
        "video_link": (INVALID_LINK, ANY_LINK),
    }
    return Interview(**with_faults(draw, mode, values, faults))


# An interview has one participant at least (an empty panel is refused).
VALID_PANEL = st.lists(
    st.tuples(st.sampled_from(USERS), valid_member(UserRole)), min_size=1, max_size=7
)
INVALID_PANEL = st.one_of(
    st.sampled_from([None, "x", {USERS[1]: UserRole.INTERVIEWER}, [], ()]),
    st.lists(st.tuples(st.uuids(), st.just(UserRole.INTERVIEWER)), min_size=9, max_size=10),
    st.tuples(
        VALID_PANEL,
        st.one_of(
            st.sampled_from([USERS[1], (USERS[1],), (USERS[1], "interviewer", "extra"), None]),
            st.tuples(invalid_id(USERS), valid_member(UserRole)),
            st.tuples(st.sampled_from(USERS), invalid_member(UserRole)),
            st.tuples(st.uuids(), valid_member(UserRole)),  # no such user
        ),
    ).map(lambda pair: [*pair[0], pair[1]]),
)
ANY_PANEL = st.one_of(
    VALID_PANEL, INVALID_PANEL, st.lists(st.tuples(any_id(USERS), any_member(UserRole)), max_size=6)
)


@st.composite
def users(draw: st.DrawFn, mode: str) -> User:
    values = {
        "user_id": draw(st.sampled_from(USERS)),
        "name": draw(valid_text("user.name")),
        "email": draw(VALID_EMAIL),
        "role": draw(valid_member(UserRole)),
        "slack_handle": draw(valid_text("user.slack_handle")),
    }
    faults: Faults = {
        "user_id": (invalid_id(USERS), any_id(USERS)),
        "name": text_faults("user.name"),
        "email": (invalid_email("user.email"), any_email("user.email")),
        "role": (invalid_member(UserRole), any_member(UserRole)),
        "slack_handle": text_faults("user.slack_handle"),
    }
    return User(**with_faults(draw, mode, values, faults))


@st.composite
def candidates(draw: st.DrawFn, mode: str) -> Candidate:
    values = {
        "candidate_id": draw(st.sampled_from(CANDIDATES)),
        "name": draw(valid_text("candidate.name")),
        "email": draw(VALID_EMAIL),
        "resume_text": draw(valid_text("candidate.resume_text")),
    }
    faults: Faults = {
        "candidate_id": (invalid_id(CANDIDATES), any_id(CANDIDATES)),
        "name": text_faults("candidate.name"),
        "email": (invalid_email("candidate.email"), any_email("candidate.email")),
        "resume_text": text_faults("candidate.resume_text"),
    }
    return Candidate(**with_faults(draw, mode, values, faults))


@st.composite
def batch_of(draw: st.DrawFn, make, mode: str) -> object:
    """A list of records for an upsert; in a faulty case one record, or the list, is bad."""
    batch = draw(st.lists(make("valid"), max_size=3))
    if mode == "valid":
        return batch
    if mode == "chaos":
        return draw(st.lists(make("chaos"), max_size=3))
    if draw(st.booleans()):
        batch.insert(draw(st.integers(0, len(batch))), draw(make(mode)))
        return batch
    bad = [None, [{}], [None], "x", {}]
    return draw(st.sampled_from(bad if mode == "invalid" else [*bad, tuple(batch)]))


# --- checks -----------------------------------------------------------------------------------
def _row_ids(row: tuple[tuple[str, object], ...]) -> set[str]:
    found = set()
    for _, value in row:
        text = str(value)
        if isinstance(value, uuid.UUID) or (isinstance(value, str) and len(text) == 36):
            with contextlib.suppress(ValueError):
                found.add(str(uuid.UUID(text)))
    return found


# Cassandra's counts per (status, day) and per status: aggregates over every interview, which a
# write of one interview legitimately changes. They are checked against the sources instead.
AGGREGATES = {
    "interview_counts_by_bucket",
    "interview_counts_by_status",
    "insight_counts_by_chart",
    "interview_counts_by_filter",
}


# Cassandra's index of the months in which a person has interviews (their month partitions):
# shared by every interview of the month, written with each, never changed nor deleted.
ADD_ONLY = {"interview_months_by_person"}
# Tables whose static column every write of the partition sets (a person's day of seat claims:
# its `version`), so the snapshot shows it changed on the rows of other interviews too.
PARTITION_VERSIONED = {
    "seat_claims_by_person_day": "version",
    "load_claims_by_person_week": "version",
}


def assert_only_touches(changes: list[Change], ids: set[uuid.UUID]) -> None:
    """Every changed row names one of `ids`; the count tables may change, and must then agree
    with the interviews as stored (counted through the public lists); a row of an add-only
    index may be added; a partition's static version may move on another interview's row."""
    allowed = {str(i) for i in ids}
    for table, old, new in changes:
        named = _row_ids(old or ()) | _row_ids(new or ())
        if table in AGGREGATES or named & allowed or (table in ADD_ONLY and old is None):
            continue
        static = PARTITION_VERSIONED.get(table)
        if static and old and new and _without(old, static) == _without(new, static):
            continue
        raise AssertionError(f"{table}: a row outside the write changed: {old} -> {new}")


def _without(row: tuple, column: str) -> tuple:
    return tuple((c, v) for c, v in row if c != column)


def summary_of(d: InterviewDetail) -> InterviewSummary:
    """The list row an interview's detail implies."""
    i = d.interview
    return InterviewSummary(
        i.interview_id,
        i.scheduled_start,
        i.status,
        d.candidate.name,
        i.job_title,
        d.recruiter.name,
        len(d.feedback),
        len(d.participants),
        d.ats.recommendation if d.ats else Recommendation.PENDING,
    )


def assert_consistent(w: World, touched: set[uuid.UUID], gone: dict[uuid.UUID, InterviewDetail]):
    """Every copy of the touched interviews agrees with its source; deleted ones are in no
    list; the counts per status match the interviews that exist."""
    s = w.store
    details = w.details()
    lists = {status: s.list_interviews_by_status(status, limit=200).rows for status in S}
    assert s.count_by_status() == {
        status: sum(d.interview.status is status for d in details.values()) for status in S
    }
    for iid in touched:
        listed = {
            status: [r for r in rows if r.interview_id == iid] for status, rows in lists.items()
        }
        d = details.get(iid)
        if d is None:
            assert not any(listed.values()), iid
            old = gone.get(iid)
            if old is not None:
                for f in filters_of(old.interview):
                    assert all(
                        r.interview_id != iid for r in s.list_filtered(f, old.interview.status).rows
                    )
                assert all(
                    r.interview_id != iid
                    for r in s.list_interviews_by_candidate(old.interview.candidate_id)
                )
                for p in old.participants:
                    assert all(r.interview_id != iid for r in s.list_interviews_by_user(p.user_id))
            continue
        i = d.interview
        assert d.candidate == s.get_candidate(i.candidate_id)
        assert d.recruiter == s.get_user(i.recruiter_id)
        feedback_by = {f.user_id for f in d.feedback}
        assert feedback_by <= {p.user_id for p in d.participants}
        row = summary_of(d)
        assert listed == {status: [row] if status is i.status else [] for status in S}
        for f in filters_of(i):  # its recruiter's and its job title's lists and counts
            rows = s.list_filtered(f, i.status, limit=200).rows
            assert [r for r in rows if r.interview_id == iid] == [row]
            assert s.count_filtered(f) == {
                status: sum(
                    f in filters_of(o.interview) and o.interview.status is status
                    for o in details.values()
                )
                for status in S
            }
        assert [
            r for r in s.list_interviews_by_candidate(i.candidate_id) if r.interview_id == iid
        ] == [row]
        for p in d.participants:
            profile = s.get_user(p.user_id)
            assert (p.name, p.email, p.slack_handle) == (
                profile.name,
                profile.email,
                profile.slack_handle,
            )
            assert p.has_feedback == (p.user_id in feedback_by)
            assert [r for r in s.list_interviews_by_user(p.user_id) if r.interview_id == iid] == [
                row
            ]
        if d.ats is not None:
            assert d.ats == s.get_ats(iid)
        else:
            assert not d.feedback and i.status is S.SCHEDULED


def related(details: dict[uuid.UUID, InterviewDetail], people: set[uuid.UUID]) -> set[uuid.UUID]:
    """The interviews whose candidate, recruiter or a participant is one of `people`."""
    return {
        iid
        for iid, d in details.items()
        if {d.interview.candidate_id, d.interview.recruiter_id} & people
        or {p.user_id for p in d.participants} & people
    }


def attempt(w: World, op: str, write, expect: str | None) -> tuple[Snapshot, object] | None:
    """Run one write, expected to be "written", "refused" or either (None). Refused: nothing
    changed, return None. Written: the snapshot from before and the write's result."""
    before = snapshot(w.store)
    try:
        result = write()
    except ValidationError as err:
        assert expect != "written", f"a valid {op} was refused: {err.field}: {err.message}"
        assert diff(before, snapshot(w.store)) == [], f"{op} refused ({err.field}) but wrote"
        event(f"{op}: refused ({err.field})")
        return None
    assert expect != "refused", f"an invalid {op} was written"
    event(f"{op}: written")
    return before, result


def expected_user(u: User) -> User:
    return replace(u, role=UserRole(u.role))


def expected_interview(i: Interview) -> Interview:
    return replace(
        i,
        scheduled_start=to_utc(i.scheduled_start),
        scheduled_end=to_utc(i.scheduled_end),
        status=S(i.status),
    )


# --- the properties ---------------------------------------------------------------------------
@examples(sqlite=50, node=15)
def test_upsert_users(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    batch = data.draw(batch_of(users, mode), label="users")
    details = world.details()
    write = lambda: world.store.upsert_users(batch)  # noqa: E731
    done = attempt(world, "upsert_users", write, expected_outcome(mode))
    if done is None:
        return
    before, _ = done
    written = {u.user_id: expected_user(u) for u in batch}  # a repeated id: the last wins
    for user_id, user in written.items():
        assert world.store.get_user(user_id) == user
    touched = related(details, set(written))
    assert_only_touches(diff(before, snapshot(world.store)), set(written) | touched)
    assert_consistent(world, touched, {})


@examples(sqlite=40, node=12)
def test_upsert_candidates(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    batch = data.draw(batch_of(candidates, mode), label="candidates")
    details = world.details()
    write = lambda: world.store.upsert_candidates(batch)  # noqa: E731
    done = attempt(world, "upsert_candidates", write, expected_outcome(mode))
    if done is None:
        return
    before, _ = done
    written = {c.candidate_id: c for c in batch}
    for candidate_id, candidate in written.items():
        assert world.store.get_candidate(candidate_id) == candidate
    touched = related(details, set(written))
    assert_only_touches(diff(before, snapshot(world.store)), set(written) | touched)
    assert_consistent(world, touched, {})


@examples(sqlite=60, node=20)
def test_create_interview(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    panel_at_fault = mode == "chaos" or (mode != "valid" and data.draw(st.booleans()))
    made = data.draw(interviews(mode if mode == "chaos" or not panel_at_fault else "valid"))
    panels = {"valid": VALID_PANEL, "invalid": INVALID_PANEL}
    panel = data.draw(panels.get(mode, ANY_PANEL) if panel_at_fault else VALID_PANEL)
    known = isinstance(made.interview_id, uuid.UUID)
    old = world.store.get_interview_detail(made.interview_id) if known else None
    write = lambda: world.store.create_interview(made, panel)  # noqa: E731
    done = attempt(world, "create_interview", write, expected_outcome(mode))
    if done is None:
        return
    before, _ = done
    world.interviews.add(made.interview_id)
    d = world.store.get_interview_detail(made.interview_id)
    assert d.interview == expected_interview(made)
    roles = {user_id: UserRole(role) for user_id, role in panel}  # a repeated user: the last
    assert {p.user_id: p.role for p in d.participants} == roles
    kept = [f for f in (old.feedback if old else []) if f.user_id in roles]
    assert d.feedback == kept  # the feedback of a participant who stays is kept as it was
    assert_only_touches(diff(before, snapshot(world.store)), {made.interview_id})
    assert_consistent(world, {made.interview_id}, {})


@examples(sqlite=35, node=12)
def test_change_status(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    details = world.details()
    values = {
        "interview": data.draw(st.sampled_from(sorted(details))),
        "status": data.draw(valid_member(S)),
    }
    faults: Faults = {
        "interview": (st.one_of(invalid_id(INTERVIEWS), st.uuids()), any_id(INTERVIEWS)),
        "status": (invalid_member(S), any_member(S)),
    }
    args = with_faults(data.draw, mode, values, faults)
    iid, status = args["interview"], args["status"]
    write = lambda: world.store.change_status(iid, status)  # noqa: E731
    done = attempt(world, "change_status", write, expected_outcome(mode))
    if done is None:
        return
    before, _ = done
    old = details[iid]
    d = world.store.get_interview_detail(iid)
    assert d.interview == replace(old.interview, status=S(status))
    assert (d.participants, d.feedback) == (old.participants, old.feedback)
    assert_only_touches(diff(before, snapshot(world.store)), {iid})
    assert_consistent(world, {iid}, {})


@examples(sqlite=60, node=20)
def test_submit_feedback(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    details = {i: d for i, d in world.details().items() if d.participants}
    iid = data.draw(st.sampled_from(sorted(details)))
    panel = [p.user_id for p in details[iid].participants]
    outside = [u for u in USERS if u not in panel]
    outsiders = st.one_of(st.uuids(), *([st.sampled_from(outside)] if outside else []))
    values = {
        "interview": iid,
        "user": data.draw(st.sampled_from(panel)),
        "decision": data.draw(valid_member(Decision)),
        "comment": data.draw(valid_text("feedback.comment")),
        # Feedback opens when the interview starts: a valid submission time is not before it.
        "submitted_at": data.draw(
            st.one_of(
                st.none(),
                VALID_MOMENT.filter(lambda m: m >= details[iid].interview.scheduled_start),
            )
        ),
    }
    faults: Faults = {
        "interview": (st.one_of(invalid_id(INTERVIEWS), st.uuids()), any_id(INTERVIEWS)),
        "user": (st.one_of(invalid_id(USERS), outsiders), any_id(USERS)),
        "decision": (invalid_member(Decision), any_member(Decision)),
        "comment": text_faults("feedback.comment"),
        "submitted_at": (INVALID_MOMENT, st.one_of(st.none(), ANY_MOMENT)),
    }
    args = with_faults(data.draw, mode, values, faults)
    iid, user_id, comment, at = (args[k] for k in ("interview", "user", "comment", "submitted_at"))
    write = lambda: world.store.submit_feedback(iid, user_id, args["decision"], comment, at)  # noqa: E731
    done = attempt(world, "submit_feedback", write, expected_outcome(mode))
    if done is None:
        return
    before, stored = done
    assert isinstance(stored, Feedback)
    assert (stored.interview_id, stored.user_id) == (iid, user_id)
    assert (stored.decision, stored.comment) == (Decision(args["decision"]), comment.strip())
    if at is not None:
        assert stored.submitted_at == to_utc(at)
    assert world.store.get_feedback(iid, user_id) == stored
    old, d = details[iid], world.store.get_interview_detail(iid)
    expected = {f.user_id: f for f in old.feedback} | {user_id: stored}
    assert {f.user_id: f for f in d.feedback} == expected
    assert_only_touches(diff(before, snapshot(world.store)), {iid})
    assert_consistent(world, {iid}, {})


@examples(sqlite=35, node=12)
def test_deletes(world: World, data: st.DataObject) -> None:
    """A delete of an unknown id is a no-op; of a person who still has interviews, refused."""
    world.restore_seed()
    mode = data.draw(MODES, label="mode")
    kind = data.draw(st.sampled_from(["interview", "user", "candidate"]), label="kind")
    pool = {"interview": INTERVIEWS, "user": USERS, "candidate": CANDIDATES}[kind]
    ids = {"valid": st.sampled_from(pool), "invalid": invalid_id(pool)}.get(mode, any_id(pool))
    key = data.draw(ids, label="id")
    details = world.details()
    busy = kind != "interview" and bool(related(details, {key}))
    write = {
        "interview": world.store.delete_interview,
        "user": world.store.delete_user,
        "candidate": world.store.delete_candidate,
    }[kind]
    expect = "refused" if busy else expected_outcome(mode)
    done = attempt(world, f"delete_{kind}", lambda: write(key), expect)
    if done is None:
        return
    before, _ = done
    read = {
        "interview": world.store.get_interview,
        "user": world.store.get_user,
        "candidate": world.store.get_candidate,
    }[kind]
    assert read(key) is None
    assert_only_touches(diff(before, snapshot(world.store)), {key})
    if kind == "interview":
        assert_consistent(world, {key}, details)


def feedback_faults() -> Faults:
    return {
        "interview_id": (invalid_id(INTERVIEWS), any_id(INTERVIEWS)),
        "user_id": (st.one_of(invalid_id(USERS), st.uuids()), any_id(USERS)),
        "decision": (invalid_member(Decision), any_member(Decision)),
        "comment": text_faults("feedback.comment"),
        "submitted_at": (st.one_of(INVALID_MOMENT, st.none()), ANY_MOMENT),
    }


@st.composite
def bulk_data(draw: st.DrawFn, mode: str) -> SampleData:
    """A small bulk load over the pools: people, interviews, their panels and feedback; in a
    faulty case one record of one kind is bad (any record may be, in chaos)."""
    inner = "chaos" if mode == "chaos" else "valid"
    people = draw(st.lists(users(inner), max_size=2))
    cands = draw(st.lists(candidates(inner), max_size=2))
    made = draw(st.lists(interviews(inner), max_size=2, unique_by=lambda i: str(i.interview_id)))
    panels: list[object] = []
    feedback: list[Feedback] = []
    for i in made:
        panel = draw(VALID_PANEL)
        panels += [(i.interview_id, user_id, role) for user_id, role in panel]
        authors = sorted({user_id for user_id, _ in panel}, key=str)
        for user_id in draw(st.lists(st.sampled_from(authors), max_size=2)) if authors else []:
            values = {
                "interview_id": i.interview_id,
                "user_id": user_id,
                "decision": draw(valid_member(Decision)),
                "comment": draw(valid_text("feedback.comment")),
                "submitted_at": draw(VALID_MOMENT),
            }
            feedback.append(Feedback(**with_faults(draw, inner, values, feedback_faults())))
    data = SampleData(people, cands, made, panels, feedback)
    if mode in ("valid", "chaos"):
        return data
    kinds = [k for k in ("users", "candidates", "interviews", "feedback") if getattr(data, k)]
    kind = draw(st.sampled_from([*kinds, "participants"]))
    if kind == "participants":  # malformed, or on an interview the load does not hold
        ghost = (draw(st.uuids()), USERS[1], UserRole.INTERVIEWER)
        entry = draw(st.sampled_from([ghost, ("x",), (USERS[1],), None, "x"]))
        return replace(data, participants=[*panels, entry])
    records = list(getattr(data, kind))
    at = draw(st.integers(0, len(records) - 1))
    if kind == "feedback":
        records[at] = Feedback(**with_faults(draw, mode, vars(records[at]), feedback_faults()))
    else:
        make = {"users": users, "candidates": candidates, "interviews": interviews}[kind]
        records[at] = draw(make(mode))
    return replace(data, **{kind: records})


def long_feedback_in_one_batch(load: SampleData) -> bool:
    """Over 30 KB of comments on one interview: Cassandra's bulk load sends them in one batch."""
    size: Counter[object] = Counter()
    for f in load.feedback:
        if isinstance(f.comment, str):
            size[str(f.interview_id)] += len(f.comment.encode("utf-8", "surrogatepass"))
    return any(n > 30_000 for n in size.values())


@examples(sqlite=40, node=12)
def test_bulk_load(world: World, data: st.DataObject) -> None:
    mode = data.draw(MODES, label="mode")
    load = data.draw(bulk_data(mode), label="data")
    assume(not long_feedback_in_one_batch(load))  # known (test_store_validation): xfail there
    details = world.details()
    write = lambda: world.store.bulk_load(load)  # noqa: E731
    done = attempt(world, "bulk_load", write, expected_outcome(mode))
    if done is None:
        return
    before, _ = done
    s = world.store
    for user_id, user in {u.user_id: expected_user(u) for u in load.users}.items():
        assert s.get_user(user_id) == user
    for candidate_id, candidate in {c.candidate_id: c for c in load.candidates}.items():
        assert s.get_candidate(candidate_id) == candidate
    for i in load.interviews:
        world.interviews.add(i.interview_id)
        d = s.get_interview_detail(i.interview_id)
        assert d.interview == expected_interview(i)
        roles = {u: UserRole(r) for iid, u, r in load.participants if iid == i.interview_id}
        assert {p.user_id: p.role for p in d.participants} == roles
        old = details.get(i.interview_id)
        expected = {f.user_id: f for f in (old.feedback if old else []) if f.user_id in roles}
        for f in load.feedback:  # the loaded feedback wins; a repeated author: the last
            if f.interview_id == i.interview_id:
                expected[f.user_id] = replace(
                    f,
                    decision=Decision(f.decision),
                    comment=f.comment.strip(),
                    submitted_at=to_utc(f.submitted_at),
                )
        assert {f.user_id: f for f in d.feedback} == expected
    people = {u.user_id for u in load.users} | {c.candidate_id for c in load.candidates}
    touched = {i.interview_id for i in load.interviews} | related(details, people)
    assert_only_touches(diff(before, snapshot(world.store)), people | touched)
    assert_consistent(world, touched, {})
