"""Reading a store for a migration, a page at a time: its users, candidates and interview ids
through the table scan of the data inspection page (`Store.scan_table`), each person, candidate
and job through its point read, each interview through `get_interview_detail` and
`get_interview_stage`. Nothing here holds more than a page of rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from ...core.kits import InterviewStage
from ...core.models import (
    AtsRecord,
    Candidate,
    Feedback,
    HiringDecision,
    Interview,
    InterviewDetail,
    InterviewRecord,
    Participant,
    User,
)
from ...store import Store
from ...store.base import MAX_SCAN_PAGE
from .endpoints import audit_table, interview_table

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the ATS time in a Copy: never compared


def _id(value: object) -> uuid.UUID:
    """A uuid as either store returns it in a scan (SQLite: text, Cassandra: uuid)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _rows(store: Store, table: str) -> Iterator[dict[str, object]]:
    """Every row of `table`, one scan page in memory at a time."""
    state: str | None = None
    while True:
        page = store.scan_table(table, MAX_SCAN_PAGE, state)
        yield from page.rows
        state = page.next_state
        if state is None:
            return


def ids(store: Store, table: str, column: str) -> Iterator[uuid.UUID]:
    """The ids of a table keyed by one id (`users`, `candidates`), in the store's scan order."""
    for r in _rows(store, table):
        yield _id(r[column])


def users(store: Store) -> Iterator[User]:
    """Every user with their whole profile (roles, admin, active, time zone, working hours),
    in the store's scan order."""
    for key in ids(store, "users", "user_id"):
        user = store.get_user(key)
        if user is not None:
            yield user


def candidates(store: Store) -> Iterator[Candidate]:
    """Every candidate with their links, in the store's scan order."""
    for key in ids(store, "candidates", "candidate_id"):
        candidate = store.get_candidate(key)
        if candidate is not None:
            yield candidate


def job_ids(store: Store) -> Iterator[uuid.UUID]:
    """Every job id once (Cassandra's scan gives a row per stage, a job's rows together)."""
    last: uuid.UUID | None = None
    for r in _rows(store, "jobs_by_id" if "jobs_by_id" in store.list_tables() else "jobs"):
        current = _id(r["job_id"])
        if current != last:
            yield current
            last = current


def interview_ids(store: Store) -> Iterator[uuid.UUID]:
    """Every interview id once, in the store's scan order (the rows of one Cassandra partition
    come together, so a repeated id is always the previous one)."""
    last: uuid.UUID | None = None
    for r in _rows(store, interview_table(store)):
        if r.get("status") is None:  # Cassandra keeps a deleted interview's version only
            continue
        current = _id(r["interview_id"])
        if current != last:
            yield current
            last = current


def audit_entries(store: Store) -> Iterator[dict[str, object]]:
    """Every audit row, as stored (for counting)."""
    return _rows(store, audit_table(store))


def audited_ids(store: Store, kept: int = 10_000) -> Iterator[uuid.UUID]:
    """The interviews with an audit trail, deleted ones included, mostly once: an id is not
    repeated within the last `kept` distinct ids (SQLite's scan interleaves interviews)."""
    recent: dict[uuid.UUID, None] = {}
    for r in audit_entries(store):
        current = _id(r["interview_id"])
        if current in recent:
            continue
        recent[current] = None
        if len(recent) > kept:
            del recent[next(iter(recent))]
        yield current


@dataclass(frozen=True)
class Copy:
    """What a migration carries of one interview, in a comparable form (lists by user id; the
    ATS record without `updated_at`, which a load re-derives, see docs/cli.md)."""

    interview: Interview
    candidate: Candidate
    recruiter: User
    participants: tuple[Participant, ...]
    feedback: tuple[Feedback, ...]
    ats: AtsRecord | None
    decision: HiringDecision | None
    stage: InterviewStage | None  # the job stage it was booked for

    @classmethod
    def of(cls, detail: InterviewDetail, stage: InterviewStage | None) -> Copy:
        ats = detail.ats
        return cls(
            detail.interview,
            detail.candidate,
            detail.recruiter,
            tuple(sorted(detail.participants, key=lambda p: p.user_id)),
            tuple(sorted(detail.feedback, key=lambda f: f.user_id)),
            AtsRecord(ats.interview_id, ats.status, ats.recommendation, ats.summary, _EPOCH)
            if ats
            else None,
            ats.decision if ats else None,
            stage,
        )

    def record(self) -> InterviewRecord:
        """The bulk load's unit: the interview, its panel and its feedback."""
        panel = tuple((p.user_id, p.role) for p in self.participants)
        return InterviewRecord(self.interview, panel, self.feedback)


def copy_of(store: Store, interview_id: uuid.UUID) -> Copy | None:
    """One interview as a migration carries it, or None when the store lacks it."""
    detail = store.get_interview_detail(interview_id)
    return Copy.of(detail, store.get_interview_stage(interview_id)) if detail else None
