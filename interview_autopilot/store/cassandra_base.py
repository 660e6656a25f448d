"""The Cassandra store's plumbing: prepared statements, concurrent reads of interview states,
and the one logged batch per write. `CassandraStore` (cassandra.py) adds the Store methods.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from cassandra.cluster import Cluster, ResponseFuture, Session
from cassandra.concurrent import execute_concurrent
from cassandra.query import BoundStatement, PreparedStatement

from ..schema import table_names
from . import cassandra_rows as rows
from .cassandra_batches import logged_batch, transition
from .cassandra_rows import CQL, InterviewState, Row
from .cassandra_scan import CassandraTableScans

T = TypeVar("T")
CONCURRENCY = 32  # in-flight requests for bulk work: enough to hide latency, kind to Astra


class CassandraBase:
    """A session, its keyspace and every statement of cassandra_rows.CQL, prepared once."""

    def __init__(self, cluster: Cluster, session: Session, keyspace: str,
                 backend: str = "cassandra") -> None:
        self.backend = backend
        self.keyspace = keyspace
        self._cluster, self._session = cluster, session
        self._ps: dict[str, PreparedStatement] = {}
        for name, cql in CQL.items():  # prepared once; bound many times
            statement = session.prepare(cql.format(ks=keyspace))
            statement.is_idempotent = True  # reads, and writes of fixed values (no counters)
            self._ps[name] = statement
        self._scans = CassandraTableScans(session, keyspace, table_names())  # inspection page
        # Writes are read-modify-write of one interview; serialize them per interview within
        # this process (the app is one process). 64 stripes keep the lock table small.
        self._locks = [threading.Lock() for _ in range(64)]

    def close(self) -> None:
        self._cluster.shutdown()

    def _lock(self, interview_id: uuid.UUID) -> threading.Lock:
        return self._locks[interview_id.int % len(self._locks)]

    def _async(self, name: str, *params: object) -> ResponseFuture:
        return self._session.execute_async(self._ps[name], params)

    def _rows(self, name: str, *params: object) -> list[Row]:
        return list(self._session.execute(self._ps[name], params))

    def _one(self, name: str, *params: object) -> Row | None:
        return self._session.execute(self._ps[name], params).one()

    def _write(self, statements: list[BoundStatement]) -> None:
        if statements:
            self._session.execute(logged_batch(statements))

    def _concurrent(self, statements: Iterable[tuple[Any, Any]]) -> list[Any]:
        """Run many statements (or batches) concurrently; first failure raises."""
        results = execute_concurrent(self._session, list(statements), concurrency=CONCURRENCY)
        return [list(r.result_or_exc) for r in results]

    def _read_states(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, InterviewState]:
        """The stored state of each interview that exists (4 reads each, all in flight)."""
        names = ("interview", "participants", "feedback_all", "ats")
        found: dict[uuid.UUID, InterviewState] = {}
        for start in range(0, len(ids), 100):  # bounded number of futures in flight
            chunk = ids[start:start + 100]
            futures = [[self._async(n, iid) for n in names] for iid in chunk]
            for iid, (f_int, f_par, f_fb, f_ats) in zip(chunk, futures, strict=True):
                row = f_int.result().one()
                participants = {r["user_id"]: rows.participant(r) for r in f_par.result()}
                feedback = {r["user_id"]: rows.feedback(r) for r in f_fb.result()}
                ats_row = f_ats.result().one()
                if row is not None:
                    found[iid] = InterviewState(
                        rows.interview(row), participants, feedback,
                        rows.ats(ats_row) if ats_row else None)
        return found

    def _read_state(self, interview_id: uuid.UUID, names: bool = False
                    ) -> InterviewState | None:
        """One interview's state; with `names`, the current candidate and recruiter names."""
        state = self._read_states([interview_id]).get(interview_id)
        if state is None or not names:
            return state
        c = self._async("candidate", state.interview.candidate_id)
        r = self._async("user", state.interview.recruiter_id)
        c_row, r_row = c.result().one(), r.result().one()
        return dataclasses.replace(state, candidate_name=c_row["name"] if c_row else "",
                                   recruiter_name=r_row["name"] if r_row else "")

    def _save(self, old: InterviewState | None, new: InterviewState | None) -> None:
        self._write(transition(self._ps, old, new))

    def _get_many(self, name: str, ids: list[uuid.UUID], make: Callable[[Row], T]
                  ) -> dict[uuid.UUID, T]:
        """Point reads by id, all in flight at once; the ids found, as models."""
        futures = {i: self._async(name, i) for i in dict.fromkeys(ids)}
        found = {i: f.result().one() for i, f in futures.items()}
        return {i: make(row) for i, row in found.items() if row is not None}
