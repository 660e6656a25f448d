"""CSV exports built page by page: a list of the Interviews page, a candidate search or a
stored table.

Memory stays bounded while reading: one page of rows at a time is turned into CSV and written to
a `SpooledTemporaryFile` (in memory up to SPOOL_BYTES, then on disk). Streamlit's
`st.download_button(data=callable)` accepts only bytes, str or a plain file object from the
callable (not a spooled one) and keeps the whole file in its in-memory media store anyway, so
`csv_file` hands it the finished bytes: the CSV is held once, while the store is never read
whole.

Every cell that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab or a
carriage return) is written with a single quote in front, as OWASP recommends against CSV
injection: Excel and Sheets show it as text, a CSV reader gets the text back behind the quote.
No Streamlit here.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, tzinfo
from typing import IO

import pandas as pd

from ..core.filters import ListFilter
from ..core.lifecycle import CLOSED, ListView
from ..core.models import Candidate, InterviewStatus, InterviewSummary, PageCursor
from ..store.base import MAX_SCAN_PAGE, Store
from .frames import interviews_table, table_frame
from .job_plans import by_job_title
from .list_views import read_view

SPOOL_BYTES = 8 * 1024 * 1024
LIST_PAGE = 200  # interviews per store read of a status export
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula


def _as_shown(value: object) -> object:
    """A cell as the Tables page's grid writes it: booleans as true/false, the rest as is."""
    if pd.api.types.is_bool(value):  # a Python or a NumPy boolean
        return "true" if value else "false"
    return value


def table_pages(
    store: Store,
    table: str,
    partition: dict[str, str] | None = None,
    page_size: int = MAX_SCAN_PAGE,
) -> Iterator[pd.DataFrame]:
    """Every page of a table scan (optionally one partition), as display frames."""
    state: str | None = None
    while True:
        page = store.scan_table(table, page_size, state, partition)
        if page.rows:
            yield table_frame(page).map(_as_shown)
        state = page.next_state
        if state is None:
            return


def status_pages(
    store: Store,
    status: InterviewStatus,
    frame: Callable[[list[InterviewSummary]], pd.DataFrame],
    page_size: int = LIST_PAGE,
    list_filter: ListFilter | None = None,
) -> Iterator[pd.DataFrame]:
    """Every page of a status list (of one recruiter or job title with `list_filter`), newest
    first (keyset paging), through `frame`."""
    after: PageCursor | None = None
    while True:
        if list_filter is None:
            page = store.list_interviews_by_status(status, page_size, after)
        else:
            page = store.list_filtered(list_filter, status, page_size, after)
        if page.rows:
            yield frame(page.rows)
        after = page.next_cursor
        if after is None:
            return


def view_pages(
    store: Store,
    view: ListView,
    now: datetime,
    frame: Callable[[list[InterviewSummary]], pd.DataFrame],
    page_size: int = LIST_PAGE,
    list_filter: ListFilter | None = None,
) -> Iterator[pd.DataFrame]:
    """Every page of one list of the Interviews page as the screen walks it at `now` (upcoming
    soonest first from now, past due newest first from now, the others newest first), of one
    recruiter or job title with `list_filter`, through `frame`."""
    after: PageCursor | None = None
    while True:
        page = read_view(store, view, page_size, after, now, list_filter)
        if page.rows:
            yield frame(page.rows)
        after = page.next_cursor
        if after is None:
            return


def neutralised(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula, behind a single quote (OWASP)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def csv_chunks(frames: Iterable[pd.DataFrame]) -> Iterator[bytes]:
    """UTF-8 CSV, the header once (from the first frame), then each frame's rows; every cell
    that would start a formula neutralised."""
    header = True
    for frame in frames:
        safe = frame.map(neutralised).rename(columns=neutralised)
        text = io.StringIO()
        # CRLF rows (RFC 4180): the writer then quotes a cell holding a lone CR, which a reader
        # would otherwise take for the end of a row.
        safe.to_csv(
            text, index=False, header=header, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
        )
        header = False
        yield text.getvalue().encode()


def spool(chunks: Iterable[bytes]) -> IO[bytes]:
    """The chunks in a temporary file (memory, then disk past SPOOL_BYTES), at its start."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned)
    for chunk in chunks:
        out.write(chunk)
    out.seek(0)
    return out


def csv_file(chunks: Iterable[bytes]) -> bytes:
    """The whole file for `st.download_button(data=callable)`: the chunks spooled, then read
    once into the bytes Streamlit keeps as they are."""
    with spool(chunks) as out:
        return out.read()


def status_frame(
    zone: tzinfo,
    hide_recommendation: str | None,
    now: datetime | None = None,
    job_title_of: Callable[[str], str | None] | None = None,
) -> Callable[..., pd.DataFrame]:
    """The interview list's columns (its Attention at `now`), after the interview's id; the
    ATS recommendation replaced for those who may not see it, a closed one still saying
    Closed (the same rule as the screen); job titles as their jobs name them (`job_title_of`,
    as on the screen)."""

    def frame(rows: list[InterviewSummary]) -> pd.DataFrame:
        if job_title_of is not None:
            rows = by_job_title(rows, job_title_of)
        table = interviews_table(rows, zone, now)
        table.insert(0, "Interview id", [str(r.interview_id) for r in rows])
        if hide_recommendation is not None:
            shown = table["ATS recommendation"]
            table["ATS recommendation"] = shown.where(shown == CLOSED, hide_recommendation)
        return table

    return frame


def search_pages(store: Store, query: str, page_size: int = LIST_PAGE) -> Iterator[pd.DataFrame]:
    """Every candidate a search finds (no limit), each once, in the search index's order."""
    for page in store.search_candidate_pages(query, page_size):
        if page:
            yield candidates_frame(page)


def candidates_frame(rows: list[Candidate]) -> pd.DataFrame:
    """The search result's columns: name, email and id (the resume stays on the profile)."""
    return pd.DataFrame(
        {
            "Name": [c.name for c in rows],
            "Email": [c.email for c in rows],
            "Candidate id": [str(c.candidate_id) for c in rows],
        }
    )
