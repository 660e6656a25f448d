"""`Store` on Apache Cassandra or Astra DB: one table per query, one logged batch per write.

Built once per process (the app caches it with st.cache_resource): it owns the Cluster and
Session and prepares every statement in its constructor. Reads go to the one table that serves
the question; writes read the interview's current state, compute the new one (with the same
`domain` rules as SQLite) and send the difference as one logged batch (cassandra_batches).

Known limit: that read-modify-write is serialized per interview inside one process (the app is
one process); two processes writing the same interview at the same instant (say the app and a
CLI load) can leave a list copy's feedback_count one behind until the next write to it. SQLite
serializes everything; lightweight transactions would here, at four round trips per write.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime

from cassandra.concurrent import execute_concurrent_with_args
from cassandra.query import QueryTrace

from .. import domain
from ..errors import ConfigError, StoreError, ValidationError
from ..models import (
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
)
from ..settings import Settings
from . import cassandra_rows as rows
from .base import PAGE_SIZE, Progress
from .cassandra_base import CONCURRENCY, CassandraBase
from .cassandra_batches import interview_ids
from .cassandra_bulk import bulk_load
from .cassandra_connect import build_cluster, cluster_config, connect, driver_errors
from .cassandra_lists import count_by_status, list_by_status
from .cassandra_rows import InterviewState, ats_for, normalized, sorted_feedback


def _as_uuid(value: object) -> uuid.UUID | None:
    """A UUID from a UUID or its text; None for anything else (a malformed deep link)."""
    try:
        return domain.parse_uuid(value)
    except ValidationError:
        return None


class CassandraStore(CassandraBase):
    """`Store` on one Cassandra keyspace (local node, own cluster, or Astra)."""

    @classmethod
    @driver_errors
    def from_settings(cls, settings: Settings) -> CassandraStore:
        """Connect as DB_BACKEND=cassandra|astra says; ConfigError/StoreUnavailable if not."""
        from ..schema import keyspace_exists, missing_tables  # schema imports no store

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

    @driver_errors
    def missing_tables(self) -> list[str]:
        from ..schema import missing_tables

        return missing_tables(self._session, self.keyspace)

    @driver_errors
    def is_empty(self) -> bool:
        return self._one("any_interview") is None

    def list_tables(self) -> list[str]:
        return list(self._scans.tables)

    @driver_errors
    def scan_table(self, table: str, page_size: int, page_state: str | None = None) -> TablePage:
        return self._scans.page(self._session, table, page_size, page_state)

    # --- writes -------------------------------------------------------------------------
    @driver_errors
    def upsert_users(self, users: list[User]) -> None:
        before = self._get_many("user", [u.user_id for u in users], rows.user)
        execute_concurrent_with_args(self._session, self._ps["put_user"], [
            (u.user_id, u.name, u.email, u.role.value, u.slack_handle) for u in users
        ], concurrency=CONCURRENCY)
        # SQLite joins profiles at read time; here the copies must follow a changed profile.
        ids: list[uuid.UUID] = []
        for u in users:
            old = before.get(u.user_id)
            if old is not None and (old.name, old.email, old.slack_handle) != (
                    u.name, u.email, u.slack_handle):
                ids += interview_ids(self._rows("by_user", u.user_id))
                if old.name != u.name:
                    ids += interview_ids(self._rows("by_recruiter", u.user_id))
        self._refresh_copies(ids)

    @driver_errors
    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        before = self._get_many("candidate", [c.candidate_id for c in candidates],
                                rows.candidate)
        execute_concurrent_with_args(self._session, self._ps["put_candidate"], [
            (c.candidate_id, c.name, c.email, c.resume_text) for c in candidates
        ], concurrency=CONCURRENCY)
        ids: list[uuid.UUID] = []
        for c in candidates:
            old = before.get(c.candidate_id)
            if old is not None and old.name != c.name:
                ids += interview_ids(self._rows("by_candidate", c.candidate_id))
        self._refresh_copies(ids)

    def _refresh_copies(self, ids: list[uuid.UUID]) -> None:
        """Rewrite the denormalized names and profiles of these interviews from the sources."""
        for iid in dict.fromkeys(ids):
            with self._lock(iid):
                old = self._read_state(iid, names=True)
                if old is None:
                    continue
                profiles = self._get_many("user", list(old.participants), rows.user)
                participants = {
                    uid: rows.participant_of(iid, profiles[uid], p.role) if uid in profiles else p
                    for uid, p in old.participants.items()
                }
                self._save(old, dataclasses.replace(old, participants=participants))

    @driver_errors
    def create_interview(
        self, interview: Interview, participants: list[tuple[uuid.UUID, UserRole]]
    ) -> None:
        interview = normalized(interview)
        panel = dict(participants)  # a repeated user: one row, the last role (as SQLite)
        candidate = self._get_many("candidate", [interview.candidate_id], rows.candidate)
        users = self._get_many("user", [interview.recruiter_id, *panel], rows.user)
        if interview.candidate_id not in candidate:
            raise ValidationError("candidate", "That candidate does not exist.")
        if interview.recruiter_id not in users:
            raise ValidationError("recruiter", "That recruiter does not exist.")
        for user_id in panel:
            if user_id not in users:
                raise ValidationError("participants", f"User {user_id} does not exist.")
        iid = interview.interview_id
        with self._lock(iid):
            old = self._read_state(iid)
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
        iid = _as_uuid(interview_id)
        with self._lock(iid or uuid.UUID(int=0)):
            old = self._read_state(iid, names=True) if iid else None
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
        iid = _as_uuid(interview_id)
        with self._lock(iid or uuid.UUID(int=0)):
            old = self._read_state(iid, names=True) if iid else None
            feedback = domain.build_feedback(
                old.interview if old else None, list(old.participants.values()) if old else [],
                user_id, decision, comment, submitted_at,
            )
            assert old is not None  # build_feedback refused a missing interview
            all_feedback = {**old.feedback, feedback.user_id: feedback}
            ats = ats_for(old.interview, len(old.participants), all_feedback, None)
            self._save(old, dataclasses.replace(old, feedback=all_feedback, ats=ats))
            return feedback

    @driver_errors
    def delete_interview(self, interview_id: uuid.UUID) -> None:
        iid = _as_uuid(interview_id)
        if iid is None:
            return
        with self._lock(iid):
            self._save(self._read_state(iid), None)

    @driver_errors
    def delete_user(self, user_id: uuid.UUID) -> None:
        uid = _as_uuid(user_id)
        if uid is None:
            return
        # SQLite's foreign keys refuse this; here the list copies would keep a dangling name.
        if self._one("by_user_any", uid) or self._one("by_recruiter_any", uid):
            raise ValidationError("user", "That user still takes part in interviews.")
        self._session.execute(self._ps["del_user"], (uid,))

    @driver_errors
    def delete_candidate(self, candidate_id: uuid.UUID) -> None:
        cid = _as_uuid(candidate_id)
        if cid is None:
            return
        if self._one("by_candidate_any", cid):
            raise ValidationError("candidate", "That candidate still has interviews.")
        self._session.execute(self._ps["del_candidate"], (cid,))

    @driver_errors
    def bulk_load(self, data: SampleData, progress: Progress | None = None) -> None:
        bulk_load(self, data, progress)

    # --- reads --------------------------------------------------------------------------
    @driver_errors
    def count_by_status(self) -> dict[InterviewStatus, int]:
        return count_by_status(self._session, self._ps)

    @driver_errors
    def list_interviews_by_status(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> InterviewPage:
        return list_by_status(self._session, self._ps, InterviewStatus(status), limit, after)[0]

    @driver_errors
    def list_interviews_by_status_traced(
        self, status: InterviewStatus, limit: int = PAGE_SIZE, after: PageCursor | None = None
    ) -> tuple[InterviewPage, list[QueryTrace]]:
        """The list page and the server's trace of every read it made (tests, diagnostics)."""
        return list_by_status(self._session, self._ps, InterviewStatus(status), limit, after,
                              trace=True)

    @driver_errors
    def list_interviews_by_candidate(self, candidate_id: uuid.UUID) -> list[InterviewSummary]:
        cid = _as_uuid(candidate_id)
        return [rows.summary(r) for r in self._rows("by_candidate", cid)] if cid else []

    @driver_errors
    def list_interviews_by_user(self, user_id: uuid.UUID) -> list[InterviewSummary]:
        uid = _as_uuid(user_id)
        return [rows.summary(r) for r in self._rows("by_user", uid)] if uid else []

    @driver_errors
    def get_interview(self, interview_id: uuid.UUID) -> Interview | None:
        iid = _as_uuid(interview_id)
        row = self._one("interview", iid) if iid else None
        return rows.interview(row) if row else None

    @driver_errors
    def get_interview_detail(self, interview_id: uuid.UUID) -> InterviewDetail | None:
        iid = _as_uuid(interview_id)
        state = self._read_state(iid) if iid else None
        if state is None:
            return None
        i = state.interview
        f_cand = self._async("candidate", i.candidate_id)
        f_rec = self._async("user", i.recruiter_id)
        c_row, r_row = f_cand.result().one(), f_rec.result().one()
        if c_row is None or r_row is None:
            raise StoreError(f"Interview {i.interview_id} names a missing candidate or recruiter.")
        participants = [dataclasses.replace(p, has_feedback=uid in state.feedback)
                        for uid, p in state.participants.items()]
        participants.sort(key=lambda p: (p.name, p.user_id))
        return InterviewDetail(i, rows.candidate(c_row), rows.user(r_row), participants,
                               sorted_feedback(state.feedback.values()), state.ats)

    @driver_errors
    def list_participants(self, interview_id: uuid.UUID) -> list[Participant]:
        iid = _as_uuid(interview_id)
        if iid is None:
            return []
        f_par, f_fb = self._async("participants", iid), self._async("feedback_all", iid)
        has = {r["user_id"] for r in f_fb.result()}
        found = [rows.participant(r, r["user_id"] in has) for r in f_par.result()]
        return sorted(found, key=lambda p: (p.name, p.user_id))

    @driver_errors
    def get_feedback(self, interview_id: uuid.UUID, user_id: uuid.UUID) -> Feedback | None:
        iid, uid = _as_uuid(interview_id), _as_uuid(user_id)
        row = self._one("feedback_one", iid, uid) if iid and uid else None
        return rows.feedback(row) if row else None

    @driver_errors
    def get_ats(self, interview_id: uuid.UUID) -> AtsRecord | None:
        iid = _as_uuid(interview_id)
        row = self._one("ats", iid) if iid else None
        return rows.ats(row) if row else None

    @driver_errors
    def get_user(self, user_id: uuid.UUID) -> User | None:
        uid = _as_uuid(user_id)
        row = self._one("user", uid) if uid else None
        return rows.user(row) if row else None

    @driver_errors
    def get_candidate(self, candidate_id: uuid.UUID) -> Candidate | None:
        cid = _as_uuid(candidate_id)
        row = self._one("candidate", cid) if cid else None
        return rows.candidate(row) if row else None

