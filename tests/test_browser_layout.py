"""The Interviews list's and the interview page's layout in Chromium, in a 1400 px window and
on a phone (390 px): every participant link whole on the interview page; in the list, the
Attention flags are whole at 1400 px (each flag's text, measured in the grid's font, fits its
column, and the grid needs no sideways scroll), and "Next →" takes a plain click (Playwright's
click without force fails when something covers it) right after the pointer was over the grid,
whose hover toolbar is drawn above it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser_kit import need_chromium, shots

from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
ATTENTION = 7  # the list's last column (aria-colindex; the selection column is not counted)
PADDING = 16  # the grid's cell padding, left and right together

# Where the grid draws its column lines: the x (CSS px) of every pixel in the header's top
# line that differs from the background, and the grid's drawn and scrollable widths.
COLUMN_LINES = """grid => {
  const canvas = grid.querySelector('canvas');
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  const row = canvas.getContext('2d').getImageData(0, Math.round(3 * ratio), canvas.width, 1).data;
  const lines = [];
  for (let x = 0; x < canvas.width; x++) {
    const d = [0, 1, 2].reduce((sum, c) => sum + Math.abs(row[4*x + c] - row[c]), 0);
    if (d > 6 && x > 0) lines.push(Math.round(x / ratio));
  }
  const scroller = grid.querySelector('.dvn-scroller');
  return {lines, width: canvas.getBoundingClientRect().width,
          scroll: scroller ? scroller.scrollWidth - scroller.clientWidth : 0};
}"""
TEXT_WIDTH = """texts => {
  const c = document.createElement('canvas').getContext('2d');
  c.font = '14px "Source Sans", sans-serif';
  return Math.max(0, ...texts.map(t => c.measureText(t).width));
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The app over the sample data (loaded here, as its first session would)."""
    need_chromium()
    db = tmp_path_factory.mktemp("layout") / "layout.db"
    store = SqliteStore(db)
    try:
        ensure_sample_data(store)
    finally:
        store.close()
    with shots.serve(db, extra_env={"LIVE_REFRESH_SECONDS": "0"}) as found:
        yield found, db


@pytest.fixture(scope="module")
def url(served) -> str:
    return served[0]


@pytest.fixture(scope="module")
def completed(served) -> int:
    """How many completed interviews the list counts."""
    store = SqliteStore(served[1])
    try:
        return store.count_by_status()[InterviewStatus.COMPLETED]
    finally:
        store.close()


def longest_links(db: Path) -> str:
    """The completed interview whose panel has the longest "name (role)" link label."""
    store = SqliteStore(db)
    try:
        rows = store.list_interviews_by_status(InterviewStatus.COMPLETED, 200).rows
        details = [store.get_interview_detail(r.interview_id) for r in rows]
    finally:
        store.close()

    def longest(d) -> int:
        return max(len(f"{p.name} ({p.role.label})") for p in d.participants)

    return str(max((d for d in details if d), key=longest).interview.interview_id)


def completed_list(page, url: str, total: int) -> None:
    """The Completed list: its rows carry "feedback missing" flags."""
    page.goto(f"{url}/interviews")
    page.wait_for_selector(shots.GRID_ROWS, state="attached", timeout=90_000)
    shots.settle(page)
    page.locator(".st-key-status").get_by_text("Completed", exact=False).click()
    shots.settle(page)
    # The Scheduled list shown first has its own total: this one says the click landed.
    page.get_by_text(re.compile(rf"Page 1 · interviews 1–50 of {total}\b")).wait_for(timeout=30_000)


@pytest.mark.parametrize("size", [(1400, 1000), (390, 844)], ids=["1400px", "phone"])
def test_next_is_never_covered_by_the_grids_toolbar(
    url: str, completed: int, size: tuple[int, int]
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = shots.launch(p)
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        completed_list(page, url, completed)
        grid = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')
        grid.hover()  # the pointer was on the list: its toolbar shows above it
        page.wait_for_timeout(500)
        page.locator(".st-key-next_page button").click(timeout=10_000)  # no force
        page.get_by_text("Page 2 · interviews 51–100 of").wait_for(timeout=30_000)
        browser.close()


def test_the_attention_flags_are_whole_at_1400_px(url: str, completed: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = shots.launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        completed_list(page, url, completed)
        grid = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')
        # The caption can change before the grid draws the new list's rows.
        column = grid.locator(f'td[aria-colindex="{ATTENTION}"]')
        column.filter(has_text="feedback missing").first.wait_for(state="attached", timeout=30_000)
        flags = grid.locator(f'td[aria-colindex="{ATTENTION}"]').all_text_contents()
        drawn = grid.evaluate(COLUMN_LINES)
        needed = page.evaluate(TEXT_WIDTH, [f for f in flags if f.strip()])
        browser.close()
    assert any("feedback missing" in f for f in flags), flags
    assert drawn["scroll"] <= 0, drawn  # every column is in view: no sideways scroll
    lines = drawn["lines"]
    assert len(lines) >= ATTENTION, drawn  # a line after the selection column and each column
    last = drawn["width"] - lines[-1]
    assert needed + PADDING <= last, (needed, last, drawn)


# How far the most overflowing part of each page link's label runs past its box (px).
LINK_OVERFLOW = """() => Array.from(
    document.querySelectorAll('[data-testid=stMain] [data-testid=stPageLink]')
  ).map(l => [l.innerText.replace(/^\\w+\\n+/, ''),
    Math.max(...[l, ...l.querySelectorAll('*')].map(e => e.scrollWidth - e.clientWidth))])"""


@pytest.mark.parametrize("size", [(1400, 1000), (390, 844)], ids=["1400px", "phone"])
def test_the_participant_links_are_whole(served, size: tuple[int, int]) -> None:
    from playwright.sync_api import sync_playwright

    url, db = served
    with sync_playwright() as p:
        browser = shots.launch(p)
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        page.goto(f"{url}/interview?interview={longest_links(db)}")
        page.get_by_text("(Recruiter)").wait_for(timeout=60_000)  # the first of the links
        shots.settle(page)
        links = page.evaluate(LINK_OVERFLOW)
        browser.close()
    people = [label for label, _ in links if label.endswith(("(Recruiter)", "(Interviewer)"))]
    assert len(people) >= 3, links
    assert not [(label, px) for label, px in links if px > 1], links
