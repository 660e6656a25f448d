"""The candidate page and the interviewer page on any store: bounded reads of one person's
interview list (one partition on Cassandra) plus point reads per row. No Streamlit here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..core.models import AtsRecord, InterviewSummary, to_utc
from ..store.base import Store
from .owed import Window, owed_by


@dataclass(frozen=True)
class CandidateInterview:
    """One of a candidate's interviews with its ATS record (and hiring decision); `hidden`
    is the note shown instead when the viewer may not see them (the record is then None)."""

    row: InterviewSummary
    ats: AtsRecord | None
    hidden: str | None = None


@dataclass(frozen=True)
class PersonWeek:
    """An interviewer's interviews: this week, next week, feedback due (owed.py: the count of
    Home and Scorecards due), and history; feedback owed that is not due yet or older than the
    horizon apart."""

    this_week: list[InterviewSummary]
    next_week: list[InterviewSummary]
    pending: list[InterviewSummary]
    history: list[InterviewSummary]
    just_ended: list[InterviewSummary] = field(default_factory=list)
    older: list[InterviewSummary] = field(default_factory=list)


def candidate_interviews(store: Store, candidate_id: uuid.UUID) -> list[CandidateInterview]:
    """Every interview of the candidate, newest first, each with its ATS record."""
    return [
        CandidateInterview(r, store.get_ats(r.interview_id))
        for r in store.list_interviews_by_candidate(candidate_id)
    ]


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 of `moment`'s week, in `moment`'s own zone."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def person_week(
    store: Store, user_id: uuid.UUID, now: datetime, local_now: datetime, due_hours: float = 0
) -> PersonWeek:
    """The user's interviews split by the viewer's weeks (`local_now` in the viewer's zone):
    this week's and next week's (soonest first), the feedback this user owes (due
    `due_hours` after an interview's end, see owed.py), and the rest of the past (newest
    first)."""
    now = to_utc(now)
    monday = week_start(local_now)
    this_start, next_start, after = monday, monday + timedelta(7), monday + timedelta(14)
    rows = store.list_interviews_by_user(user_id)
    this_week = [r for r in rows if this_start <= r.scheduled_start < next_start]
    next_week = [r for r in rows if next_start <= r.scheduled_start < after]
    owed = owed_by(store, user_id, rows, Window(now, due_hours))
    history = [r for r in rows if r.scheduled_start < this_start]
    return PersonWeek(
        sorted(this_week, key=lambda r: r.scheduled_start),
        sorted(next_week, key=lambda r: r.scheduled_start),
        owed.due,
        history,
        owed.just_ended,
        owed.older,
    )
