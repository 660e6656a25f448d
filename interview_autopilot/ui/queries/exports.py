"""Exports: whole lists and tables as CSV, built page by page when the download is clicked.

Each function returns the callable for `st.download_button(data=...)`: Streamlit runs it on
another thread, without the session, when the button is clicked, and serves the bytes it
returns. So who may export, the viewer's zone and the list's now are settled here, at render.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ...core import access, filters, search
from ...core.lifecycle import ListView
from ...features import export
from .backend import get_store
from .moment import _minute, viewer_zone
from .viewing import viewer


def table_csv(table: str, partition: dict[str, str] | None = None) -> Callable[[], bytes]:
    """The CSV of the whole table (or one partition), page by page when clicked
    (administrators only, checked now)."""
    access.require_admin(viewer(), "export the tables")
    store = get_store()
    return lambda: export.csv_file(export.csv_chunks(export.table_pages(store, table, partition)))


def search_csv(query: str) -> Callable[[], bytes]:
    """The CSV of every candidate the search finds (not only the first SEARCH_LIMIT shown),
    page by page when clicked. A query the search refuses raises ValidationError now."""
    search.query_key(query)
    store = get_store()
    return lambda: export.csv_file(export.csv_chunks(export.search_pages(store, query)))


def view_csv(view: str, list_filter: filters.ListFilter | None = None) -> Callable[[], bytes]:
    """The CSV of every interview of one list of the Interviews page (under `list_filter`, if
    any), in the list's order at the minute the screen shows (so its rows are the ones the
    list's count states), in the viewer's time zone; the ATS recommendation hidden as on the
    screen for those who may not see it."""
    store = get_store()
    hidden = None if access.sees_every_recommendation(viewer()) else access.HIDDEN
    moment = datetime.fromisoformat(_minute())
    frame = export.status_frame(viewer_zone(), hidden, moment)
    wanted = ListView(view)
    return lambda: export.csv_file(
        export.csv_chunks(export.view_pages(store, wanted, moment, frame, list_filter=list_filter))
    )
