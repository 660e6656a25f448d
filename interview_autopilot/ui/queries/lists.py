"""The recruiter's list views, split at now (upcoming, past due, then each status), their
counts, and the recruiter and job title filters with their pickers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from ...core import filters
from ...core.lifecycle import ListView
from ...core.models import InterviewPage, InterviewStatus, PageCursor
from ...features import list_views
from ...store import PAGE_SIZE
from ...store.aggregates import JOB_RECOMMENDATION
from ._cache import cached_read
from .backend import _store, get_store
from .interviews import status_counts
from .moment import _minute
from .schedule import directory_users


def view_counts(list_filter: filters.ListFilter | None = None) -> dict[ListView, int]:
    """How many interviews each list view holds (under `list_filter`, if any); upcoming and
    past due split at now, to the minute, as their lists are."""
    get_store()
    if list_filter is None:
        counts = status_counts()
        kind, value = "", ""
    else:
        counts = _filtered_counts(list_filter.kind, list_filter.value)
        kind, value = list_filter.kind, list_filter.value
    split = _split_counts(_minute(), kind, value)
    return dict(list_views.view_counts(counts, split))


@cached_read
def _split_counts(minute: str, kind: str = "", value: str = "") -> tuple[int, int]:
    list_filter = filters.ListFilter.of(kind, value) if kind else None
    return _store().count_past_due_and_upcoming(datetime.fromisoformat(minute), list_filter)


def view_page(
    view: ListView, cursor: PageCursor | None = None, list_filter: filters.ListFilter | None = None
) -> InterviewPage:
    """One page of a list view: upcoming soonest first from now, past due (scheduled, already
    started) newest first from now, the other statuses newest first; after `cursor`; only the
    interviews of one recruiter or one job title with `list_filter`."""
    view = ListView(view)
    get_store()
    after = (
        ("", "")
        if cursor is None
        else (cursor.scheduled_start.isoformat(), str(cursor.interview_id))
    )
    kind, value = (list_filter.kind, list_filter.value) if list_filter else ("", "")
    return _view_page(str(view), _minute(), *after, kind, value)


@cached_read
def _view_page(
    view: str, minute: str, after_start: str, after_id: str, kind: str = "", value: str = ""
) -> InterviewPage:
    after = (
        PageCursor(datetime.fromisoformat(after_start), uuid.UUID(after_id))
        if after_start
        else None
    )
    list_filter = filters.ListFilter.of(kind, value) if kind else None
    moment = datetime.fromisoformat(minute)
    return list_views.read_view(_store(), ListView(view), PAGE_SIZE, after, moment, list_filter)


@cached_read
def _filtered_counts(kind: str, value: str) -> dict[InterviewStatus, int]:
    return _store().count_filtered(filters.ListFilter.of(kind, value))


def recruiter_choices() -> dict[str, str]:
    """The list's recruiter picker: '' for everyone, then each recruiter's id -> name."""
    return filters.recruiter_options(directory_users())


def job_title_choices() -> dict[str, str]:
    """The list's job title picker: '' for any, then each title seen (folded -> as shown),
    from the Insights counts of interviews per title (no scan on Cassandra)."""
    get_store()
    return _job_titles(_minute()[:10])


@cached_read
def _job_titles(day: str) -> dict[str, str]:
    today = date.fromisoformat(day)
    monday = (today - timedelta(days=today.weekday())).isoformat()
    counts = _store().insight_counts(monday, monday).chart(JOB_RECOMMENDATION)
    return filters.title_options((title, n) for (title, _), n in counts.items())


ListFilter = filters.ListFilter
filters_from_url = filters.from_url


def filtered(recruiter: str, job: str) -> filters.ListFilter | None:
    """The filter the list's pickers chose (None: the whole list)."""
    return filters.chosen(recruiter, job)
