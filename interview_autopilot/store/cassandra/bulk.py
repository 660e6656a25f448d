"""The Cassandra store's streaming bulk load: bounded memory, bounded requests in flight.

Users and candidates are written first, a chunk at a time. Then the interviews, CHUNK at a time:
- their source states are read only when the store held interviews at the start (a first load
  has no old state to look up or remove);
- the profiles their rows carry come from `Profiles`: the ones this load wrote, else point
  reads, at most PROFILES_KEPT of each kind kept;
- each interview's source is written unconditionally and its copies at the new version's
  timestamp, exactly as a transition writes them (`put_source`, `copy_statements`), packed
  into logged batches of at most BATCH_BYTES of values;
- the chunk's count changes are summed into one counter batch, sent once every batch of the
  chunk has succeeded: a failed chunk changes no count, and its re-run counts it.
At most IN_FLIGHT batches are unanswered at any time (`InFlight`).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from cassandra.query import BatchStatement, BoundStatement, Statement

from ...core import domain
from ...core.models import Candidate, InterviewRecord, User, utc_now
from ...core.people import email_key
from ..base import Progress
from ..bulk import chunked
from . import rows
from .agreement import ApplicationCalls
from .rows import InterviewState, Row
from .search import prefix_statements
from .session import InFlight, PreparedSession
from .transitions import (
    CopyKey,
    CountKey,
    bind,
    copy_statements,
    count_deltas,
    counter_batches,
    logged_batch,
    next_version,
    put_source,
)

CHUNK = 500  # interviews validated, looked up and counted together
PEOPLE_CHUNK = 1000  # users or candidates validated and written together
BATCH_BYTES = 8000  # bound values per logged batch (see `pack`)
IN_FLIGHT = 16  # unanswered requests at any time
PROFILES_KEPT = 100_000  # users, and candidate names, kept for the rows that carry them

K = TypeVar("K")
V = TypeVar("V")


class _Kept(Generic[K, V]):
    """At most `capacity` entries, the least recently used dropped first."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._items: OrderedDict[K, V] = OrderedDict()

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self._capacity:
            self._items.popitem(last=False)

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value


class Profiles:
    """User profiles and candidate names by id, for the rows a load builds: those the load
    wrote, else point reads (the ids of one chunk at a time), a bounded number kept."""

    def __init__(self, db: PreparedSession, capacity: int | None = None) -> None:
        self._db = db
        capacity = PROFILES_KEPT if capacity is None else capacity
        self._users: _Kept[uuid.UUID, User] = _Kept(capacity)
        self._names: _Kept[uuid.UUID, str] = _Kept(capacity)
        self.reads = 0  # point reads made (diagnostics)

    def wrote_users(self, users: Iterable[User]) -> None:
        for u in users:
            self._users.put(u.user_id, u)

    def wrote_candidates(self, candidates: Iterable[Candidate]) -> None:
        for c in candidates:
            self._names.put(c.candidate_id, c.name)

    def users(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, User]:
        """The users of `ids` that exist."""
        return self._lookup(self._users, ids, "user", rows.user)

    def candidate_names(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The names of the candidates of `ids` that exist."""
        return self._lookup(self._names, ids, "candidate", lambda row: str(row["name"]))

    def _lookup(
        self,
        kept: _Kept[uuid.UUID, V],
        ids: Iterable[uuid.UUID],
        statement: str,
        make: Callable[[Row], V],
    ) -> dict[uuid.UUID, V]:
        found: dict[uuid.UUID, V] = {}
        missing = []
        for key in dict.fromkeys(ids):
            value = kept.get(key)
            if value is None:
                missing.append(key)
            else:
                found[key] = value
        if missing:
            self.reads += len(missing)
            for key, value in self._db.get_many(statement, missing, make).items():
                kept.put(key, value)
                found[key] = value
        return found


def put_users(db: PreparedSession, window: InFlight, users: list[User]) -> None:
    """Write profiles as they are (a first load: no copy carries them yet) with the rows of
    their emails in users_by_email, packed in batches."""
    now = utc_now()
    per_user = [
        [
            bind(db.ps["put_user"], rows.user_values(u)),
            bind(db.ps["user_email_put"], (email_key(u.email), u.user_id, now)),
        ]
        for u in users
    ]
    for batch in pack(per_user):
        window.send(batch)


def put_candidates(db: PreparedSession, window: InFlight, candidates: list[Candidate]) -> None:
    """Write candidates as they are (a first load: no copy carries their name yet) with their
    search rows, packed in batches (a resume is at most 20,000 characters: a long one goes
    alone)."""
    now = utc_now()
    per_candidate = [
        [
            bind(db.ps["put_candidate"], rows.candidate_values(c)),
            bind(db.ps["candidate_email_put"], (email_key(c.email), c.candidate_id, now)),
            *prefix_statements(db.ps, None, c),
        ]
        for c in candidates
    ]
    for batch in pack(per_candidate):
        window.send(batch)


def record_state(
    record: InterviewRecord,
    before: InterviewState | None,
    version: int | None,
    users: dict[uuid.UUID, User],
    candidate_name: str,
) -> InterviewState:
    """The state a (validated) record loads over `before`: as SQLite, feedback of a participant
    who stays is kept and the loaded feedback wins; the ATS time is the record's own."""
    i = record.interview
    panel = dict(record.participants)
    kept = before.feedback if before else {}
    feedback = {u: f for u, f in kept.items() if u in panel}
    feedback |= {f.user_id: f for f in record.feedback}
    return InterviewState(
        i,
        {u: rows.participant_of(i.interview_id, users[u], role) for u, role in panel.items()},
        feedback,
        domain.bulk_ats_time(record),
        candidate_name,
        users[i.recruiter_id].name,
        next_version(version),
        before.hiring if before else None,  # a load never drops a recorded decision
    )


def record_statements(
    db: PreparedSession,
    before: InterviewState | None,
    new: InterviewState,
    shared_written: set[CopyKey] | None = None,
) -> list[BoundStatement]:
    """Every row one loaded interview writes: its source (unconditionally) and its copies at
    the new version's timestamp, deleting the copies of `before` whose key moved; a row shared
    with other interviews (a person's month) only if not in `shared_written` already."""
    copies = copy_statements(db.ps, before, new, new.version, shared_written)
    return put_source(db.ps, before, new) + copies


def _size(statement: BoundStatement) -> int:
    """Bytes of the bound values (serialized bytes; None for a null, or UNSET_VALUE)."""
    return sum([len(v) for v in statement.values if type(v) is bytes])


def pack(per_interview: list[list[BoundStatement]], budget: int | None = None) -> list[Statement]:
    """Logged batches of at most `budget` bytes of values, an interview's rows together unless
    they alone exceed it (then split, a single statement never)."""
    budget = BATCH_BYTES if budget is None else budget
    batches: list[Statement] = []
    current: list[BoundStatement] = []
    used = 0
    for statements in per_interview:
        size = sum(_size(s) for s in statements)
        if current and used + size > budget:
            batches.append(logged_batch(current))
            current, used = [], 0
        for statement in statements:
            one = _size(statement)
            if current and used + one > budget:
                batches.append(logged_batch(current))
                current, used = [], 0
            current.append(statement)
            used += one
    if current:
        batches.append(logged_batch(current))
    return batches


class _Tally:
    """Counts down one chunk's batches: the last success gives the chunk's counter batches
    (sent one after the other in its slot)."""

    def __init__(self, batches: int, counters: list[BatchStatement]) -> None:
        self._left, self._counters = batches, counters
        self._lock = threading.Lock()

    def __call__(self) -> list[Statement] | None:
        with self._lock:
            self._left -= 1
            return list(self._counters) if self._left == 0 and self._counters else None


def load_interviews(
    db: PreparedSession,
    window: InFlight,
    records: Iterable[InterviewRecord],
    profiles: Profiles,
    empty: bool,
    progress: Progress | None = None,
    total: int | None = None,
    application_calls: Callable[[], ApplicationCalls] | None = None,
) -> int:
    """Load the records (see the module doc); the number of records read. Every record of a
    chunk is validated and its references checked before any of the chunk is sent.
    `application_calls`: the lookups of application decisions the calibration counters count
    verdicts against (agreement.py; None: no application is stored, nothing to look up)."""
    done = 0
    for chunk in chunked(records, CHUNK):
        calls = application_calls() if application_calls else None
        done += len(chunk)
        checked = {r.interview.interview_id: r for r in map(domain.validate_record, chunk)}
        ids = list(checked)
        users = profiles.users(
            u
            for r in checked.values()
            for u in (r.interview.recruiter_id, *(p for p, _role in r.participants))
        )
        names = profiles.candidate_names(r.interview.candidate_id for r in checked.values())
        for r in checked.values():
            domain.check_references(
                r.interview.candidate_id in names,
                r.interview.recruiter_id in users,
                [u for u, _role in r.participants if u not in users],
            )
        old = {} if empty else db.read_sources(ids)
        deltas: Counter[CountKey] = Counter()
        per_interview = []
        months: set[CopyKey] = set()  # a person's month rows: once per chunk
        for iid, record in checked.items():
            before, version = old.get(iid, (None, None))
            new = record_state(record, before, version, users, names[record.interview.candidate_id])
            if calls is not None:
                before, new = calls.attach(before), calls.attach(new) or new
            per_interview.append(record_statements(db, before, new, months))
            deltas.update(count_deltas(before, new))
        batches = pack(per_interview)
        tally = _Tally(len(batches), counter_batches(db.ps, deltas))
        for batch in batches:
            window.send(batch, tally)
        if progress:
            progress(done, total or 0)
    window.wait()
    return done
