"""Where an interview is in its life, as the recruiter screens show it. Pure: no Streamlit,
no store. The list views (upcoming, past due, the closed statuses), the flags a row carries,
and the stage an interview is in at a given moment (an interview whose end has passed waits
for its feedback until the last one is in).
"""

from __future__ import annotations

from datetime import datetime

from .models import InterviewDetail, InterviewStatus, InterviewSummary, Labelled

CLOSED = "Closed"  # what a cancelled or no-show row says instead of a recommendation
PAST_DUE = "⚠ Past due: set its status"
AWAITING = "Awaiting feedback"


class ListView(Labelled):
    """The lists of the Interviews page: scheduled interviews split at now, then the others."""

    UPCOMING = "upcoming"
    PAST_DUE = "past_due"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return {"past_due": "Past due", "no_show": "No-show"}.get(self.value, super().label)

    @property
    def status(self) -> InterviewStatus:
        """The stored status the view lists."""
        if self in (ListView.UPCOMING, ListView.PAST_DUE):
            return InterviewStatus.SCHEDULED
        return InterviewStatus(self.value)

    @property
    def soonest_first(self) -> bool:
        return self is ListView.UPCOMING


def is_closed(status: InterviewStatus) -> bool:
    """Cancelled and no-show interviews are closed: no feedback, no recommendation."""
    return status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW)


def recommendation_label(row: InterviewSummary) -> str:
    """The recommendation a list row shows; 'Closed' for a cancelled or no-show interview
    (its ATS record is closed), never 'Pending'."""
    return CLOSED if is_closed(row.status) else row.recommendation.label


def row_attention(row: InterviewSummary, now: datetime) -> str:
    """What needs doing about a list row, or '' when nothing does."""
    if row.status is InterviewStatus.SCHEDULED and row.scheduled_start <= now:
        return PAST_DUE
    if row.status is InterviewStatus.COMPLETED and row.feedback_count < row.participant_count:
        missing = row.participant_count - row.feedback_count
        return f"⚠ {missing} of {row.participant_count} feedback missing"
    return ""


def stage(detail: InterviewDetail, now: datetime) -> str:
    """The interview's stage for its page: its status, or 'Awaiting feedback' once its end has
    passed (scheduled or completed) until every participant's feedback is in."""
    i = detail.interview
    if is_closed(i.status):
        return i.status.label
    complete = bool(detail.participants) and len(detail.feedback) >= len(detail.participants)
    if i.scheduled_end <= now and not complete:
        return AWAITING
    if i.status is InterviewStatus.SCHEDULED and i.scheduled_start <= now:
        return "In progress"
    return i.status.label
