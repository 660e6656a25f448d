"""Browser smoke test: the real app under `streamlit run`, in headless Debian Chromium.

Streamlit's tables are canvas grids (glide-data-grid); their text is read from the grid's
accessible table, which holds the rows currently scrolled into view.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.browser_kit import need_chromium, shots

from interview_autopilot.core.lifecycle import PAST_DUE
from interview_autopilot.core.models import InterviewStatus, InterviewSummary, PageCursor, utc_now
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
ROW_PX = 35  # st.dataframe header and row height
ZONE = "Asia/Tokyo"  # not UTC, so the test sees that times follow the browser's time zone


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The app on a free port over a fresh SQLite file; yields (url, db path)."""
    need_chromium()
    db = tmp_path_factory.mktemp("browser") / "a.db"
    with shots.serve(db) as url:
        yield url, db


@pytest.fixture(scope="module")
def browser(server):
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


def grid_rows(page, index: int = 0) -> list[list[str]]:
    """The data rows (header skipped) of the index-th table on the page, as cell texts."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(index)
    grid.locator('table [role="row"]').nth(1).wait_for(state="attached", timeout=60_000)
    rows = grid.locator('table [role="row"]').all()[1:]
    return [
        [c.strip() for c in r.locator('[role="gridcell"], td').all_text_contents()] for r in rows
    ]


def when(start: datetime) -> str:
    return start.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M")


def store_rows(db: Path, status: InterviewStatus) -> list[InterviewSummary]:
    store = SqliteStore(db)
    try:
        return store.list_interviews_by_status(status).rows
    finally:
        store.close()


def minute() -> datetime:
    """The app's clock for list reads: now to the minute."""
    return utc_now().replace(second=0, microsecond=0)


def upcoming_rows(db: Path) -> list[InterviewSummary]:
    """The default list: scheduled interviews from now on, soonest first."""
    store = SqliteStore(db)
    try:
        return store.list_upcoming(now=minute()).rows
    finally:
        store.close()


def past_due_rows(db: Path) -> list[InterviewSummary]:
    store = SqliteStore(db)
    try:
        until = PageCursor.until(minute())
        return store.list_interviews_by_status(InterviewStatus.SCHEDULED, after=until).rows
    finally:
        store.close()


def participant_names(db: Path, row: InterviewSummary) -> list[str]:
    store = SqliteStore(db)
    try:
        return [p.name for p in store.list_participants(row.interview_id)]
    finally:
        store.close()


def test_interview_rows_render_for_the_chosen_status(server, page):
    url, db = server
    page.goto(f"{url}/interviews")
    shown = grid_rows(page)
    expected = upcoming_rows(db)  # the default view: upcoming, soonest first
    assert len(shown) >= 5
    for cells, row in zip(shown, expected, strict=False):
        assert cells[-7:-4] == [when(row.scheduled_start), row.candidate_name, row.job_title]
        assert cells[-1] == ""  # nothing upcoming is flagged
    assert f"times in {ZONE}" in page.locator("body").inner_text()

    page.get_by_role("radio", name="Past due").click()
    past = past_due_rows(db)
    first = page.locator('[data-testid="stDataFrame"] table [role="row"]').nth(1)
    first.get_by_text(past[0].candidate_name).wait_for(state="attached", timeout=30_000)
    shown = grid_rows(page)
    assert [c[-6] for c in shown] == [r.candidate_name for r in past[: len(shown)]]
    assert {c[-1] for c in shown} == {PAST_DUE}


def test_the_open_control_shows_the_interviews_participants(server, page):
    url, db = server
    page.goto(f"{url}/interviews")
    grid_rows(page)
    first = upcoming_rows(db)[0]  # the picker starts on the first row
    page.locator(".st-key-open_button button").click()  # Streamlit tags keyed widgets
    page.wait_for_url(f"**/interview?interview={first.interview_id}", timeout=30_000)
    page.get_by_text("Participants (").wait_for(timeout=30_000)
    assert [cells[0] for cells in grid_rows(page)] == participant_names(db, first)


def test_selecting_a_row_in_the_grid_opens_that_interview(server, page):
    url, db = server
    page.goto(f"{url}/interviews")
    grid_rows(page)
    second = upcoming_rows(db)[1]
    box = page.get_by_test_id("data-grid-canvas").bounding_box()
    assert box is not None
    # The canvas draws a 35 px header, then 35 px rows; the row marker (checkbox) comes first.
    page.mouse.click(box["x"] + 15, box["y"] + ROW_PX + ROW_PX + ROW_PX / 2)
    page.wait_for_url(f"**/interview?interview={second.interview_id}", timeout=30_000)
    page.get_by_role("heading", name=f"{second.candidate_name} · {second.job_title}").wait_for()


def test_a_pasted_deep_link_opens_the_interview(server, page):
    url, db = server
    row = next(r for r in store_rows(db, InterviewStatus.COMPLETED) if r.feedback_count)
    page.goto(f"{url}/interview?interview={row.interview_id}")
    page.get_by_role("heading", name=f"{row.candidate_name} · {row.job_title}").wait_for()
    assert [cells[0] for cells in grid_rows(page)] == participant_names(db, row)
    assert page.get_by_text("ATS record").is_visible()


def test_a_malformed_deep_link_gets_a_message(server, page):
    url, _ = server
    page.goto(f"{url}/interview?interview=not-an-id")
    page.get_by_text("This link does not contain a valid interview id.").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0


def test_deep_links_as_the_first_requests_of_a_fresh_server_get_the_whole_app(
    browser, tmp_path
) -> None:
    """Regression: with a `pages/` folder, Streamlit ran the very first request of a new
    server (a link pasted in Slack after a restart) as the bare page: no sidebar, no layout,
    the raw file names as navigation (streamlit#9624). After a deploy every open tab reconnects
    at once, so three deep links arrive together: serve.py leaves that mode before the first
    request, so each runs app.py."""
    db = tmp_path / "fresh.db"
    with shots.serve(db) as url:
        target = read_sample_data().interviews[0].interview_id  # sample ids are fixed (uuid5)
        links = {
            f"{url}/interview?interview={target}": "Participants (",
            f"{url}/interviews": "Interviews",
            f"{url}/scorecards": "Scorecards due",
        }
        contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in links]
        pages = [c.new_page() for c in contexts]
        for page, link in zip(pages, links, strict=True):
            page.goto(link, wait_until="commit")  # all three before any has drawn
        for page, shown in zip(pages, links.values(), strict=True):
            page.get_by_text(shown).first.wait_for(timeout=60_000)
            sidebar = page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text("Backend:").wait_for(timeout=30_000)
            nav = sidebar.locator('[data-testid="stSidebarNav"]').inner_text()
            assert "Interviews" in nav and "Tables" in nav
            assert "app" not in nav.split()  # the legacy navigation lists the file names
        for context in contexts:
            context.close()
