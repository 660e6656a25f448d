"""Every CSV download in Chromium, on SQLite and on the local Cassandra node: the real app
(`streamlit run`, a test clock) and a person's clicks. Each file is compared with the screen it
was downloaded from: the number of rows the screen states, the columns of its grid, the rows it
shows, and the recommendation hidden from an interviewer who has not submitted their feedback.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.browser_kit import (
    empty_node,
    journey_backends,
    need_chromium,
    node_env,
    open_as,
    shots,
)
from test_browser_week import pick, settle

from interview_autopilot.core import access
from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.lifecycle import CLOSED
from interview_autopilot.core.models import InterviewStatus, InterviewSummary, PageCursor, UserRole
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.ui.identity import demo_order

pytestmark = pytest.mark.browser
ZONE = "Europe/Berlin"
USERS = demo_order(read_sample_data().users)
GRID = '[data-testid="stDataFrame"]'
COUNT = re.compile(r"\((\d+)\)")
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is written behind a quote


def as_text(cell: str) -> str:
    """The text a neutralised cell holds: the quote in front of a formula start dropped."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA) else cell


@dataclass
class App:
    url: str
    store: Store  # the same database, read by the test
    now: datetime  # the app's (test) clock


def _clock() -> datetime:
    """The app's clock: 11:00 UTC today, so some of today's interviews are past due."""
    return datetime.now(UTC).replace(hour=11, minute=0, second=0, microsecond=0)


@pytest.fixture(scope="module", params=journey_backends("sqlite"))
def app(request, tmp_path_factory) -> Iterator[App]:
    """The app over an empty store of each backend (it loads the sample, anchored to the clock)."""
    need_chromium()
    folder = tmp_path_factory.mktemp(f"exports-{request.param}")
    clock = folder / "clock.txt"
    now = _clock()
    set_clock(clock, now)
    env = {CLOCK_FILE: str(clock), "LIVE_REFRESH_SECONDS": "0"}
    db = folder / "exports.db"
    if request.param == "cassandra":
        node = request.getfixturevalue("cassandra_session_store")
        empty_node(node)
        env |= node_env(node.keyspace)
        store: Store = node
    with shots.serve(db, extra_env=env, timeout=120) as url:
        if request.param == "sqlite":
            store = SqliteStore(db)
        yield App(url, store, now)
        if request.param == "sqlite":
            store.close()


@pytest.fixture(scope="module")
def browser(app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = shots.launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id=ZONE)
    yield context.new_page()
    context.close()


def download(page, key: str) -> tuple[str, list[list[str]]]:
    """Click the download button `key`; the file's name and its rows (header first), read
    with a CSV reader, each cell's text recovered."""
    with page.expect_download(timeout=60_000) as got:
        page.locator(f".st-key-{key} button").click()
    path = got.value.path()
    data = Path(path).read_bytes()
    assert data, "the downloaded file is empty"
    rows = list(csv.reader(io.StringIO(data.decode())))
    return got.value.suggested_filename, [[as_text(c) for c in r] for r in rows]


def grid_header(page) -> list[str]:
    grid = page.locator(GRID).first
    grid.locator('table [role="row"]').nth(1).wait_for(state="attached", timeout=60_000)
    cells = grid.locator('table [role="columnheader"]').all_text_contents()
    return [c.strip() for c in cells if c.strip()]


def grid_rows(page) -> list[list[str]]:
    """The data rows in view (header skipped), as cell texts."""
    grid = page.locator(GRID).first
    grid.locator('table [role="row"]').nth(1).wait_for(state="attached", timeout=60_000)
    rows = grid.locator('table [role="row"]').all()[1:]
    return [
        [c.strip() for c in r.locator('[role="gridcell"], td').all_text_contents()] for r in rows
    ]


def choose_list(page, label: str) -> int:
    """Click the list `label` of the Interviews page; the count its label states."""
    option = page.locator(".st-key-status").get_by_role("radio", name=label)
    option.click()
    settle(page)
    text = option.inner_text()
    found = COUNT.search(text)
    assert found, f"the {label} list states no count: {text!r}"
    return int(found.group(1))


def shown_cells(page, header: list[str]) -> list[dict[str, str]]:
    """The grid's rows in view, by column (the row marker cells dropped)."""
    return [dict(zip(header, cells[-len(header) :], strict=True)) for cells in grid_rows(page)]


def walk(read) -> list[InterviewSummary]:
    rows: list[InterviewSummary] = []
    after: PageCursor | None = None
    while True:
        got = read(after)
        rows += got.rows
        after = got.next_cursor
        if after is None:
            return rows


def check_list_file(page, rows: list[list[str]], stated: int) -> list[dict[str, str]]:
    """The file holds the rows the list states, the grid's columns (and the id), and begins
    with the rows the grid shows."""
    header = grid_header(page)
    assert rows[0] == ["Interview id", *header]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == stated
    assert len({r["Interview id"] for r in body}) == stated
    shown = shown_cells(page, header)
    assert shown
    for cells, row in zip(shown, body, strict=False):
        assert {k: row[k] for k in header} == cells
    return body


def test_the_completed_list_downloads_what_it_states(app: App, page) -> None:
    open_as(page, f"{app.url}/interviews")
    stated = choose_list(page, "Completed")
    name, rows = download(page, "list_csv")
    assert name == "interviews-completed.csv"
    body = check_list_file(page, rows, stated)
    assert stated == app.store.count_by_status()[InterviewStatus.COMPLETED]
    assert access.HIDDEN not in {r["ATS recommendation"] for r in body}  # a recruiter sees them


def _interviewer_without_feedback(store: Store):
    """An interviewer on a completed interview they have not given feedback on, and it."""
    completed = walk(lambda a: store.list_interviews_by_status(InterviewStatus.COMPLETED, 50, a))
    for user in USERS:
        if user.role is not UserRole.INTERVIEWER:
            continue
        for row in completed:
            detail = store.get_interview_detail(row.interview_id)
            assert detail is not None
            on_panel = any(p.user_id == user.user_id for p in detail.participants)
            given = any(f.user_id == user.user_id for f in detail.feedback)
            if on_panel and not given and detail.ats is not None and detail.feedback:
                return user, row
    raise AssertionError("the sample has no interviewer with feedback still to give")


def test_an_interviewer_without_feedback_downloads_no_recommendation(app: App, page) -> None:
    user, row = _interviewer_without_feedback(app.store)
    open_as(page, f"{app.url}/interviews", user.name)
    stated = choose_list(page, "Completed")
    _, rows = download(page, "list_csv")
    body = check_list_file(page, rows, stated)
    mine = next(r for r in body if r["Interview id"] == str(row.interview_id))
    assert mine["ATS recommendation"] == access.HIDDEN
    ats = app.store.get_ats(row.interview_id)
    assert ats is not None
    assert {r["ATS recommendation"] for r in body} <= {access.HIDDEN, CLOSED}


def test_upcoming_and_past_due_state_their_count_and_download_only_their_rows(
    app: App, page
) -> None:
    store = app.store
    upcoming = walk(lambda a: store.list_upcoming(50, a, now=app.now))
    past_due = walk(lambda a: store.list_past_due(50, a, now=app.now))
    assert upcoming and past_due  # the sample has both around the clock's now
    open_as(page, f"{app.url}/interviews")
    for label, expected, name in (
        ("Upcoming", upcoming, "interviews-upcoming.csv"),
        ("Past due", past_due, "interviews-past_due.csv"),
    ):
        stated = choose_list(page, label)
        assert stated == len(expected), label
        got, rows = download(page, "list_csv")
        assert got == name
        body = check_list_file(page, rows, stated)
        assert [r["Interview id"] for r in body] == [str(r.interview_id) for r in expected]


def test_the_candidate_search_downloads_every_match(app: App, page) -> None:
    from playwright.sync_api import expect

    open_as(page, f"{app.url}/candidate")
    box = page.locator(".st-key-cand_search input")
    box.fill("ma")
    box.press("Enter")
    settle(page)
    stated = page.get_by_text(re.compile(r"^\d+ candidates? match")).inner_text()
    total = int(stated.split()[0])
    links = page.locator('[data-testid="stPageLink"]').filter(has_text="@")
    expect(links).to_have_count(total, timeout=30_000)  # drawn after the caption
    listed = {t.strip().split("\n")[-1].split(" · ")[0] for t in links.all_inner_texts()}
    name, rows = download(page, "search_csv")
    assert name == "candidates.csv"
    assert rows[0] == ["Name", "Email", "Candidate id"]
    body = rows[1:]
    assert len(body) == total == len(listed) > 0
    assert {r[0] for r in body} == listed
    pages = app.store.search_candidate_pages("ma")
    assert {r[2] for r in body} == {str(c.candidate_id) for got in pages for c in got}


def test_the_tables_page_downloads_the_whole_table(app: App, page) -> None:
    # The grid draws only the columns in view (users has nine since the people directory):
    # wide enough that every column is drawn, so the header read is the whole table's.
    page.set_viewport_size({"width": 3000, "height": 1000})
    open_as(page, f"{app.url}/tables")
    page.locator(".st-key-viewer_admin_pick").get_by_text("Administrator").click()
    settle(page)
    pick(page, "tbl_table", "users")
    page.get_by_text("end of the table").wait_for(timeout=30_000)
    where = page.get_by_text(re.compile(r"rows 1–\d+ · end of the table")).inner_text()
    stated = int(re.search(r"rows 1–(\d+)", where).group(1))  # type: ignore[union-attr]
    header = grid_header(page)
    name, rows = download(page, "tbl_csv")
    assert name == "users.csv"
    assert rows[0] == header
    assert len(rows) - 1 == stated == len(USERS)
    shown = shown_cells(page, header)
    for cells, row in zip(shown, rows[1:], strict=False):
        assert dict(zip(header, row, strict=True)) == cells
