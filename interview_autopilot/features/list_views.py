"""The lists of the Interviews page read from a store: one page of a list view, and how many
interviews each view holds, at a given now (the screen and its CSV export read the same way).
No Streamlit here."""

from __future__ import annotations

from datetime import datetime

from ..core.filters import ListFilter
from ..core.lifecycle import ListView
from ..core.models import InterviewPage, InterviewStatus, PageCursor
from ..store.base import Store


def read_view(
    store: Store,
    view: ListView,
    limit: int,
    after: PageCursor | None,
    now: datetime,
    list_filter: ListFilter | None = None,
) -> InterviewPage:
    """`limit` rows of `view` after `after`: upcoming soonest first from `now`, past due
    (scheduled, started at or before `now`) newest first, the other statuses newest first; only
    the interviews of one recruiter or one job title with `list_filter`."""
    if list_filter is not None:
        if view is ListView.UPCOMING:
            return store.list_upcoming_filtered(list_filter, limit, after, now=now)
        if view is ListView.PAST_DUE:
            after = after or PageCursor.until(now)
        return store.list_filtered(list_filter, view.status, limit, after)
    if view is ListView.UPCOMING:
        return store.list_upcoming(limit, after, now=now)
    if view is ListView.PAST_DUE:
        return store.list_past_due(limit, after, now=now)
    return store.list_interviews_by_status(view.status, limit, after)


def view_counts(counts: dict[InterviewStatus, int], split: tuple[int, int]) -> dict[ListView, int]:
    """How many interviews each view holds: the stored status counts, the scheduled ones as
    `split` (past due, upcoming) says (one starting exactly at now is in both lists)."""
    past_due, upcoming = split
    found = {v: counts.get(v.status, 0) for v in ListView}
    found[ListView.PAST_DUE] = past_due
    found[ListView.UPCOMING] = upcoming
    return found
