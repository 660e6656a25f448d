"""Feedback owed: the one definition Home, Scorecards due and the Interviewer page count by.
No Streamlit.

A participant owes feedback on an interview that is scheduled or completed (cancelled and
no-show interviews take none), has ended, and has no feedback of theirs. It is **due** once
SCORECARD_DUE_HOURS have passed since its end (until then it **just ended**). Counts look back
HORIZON_DAYS: an interview that started earlier and still misses feedback is **older**; the
pages say so and list it on the person's own pages (Home, Interviewer), which read that
person's interview list anyway. Scorecards due, which reads everyone's, walks the shared status
lists back to the horizon only, so its reads stay bounded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from ..core.models import InterviewStatus, InterviewSummary, to_utc
from ..store.base import Store

HORIZON_DAYS = 30  # how far back the counts look (by the interview's start)
OWING = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)  # may still take feedback


class Owing(Enum):
    """Where a missing feedback stands at a moment (see the module doc)."""

    DUE = "due"
    JUST_ENDED = "just ended"
    OLDER = "older"


@dataclass(frozen=True)
class Window:
    """The moment the counts are taken at, and what follows from it."""

    now: datetime
    due_hours: float = 0.0

    @property
    def deadline(self) -> datetime:
        """An interview that ended at or before this is due."""
        return to_utc(self.now) - timedelta(hours=self.due_hours)

    @property
    def since(self) -> datetime:
        """The horizon: interviews that started before it are older."""
        return to_utc(self.now) - timedelta(days=HORIZON_DAYS)


def owing(status: InterviewStatus, start: datetime, end: datetime, w: Window) -> Owing | None:
    """Where a participant's missing feedback on this interview stands (None: owes nothing)."""
    if status not in OWING or end > to_utc(w.now):
        return None
    if start < w.since:
        return Owing.OLDER
    return Owing.DUE if end <= w.deadline else Owing.JUST_ENDED


@dataclass(frozen=True)
class Owed:
    """One person's missing feedback, each list newest first."""

    due: list[InterviewSummary] = field(default_factory=list)
    just_ended: list[InterviewSummary] = field(default_factory=list)
    older: list[InterviewSummary] = field(default_factory=list)


def owed_by(store: Store, user_id: uuid.UUID, rows: list[InterviewSummary], w: Window) -> Owed:
    """What `user_id` owes among `rows` (their own interview list): a point read of the
    interview (its end) and of their feedback, only for rows that may owe."""
    found: dict[Owing, list[InterviewSummary]] = {o: [] for o in Owing}
    now = to_utc(w.now)
    for r in rows:
        if r.status not in OWING or r.scheduled_start > now:
            continue
        if r.participant_count and r.feedback_count >= r.participant_count:
            continue  # everyone's feedback is in
        interview = store.get_interview(r.interview_id)
        if interview is None:
            continue
        where = owing(r.status, r.scheduled_start, interview.scheduled_end, w)
        if where is not None and store.get_feedback(r.interview_id, user_id) is None:
            found[where].append(r)
    for rows_of in found.values():
        rows_of.sort(key=lambda r: (r.scheduled_start, r.interview_id), reverse=True)
    return Owed(found[Owing.DUE], found[Owing.JUST_ENDED], found[Owing.OLDER])
