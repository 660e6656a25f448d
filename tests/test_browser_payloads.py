"""Hostile stored text in real Chromium: every page of `streamlit run` over a SQLite file whose
every text field holds Markdown images and links, raw HTML, `javascript:` links, LaTeX, colour
directives, shortcodes and bare addresses (tests/support/payloads.py).

On each page: no request leaves for a payload's host (a tracking pixel is exactly such a
request, answered or not), no dialog opens (an `alert(1)` ran), and no element a payload asked
for exists (a link, an image, a frame, a script, formula, colour, icon or emoji).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from support.browser_kit import need_chromium, shots
from support.payloads import EMOJI, ICON, PHISH, RED, Seeded, seed

from interview_autopilot.core.formatting import INVALID_VIDEO_LINK, WORD_JOINER

pytestmark = pytest.mark.browser
GRID_ROWS = '[data-testid="stDataFrame"] table [role="row"]'


# Elements in the page that a payload asked for (Streamlit's own never match).
PLANTED = """([port, phish, red, icon]) => {
  const found = [];
  const payloadUrl = (u) => u && (u.includes(phish) || u.includes(':' + port + '/')
                                  || /^\\s*(javascript|data|vbscript|mailto):/i.test(u));
  for (const a of document.querySelectorAll('a[href]'))
    if (payloadUrl(a.getAttribute('href'))) found.push('link ' + a.getAttribute('href'));
  for (const e of document.querySelectorAll('img, iframe, embed, object, source, video, audio'))
    if (payloadUrl(e.getAttribute('src') || e.getAttribute('data') || ''))
      found.push(e.tagName + ' ' + (e.getAttribute('src') || e.getAttribute('data')));
  for (const e of document.querySelectorAll('[onerror], [onload], [onclick]'))
    found.push('handler on ' + e.tagName);
  for (const s of document.querySelectorAll('script'))
    if (s.textContent.includes('alert(')) found.push('script ' + s.textContent);
  for (const k of document.querySelectorAll('.katex, math')) found.push('formula ' + k.textContent);
  for (const e of document.querySelectorAll('span, strong, b, code, em'))
    if (e.textContent.endsWith(red) || e.textContent === 'bold' || e.textContent === 'code')
      found.push(e.tagName + ' ' + e.textContent + ' ' + (e.getAttribute('style') || ''));
  for (const i of document.querySelectorAll('[data-testid="stIconMaterial"]'))
    if (i.textContent.trim() === icon) found.push('icon ' + icon);
  return found;
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[tuple[str, Seeded, int]]:
    """The app over a fresh SQLite file holding only the hostile interview; yields (url, the
    seeded data, the port of the payloads' pixel host, where nothing listens)."""
    need_chromium()
    db = tmp_path_factory.mktemp("hostile") / "hostile.db"
    port = shots.free_port()
    data = seed(db, port)
    with shots.serve(db) as url:  # the store is not empty, so no sample data is loaded
        yield url, data, port


@pytest.fixture(scope="module")
def browser(hostile):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = shots.launch(p)
        yield b
        b.close()


class Watched:
    """A page whose requests and dialogs are recorded from its first navigation on."""

    def __init__(self, browser, port: int) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.port = port
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, where: str) -> str:
        """Assert nothing a payload asked for happened; return the page's visible text."""
        shots.settle(self.page)
        self.page.wait_for_timeout(700)  # let any image or frame start loading
        leaked = [u for u in self.requests if self._payload_host(u)]
        assert not leaked, f"{where}: requests to a payload's host: {leaked}"
        assert not self.dialogs, f"{where}: dialogs opened: {self.dialogs}"
        planted = self.page.evaluate(PLANTED, [self.port, PHISH, RED, ICON])
        assert not planted, f"{where}: elements from payloads: {planted}"
        text = self.page.locator("body").inner_text().replace(WORD_JOINER, "")
        assert EMOJI not in text, f"{where}: a :smile: shortcode became an emoji"
        return text

    def _payload_host(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.hostname or ""
        return host.endswith(PHISH) or (host == "127.0.0.1" and parts.port == self.port)

    def open_dropdown(self, key: str) -> list[str]:
        """Open a selectbox's option list (it renders the labels); return their texts."""
        self.page.locator(f".st-key-{key}").get_by_role("combobox").click()
        options = self.page.get_by_role("option")
        options.first.wait_for(timeout=30_000)
        return [t.replace(WORD_JOINER, "") for t in options.all_inner_texts()]

    def choose(self, key: str, containing: str, exact: bool = False) -> None:
        self.open_dropdown(key)
        options = self.page.get_by_role("option")
        if exact:
            options.get_by_text(containing, exact=True).click()
        else:
            options.filter(has_text=containing).first.click()
        shots.settle(self.page)


@pytest.fixture
def watched(browser, hostile) -> Iterator[Watched]:
    w = Watched(browser, hostile[2])
    yield w
    w.context.close()


def test_the_home_page(hostile, watched) -> None:
    url, data, _ = hostile
    watched.page.goto(url)  # the default page: the first recruiter's week
    watched.page.get_by_text("Ended, waiting for feedback (").wait_for(timeout=60_000)
    for summary in watched.page.locator('[data-testid="stExpander"] summary').all():
        summary.click()  # the seeded interview may sit in a folded group (e.g. just ended)
    shots.settle(watched.page)
    text = watched.check("home")
    assert data.texts["candidate_name"] in text and data.texts["job_title"] in text


def test_the_interview_list(hostile, watched) -> None:
    url, data, _ = hostile
    watched.page.goto(f"{url}/interviews")
    # The seeded interview is completed; the list opens on the upcoming ones (none here).
    watched.page.get_by_role("radio", name="Completed (").click(timeout=60_000)
    watched.page.locator(GRID_ROWS).nth(1).wait_for(state="attached", timeout=60_000)
    grid = watched.page.locator(GRID_ROWS).nth(1).inner_text()
    assert data.texts["candidate_name"].split(" ")[0] in grid
    watched.check("interviews")
    labels = watched.open_dropdown("open_choice")
    assert any(data.texts["candidate_name"] in label for label in labels)  # shown as text
    watched.check("interviews, the picker open")


def test_the_interview_page(hostile, watched) -> None:
    url, data, _ = hostile
    watched.page.goto(f"{url}/interview?interview={data.interview_id}")
    watched.page.get_by_text("Participants (").wait_for(timeout=60_000)
    watched.page.get_by_text("Resume", exact=True).click()  # the expander: the resume is drawn too
    text = watched.check("interview")
    for field in ("candidate_name", "job_title", "recruiter_name", "interviewer_name"):
        assert data.texts[field] in text, f"{field} is not shown as text"
    for field in ("candidate_email", "resume", "comment", "ats_summary"):
        assert data.texts[field] in text, f"{field} is not shown as text"
    assert INVALID_VIDEO_LINK in text
    assert watched.page.get_by_role("link", name="Join video").count() == 0


def test_the_feedback_page(hostile, watched) -> None:
    url, data, _ = hostile
    watched.page.goto(f"{url}/feedback?interview={data.interview_id}")
    watched.page.locator(".st-key-viewer_pick").wait_for(timeout=60_000)
    watched.check("feedback")
    watched.choose("viewer_pick", "interviewer_name")  # the demo's "Viewing as": the author
    watched.page.locator(".st-key-fb_interviewer").wait_for(timeout=60_000)
    watched.check("feedback, viewed as the interviewer")
    assert any(data.texts["job_title"] in o for o in watched.open_dropdown("fb_interview"))
    watched.page.keyboard.press("Escape")
    comment = watched.page.locator(".st-key-fb_comment textarea")
    comment.wait_for(timeout=30_000)
    assert comment.input_value() == data.texts["comment"]  # prefilled, as plain text
    watched.check("feedback, the form open")


def test_the_tables_page(hostile, watched) -> None:
    url, _, _ = hostile
    watched.page.goto(f"{url}/tables")
    watched.page.locator(".st-key-viewer_admin_pick").get_by_text("Administrator").click()
    watched.page.locator(GRID_ROWS).nth(1).wait_for(state="attached", timeout=60_000)
    tables = watched.open_dropdown("tbl_table")
    watched.page.keyboard.press("Escape")
    assert "interviews" in tables
    for table in tables:
        watched.choose("tbl_table", table, exact=True)
        watched.page.get_by_text(f"Full scan of {table},").wait_for(timeout=30_000)
        watched.page.locator(GRID_ROWS).nth(1).wait_for(state="attached", timeout=30_000)
        watched.check(f"tables: {table}")
