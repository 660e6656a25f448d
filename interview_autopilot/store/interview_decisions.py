"""Hiring decisions taken on interviews, carried to their applications (the doctor's check and
its repair, on every store).

Before applications existed the hiring decision was recorded per interview (and the Interview
page still records one). An interview's decision belongs to the application of its candidate
to the job its title folds to. It is carried when that application does not already hold a
decision taken at or after it: the application is opened if new (at the plan's first stage),
and the decision is taken on it as a person deciding there would (core/applications.py:
advance moves it on, reject closes it, hold keeps the stage), by the same decider, at the same
time, with the same reason, so it lands in the application's trail. Decisions are carried
oldest first, so a re-run finds each one at or before the application's latest and writes
nothing. A decision that the application's rules refuse (it is already hired, rejected or
withdrawn) is reported, never forced.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from ..core.applications import application_id_for
from ..core.errors import ValidationError
from ..core.models import HiringDecision, Interview
from .base import MAX_SCAN_PAGE, Store

ATS_TABLES = ("ats_by_interview", "ats")  # one row per ATS record: Cassandra, SQLite


@dataclass(frozen=True)
class Pending:
    """An interview decision its application does not hold yet."""

    interview: Interview
    decision: HiringDecision
    job_id: uuid.UUID


def _decided_interviews(store: Store) -> Iterator[uuid.UUID]:
    """The interviews whose ATS record carries a decision, a scan page at a time."""
    tables = store.list_tables()
    table = next(t for t in ATS_TABLES if t in tables)
    state: str | None = None
    while True:
        page = store.scan_table(table, MAX_SCAN_PAGE, state)
        for r in page.rows:
            if r.get("hiring_call"):
                value = r["interview_id"]
                yield value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        state = page.next_state
        if state is None:
            return


def pending(store: Store) -> list[Pending]:
    """Every interview decision not yet on its application, oldest first (the interviews
    whose title has no job yet are left: the doctor names their titles)."""
    out: list[Pending] = []
    jobs: dict[str, uuid.UUID | None] = {}
    for iid in _decided_interviews(store):
        interview = store.get_interview(iid)
        ats = store.get_ats(iid)
        if interview is None or ats is None or ats.decision is None:
            continue
        if interview.job_title not in jobs:
            job = store.find_job_by_title(interview.job_title)
            jobs[interview.job_title] = job.job_id if job else None
        job_id = jobs[interview.job_title]
        if job_id is None:
            continue
        held = store.get_application(application_id_for(interview.candidate_id, job_id))
        latest = held.decision.decided_at if held and held.decision else None
        if latest is None or ats.decision.decided_at > latest:
            out.append(Pending(interview, ats.decision, job_id))
    return sorted(out, key=lambda p: (p.decision.decided_at, str(p.interview.interview_id)))


def carry(store: Store, repair: bool) -> tuple[list[str], int]:
    """The doctor's lines (one per decision not on its application) and, with `repair`, the
    decisions carried: (lines, writes)."""
    lines, writes = [], 0
    for p in pending(store):
        i, d = p.interview, p.decision
        line = (
            f"decision: interview {i.interview_id} ({d.call.value} at "
            f"{d.decided_at:%Y-%m-%d %H:%M}) is not on the application of candidate "
            f"{i.candidate_id} to job {p.job_id}"
        )
        if repair:
            try:
                a = store.open_application(i.candidate_id, p.job_id, actor=d.decided_by)
                store.decide_application(
                    a.application_id, d.decided_by, d.call.value, d.reason, None, d.decided_at
                )
                writes += 1
            except ValidationError as exc:
                line += f": cannot be carried: {exc.message}"
        lines.append(line)
    return lines, writes
