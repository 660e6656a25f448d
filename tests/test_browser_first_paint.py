"""The very first page load of a fresh server, in Chromium: the sidebar never lists Streamlit's
file-name pages (the `pages/` folder's legacy list), and the tab icon comes from the app's own
origin (the icon file shipped with the app), never from the internet.

An init script, run before any of Streamlit's own code, records every text the sidebar's
navigation ever shows (a MutationObserver from the first paint on), so a list that flashes
for a moment is caught too.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from support.browser_kit import need_chromium, shots

pytestmark = pytest.mark.browser

RECORD_NAV = """
window.__navSeen = [];
const note = () => {
  for (const a of document.querySelectorAll('[data-testid="stSidebarNav"] a, '
                                            + '[data-testid="stSidebarNavLink"]')) {
    const text = (a.innerText || '').trim();
    if (text && !window.__navSeen.includes(text)) window.__navSeen.push(text);
  }
};
new MutationObserver(note).observe(document, {subtree: true, childList: true,
                                              characterData: true});
"""
TITLES = {
    "This week",
    "Interviews",
    "Interview",
    "Schedule",
    "Feedback",
    "Scorecards due",
    "Candidates",
    "Interviewer",
    "Insights",
    "Add candidate",
    "Jobs",
    "Autopilot",
    "People",
    "Import",
    "Tables",
}


def title(text: str) -> str:
    """A navigation entry without its icon ligature or count: 'Scorecards due (3)' -> its title."""
    lines = [t for t in text.splitlines() if t.strip()]
    return re.sub(r" \(\d+\)$", "", lines[-1].strip()) if lines else ""


def test_a_fresh_server_never_shows_file_name_pages_and_serves_its_own_icon(tmp_path) -> None:
    need_chromium()
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with shots.serve(tmp_path / "fresh.db") as url, sync_playwright() as p:
        browser = shots.launch(p)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.add_init_script(RECORD_NAV)
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)  # the first request this server ever answers
        page.get_by_role("heading", name="This week").wait_for(timeout=90_000)
        shots.settle(page)
        seen = page.evaluate("window.__navSeen")
        icon = page.evaluate(
            "[...document.querySelectorAll('link[rel~=\"icon\"]')].map(l => l.href)"
        )
        browser.close()
    assert {title(t) for t in seen} == TITLES, seen  # only the app's titles, ever
    origin = urlsplit(url)
    assert icon, "no favicon link"
    for href in icon:
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc), href
        assert parts.path.startswith("/media/"), href  # the shipped icon file, as served
    outside = [u for u in requests if urlsplit(u).netloc != origin.netloc]
    assert outside == [], outside  # no icon font, no image, nothing from elsewhere
