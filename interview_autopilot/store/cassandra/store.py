"""`Store` on Apache Cassandra or Astra DB: one table per query, one logged batch per write.

Built once per process (the app caches it with st.cache_resource): it owns the session and
prepares every statement in its constructor (`PreparedSession`). Reads go to the one table that
serves the question; writes read the interview's current state, compute the new one (with the
same `domain` rules as SQLite) and send the difference as one logged batch (`transitions`).

Known limit: that read-modify-write is serialized per interview inside one process (the app is
one process); two processes writing the same interview at the same instant can tangle the
copies. SQLite serializes everything.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from cassandra.cluster import Cluster, Session
from cassandra.concurrent import execute_concurrent_with_args
from cassandra.query import QueryTrace

from ... import domain
from ...errors import ConfigError, StoreError, ValidationError
from ...models import (
    AtsRecord,
    Candidate,
    Feedback,
    Interview,
    InterviewDetail,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Participant,
    SampleData,
    TablePage,
    User,
    UserRole,
    to_utc,
)
from ...settings import Settings
from ..base import PAGE_SIZE, PROGRESS_STEP, Progress
from . import rows
from .connection import build_cluster, cluster_config, connect, driver_errors
from .lists import count_by_status, list_by_status
from .rows import InterviewState, Row, ats_for, normalized, sorted_feedback
from .scans import CassandraTableScans
from .schema import keyspace_exists, missing_tables, table_names
from .session import CONCURRENCY, PreparedSession
from .transitions import interview_ids, logged_batch, transition

T = TypeVar("T")


class CassandraStore:
    """`Store` on one Cassandra keyspace (local node, own cluster, or Astra)."""

    def __init__(
        self, cluster: Cluster, session: Session, keyspace: str, backend: str = "cassandra"
    ) -> None:
        self.backend = backend
        self.keyspace = keyspace
        self._db = PreparedSession(cluster, session, keyspace)
        self._scans = CassandraTableScans(self._db.session, keyspace, table_names())
        # Writes are read-modify-write of one interview; serialize them per interview within
        # this process. 64 stripes keep the lock table small.
        self._locks = [threading.Lock() for _ in range(64)]

    @classmethod
    @driver_errors
    def from_settings(cls, settings: Settings) -> CassandraStore:
        """Connect as DB_BACKEND=cassandra|astra says; ConfigError/StoreUnavailable if not."""
        config = cluster_config(settings)
        cluster = build_cluster(settings)
        try:
            session = connect(cluster, config.backend)
            if config.backend == "astra" and not keyspace_exists(session, config.keyspace):
                raise ConfigError(
                    f"ASTRA_KEYSPACE '{config.keyspace}' does not exist: create it in the Astra "
                    "UI, then run `python -m interview_autopilot schema apply`."
                )
            missing = missing_tables(session, config.keyspace)
            if missing:
                raise ConfigError(
                    f"{config.keyspace_setting} '{config.keyspace}' lacks the tables "
                    f"{', '.join(missing)}: run `python -m interview_autopilot schema apply`."
                )
            return cls(cluster, session, config.keyspace, config.backend)
        except BaseException:
            cluster.shutdown()
            raise

    @property
    def session(self) -> PreparedSession:
        """The session and its prepared statements (diagnostics and tests)."""
        return self._db

    def close(self) -> None:
        self._db.close()

    def _lock(self, interview_id: uuid.UUID) -> threading.Lock:
        return self._locks[interview_id.int % len(self._locks)]

    def _save(self, old: InterviewState | None, new: InterviewState | None) -> None:
        self._db.write(transition(self._db.ps, old, new))

    @driver_errors
    def missing_tables(self) -> list[str]:
        return missing_tables(self._db.session, self.keyspace)

    @driver_errors
    def is_empty(self) -> bool:
        return self._db.one("any_interview") is None

    def list_tables(self) -> list[str]:
        return list(self._scans.tables)

    @driver_errors
    def scan_table(self, table: str, page_size: int, page_state: str | None = None) -> TablePage:
        return self._scans.page(self._db.session, table, page_size, page_state)

    # --- writes -------------------------------------------------------------------------
    @driver_errors
    def upsert_users(self, users: list[User]) -> None:
        users = domain.validate_users(users)
        before = self._db.get_many("user", [u.user_id for u in users], rows.user)
        execute_concurrent_with_args(
            self._db.session,
            self._db.ps["put_user"],
            [(u.user_id, u.name, u.email, u.role.value, u.slack_handle) for u in users],
            concurrency=CONCURRENCY,
        )
        # SQLite joins profiles at read time; here the copies must follow a changed profile.
        ids: list[uuid.UUID] = []
        for u in users:
            old = before.get(u.user_id)
            if old is not None and (old.name, old.email, old.slack_handle) != (
                u.name,
                u.email,
                u.slack_handle,
            ):
                ids += interview_ids(self._db.rows("by_user", u.user_id))
                if old.name != u.name:
                    ids += interview_ids(self._db.rows("by_recruiter", u.user_id))
        self._refresh_copies(ids)

    @driver_errors
    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        candidates = domain.validate_candidates(candidates)
        before = self._db.get_many(
            "candidate", [c.candidate_id for c in candidates], rows.candidate
        )
        execute_concurrent_with_args(
            self._db.session,
            self._db.ps["put_candidate"],
            [(c.candidate_id, c.name, c.email, c.resume_text) for c in candidates],
            concurrency=CONCURRENCY,
        )
        ids: list[uuid.UUID] = []
        for c in candidates:
            old = before.get(c.candidate_id)
            if old is not None and old.name != c.name:
                ids += interview_ids(self._db.rows("by_candidate", c.candidate_id))
        self._refresh_copies(ids)

    def _refresh_copies(self, ids: list[uuid.UUID]) -> None:
        """Rewrite the denormalized names and profiles of these interviews from the sources."""
        for iid in dict.fromkeys(ids):
            with self._lock(iid):
                old = self._db.read_state(iid, names=True)
                if old is None:
                    continue
                profiles = self._db.get_many("user", list(old.participants), rows.user)
                participants = {
                    uid: rows.participant_of(iid, profiles[uid], p.role) if uid in profiles else p
                    for uid, p in old.participants.items()
                }
                self._save(old, dataclasses.replace(old, participants=participants))

    @driver_errors
    def create_interview(
        self, interview: Interview, participants: list[tuple[uuid.UUID, UserRole]]
    ) -> None:
        interview, participants = domain.validate_interview(interview, participants)
        interview = normalized(interview)
        panel = dict(participants)  # a repeated user: one row, the last role (as SQLite)
        candidate = self._db.get_many("candidate", [interview.candidate_id], rows.candidate)
        users = self._db.get_many("user", [interview.recruiter_id, *panel], rows.user)
        domain.check_references(
            interview.candidate_id in candidate,
            interview.recruiter_id in users,
            [u for u in panel if u not in users],
        )
        iid = interview.interview_id
        with self._lock(iid):
            old = self._db.read_state(iid)
            kept = {u: f for u, f in (old.feedback if old else {}).items() if u in panel}
            new = InterviewState(
                interview,
                {u: rows.participant_of(iid, users[u], role) for u, role in panel.items()},
                kept,
                ats_for(interview, len(panel), kept, None),
                candidate[interview.candidate_id].name,
                users[interview.recruiter_id].name,
            )
            self._save(old, new)

    @driver_errors
    def change_status(self, interview_id: uuid.UUID, status: InterviewStatus) -> None:
        iid = domain.require_id(interview_id, "interview")
        status = domain.require_status(status)
        with self._lock(iid):
            old = self._db.read_state(iid, names=True)
            if old is None:
                raise ValidationError("interview", "That interview does not exist.")
            interview = dataclasses.replace(old.interview, status=InterviewStatus(status))
            ats = ats_for(interview, len(old.participants), old.feedback, None)
            self._save(old, dataclasses.replace(old, interview=interview, ats=ats))

    @driver_errors
    def submit_feedback(
        self,
        interview_id: uuid.UUID,
        user_id: uuid.UUID,
        decision: str,
        comment: str,
        submitted_at: datetime | None = None,
    ) -> Feedback:
        domain.check_feedback(interview_id, user_id, decision, comment, submitted_at)
        iid = domain.require_id(interview_id, "interview")
        with self._lock(iid):
            old = self._db.read_state(iid, names=True)
            feedback = domain.build_feedback(
                old.interview if old else None,
                list(old.participants.values()) if old else [],
                user_id,
                decision,
                comment,
                submitted_at,
            )
            assert old is not None  # build_feedback refused a missing interview
            all_feedback = {**old.feedback, feedback.user_id: feedback}
            ats = ats_for(old.interview, len(old.participants), all_feedback, None)
            self._save(old, dataclasses.replace(old, feedback=all_feedback, ats=ats))
            return feedback

    @driver_errors
    def delete_interview(self, interview_id: uuid.UUID) -> None:
        iid = domain.require_id(interview_id, "interview")
        with self._lock(iid):
            self._save(self._db.read_state(iid), None)

    @driver_errors
    def delete_user(self, user_id: uuid.UUID) -> None:
        uid = domain.require_id(user_id, "user")
        # SQLite's foreign keys refuse this; here the list copies would keep a dangling name.
        if self._db.one("by_user_any", uid) or self._db.one("by_recruiter_any", uid):
            raise ValidationError("user", "That user still takes part in interviews.")
        self._db.session.execute(self._db.ps["del_user"], (uid,))

    @driver_errors
    def delete_candidate(self, candidate_id: uuid.UUID) -> None:
        cid = domain.require_id(candidate_id, "candidate")
        if self._db.one("by_candidate_any", cid):
            raise ValidationError("candidate", "That candidate still has interviews.")
        self._db.session.execute(self._db.ps["del_candidate"], (cid,))

    @driver_errors
    def bulk_load(self, data: SampleData, progress: Progress | None = None) -> None:
        """The same final state as one-by-one writes: one logged batch per interview (the
        transition from its stored state, if any), PROGRESS_STEP batches in flight at a time.
        Reloading the same data rewrites the same values: idempotent."""
        data = domain.validate_sample(data)
        empty = self.is_empty()  # a first load has no old copies to look up or remove
        interviews = {i.interview_id: normalized(i) for i in data.interviews}
        panels: dict[uuid.UUID, dict[uuid.UUID, UserRole]] = {}
        for interview_id, user_id, role in data.participants:
            panels.setdefault(interview_id, {})[user_id] = role  # repeated: last role wins
        domain.check_sample_feedback(data)
        loaded: dict[uuid.UUID, dict[uuid.UUID, Feedback]] = {}
        for f in data.feedback:
            f = dataclasses.replace(f, submitted_at=to_utc(f.submitted_at))
            loaded.setdefault(f.interview_id, {})[f.user_id] = f

        users = {u.user_id: u for u in data.users}
        wanted = {i.recruiter_id for i in interviews.values()}
        wanted |= {u for panel in panels.values() for u in panel}
        users |= self._db.get_many("user", [u for u in wanted if u not in users], rows.user)
        candidates = {c.candidate_id: c for c in data.candidates}
        missing = [i.candidate_id for i in interviews.values() if i.candidate_id not in candidates]
        candidates |= self._db.get_many("candidate", missing, rows.candidate)
        for iid, interview in interviews.items():  # refuse bad references before any write
            domain.check_references(
                interview.candidate_id in candidates,
                interview.recruiter_id in users,
                [u for u in panels.get(iid, {}) if u not in users],
            )

        self.upsert_users(data.users)
        self.upsert_candidates(data.candidates)
        old = {} if empty else self._db.read_states(list(interviews))
        times = domain.bulk_ats_times(data)
        batches = []
        for iid, interview in interviews.items():
            panel = panels.get(iid, {})
            before = old.get(iid)
            # As SQLite: feedback of a participant who stays is kept; the loaded one wins.
            feedback = {u: f for u, f in (before.feedback if before else {}).items() if u in panel}
            feedback |= loaded.get(iid, {})
            new = InterviewState(
                interview,
                {u: rows.participant_of(iid, users[u], role) for u, role in panel.items()},
                feedback,
                ats_for(interview, len(panel), feedback, times[iid]),
                candidates[interview.candidate_id].name,
                users[interview.recruiter_id].name,
            )
            batches.append(logged_batch(transition(self._db.ps, before, new)))

        total = len(batches)
        for start in range(0, total, PROGRESS_STEP):
            self._db.concurrent((b, None) for b in batches[start : start + PROGRESS_STEP])
            if progress:
                progress(min(start + PROGRESS_STEP, total), total)

    # --- reads --------------------------------------------------------------------------
    @driver_errors
    def count_by_status(self) -> dict[InterviewStatus, int]:
        return count_by_status(self._db.session, self._db.ps)

    @driver_errors
    def list_interviews_by_status(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> InterviewPage:
        return list_by_status(self._db.session, self._db.ps, InterviewStatus(status), limit, after)[
            0
        ]

    @driver_errors
    def list_interviews_by_status_traced(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> tuple[InterviewPage, list[QueryTrace]]:
        """The list page and the server's trace of every read it made (tests, diagnostics)."""
        return list_by_status(
            self._db.session, self._db.ps, InterviewStatus(status), limit, after, trace=True
        )

    def _list(self, name: str, key: object, field: str) -> list[InterviewSummary]:
        return [rows.summary(r) for r in self._db.rows(name, domain.require_id(key, field))]

    @driver_errors
    def list_interviews_by_candidate(self, candidate_id: uuid.UUID) -> list[InterviewSummary]:
        return self._list("by_candidate", candidate_id, "candidate")

    @driver_errors
    def list_interviews_by_user(self, user_id: uuid.UUID) -> list[InterviewSummary]:
        return self._list("by_user", user_id, "user")

    def _get(self, name: str, key: object, field: str, make: Callable[[Row], T]) -> T | None:
        return self._db.get(name, domain.require_id(key, field), make)

    @driver_errors
    def get_interview(self, interview_id: uuid.UUID) -> Interview | None:
        return self._get("interview", interview_id, "interview", rows.interview)

    @driver_errors
    def get_ats(self, interview_id: uuid.UUID) -> AtsRecord | None:
        return self._get("ats", interview_id, "interview", rows.ats)

    @driver_errors
    def get_user(self, user_id: uuid.UUID) -> User | None:
        return self._get("user", user_id, "user", rows.user)

    @driver_errors
    def get_candidate(self, candidate_id: uuid.UUID) -> Candidate | None:
        return self._get("candidate", candidate_id, "candidate", rows.candidate)

    @driver_errors
    def get_interview_detail(self, interview_id: uuid.UUID) -> InterviewDetail | None:
        state = self._db.read_state(domain.require_id(interview_id, "interview"))
        if state is None:
            return None
        i = state.interview
        f_cand = self._db.future("candidate", i.candidate_id)
        f_rec = self._db.future("user", i.recruiter_id)
        c_row, r_row = f_cand.result().one(), f_rec.result().one()
        if c_row is None or r_row is None:
            raise StoreError(f"Interview {i.interview_id} names a missing candidate or recruiter.")
        participants = [
            dataclasses.replace(p, has_feedback=uid in state.feedback)
            for uid, p in state.participants.items()
        ]
        participants.sort(key=lambda p: (p.name, p.user_id))
        return InterviewDetail(
            i,
            rows.candidate(c_row),
            rows.user(r_row),
            participants,
            sorted_feedback(state.feedback.values()),
            state.ats,
        )

    @driver_errors
    def list_participants(self, interview_id: uuid.UUID) -> list[Participant]:
        iid = domain.require_id(interview_id, "interview")
        f_par, f_fb = self._db.future("participants", iid), self._db.future("feedback_all", iid)
        has = {r["user_id"] for r in f_fb.result()}
        found = [rows.participant(r, r["user_id"] in has) for r in f_par.result()]
        return sorted(found, key=lambda p: (p.name, p.user_id))

    @driver_errors
    def get_feedback(self, interview_id: uuid.UUID, user_id: uuid.UUID) -> Feedback | None:
        iid = domain.require_id(interview_id, "interview")
        uid = domain.require_id(user_id, "interviewer")
        row = self._db.one("feedback_one", iid, uid)
        return rows.feedback(row) if row else None
