"""Exports: whole lists and tables as CSV, built page by page when the download is clicked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import access, export, filters, search
from ..models import InterviewStatus
from .backend import get_store
from .moment import viewer_zone
from .viewing import viewer

__all__ = ["search_csv", "status_csv", "table_csv"]


def table_csv(table: str, partition: dict[str, str] | None = None) -> Callable[[], Any]:
    """For `st.download_button(data=...)`: a callable that builds the CSV of the whole table
    (or one partition) page by page when clicked (administrators only, checked now: Streamlit
    runs the callable on another thread, without the session)."""
    access.require_admin(viewer(), "export the tables")
    store = get_store()
    return lambda: export.spool(export.csv_chunks(export.table_pages(store, table, partition)))


def search_csv(query: str) -> Callable[[], Any]:
    """For `st.download_button(data=...)`: a callable building the CSV of every candidate the
    search finds (not only the first SEARCH_LIMIT shown), page by page when clicked. A query
    the search refuses raises ValidationError now."""
    search.query_key(query)
    store = get_store()
    return lambda: export.spool(export.csv_chunks(export.search_pages(store, query)))


def status_csv(status: str, list_filter: filters.ListFilter | None = None) -> Callable[[], Any]:
    """For `st.download_button(data=...)`: a callable building the CSV of every interview of
    `status` (under `list_filter`, if any), newest first, in the viewer's time zone; the ATS
    recommendation hidden as on the screen for those who may not see it."""
    store = get_store()
    hidden = None if access.sees_every_recommendation(viewer()) else access.HIDDEN
    frame = export.status_frame(viewer_zone(), hidden)
    wanted = InterviewStatus(status)
    return lambda: export.spool(
        export.csv_chunks(export.status_pages(store, wanted, frame, list_filter=list_filter))
    )
