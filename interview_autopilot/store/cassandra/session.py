"""A Cassandra session with every statement of `statements.CQL` prepared once, and the few
ways the store talks through it: point reads, partition reads, interview states, batches."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from cassandra import ConsistencyLevel, OperationTimedOut, Unavailable, WriteTimeout
from cassandra.cluster import Cluster, NoHostAvailable, ResponseFuture, Session
from cassandra.concurrent import execute_concurrent
from cassandra.query import BatchStatement, BoundStatement, PreparedStatement, Statement

from . import recording, request_log, rows
from .pending import Pending, pending_of
from .rows import InterviewState, Row
from .statements import CQL, NOT_IDEMPOTENT
from .transitions import logged_batch

T = TypeVar("T")
CONCURRENCY = 32  # in-flight requests for bulk work: enough to hide latency, kind to Astra
RETRYABLE = (WriteTimeout, OperationTimedOut, Unavailable, NoHostAvailable)
STATES_IN_FLIGHT = 100  # source partitions read at once when many states are read
log = logging.getLogger(__name__)


class PreparedSession:
    """A connected session, its keyspace, and the prepared statements by name."""

    def __init__(self, cluster: Cluster, session: Session, keyspace: str) -> None:
        self.cluster, self.session, self.keyspace = cluster, session, keyspace
        recording.listen(session)  # "How this was read": requests of a recording rerun
        self.ps: dict[str, PreparedStatement] = {}
        for name, cql in CQL.items():  # prepared once; bound many times
            statement = session.prepare(cql.format(ks=keyspace))
            # Reads, and writes of fixed values at fixed timestamps, may be retried; counters
            # and conditional writes may not (the store handles their timeouts itself).
            statement.is_idempotent = name not in NOT_IDEMPOTENT
            self.ps[name] = statement
        request_log.name_statements(self.ps)
        request_log.listen(session)  # failed requests and timeouts, by statement name

    def close(self) -> None:
        self.cluster.shutdown()

    def future(self, name: str, *params: object) -> ResponseFuture:
        return self.session.execute_async(self.ps[name], params)

    def rows(self, name: str, *params: object) -> list[Row]:
        return list(self.session.execute(self.ps[name], params))

    def one(self, name: str, *params: object) -> Row | None:
        return self.session.execute(self.ps[name], params).one()

    def write(self, statements: list[BoundStatement], retries: int = 0) -> None:
        """The statements as one logged batch (nothing when empty); idempotent batches may be
        sent again up to `retries` times when the cluster fails to confirm them."""
        if not statements:
            return
        batch = logged_batch(statements)
        for attempt in range(retries + 1):
            try:
                self.session.execute(batch)
                return
            except RETRYABLE:
                if attempt == retries:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def compare_and_set(self, batch: BatchStatement, interview_id: uuid.UUID, version: int) -> bool:
        """Send a conditional batch; True when it applied. A timeout leaves the outcome open:
        a serial read (which completes any round in flight) then says whether `version` won."""
        try:
            return bool(self.session.execute(batch).was_applied)
        except (WriteTimeout, OperationTimedOut):
            _, found = self.read_source(interview_id, serial=True)
            log.info(
                "conditional write timed out: interview %s; a serial read says it %s",
                interview_id,
                "applied" if found == version else "did not apply",
            )
            return found == version

    def concurrent(self, statements: Iterable[tuple[Any, Any]]) -> list[Any]:
        """Run many statements (or batches) concurrently; the first failure raises."""
        results = execute_concurrent(self.session, list(statements), concurrency=CONCURRENCY)
        return [list(r.result_or_exc) for r in results]

    def get_many(
        self, name: str, ids: Iterable[uuid.UUID], make: Callable[[Row], T]
    ) -> dict[uuid.UUID, T]:
        """Point reads by id, all in flight at once; the ids found, as models."""
        futures = {i: self.future(name, i) for i in dict.fromkeys(ids)}
        found = {i: f.result().one() for i, f in futures.items()}
        return {i: make(row) for i, row in found.items() if row is not None}

    def get(self, name: str, key: uuid.UUID, make: Callable[[Row], T]) -> T | None:
        """One point read by id, as a model (None when absent)."""
        row = self.one(name, key)
        return make(row) if row is not None else None

    def read_sources(
        self, ids: list[uuid.UUID]
    ) -> dict[uuid.UUID, tuple[InterviewState | None, int | None]]:
        """Each interview's source state and version (reads in flight, bounded)."""
        found: dict[uuid.UUID, tuple[InterviewState | None, int | None]] = {}
        for start in range(0, len(ids), STATES_IN_FLIGHT):
            chunk = ids[start : start + STATES_IN_FLIGHT]
            futures = [self.future("source", iid) for iid in chunk]
            for iid, f in zip(chunk, futures, strict=True):
                found[iid] = rows.source_state(list(f.result()))
        return found

    def read_source(
        self, interview_id: uuid.UUID, names: bool = False, serial: bool = False
    ) -> tuple[InterviewState | None, int | None]:
        """One interview's source state and version; with `names`, the current candidate and
        recruiter names the copies carry."""
        state, version, _ = self.read_source_pending(interview_id, names, serial)
        return state, version

    def read_source_pending(
        self, interview_id: uuid.UUID, names: bool = False, serial: bool = False
    ) -> tuple[InterviewState | None, int | None, Pending | None]:
        """`read_source`, and the change recorded there that may not be finished."""
        statement = self.ps["source"].bind((interview_id,))
        if serial:  # linearizable: sees (and completes) any conditional write in flight
            statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL
        partition = list(self.session.execute(statement))
        state, version = rows.source_state(partition)
        pending = pending_of(partition)
        if state is None or not names:
            return state, version, pending
        return self.with_names(state), version, pending

    def with_names(self, state: InterviewState) -> InterviewState:
        """`state` with the candidate's and recruiter's current names."""
        c = self.future("candidate", state.interview.candidate_id)
        r = self.future("user", state.interview.recruiter_id)
        c_row, r_row = c.result().one(), r.result().one()
        return dataclasses.replace(
            state,
            candidate_name=c_row["name"] if c_row else "",
            recruiter_name=r_row["name"] if r_row else "",
        )


# What to send once a request succeeded, keeping its slot (None: nothing, the slot is freed):
# one statement, or several sent one after the other.
Then = Callable[[], Statement | list[Statement] | None]


class InFlight:
    """Requests sent without waiting for each other, at most `limit` at a time: `send` blocks
    while `limit` are unanswered, so memory and the load on the cluster stay bounded however
    many are sent. An idempotent request the cluster did not confirm is sent again (up to
    `retries` times); the first failure is raised by the next `send` or by `wait`."""

    def __init__(self, session: Session, limit: int = CONCURRENCY, retries: int = 3) -> None:
        self._session, self._limit, self._retries = session, limit, retries
        self._slots = threading.Semaphore(limit)
        self._lock = threading.Lock()
        self._failure: BaseException | None = None

    def send(self, statement: Statement, then: Then | None = None) -> None:
        """Send `statement`; once it succeeds, `then()` may give a follow-up sent in its slot
        (a counter batch that must follow its rows), or a list of them sent one after the
        other (each once the one before succeeded)."""
        self._raise_failure()
        self._slots.acquire()
        self._start(statement, then, self._retries)

    def wait(self) -> None:
        """Wait until every request sent has been answered; raise the first failure."""
        for _ in range(self._limit):
            self._slots.acquire()
        for _ in range(self._limit):
            self._slots.release()
        self._raise_failure()

    def _start(self, statement: Statement, then: Then | None, retries: int) -> None:
        try:
            future = self._session.execute_async(statement)
            future.add_callbacks(
                self._succeeded,
                self._failed,
                callback_args=(then,),
                errback_args=(statement, then, retries),
            )
        except Exception as exc:  # handed to the sender, never lost
            self._fail(exc)

    def _succeeded(self, _rows: object, then: Then | None) -> None:
        try:
            follow = then() if then is not None else None
        except Exception as exc:
            self._fail(exc)
            return
        if not follow:
            self._slots.release()
        elif isinstance(follow, list):  # the first now, the rest after it, in the same slot
            rest = follow[1:]
            self._start(follow[0], (lambda: rest) if rest else None, self._retries)
        else:
            self._start(follow, None, self._retries)

    def _failed(
        self, exc: BaseException, statement: Statement, then: Then | None, retries: int
    ) -> None:
        if retries > 0 and statement.is_idempotent and isinstance(exc, RETRYABLE):
            self._start(statement, then, retries - 1)
        else:
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        with self._lock:
            if self._failure is None:
                self._failure = exc
        self._slots.release()

    def _raise_failure(self) -> None:
        with self._lock:
            failure = self._failure
        if failure is not None:
            raise failure
