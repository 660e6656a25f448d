"""Where a person lands and what they can come back to, in Chromium, on SQLite and on the local
Cassandra node: the real app (`streamlit run`) over the sample data, at a test clock.

- feedback owed is one number on Home, Scorecards due and the Interviewer page, and each says
  how far back it counts;
- a candidate opened from the search, an interview, a person and a feedback form keep their id
  in the URL: a reload (and Back) brings the person back to them;
- Scorecards due sends a recruiter to the interview, an interviewer to their own form;
- a bad candidate link and an unknown list filter are named; zone names are current ones; the
  demo's "Viewing as" survives a reload; Home's times copy as plain text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from support.browser_kit import journey_backends, need_chromium, node_env, open_as, shots

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.models import UserRole
from interview_autopilot.features.owed import HORIZON_DAYS
from interview_autopilot.features.profiles import person_week
from interview_autopilot.features.scorecards import scorecards_due
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra.schema import table_names
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.ui.identity import demo_order

pytestmark = pytest.mark.browser
DUE_HOURS = 24  # SCORECARD_DUE_HOURS's default
HORIZON = f"last {HORIZON_DAYS} days"


@dataclass
class App:
    url: str
    store: Store  # the same database, read by the test
    now: datetime  # the test clock


@pytest.fixture(scope="module", params=journey_backends("sqlite"))
def app(request, tmp_path_factory) -> Iterator[App]:
    """The app over a fresh store of each backend (it loads the sample at the test clock)."""
    need_chromium()
    tmp = tmp_path_factory.mktemp(f"urls-{request.param}")
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = tmp / "clock.txt"
    set_clock(clock, now)
    env = {CLOCK_FILE: str(clock), "LIVE_REFRESH_SECONDS": "0"}
    db = tmp / "urls.db"
    if request.param == "cassandra":
        node = request.getfixturevalue("cassandra_session_store")
        for table in table_names():  # empty, as cassandra_store_factory leaves it
            node.session.session.execute(f"TRUNCATE {node.keyspace}.{table}", timeout=60)
        env |= node_env(node.keyspace)
        store: Store = node
    with shots.serve(db, extra_env=env, timeout=90) as url:
        _first_visit(url)  # the app loads the sample data on its first run
        if request.param == "sqlite":
            store = SqliteStore(db)
        yield App(url, store, now)
        if request.param == "sqlite":
            store.close()


def _first_visit(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = shots.launch(p)
        page = browser.new_page()
        page.goto(url)
        page.get_by_role("combobox", name="Viewing as").wait_for(timeout=120_000)
        browser.close()


@pytest.fixture
def page(app: App):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = shots.launch(p)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, timezone_id="Asia/Kolkata"
        )
        yield context.new_page()
        browser.close()


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def count_in(page, heading: str) -> int:
    """The number in a heading like 'Ended, waiting for feedback (3)'."""
    h = page.get_by_role("heading", name=re.compile(re.escape(heading) + r" \(\d+\)"))
    h.first.wait_for(timeout=60_000)
    return int(re.search(r"\((\d+)\)", h.first.inner_text()).group(1))  # type: ignore[union-attr]


def reload(page) -> None:
    page.reload()
    page.get_by_role("combobox", name="Viewing as").wait_for(timeout=90_000)
    shots.settle(page)


def test_feedback_owed_is_one_number_on_home_scorecards_and_the_person_page(app, page):
    due = scorecards_due(app.store, app.now, DUE_HOURS)
    interviewers = {u.user_id for u in app.store.list_users() if u.role is UserRole.INTERVIEWER}
    owing = [p for p in due if p.user_id in interviewers]
    assert owing, "the anchored sample always has an interviewer owing feedback"
    me = max(owing, key=lambda p: (len(p.items), p.name))
    expected = len(me.items)
    theirs = person_week(app.store, me.user_id, app.now, app.now, DUE_HOURS)
    assert len(theirs.pending) == expected  # the same definition below the pages

    open_as(page, app.url, me.name)
    assert count_in(page, "Ended, waiting for feedback") == expected
    assert HORIZON in main_text(page)

    page.goto(f"{app.url}/scorecards")  # a new session: viewed as the first recruiter
    page.get_by_role("combobox", name="Viewing as").wait_for(timeout=90_000)
    shots.settle(page)
    block = page.locator("[data-testid='stMarkdownContainer']").filter(
        has_text=re.compile(rf"{re.escape(me.name)} · Slack .* missing · up to")
    )
    block.first.wait_for(timeout=60_000)
    shown = re.search(r"(\d+) missing", block.first.inner_text())
    assert shown and int(shown.group(1)) == expected
    assert HORIZON in main_text(page)

    open_as(page, f"{app.url}/person?user={me.user_id}")
    assert count_in(page, "Feedback to give") == expected
    assert HORIZON in main_text(page)


def test_a_candidate_opened_from_search_comes_back_after_a_reload_and_back(app, page):
    open_as(page, f"{app.url}/candidate")
    box = page.locator(".st-key-cand_search input")
    box.fill("ma")
    box.press("Enter")
    shots.settle(page)
    first = page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a").first
    cid = (first.get_attribute("href") or "").split("candidate=")[1]
    found = app.store.get_candidate(uuid.UUID(cid))
    assert found is not None
    name = found.name
    first.click()
    page.wait_for_url("**/candidate?candidate=*", timeout=60_000)
    page.get_by_role("heading", name=name).wait_for(timeout=60_000)
    reload(page)
    assert "candidate=" in page.url
    page.get_by_role("heading", name=name).wait_for(timeout=60_000)
    page.go_back()
    page.get_by_role("heading", name="Candidates").wait_for(timeout=60_000)
    shots.settle(page)
    assert page.locator(".st-key-cand_search input").input_value() == "ma"


def test_interview_person_and_feedback_pages_keep_their_id_over_a_reload(app, page):
    me = next(p for p in scorecards_due(app.store, app.now, DUE_HOURS))
    item = me.items[0]
    detail = app.store.get_interview_detail(item.interview_id)
    assert detail is not None
    open_as(page, f"{app.url}/interview?interview={item.interview_id}")
    title = f"{detail.candidate.name} · {detail.interview.job_title}"
    page.get_by_role("heading", name=title).wait_for(timeout=60_000)
    page.get_by_role("link", name=re.compile(re.escape(me.name))).first.click()
    page.wait_for_url(f"**/person?user={me.user_id}", timeout=60_000)
    reload(page)
    page.get_by_role("heading", name=me.name).wait_for(timeout=60_000)
    assert f"user={me.user_id}" in page.url

    page.goto(f"{app.url}/feedback?interview={item.interview_id}&as={me.user_id}")
    page.get_by_role("combobox", name="Viewing as").wait_for(timeout=90_000)
    shots.settle(page)
    reload(page)
    assert f"interview={item.interview_id}" in page.url
    assert me.name in page.locator(".st-key-viewer_pick input").input_value()
    chosen = page.locator(".st-key-fb_interview input").input_value()
    assert detail.candidate.name in chosen


def test_scorecards_due_sends_a_recruiter_to_the_interview_and_an_interviewer_to_the_form(
    app, page
):
    from playwright.sync_api import expect

    due = scorecards_due(app.store, app.now, DUE_HOURS)
    open_as(page, f"{app.url}/scorecards")  # the demo's first recruiter
    item = due[0].items[0]
    link = page.locator(f"a[href*='interview={item.interview_id}']").first
    link.click()
    page.wait_for_url(f"**/interview?interview={item.interview_id}*", timeout=60_000)
    detail = app.store.get_interview_detail(item.interview_id)
    assert detail is not None
    page.get_by_role("heading", name=f"{detail.candidate.name} · {detail.interview.job_title}")
    assert "not on this interview's panel" not in main_text(page)

    me = due[0]
    open_as(page, f"{app.url}/scorecards", me.name)
    own = page.locator(f"a[href*='feedback?interview={item.interview_id}']")
    expect(own).to_have_count(1, timeout=60_000)  # their own item: to their form
    own.click()
    page.wait_for_url(f"**/feedback?interview={item.interview_id}*", timeout=60_000)
    page.get_by_label("Comment").wait_for(timeout=60_000)
    assert "not on this interview's panel" not in main_text(page)


def test_links_say_what_they_name_zones_are_current_and_the_viewer_survives_a_reload(app, page):
    open_as(page, f"{app.url}/candidate?candidate=garbage")
    page.get_by_text("'garbage' is not a valid candidate id.").wait_for(timeout=60_000)
    assert "interview id" not in main_text(page)

    open_as(page, f"{app.url}/interviews?job=No such title anywhere")
    page.get_by_text("No interview has the job title in this link").wait_for(timeout=60_000)
    open_as(page, f"{app.url}/interviews?recruiter={uuid.UUID(int=7)}")
    page.get_by_text("No recruiter has the id in this link").wait_for(timeout=60_000)

    interviewer = next(
        u for u in demo_order(app.store.list_users()) if u.role.value == "interviewer"
    )
    open_as(page, app.url, interviewer.name)
    body = main_text(page)
    assert "Asia/Kolkata" in body and "Calcutta" not in body
    assert "\u2060" not in body  # nothing invisible is copied with Home's times
    assert not re.search(r"\b1 days\b", body)
    reload(page)
    picker = page.locator(".st-key-viewer_pick input").input_value()
    assert interviewer.name in picker  # the reload kept "Viewing as"
    assert "\u2060" not in main_text(page)

    open_as(page, f"{app.url}/scorecards")
    assert not re.search(r"\b1 days\b", main_text(page))
