"""A Cassandra session with every statement of `statements.CQL` prepared once, and the few
ways the store talks through it: point reads, partition reads, interview states, batches."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from cassandra.cluster import Cluster, ResponseFuture, Session
from cassandra.concurrent import execute_concurrent
from cassandra.query import BoundStatement, PreparedStatement

from . import rows
from .rows import InterviewState, Row
from .statements import CQL
from .transitions import logged_batch

T = TypeVar("T")
CONCURRENCY = 32  # in-flight requests for bulk work: enough to hide latency, kind to Astra
STATES_IN_FLIGHT = 100  # interviews whose 4 reads run at once when many states are read


class PreparedSession:
    """A connected session, its keyspace, and the prepared statements by name."""

    def __init__(self, cluster: Cluster, session: Session, keyspace: str) -> None:
        self.cluster, self.session, self.keyspace = cluster, session, keyspace
        self.ps: dict[str, PreparedStatement] = {}
        for name, cql in CQL.items():  # prepared once; bound many times
            statement = session.prepare(cql.format(ks=keyspace))
            statement.is_idempotent = True  # reads, and writes of fixed values (no counters)
            self.ps[name] = statement

    def close(self) -> None:
        self.cluster.shutdown()

    def future(self, name: str, *params: object) -> ResponseFuture:
        return self.session.execute_async(self.ps[name], params)

    def rows(self, name: str, *params: object) -> list[Row]:
        return list(self.session.execute(self.ps[name], params))

    def one(self, name: str, *params: object) -> Row | None:
        return self.session.execute(self.ps[name], params).one()

    def write(self, statements: list[BoundStatement]) -> None:
        """The statements as one logged batch (nothing when empty)."""
        if statements:
            self.session.execute(logged_batch(statements))

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

    def read_states(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, InterviewState]:
        """The stored state of each interview that exists (4 reads each, all in flight)."""
        names = ("interview", "participants", "feedback_all", "ats")
        found: dict[uuid.UUID, InterviewState] = {}
        for start in range(0, len(ids), STATES_IN_FLIGHT):
            chunk = ids[start : start + STATES_IN_FLIGHT]
            futures = [[self.future(n, iid) for n in names] for iid in chunk]
            for iid, (f_int, f_par, f_fb, f_ats) in zip(chunk, futures, strict=True):
                row = f_int.result().one()
                participants = {r["user_id"]: rows.participant(r) for r in f_par.result()}
                feedback = {r["user_id"]: rows.feedback(r) for r in f_fb.result()}
                ats_row = f_ats.result().one()
                if row is not None:
                    found[iid] = InterviewState(
                        rows.interview(row),
                        participants,
                        feedback,
                        rows.ats(ats_row) if ats_row else None,
                    )
        return found

    def read_state(self, interview_id: uuid.UUID, names: bool = False) -> InterviewState | None:
        """One interview's state; with `names`, the current candidate and recruiter names."""
        state = self.read_states([interview_id]).get(interview_id)
        if state is None or not names:
            return state
        c = self.future("candidate", state.interview.candidate_id)
        r = self.future("user", state.interview.recruiter_id)
        c_row, r_row = c.result().one(), r.result().one()
        return dataclasses.replace(
            state,
            candidate_name=c_row["name"] if c_row else "",
            recruiter_name=r_row["name"] if r_row else "",
        )
