"""Several app processes writing the same interviews at once, on SQLite and Cassandra.

Each writer is its own process with its own store from `Settings` + `open_store`, as
two app servers would be (threads in one process share its lock and hide the problem).

- Forced races: two processes meet at a `multiprocessing.Barrier(2)` after both have read the
  interview's state and before either writes, so the second write always starts from a state
  that is already stale. On Cassandra the loser's conditional batch must fail and retry
  from a fresh read; the final state must be the one some serial order of the two writes gives.
  Scenarios: two new feedbacks; cancel vs feedback, both orders; completed vs cancelled;
  rename of a participant (the interview's recruiter) vs status change; a participant renamed
  while the interview is being created (the Cassandra store once kept the old name).
- Stress: 3 processes x 8 threads for STRESS_SECONDS on three interviews, 70 % feedback and
  30 % status changes; no lost feedback, the latest feedback kept, a status that some change
  could have set last, no stale copy, and no refusal but "busy" (out of attempts).

Afterwards everything is checked through the store's public reads only (`assert_consistent`).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import queue
import random
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.processes import PROCESSES
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    DAVE,
    RECRUITER,
    interview,
    seed_people,
    user,
)

from interview_autopilot.core import domain
from interview_autopilot.core.errors import DuplicateBooking, StoreUnavailable, ValidationError
from interview_autopilot.core.models import (
    Decision,
    Feedback,
    Interview,
    InterviewDetail,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Recommendation,
    User,
    UserRole,
    to_utc,
    utc_now,
)
from interview_autopilot.core.settings import Settings
from interview_autopilot.features import scheduling
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store

pytestmark = pytest.mark.races

BARRIER_TIMEOUT = 30.0  # seconds a writer waits for the other at the barrier
CHILD_TIMEOUT = 90.0  # seconds a writer process may take from start to its report
WALK_PAGE = 2  # rows per list page in the checks: every walk crosses several cursors
BUSY = "being changed by others"  # the only refusal a write may give under contention

# How long the stress writers run: bounded, so the whole file stays well under 90 s; set
# RACES_STRESS_SECONDS=30 for the longer run of shared/MEASURE.md.
STRESS_SECONDS = float(os.environ.get("RACES_STRESS_SECONDS") or 10)
STRESS_PROCESSES = 3
STRESS_THREADS = 8
STRESS_FEEDBACK_SHARE = 0.7  # the rest are status changes

S = InterviewStatus


# --- backends ---------------------------------------------------------------------------
# SQLite: a fresh file per test. Cassandra: one keyspace for the module, emptied after any
# failed test; a kept one from the machine's pool (creating a keyspace's schema waits on the
# node for each table, and dropping one snapshots every table), emptied and seeded as a fresh
# one would be. Sharing it in the module costs nothing in strength: every test checks the
# whole keyspace, the interviews of the tests before it included, and names its own
# interviews after its scenario.
@dataclass
class Backend:
    """One test's store: the Settings the writer processes open it from, and the test's own
    store on the same data (seeding and the checks)."""

    name: str
    settings: Settings
    store: Store


class Keyspaces:
    """The module's Cassandra keyspace, taken on first use from the machine's pool of kept
    keyspaces (support.node.pooled_keyspace, `autopilot_races_<host>_<n>`): brought up to date,
    emptied and seeded as a fresh one would be, and again after a failed test."""

    def __init__(self) -> None:
        self._admin: Any = None  # a superuser session, made on first use
        self._made: dict[str, Backend] = {}
        self._held: dict[str, str] = {}  # backend name -> the pooled keyspace this module holds
        self._pool = ExitStack()  # the pool's locks, released at the end

    def lease(self, name: str, request: pytest.FixtureRequest) -> Backend:
        if name not in self._made:
            settings = self._cassandra(name, request)
            store = open_store(settings)
            try:
                seed_people(store)
            except BaseException:
                store.close()
                raise
            self._made[name] = Backend(name, settings, store)
        return self._made[name]

    def retire(self, name: str) -> None:
        """Close `name`'s store: the next test gets its keyspace emptied and seeded afresh."""
        backend = self._made.pop(name, None)
        if backend is not None:
            backend.store.close()

    def close(self) -> None:
        try:
            for name in list(self._made):
                self.retire(name)
        finally:
            try:
                self._pool.close()
            finally:
                if self._admin is not None:
                    self._admin.cluster.shutdown()

    def _cassandra(self, name: str, _request: pytest.FixtureRequest) -> Settings:
        """The settings of `name`'s keyspace, made ready and empty."""
        from support.keyspace_reset import empty_tables
        from support.node import (
            cassandra_missing,
            cassandra_test_settings,
            pooled_keyspace,
            ready_kept_keyspace,
        )

        from interview_autopilot.store.cassandra.connection import build_cluster, connect

        if name not in self._held:
            self._held[name] = self._pool.enter_context(pooled_keyspace("autopilot_races"))
        keyspace = self._held[name]
        if self._admin is None:
            cluster = build_cluster(cassandra_test_settings(keyspace))
            try:
                self._admin = connect(cluster)
            except StoreUnavailable as exc:
                cluster.shutdown()
                cassandra_missing(f"no Cassandra node answered: {exc}")
        ready_kept_keyspace(self._admin, keyspace)
        empty_tables(self._admin, keyspace)
        return cassandra_test_settings(keyspace)


@pytest.fixture(scope="module")
def keyspaces() -> Iterator[Keyspaces]:
    made = Keyspaces()
    yield made
    made.close()


BACKENDS = [
    "sqlite",
    pytest.param("cassandra", marks=pytest.mark.cassandra),
]


@pytest.fixture(params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, keyspaces: Keyspaces
) -> Iterator[Backend]:
    """The store a test writes to: a fresh SQLite file, or the module's keyspace."""
    name = request.param
    if name == "sqlite":
        env = {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(tmp_path / "races.db")}
        settings = Settings.load(env=env, dotenv_path=tmp_path / "no.env")
        store = open_store(settings)
        try:
            seed_people(store)
            yield Backend(name, settings, store)
        finally:
            store.close()
        return
    failed = request.session.testsfailed
    yield keyspaces.lease(name, request)
    if request.session.testsfailed > failed:  # never hand a broken state to the next test
        keyspaces.retire(name)


# --- the checks, through the public reads only ---------------------------------------------
def walk_pages(read: Callable[[PageCursor | None], InterviewPage]) -> list[InterviewSummary]:
    """Every row of a list, following next_cursor to its end (bounded, to fail not hang)."""
    found: list[InterviewSummary] = []
    cursor: PageCursor | None = None
    for _ in range(10_000):
        page = read(cursor)
        found += page.rows
        if page.next_cursor is None:
            return found
        assert page.rows, "a page with a next cursor but no rows"
        cursor = page.next_cursor
    raise AssertionError("a list walk did not end")


def assert_consistent(
    store: Store, interviews: Collection[uuid.UUID] | None = None
) -> dict[uuid.UUID, InterviewDetail]:
    """Check, through the public reads only, that every copy of every interview agrees with its
    detail page; return the details by id.

    - every status list walked to its end (WALK_PAGE rows a page): each interview exactly once,
      in the list of its own status; the upcoming list: exactly the scheduled ones from now;
    - the lists hold exactly `interviews`, when given; counts per status equal their lengths;
    - each list copy (by status, by candidate, by participant) equals the others and agrees
      with the detail: status, feedback and participant counts, names, recommendation;
    - one feedback per interviewer, each a participant's, and `get_feedback` agrees; each
      participant shows the user's current profile;
    - the ATS record (`get_ats`) is the one the rules give for the stored status and feedback,
      names the count ("N of M interviewers"), and equals the detail page's;
    - the doctor finds nothing.
    """
    now = utc_now()
    listed = {
        status: walk_pages(
            lambda after, s=status: store.list_interviews_by_status(s, WALK_PAGE, after)
        )
        for status in S
    }
    rows: dict[uuid.UUID, InterviewSummary] = {}
    for status, found in listed.items():
        starts = [r.scheduled_start for r in found]
        assert starts == sorted(starts, reverse=True), f"{status} list is not newest first"
        for row in found:
            assert row.status is status, f"{row.interview_id} listed under {status}: {row}"
            assert row.interview_id not in rows, (
                f"{row.interview_id} listed twice: {rows[row.interview_id]} and {row}"
            )
            rows[row.interview_id] = row
    if interviews is not None:
        assert set(rows) == set(interviews), "the lists do not hold exactly the interviews"
    counts = store.count_by_status()
    assert counts == {s: len(found) for s, found in listed.items()}, "counts != lists"
    assert sum(counts.values()) == len(rows)

    upcoming = walk_pages(lambda after: store.list_upcoming(WALK_PAGE, after, now))
    upcoming_ids = [r.interview_id for r in upcoming]
    assert len(upcoming_ids) == len(set(upcoming_ids)), "an interview twice in upcoming"
    expected_upcoming = {
        r.interview_id for r in listed[S.SCHEDULED] if r.scheduled_start >= to_utc(now)
    }
    assert set(upcoming_ids) == expected_upcoming, "upcoming != scheduled ones from now"
    for r in upcoming:
        assert r == rows[r.interview_id], "the upcoming copy differs from the status list's"

    details: dict[uuid.UUID, InterviewDetail] = {}
    for iid, row in rows.items():
        detail = store.get_interview_detail(iid)
        assert detail is not None, f"{iid} is listed but has no detail"
        details[iid] = detail
        i, participants, feedback = detail.interview, detail.participants, detail.feedback
        panel = {p.user_id for p in participants}
        authors = [f.user_id for f in feedback]
        assert len(authors) == len(set(authors)), f"{iid}: two feedbacks by one interviewer"
        assert set(authors) <= panel, f"{iid}: feedback by a non-participant"
        assert {p.user_id for p in participants if p.has_feedback} == set(authors)
        for p in participants:
            mine = [f for f in feedback if f.user_id == p.user_id]
            assert store.get_feedback(iid, p.user_id) == (mine[0] if mine else None)
        assert store.get_interview(iid) == i
        assert store.list_participants(iid) == participants
        for p in participants:
            profile = store.get_user(p.user_id)
            assert profile is not None, f"{iid}: participant {p.user_id} is no user"
            assert (p.name, p.email, p.slack_handle) == (
                profile.name,
                profile.email,
                profile.slack_handle,
            ), f"{iid}: participant {p.user_id} shows a stale profile: {p} vs {profile}"

        assert (row.status, row.scheduled_start, row.job_title) == (
            i.status,
            i.scheduled_start,
            i.job_title,
        ), f"{iid}: the list copy is not the interview"
        assert row.feedback_count == len(feedback), (
            f"{iid}: list copy says {row.feedback_count} feedback, the detail has {len(feedback)}"
        )
        assert row.participant_count == len(participants)
        assert (row.candidate_name, row.recruiter_name) == (
            detail.candidate.name,
            detail.recruiter.name,
        ), f"{iid}: the list copy carries stale names"

        ats = store.get_ats(iid)
        if not domain.has_ats(i.status, len(feedback)):
            assert ats is None and detail.ats is None, f"{iid}: an ATS record it should not have"
            assert row.recommendation is Recommendation.PENDING
        else:
            rule = domain.ats_record(i, len(participants), feedback)
            assert ats is not None, f"{iid}: no ATS record"
            assert (ats.status, ats.recommendation, ats.summary) == (
                rule.status,
                rule.recommendation,
                rule.summary,
            ), f"{iid}: the ATS record is not the one its feedback and status imply"
            assert f"{len(feedback)} of {len(participants)} interviewers" in ats.summary
            assert ats == detail.ats, f"{iid}: the ATS copy differs from the detail's"
            assert row.recommendation is ats.recommendation

        for p in participants:
            mine = [r for r in store.list_interviews_by_user(p.user_id) if r.interview_id == iid]
            assert mine == [row], f"{iid}: {p.name}'s list copy differs: {mine} vs {row}"
        by_candidate = store.list_interviews_by_candidate(i.candidate_id)
        assert [r for r in by_candidate if r.interview_id == iid] == [row]
    report = store.doctor()  # and the doctor, which compares the stored copies themselves
    assert report.ok, report.problems
    return details


# --- writes as data: what a writer process does, and what it does to a model ----------------
@dataclass(frozen=True)
class Write:
    """One store write, picklable: it runs in a writer process, and on a model of the
    interview to enumerate the serial outcomes."""

    kind: str  # "feedback", "status", "rename", "create", "book", "reschedule" or "decision"
    interview_id: uuid.UUID
    user: User | None = None
    value: str = ""  # the decision, the status, the new name, the new start (ISO) or the call
    comment: str = ""
    created: Interview | None = None  # "create": the interview and its panel
    panel: tuple[tuple[uuid.UUID, UserRole], ...] = ()
    held_at_start: bool = False  # meet the other writer before starting, not after a read

    def run(self, store: Store) -> Any:
        if self.kind == "book":  # the Schedule form's write path
            assert self.created is not None
            i = self.created
            try:
                return scheduling.schedule(
                    store,
                    i.candidate_id,
                    i.job_title,
                    i.recruiter_id,
                    i.scheduled_start,
                    i.scheduled_end,
                    i.video_link,
                    list(self.panel),
                )
            except DuplicateBooking:
                return "refused: booked"
        if self.kind == "create":
            assert self.created is not None
            return store.create_interview(self.created, list(self.panel))
        if self.kind == "feedback":
            assert self.user is not None
            try:
                return store.submit_feedback(
                    self.interview_id, self.user.user_id, self.value, self.comment
                )
            except ValidationError as exc:
                if refused_as_closed(exc):
                    return "refused: closed"  # what a serial order gives after a cancel
                raise
        if self.kind == "status":
            return store.change_status(self.interview_id, S(self.value))
        if self.kind == "reschedule":  # the Reschedule popover's write path
            start = datetime.fromisoformat(self.value)
            try:
                return scheduling.reschedule(
                    store, self.interview_id, start, start + timedelta(hours=1)
                )
            except ValidationError as exc:
                if "Only a scheduled interview" in exc.message:
                    return "refused: not scheduled"  # a serial order after a cancel/complete
                raise
        assert self.user is not None
        if self.kind == "decision":
            try:
                return store.record_decision(
                    self.interview_id, self.user.user_id, self.value, "Race reason."
                )
            except ValidationError as exc:
                if "not started yet" in exc.message or refused_as_closed(exc):
                    return "refused: no decision now"  # after a move to the future, a cancel
                raise
        return store.upsert_users([dataclasses.replace(self.user, name=self.value)])

    def apply(self, state: Model) -> Model:
        if self.kind == "feedback":
            assert self.user is not None
            if state.status in CLOSED:  # refused: a closed interview takes no feedback
                return state
            mine = (self.user.user_id, self.value, self.comment)
            rest = {f for f in state.feedback if f[0] != self.user.user_id}
            return dataclasses.replace(state, feedback=frozenset({*rest, mine}))
        if self.kind == "status":
            return dataclasses.replace(state, status=self.value)
        if self.kind == "reschedule":  # refused unless still scheduled
            if state.status != S.SCHEDULED.value:
                return state
            return dataclasses.replace(state, start=to_utc(datetime.fromisoformat(self.value)))
        if self.kind == "decision":  # refused when closed or not started
            if state.status in CLOSED or state.start > utc_now():
                return state
            return dataclasses.replace(state, decision=self.value)
        assert self.user is not None
        uid = self.user.user_id
        names = frozenset((u, self.value if u == uid else n) for u, n in state.names)
        recruiter = self.value if uid == state.recruiter_id else state.recruiter_name
        return dataclasses.replace(state, names=names, recruiter_name=recruiter)


@dataclass(frozen=True)
class Model:
    """What a serial order of writes decides about one interview (times aside)."""

    status: str
    feedback: frozenset[tuple[uuid.UUID, str, str]]  # (author, decision, comment)
    names: frozenset[tuple[uuid.UUID, str]]  # participants' names
    recruiter_id: uuid.UUID
    recruiter_name: str
    start: datetime  # when it is scheduled
    decision: str | None  # the hiring call, once made

    @classmethod
    def of(cls, detail: InterviewDetail) -> Model:
        decided = detail.ats.decision if detail.ats else None
        return cls(
            detail.interview.status.value,
            frozenset((f.user_id, f.decision.value, f.comment) for f in detail.feedback),
            frozenset((p.user_id, p.name) for p in detail.participants),
            detail.recruiter.user_id,
            detail.recruiter.name,
            to_utc(detail.interview.scheduled_start),
            decided.call.value if decided else None,
        )


# --- the forced races ------------------------------------------------------------------------
# The store writes the race scenarios make (through the features or directly).
STORE_WRITES = (
    "change_status",
    "reschedule_interview",
    "record_decision",
    "upsert_users",
    "submit_feedback",
    "create_interview",
    "book_interview",
)


def _hold_first_read(
    store: Store, target: uuid.UUID, barrier: Any, after: Any, record: dict
) -> None:
    """Make this process's first read of the `target` interview wait for the other writer's.

    Cassandra/Astra: `_change` reads the source partition, computes, then sends a batch
    conditional on the version read. The first source read of the target returns its state
    only after both processes have read it: both then hold the same version, and exactly one
    conditional batch can apply. Every batch's outcome on the target is recorded.

    SQLite: the transaction takes the write lock (BEGIN IMMEDIATE) before its first read, so a
    barrier after the read would deadlock (the other process waits for the lock, never for the
    barrier). The barrier sits just before the first transaction begins instead: both writers
    are released together and the lock serializes them.

    With `after` (an Event), this writer goes on only once the other one has written, so it
    writes second, from a state that is stale by one write. (An Event, not a sleep: on a
    loaded node one conditional write can take longer than any sleep short enough for a test.)
    """

    def meet() -> None:
        _meet(barrier, after)

    if store.backend == "sqlite":
        begin = store._tx  # type: ignore[attr-defined]

        @contextmanager
        def held_tx():  # type: ignore[no-untyped-def]
            if not record["held"]:
                record["held"] = True
                meet()
            with begin() as db:
                yield db

        store._tx = held_tx  # type: ignore[attr-defined]
        return

    db = store.session  # type: ignore[attr-defined]
    # Every source read goes through read_source_pending (the state and any change to finish).
    # Only the store write's own read is held: what a feature reads before it calls the store
    # (the invites of a reschedule read the interview first) is not the read the write acts on.
    read, compare_and_set = db.read_source_pending, db.compare_and_set
    writing = {"depth": 0}

    def inside(method: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            writing["depth"] += 1
            try:
                return method(*args, **kwargs)
            finally:
                writing["depth"] -= 1

        return counted

    for name in STORE_WRITES:
        setattr(store, name, inside(getattr(store, name)))

    def held_read(interview_id: uuid.UUID, *args: Any, **kwargs: Any) -> Any:
        found = read(interview_id, *args, **kwargs)
        if interview_id == target and writing["depth"] and not record["held"]:
            record["held"] = True
            meet()
        return found

    def recorded_cas(batch: Any, interview_id: uuid.UUID, *args: Any, **kwargs: Any) -> bool:
        applied = compare_and_set(batch, interview_id, *args, **kwargs)
        if interview_id == target:
            record["cas"].append(bool(applied))
        return applied

    db.read_source_pending, db.compare_and_set = held_read, recorded_cas


def _meet(barrier: Any, after: Any) -> None:
    """Wait for the other writer at the barrier, then (with `after`) until it has written."""
    barrier.wait(BARRIER_TIMEOUT)
    if after is not None and not after.wait(BARRIER_TIMEOUT):
        raise TimeoutError("the first writer never finished")


def _race_writer(
    settings: Settings, n: int, write: Write, barrier: Any, done: Any, after: Any, out: Any
) -> None:
    """Writer `n`: its own store, one write held at the barrier (and, with `after`, until the
    other writer set it); sets `done` once written; reports to `out`."""
    record: dict[str, Any] = {"n": n, "write": write.kind, "held": False, "cas": []}
    try:
        store = open_store(settings)
        try:
            if write.held_at_start:
                record["held"] = True
                _meet(barrier, after)
            else:
                _hold_first_read(store, write.interview_id, barrier, after, record)
            record["result"] = str(write.run(store))[:40]
            done.set()
        finally:
            store.close()
        out.put(("ok", record))
    except BaseException as exc:
        barrier.abort()  # never leave the other writer waiting
        out.put(("error", f"{write.kind}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def _collect(processes: list[Any], out: Any, timeout: float) -> list[Any]:
    """Every process's report, then the processes joined (ended if they overstay)."""
    reports = []
    try:
        deadline = time.monotonic() + timeout
        for _ in processes:
            reports.append(out.get(timeout=max(deadline - time.monotonic(), 0.1)))
    except queue.Empty:
        pytest.fail(f"a writer process did not report within {timeout:.0f} s")
    finally:
        for p in processes:
            p.join(timeout=10)
            if p.is_alive():  # only our own children, by their handle
                p.terminate()
                p.join(timeout=5)
    return reports


def race(backend: Backend, first: Write, second: Write, second_waits: bool) -> list[dict]:
    """Run the two writes in two processes meeting at a barrier after their first read;
    with `second_waits`, the second one goes on only once the first has written. Returns
    both writers' records, first then second."""
    barrier, out = PROCESSES.Barrier(2), PROCESSES.Queue()
    done = [PROCESSES.Event(), PROCESSES.Event()]
    afters = (None, done[0] if second_waits else None)
    processes = [
        PROCESSES.Process(
            target=_race_writer,
            args=(backend.settings, n, w, barrier, done[n], afters[n], out),
            name=f"race-{n}-{w.kind}",
            daemon=True,  # never outlives the test run
        )
        for n, w in enumerate((first, second))
    ]
    for p in processes:
        p.start()
    reports = _collect(processes, out, CHILD_TIMEOUT)
    errors = [r for status, r in reports if status != "ok"]
    assert not errors, "\n".join(errors)
    return sorted((r for _status, r in reports), key=lambda r: r["n"])


FUTURE = to_utc(datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=30))
# Feedback is taken once an interview has started: the raced interviews started an hour ago.
STARTED = to_utc(datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1))
CLOSED = {S.CANCELLED.value, S.NO_SHOW.value}  # statuses that take no feedback


def refused_as_closed(exc: ValidationError) -> bool:
    """The one refusal a racing feedback may meet: its interview was closed first."""
    return "cancelled" in exc.message or "no-show" in exc.message


def seed_race_world(store: Store, key: str) -> tuple[uuid.UUID, User]:
    """Three interviews: the one the writers race on (scheduled, started an hour ago, one
    feedback already), a completed one with every feedback, and a scheduled one already past due.
    The first has a recruiter of its own who also sits on its panel, so renaming them shows
    in the participants and in the list copies' recruiter name (and refreshes no other
    interview). Returns its id and that recruiter."""
    slug = "".join(c if c.isalnum() else "-" for c in key)
    lead = user(f"lead-{slug}", UserRole.RECRUITER)
    store.upsert_users([lead])
    panel = [
        (ALICE.user_id, UserRole.INTERVIEWER),
        (BOB.user_id, UserRole.INTERVIEWER),
        (CAROL.user_id, UserRole.HIRING_MANAGER),
        (lead.user_id, UserRole.RECRUITER),
    ]
    target = dataclasses.replace(
        interview(f"{key}-target", start=STARTED), recruiter_id=lead.user_id
    )
    store.create_interview(target, panel)
    store.submit_feedback(target.interview_id, CAROL.user_id, "yes", "Solid design round.")
    done = interview(f"{key}-done", start=FUTURE - timedelta(days=60), status=S.COMPLETED)
    store.create_interview(done, panel[:2])
    for who in (ALICE, BOB):
        store.submit_feedback(done.interview_id, who.user_id, "no", f"{who.name}: not yet.")
    late = interview(f"{key}-late", start=FUTURE - timedelta(days=45))
    store.create_interview(late, [(DAVE.user_id, UserRole.INTERVIEWER)])
    return target.interview_id, lead


def _feedback(iid: uuid.UUID, who: User, decision: str) -> Write:
    return Write("feedback", iid, who, decision, f"{who.name} says {decision}.")


def _status(iid: uuid.UUID, status: InterviewStatus) -> Write:
    return Write("status", iid, value=status.value)


_moves = itertools.count(1)  # each scenario's move to a day of its own


def _reschedule(iid: uuid.UUID, lead: User) -> Write:
    """A move to a day no other scenario's interview of the same panel holds: bookings hold
    their seats (core/seats.py), and the module's keyspace keeps every scenario's interviews."""
    day = next(_moves)
    return Write("reschedule", iid, value=(FUTURE + timedelta(days=day, hours=3)).isoformat())


def _cancel(iid: uuid.UUID, lead: User) -> Write:
    return _status(iid, S.CANCELLED)


def _complete(iid: uuid.UUID, lead: User) -> Write:
    return _status(iid, S.COMPLETED)


def _decide(iid: uuid.UUID, lead: User) -> Write:
    return Write("decision", iid, lead, "advance")


def _rename(iid: uuid.UUID, lead: User) -> Write:
    return Write("rename", iid, lead, f"{lead.name} Renamed")


# (first write, second write, the second waits for the first) on interview `iid`, whose
# recruiter (also on its panel) is `lead`.
SCENARIOS: dict[str, Callable[[uuid.UUID, User], tuple[Write, Write, bool]]] = {
    "two new feedbacks": lambda iid, lead: (
        _feedback(iid, ALICE, "strong_yes"),
        _feedback(iid, BOB, "no"),
        False,
    ),
    "cancel, then feedback": lambda iid, lead: (
        _status(iid, S.CANCELLED),
        _feedback(iid, ALICE, "yes"),
        True,
    ),
    "feedback, then cancel": lambda iid, lead: (
        _feedback(iid, ALICE, "yes"),
        _status(iid, S.CANCELLED),
        True,
    ),
    "completed vs cancelled": lambda iid, lead: (
        _status(iid, S.COMPLETED),
        _status(iid, S.CANCELLED),
        False,
    ),
    "rename vs status change": lambda iid, lead: (
        Write("rename", iid, lead, f"{lead.name} Renamed"),
        _status(iid, S.COMPLETED),
        False,
    ),
    # A reschedule re-checks the status inside its write: it never undoes a cancel or a
    # completion that won first, and a change after it keeps the new time.
    **{
        f"{a_name}, then {b_name}": (lambda iid, lead, a=a, b=b: (a(iid, lead), b(iid, lead), True))
        for (a_name, a), (b_name, b) in [
            (x, y)
            for pair in [
                (("reschedule", _reschedule), ("cancel", _cancel)),
                (("reschedule", _reschedule), ("complete", _complete)),
                (("reschedule", _reschedule), ("decision", _decide)),
                (("reschedule", _reschedule), ("rename", _rename)),
            ]
            for x, y in (pair, pair[::-1])
        ]
    },
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_two_writers_forced_to_race_end_in_a_serial_outcome(
    backend: Backend, scenario: str
) -> None:
    store = backend.store
    iid, lead = seed_race_world(store, f"race {scenario}")
    ids = set(assert_consistent(store))
    before = Model.of(store.get_interview_detail(iid))  # type: ignore[arg-type]
    first, second, second_waits = SCENARIOS[scenario](iid, lead)

    records = race(backend, first, second, second_waits)

    details = assert_consistent(store, ids)
    after = Model.of(details[iid])
    serial = {
        "first then second": second.apply(first.apply(before)),
        "second then first": first.apply(second.apply(before)),
    }
    assert after in serial.values(), (
        f"{scenario}: the final state is no serial order of the two writes:\n"
        f"  found {after}\n" + "\n".join(f"  {k}: {v}" for k, v in serial.items())
    )
    if second_waits:
        assert after == serial["first then second"], "the waiting writer did not write last"
    assert all(r["held"] for r in records), "a writer never reached the barrier"
    if backend.name != "sqlite":
        # Both read the same version before either wrote: exactly one first batch applied,
        # the other was refused and its writer retried from a fresh read until it applied.
        first_tries = [r["cas"][0] for r in records]
        assert sorted(first_tries) == [False, True], f"first conditional writes: {records}"
        # ... unless it was a feedback that found the interview closed on its fresh read
        # (refused, as after a cancel in a serial order: nothing of it was written).
        refused = (
            {n for n, r in enumerate(records) if r["write"] == "feedback"}
            if (after.status in CLOSED)
            else set()
        ) | {n for n, r in enumerate(records) if r["result"].startswith("refused")}
        assert all(r["cas"][-1] or n in refused for n, r in enumerate(records)), (
            f"a writer never applied: {records}"
        )
        if second_waits:  # it wrote from the version the first writer had replaced
            assert records[1]["cas"][0] is False, f"the waiting writer won first: {records}"


def test_a_participant_renamed_while_the_interview_is_created_shows_the_new_name(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    """Rename vs create: the rename finds the interviews to refresh through their copies, and
    the interview being created has none yet; the creator read the profiles before the rename.
    Serially, either order shows the new name."""
    # Found by this test on Cassandra/Astra: the creator now reads the profiles again once its
    # copies exist, and refreshes the interview when a rename slipped in between.
    store = backend.store
    newcomer = user("newcomer")
    store.upsert_users([newcomer])
    ids = set(assert_consistent(store))
    new = interview("race create vs rename", start=FUTURE + timedelta(days=3))
    panel = ((newcomer.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER))
    rename = Write("rename", new.interview_id, newcomer, "Newcomer Renamed", held_at_start=True)
    create = Write("create", new.interview_id, created=new, panel=panel)
    try:
        # The creator reads the profiles, then its first source read waits until the rename
        # (which starts only once the creator has read) is over.
        race(backend, rename, create, second_waits=True)
        details = assert_consistent(store, ids | {new.interview_id})
        names = {p.user_id: p.name for p in details[new.interview_id].participants}
        assert names[newcomer.user_id] == "Newcomer Renamed"
    finally:
        # The old name back: every copy that names them refreshed, the stale one included,
        # so the tests after this one start from a consistent keyspace.
        store.upsert_users([newcomer])


def test_the_same_booking_sent_twice_at_once_books_one_interview(backend: Backend) -> None:
    """Two app servers sending one booking (a double-click, two tabs) at the same moment: both
    find the slot free, then write. The booking's id follows from the candidate, time and
    panel, and the store writes a new id only if it is still free (SQLite: one transaction;
    Cassandra: the conditional write on the source), so one interview stands."""
    store = backend.store
    ids = set(assert_consistent(store))
    start = FUTURE + timedelta(days=5, hours=2)
    wanted = interview("race the same booking", start=start)
    panel = ((ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER))
    target = scheduling.booking_id(
        store, CANDIDATE.candidate_id, start, wanted.scheduled_end, [u for u, _ in panel]
    )
    twice = Write("book", target, created=wanted, panel=panel)

    records = race(backend, twice, twice, second_waits=False)

    assert all(r["held"] for r in records), "a writer never reached the barrier"
    booked = [
        r.interview_id
        for r in store.list_interviews_by_candidate(CANDIDATE.candidate_id)
        if r.scheduled_start == start and r.status is S.SCHEDULED
    ]
    assert booked == [target]
    assert_consistent(store, ids | {target})


# --- stress ------------------------------------------------------------------------------
@dataclass
class StressReport:
    """What one writer process did (picklable: sent back through a queue)."""

    feedback: list[Feedback] = field(default_factory=list)  # every submission that returned
    statuses: list[tuple[uuid.UUID, str, float, float]] = field(default_factory=list)
    busy: int = 0  # writes refused with BUSY (out of attempts)
    refused: int = 0  # feedback refused because a status change had closed the interview
    applied: int = 0  # conditional batches that applied (Cassandra)
    conflicts: int = 0  # conditional batches refused: another writer was first (Cassandra)
    attempts: Counter[int] = field(default_factory=Counter)  # batches sent per write (Cassandra)
    errors: list[str] = field(default_factory=list)


def _stress_writer(
    settings: Settings, plan: list, seed: int, seconds: float, start: Any, out: Any
) -> None:
    """STRESS_THREADS threads on one store for `seconds`: random feedback (new or edited)
    and status changes on the planned interviews."""
    report, lock, mine = StressReport(), threading.Lock(), threading.local()
    try:
        store = open_store(settings)
    except BaseException as exc:
        start.abort()
        out.put(StressReport(errors=[f"open_store: {type(exc).__name__}: {exc}"]))
        return
    if store.backend != "sqlite":
        db = store.session  # type: ignore[attr-defined]
        compare_and_set = db.compare_and_set

        def counted(*args: Any, **kwargs: Any) -> bool:
            applied = compare_and_set(*args, **kwargs)
            mine.attempts += 1
            with lock:
                if applied:
                    report.applied += 1
                else:
                    report.conflicts += 1
            return applied

        db.compare_and_set = counted

    def work(n: int, deadline: float) -> None:
        rng = random.Random(seed * 1000 + n)
        writes = 0
        while time.monotonic() < deadline:
            iid, panel = rng.choice(plan)
            writes += 1
            mine.attempts = 0
            try:
                if rng.random() < STRESS_FEEDBACK_SHARE:
                    decision = rng.choice(list(Decision)).value
                    comment = f"p{seed} t{n} #{writes}: {decision}"
                    fb = store.submit_feedback(iid, rng.choice(panel), decision, comment)
                    with lock:
                        report.feedback.append(fb)
                else:
                    status = rng.choice(list(S))
                    began = time.time()
                    store.change_status(iid, status)
                    with lock:
                        report.statuses.append((iid, status.value, began, time.time()))
                if mine.attempts:
                    with lock:
                        report.attempts[mine.attempts] += 1
            except ValidationError as exc:
                with lock:
                    if refused_as_closed(exc):  # a status change closed it first: refused
                        report.refused += 1
                    else:
                        report.errors.append(f"{type(exc).__name__}: {exc}")
            except StoreUnavailable as exc:
                with lock:
                    if BUSY in str(exc):
                        report.busy += 1
                    else:
                        report.errors.append(f"{type(exc).__name__}: {exc}")
            except Exception as exc:
                with lock:
                    report.errors.append(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")

    try:
        start.wait(BARRIER_TIMEOUT)
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=work, args=(n, deadline), name=f"stress-{n}")
            for n in range(STRESS_THREADS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    except BaseException as exc:
        start.abort()
        report.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()
    out.put(report)


def test_many_writers_for_a_while_leave_every_copy_consistent(
    backend: Backend, record_property: Callable[[str, object], None]
) -> None:
    store = backend.store
    panels = {
        "stress-a": [ALICE, BOB, CAROL],
        "stress-b": [ALICE, BOB, CAROL, DAVE],
        "stress-c": [BOB, DAVE, RECRUITER],
    }
    plan = []
    for n, (key, people) in enumerate(panels.items()):
        i = interview(key, start=STARTED - timedelta(days=n), candidate=CANDIDATE)
        store.create_interview(i, [(u.user_id, u.role) for u in people])
        plan.append((i.interview_id, [u.user_id for u in people]))
    ids = {iid for iid, _ in plan}
    known = set(assert_consistent(store))  # on Cassandra, the earlier tests' ones too

    start, out = PROCESSES.Barrier(STRESS_PROCESSES), PROCESSES.Queue()
    processes = [
        PROCESSES.Process(
            target=_stress_writer,
            args=(backend.settings, plan, seed, STRESS_SECONDS, start, out),
            name=f"stress-{seed}",
            daemon=True,
        )
        for seed in range(STRESS_PROCESSES)
    ]
    began = time.monotonic()
    for p in processes:
        p.start()
    reports: list[StressReport] = _collect(processes, out, STRESS_SECONDS + CHILD_TIMEOUT)
    elapsed = time.monotonic() - began

    errors = [e for r in reports for e in r.errors]
    assert not errors, f"{len(errors)} writes failed otherwise than busy:\n" + "\n".join(errors[:5])
    feedback = [f for r in reports for f in r.feedback]
    statuses = [s for r in reports for s in r.statuses]
    busy = sum(r.busy for r in reports)
    conflicts = sum(r.conflicts for r in reports)
    attempts = sum((r.attempts for r in reports), Counter[int]())
    summary = (
        f"{backend.name}: {len(feedback) + len(statuses)} writes in {elapsed:.1f} s "
        f"({len(feedback)} feedback, {len(statuses)} status changes), {busy} refused busy, "
        + (
            f"{conflicts} conditional writes lost to another writer and retried "
            f"({sum(r.applied for r in reports)} applied; batches per write: "
            f"median {_median(attempts)}, max {max(attempts, default=0)})"
            if backend.name != "sqlite"
            else "conflicts not observable (BEGIN IMMEDIATE queues writers)"
        )
    )
    print(summary)
    record_property("stress", summary)
    assert feedback and statuses, "the stress run wrote nothing"

    everything = assert_consistent(store, known)
    details = {iid: everything[iid] for iid in ids}
    # No lost feedback, and the last one written is the one kept: a write computes from the
    # state the previous one left, so feedback submitted later (its time is taken when it is
    # computed) is written later.
    given: dict[tuple[uuid.UUID, uuid.UUID], list[Feedback]] = {}
    for f in feedback:
        given.setdefault((f.interview_id, f.user_id), []).append(f)
    stored = {(f.interview_id, f.user_id): f for d in details.values() for f in d.feedback}
    assert set(stored) == set(given), "feedback lost, or feedback nobody submitted"
    for key, f in stored.items():
        assert f in given[key], f"{key}: stored feedback nobody submitted: {f}"
        latest = max(g.submitted_at for g in given[key])
        assert f.submitted_at == latest, f"{key}: an older feedback won: {f} (latest {latest})"
    # The status is that of a change that may have been the last: one that had not finished
    # before another change of the same interview began.
    for iid, detail in details.items():
        changes = [(s, t0, t1) for i, s, t0, t1 in statuses if i == iid]
        if not changes:
            assert detail.interview.status is S.SCHEDULED, f"{iid}: status nobody set"
            continue
        last_start = max(t0 for _s, t0, _t1 in changes)
        possible = {s for s, _t0, t1 in changes if t1 >= last_start}
        assert detail.interview.status.value in possible, (
            f"{iid}: status {detail.interview.status} is not from a change that could be last "
            f"({sorted(possible)})"
        )
    assert sum(store.count_by_status().values()) == len(known)


def _median(counts: Counter[int]) -> int:
    """The median of a histogram {value: how many}."""
    values = sorted(counts.elements())
    return values[len(values) // 2] if values else 0
