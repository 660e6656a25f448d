"""Home: the viewer's week on any store. No Streamlit.

- upcoming: the viewer's scheduled interviews starting in the next HORIZON_DAYS, soonest first;
- awaiting feedback: a panel member's own feedback due (owed.py, the definition Scorecards due
  and the Interviewer page count by), and, for a recruiter, their interviews due anyone's; the
  ones that just ended (not due yet) and the older ones (before the horizon) apart;
- decisions pending (recruiters and hiring managers, who may record one): ended interviews with
  every participant's feedback in and no hiring decision yet (on the interview, or on its
  application since the interview started), newest first.

Bounded reads. A panel member's interviews are one per-user read (interviews_by_user, one
partition on Cassandra). A recruiter's come from the shared list views walked from now (the
upcoming list forward, the scheduled and completed lists backward), at most SCAN_ROWS rows per
walk; list rows carry the recruiter's name only, so a row naming the viewer is confirmed by a
point read of the interview (its recruiter id). `truncated` says a walk stopped at SCAN_ROWS.
Point reads happen only for rows that may belong in a section.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..core.applications import application_id_for
from ..core.models import (
    Interview,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    User,
    UserRole,
    to_utc,
)
from ..store.base import Store
from .owed import HORIZON_DAYS as LOOKBACK_DAYS
from .owed import Owing, Window, owed_by, owing

HORIZON_DAYS = 14  # "this week": what starts in the next two weeks (this one and the next)
SCAN_ROWS = 1000  # rows of a shared list one recruiter walk reads at most
READ_PAGE = 200  # rows per page of those walks
OPEN = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)  # may still take feedback
DECIDERS = (UserRole.RECRUITER, UserRole.HIRING_MANAGER)


@dataclass(frozen=True)
class Week:
    """The home page's three sections (each a list of interview rows)."""

    upcoming: list[InterviewSummary]
    awaiting: list[InterviewSummary]
    decisions: list[InterviewSummary]
    decides: bool  # the viewer may record hiring decisions: the section is theirs
    truncated: bool = False  # a recruiter's walk over a shared list stopped at SCAN_ROWS
    just_ended: list[InterviewSummary] = field(default_factory=list)  # feedback not due yet
    older: list[InterviewSummary] = field(default_factory=list)  # own, before the horizon


class _Recruiter:
    """The interviews a recruiter recruits for, found in the shared lists (see module doc)."""

    def __init__(self, store: Store, me: User, now: datetime) -> None:
        self.store, self.me, self.now = store, me, now
        self.truncated = False

    def mine(self, row: InterviewSummary) -> Interview | None:
        """The row's interview when the viewer recruits for it (a point read confirms)."""
        if row.recruiter_name != self.me.name:
            return None
        interview = self.store.get_interview(row.interview_id)
        return interview if interview and interview.recruiter_id == self.me.user_id else None

    def walk(
        self, read: Callable[[PageCursor | None], InterviewPage], within: Callable[[datetime], bool]
    ) -> list[tuple[InterviewSummary, Interview]]:
        """The viewer's rows of a list read page by page while their start is `within` the
        window, at most SCAN_ROWS rows (then `truncated`)."""
        out: list[tuple[InterviewSummary, Interview]] = []
        cursor: PageCursor | None = None
        seen = 0
        while True:
            page = read(cursor)
            for row in page.rows:
                if not within(row.scheduled_start):
                    return out
                seen += 1
                if seen > SCAN_ROWS:
                    self.truncated = True
                    return out
                interview = self.mine(row)
                if interview is not None:
                    out.append((row, interview))
            if page.next_cursor is None:
                return out
            cursor = page.next_cursor

    def upcoming(self) -> list[InterviewSummary]:
        until = self.now + timedelta(days=HORIZON_DAYS)
        found = self.walk(
            lambda c: self.store.list_upcoming(READ_PAGE, c, now=self.now),
            lambda start: start < until,
        )
        return [r for r, _ in found]

    def ended(self) -> list[tuple[InterviewSummary, Interview]]:
        """Their scheduled and completed interviews that ended in the lookback window."""
        since = self.now - timedelta(days=LOOKBACK_DAYS)
        found: list[tuple[InterviewSummary, Interview]] = []
        for status in OPEN:
            first = PageCursor.until(self.now)

            def read(
                c: PageCursor | None, s: InterviewStatus = status, first: PageCursor = first
            ) -> InterviewPage:
                if s is InterviewStatus.SCHEDULED:  # without the day's moved-on rows
                    return self.store.list_past_due(READ_PAGE, c, now=self.now)
                return self.store.list_interviews_by_status(s, READ_PAGE, c or first)

            found += self.walk(read, lambda start: start >= since)
        return [(r, i) for r, i in found if i.scheduled_end <= self.now]


def _complete(row: InterviewSummary) -> bool:
    return row.participant_count > 0 and row.feedback_count >= row.participant_count


def _undecided(store: Store, rows: list[InterviewSummary]) -> list[InterviewSummary]:
    """The rows still waiting for a hiring decision: none on the interview's ATS record, and,
    when the interview belongs to an application, none on the application since the interview
    started (nor is the application closed). A few point reads each."""
    out = []
    for row in rows:
        ats = store.get_ats(row.interview_id)
        if ats is not None and ats.decision is not None:
            continue
        if not _decided_on_its_application(store, row):
            out.append(row)
    return out


def _decided_on_its_application(store: Store, row: InterviewSummary) -> bool:
    """Whether the interview's application (its candidate's, for the job its title names) was
    decided since the interview started, or is closed."""
    interview = store.get_interview(row.interview_id)
    job = store.find_job_by_title(row.job_title) if interview is not None else None
    if interview is None or job is None:
        return False
    found = store.get_application(application_id_for(interview.candidate_id, job.job_id))
    if found is None:
        return False
    decided = found.decision is not None and found.decision.decided_at >= row.scheduled_start
    return found.closed or decided


def _ended(store: Store, row: InterviewSummary, now: datetime) -> Interview | None:
    """The row's interview once its end has passed (a point read), else None."""
    interview = store.get_interview(row.interview_id)
    return interview if interview is not None and interview.scheduled_end <= now else None


def _manages(store: Store, row: InterviewSummary, me: User) -> bool:
    """Whether `me` sits on the row's panel as its hiring manager (a point read)."""
    return any(
        p.user_id == me.user_id and p.role is UserRole.HIRING_MANAGER
        for p in store.list_participants(row.interview_id)
    )


def _newest_first(rows: dict[uuid.UUID, InterviewSummary]) -> list[InterviewSummary]:
    return sorted(rows.values(), key=lambda r: (r.scheduled_start, r.interview_id), reverse=True)


def week(store: Store, me: User, now: datetime, due_hours: float = 0) -> Week:
    """The viewer's home page at `now`; feedback is due `due_hours` after an interview's end
    (SCORECARD_DUE_HOURS)."""
    now = to_utc(now)
    w = Window(now, due_hours)
    since, until = w.since, now + timedelta(days=HORIZON_DAYS)
    panel = store.list_interviews_by_user(me.user_id)  # one per-user read
    upcoming = {
        r.interview_id: r
        for r in panel
        if r.status is InterviewStatus.SCHEDULED and now <= r.scheduled_start < until
    }
    owed = owed_by(store, me.user_id, panel, w)
    awaiting = {r.interview_id: r for r in owed.due}
    just_ended = {r.interview_id: r for r in owed.just_ended}
    decisions: dict[uuid.UUID, InterviewSummary] = {}
    for r in panel:
        if r.status not in OPEN or not since <= r.scheduled_start <= now or not _complete(r):
            continue
        if me.role is UserRole.HIRING_MANAGER and _manages(store, r, me) and _ended(store, r, now):
            decisions[r.interview_id] = r
    truncated = False
    if me.role is UserRole.RECRUITER:
        mine = _Recruiter(store, me, now)
        upcoming |= {r.interview_id: r for r in mine.upcoming()}
        for r, i in mine.ended():
            if _complete(r):
                decisions.setdefault(r.interview_id, r)
            elif owing(r.status, r.scheduled_start, i.scheduled_end, w) is Owing.DUE:
                awaiting.setdefault(r.interview_id, r)
            elif r.interview_id not in awaiting:
                just_ended.setdefault(r.interview_id, r)
        truncated = mine.truncated
    decides = me.role in DECIDERS
    return Week(
        upcoming=sorted(upcoming.values(), key=lambda r: (r.scheduled_start, r.interview_id)),
        awaiting=_newest_first(awaiting),
        decisions=_undecided(store, _newest_first(decisions)) if decides else [],
        decides=decides,
        truncated=truncated,
        just_ended=_newest_first(just_ended),
        older=owed.older,
    )
