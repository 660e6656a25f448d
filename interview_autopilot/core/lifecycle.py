"""Where an interview is in its life, as the recruiter screens show it. Pure: no Streamlit,
no store. The list views (upcoming, past due, the closed statuses), the flags a row carries,
the stage an interview is in at a given moment (an interview whose end has passed waits
for its feedback until the last one is in), and the statuses it may move to: the Status menu
offers exactly those, and the write refuses the others with the same sentence.
"""

from __future__ import annotations

from datetime import datetime

from .models import Interview, InterviewDetail, InterviewStatus, InterviewSummary, Labelled, to_utc

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


def status_refusal(interview: Interview, new: InterviewStatus, moment: datetime) -> str | None:
    """Why `interview` may not move to `new` at `moment`, or None when it may: not to its own
    status, and not to completed or no-show before it has started."""
    if new is interview.status:
        return f"The interview is already {new.label.lower()}."
    started = to_utc(interview.scheduled_start) <= to_utc(moment)
    if new in (InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW) and not started:
        return (
            "This interview has not started yet: it can be marked completed or no-show once "
            "it has started."
        )
    return None


def status_choices(interview: Interview, moment: datetime) -> list[InterviewStatus]:
    """The statuses the Status menu offers (`status_refusal` has nothing against them)."""
    return [s for s in InterviewStatus if status_refusal(interview, s, moment) is None]


def status_confirmation(current: InterviewStatus, new: InterviewStatus) -> str | None:
    """What a person confirms before the change, or None when it needs no confirmation:
    closing an interview (cancelled, no-show) closes its ATS record and its feedback, and
    reopening a closed one undoes that."""
    if is_closed(new):
        return (
            f"Yes, mark it {new.label.lower()}: its ATS record closes and it takes no more feedback"
        )
    if is_closed(current):
        return (
            f"Yes, undo the {current.label.lower()}: mark it {new.label.lower()}, its ATS "
            "record opens again"
        )
    return None
