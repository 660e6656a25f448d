"""Live updates in Chromium: two browser contexts on the real app (`streamlit run`) with
LIVE_REFRESH_SECONDS=2. Context A shows an interview, context B the Interviews list; another
writer (the store, from this test process) submits a feedback and changes a status; both pages
show it within a few refresh periods, without a reload. The Scorecards due board loses the line
of a scorecard handed in by a colleague the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser_kit import need_chromium, shots

from interview_autopilot.core.models import InterviewStatus, utc_now
from interview_autopilot.features import scorecards
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
REFRESH = 2
DUE_HOURS = 24  # SCORECARD_DUE_HOURS's default: the board the server shows
WITHIN_MS = 6 * REFRESH * 1000  # a few periods: the timer, a rerun, the browser drawing it


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    need_chromium()
    db = tmp_path_factory.mktemp("live") / "live.db"
    with shots.serve(db, extra_env={"LIVE_REFRESH_SECONDS": str(REFRESH)}) as url:
        yield url, db


def test_a_feedback_and_a_status_change_appear_without_a_reload(server) -> None:
    from playwright.sync_api import sync_playwright

    url, db = server
    store = SqliteStore(db)
    try:
        ensure_sample_data(store)  # what the server's first session would load (uuid5 ids)
        target = store.list_interviews_by_status(InterviewStatus.COMPLETED, 1).rows[0]
        author = store.list_participants(target.interview_id)[0]  # a new or an edited one
        scheduled = store.list_interviews_by_status(InterviewStatus.SCHEDULED, 1).rows[0]
        with sync_playwright() as p:
            browser = shots.launch(p)
            a = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            b = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            a.goto(f"{url}/interview?interview={target.interview_id}")
            a.get_by_text("Participants (").wait_for(timeout=60_000)
            b.goto(f"{url}/interviews")
            b.get_by_role("radio", name="Cancelled (").wait_for(timeout=60_000)
            cancelled_before = b.get_by_role("radio", name="Cancelled (").inner_text()
            comment = "Live: arrived without a reload."
            store.submit_feedback(target.interview_id, author.user_id, "yes", comment)
            a.get_by_text(comment, exact=True).first.wait_for(timeout=WITHIN_MS)  # also in History
            store.change_status(scheduled.interview_id, InterviewStatus.CANCELLED)
            b.wait_for_function(
                "([before]) => [...document.querySelectorAll('[role=radio]')]"
                ".some(e => e.innerText.startsWith('Cancelled (') && e.innerText !== before)",
                arg=[cancelled_before],
                timeout=WITHIN_MS * 2,  # the counts label is redrawn one period after the list
            )
            browser.close()
    finally:
        store.close()


def test_a_colleagues_feedback_leaves_the_scorecards_board_without_a_reload(server) -> None:
    from playwright.sync_api import sync_playwright

    url, db = server
    store = SqliteStore(db)
    try:
        ensure_sample_data(store)
        due = scorecards.scorecards_due(store, utc_now(), DUE_HOURS)
        person, item = due[0], due[0].items[0]
        links = f'a[href*="interview={item.interview_id}"]'
        with sync_playwright() as p:
            browser = shots.launch(p)
            board = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            board.goto(f"{url}/scorecards")
            board.locator(links).first.wait_for(timeout=60_000)
            before = board.locator(links).count()
            # A colleague (here: another writer on the same file) hands in the scorecard.
            store.submit_feedback(item.interview_id, person.user_id, "yes", "Handed in.")
            board.wait_for_function(
                "([selector, before]) => document.querySelectorAll(selector).length < before",
                arg=[links, before],
                timeout=WITHIN_MS,
            )
            assert board.locator(links).count() == before - 1
            browser.close()
    finally:
        store.close()
