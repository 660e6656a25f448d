"""Scorecards due: the feedback due (owed.py: ended more than SCORECARD_DUE_HOURS ago, within
the horizon, not given), grouped by person. No Streamlit.

Bounded reads on every store: the scheduled and completed lists walked newest first from
now - N hours back to the horizon (keyset pages of the by-status lists), then, for each
interview still missing feedback, its participants and its end (two point reads of one
partition).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..core.models import InterviewStatus, InterviewSummary, PageCursor, to_utc
from ..core.reminder_log import ReminderLine
from ..store.base import PAGE_SIZE, Store
from .owed import OWING, Owing, Window, owing


@dataclass(frozen=True)
class DueItem:
    """One missing scorecard: which interview, when it ended, how late it is."""

    interview_id: uuid.UUID
    candidate_name: str
    job_title: str
    ended_at: datetime
    days_overdue: int


@dataclass
class PersonDue:
    """Everything one person owes, oldest first."""

    user_id: uuid.UUID
    name: str
    email: str
    slack_handle: str
    items: list[DueItem] = field(default_factory=list)

    @property
    def most_days_overdue(self) -> int:
        return max((i.days_overdue for i in self.items), default=0)


def _ended_rows(store: Store, until: datetime, since: datetime) -> list[InterviewSummary]:
    """Scheduled and completed interviews starting in [since, until], missing feedback."""
    found: list[InterviewSummary] = []
    for status in OWING:
        cursor: PageCursor | None = PageCursor.until(until)
        while cursor is not None:
            if status is InterviewStatus.SCHEDULED:  # read without the day's moved-on rows
                page = store.list_past_due(PAGE_SIZE, cursor, now=until)
            else:
                page = store.list_interviews_by_status(status, PAGE_SIZE, cursor)
            for row in page.rows:
                if row.scheduled_start < since:
                    cursor = None
                    break
                if row.feedback_count < row.participant_count:
                    found.append(row)
            else:
                cursor = page.next_cursor
    return found


def scorecards_due(store: Store, now: datetime, due_hours: float) -> list[PersonDue]:
    """Who owes feedback for an interview that ended more than `due_hours` ago, most overdue
    first; each person's items oldest first."""
    now = to_utc(now)
    w = Window(now, due_hours)
    deadline = w.deadline
    people: dict[uuid.UUID, PersonDue] = {}
    for row in _ended_rows(store, deadline, w.since):
        interview = store.get_interview(row.interview_id)
        if interview is None:
            continue
        if owing(row.status, row.scheduled_start, interview.scheduled_end, w) is not Owing.DUE:
            continue
        late = now - interview.scheduled_end - timedelta(hours=due_hours)
        item = DueItem(
            row.interview_id,
            row.candidate_name,
            row.job_title,
            interview.scheduled_end,
            max(late.days, 0),
        )
        for p in store.list_participants(row.interview_id):
            if p.has_feedback:
                continue
            person = people.setdefault(
                p.user_id, PersonDue(p.user_id, p.name, p.email, p.slack_handle)
            )
            person.items.append(item)
    for person in people.values():
        person.items.sort(key=lambda i: i.ended_at)
    return sorted(people.values(), key=lambda p: (-p.most_days_overdue, p.name))


def last_reminders(
    store: Store, interview_ids: list[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], ReminderLine]:
    """The last scorecard reminder each person got, per (interview, person): one partition
    read per interview on the board (its reminders), so the board can say who was reminded."""
    out: dict[tuple[uuid.UUID, uuid.UUID], ReminderLine] = {}
    for interview_id in dict.fromkeys(interview_ids):
        for user_id, line in store.reminder_log(interview_id).last.items():
            out[(interview_id, user_id)] = line
    return out


def reminder(person: PersonDue, zone_label: str, local: dict[uuid.UUID, str]) -> str:
    """A message to paste in Slack: who, which interviews, since when."""
    lines = [
        f"Hi {person.slack_handle or person.name}, a friendly reminder: your feedback is "
        f"still missing for {len(person.items)} interview{'s' if len(person.items) > 1 else ''}:"
    ]
    for i in person.items:
        lines.append(
            f"• {i.candidate_name} ({i.job_title}), ended {local[i.interview_id]} {zone_label}"
            f" ({i.days_overdue} day{'s' if i.days_overdue != 1 else ''} overdue)"
        )
    lines.append("Please submit it in Interview Autopilot (Feedback page). Thank you!")
    return "\n".join(lines)
