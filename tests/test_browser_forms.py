"""What a person types and where they land, in Chromium against the real app on SQLite: a
comment longer than the limit is kept and the limit explained (never dropped whole), a hiring
reason too; the Feedback page keeps the chosen interview when left and reached again from the
sidebar; an interview scheduled without a video link says so plainly.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from support.applications import application_of, undecided_application
from support.browser_kit import chromium_page, need_chromium, open_as, shots

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.filters import ListFilter
from interview_autopilot.core.models import InterviewStatus, InterviewSummary, UserRole
from interview_autopilot.features.sample import ensure_sample_data, read_sample_data
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.ui.identity import demo_order

pytestmark = pytest.mark.browser
ZONE = "Europe/Berlin"
RECRUITER = demo_order(read_sample_data().users)[0]  # the demo views as the first recruiter
S = InterviewStatus
NOW = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[tuple[str, SqliteStore]]:
    """The app over a fresh SQLite file holding the sample, its clock fixed; (url, store)."""
    need_chromium()
    folder = tmp_path_factory.mktemp("forms")
    clock = folder / "clock.txt"
    set_clock(clock, NOW)
    db = folder / "forms.db"
    env = {CLOCK_FILE: str(clock), "LIVE_REFRESH_SECONDS": "0"}
    with shots.serve(db, extra_env=env, timeout=90) as url:
        store = SqliteStore(db)
        ensure_sample_data(store, now=NOW)  # as the app does on its first page
        yield url, store
        store.close()


@pytest.fixture
def page(app):
    with chromium_page(ZONE) as page:
        yield page


settle = shots.settle


def past_completed(store: SqliteStore) -> list[InterviewSummary]:
    rows = store.list_filtered(ListFilter.recruiter(str(RECRUITER.user_id)), S.COMPLETED).rows
    return [r for r in rows if r.scheduled_start + timedelta(hours=4) < NOW]


def test_a_comment_past_the_limit_is_kept_and_the_limit_explained(app, page) -> None:
    from playwright.sync_api import expect

    url, store = app
    row = past_completed(store)[0]
    member = next(
        p for p in store.list_participants(row.interview_id) if p.role is UserRole.INTERVIEWER
    )
    open_as(page, f"{url}/feedback?interview={row.interview_id}", member.name)
    comment = page.locator(".st-key-fb_comment textarea")
    comment.wait_for(timeout=60_000)
    page.locator(".st-key-fb_decision").get_by_text("Yes", exact=True).click()
    long_text = ("A careful, thorough answer. " * 215)[:6_000]  # as pasted
    assert len(long_text) == 6_000
    comment.fill(long_text)
    comment.press("Tab")
    settle(page)
    assert len(comment.input_value()) == 6_000  # kept, not dropped
    main = page.locator("[data-testid='stMain']")
    expect(main).to_contain_text(
        "The comment is 6,000 characters long; the limit is 5,000. Shorten it by 1,000 to save it."
    )
    expect(page.locator(".st-key-fb_submit button")).to_be_disabled()

    # Shortened to the limit, it saves.
    comment.fill(long_text[:5_000])
    comment.press("Tab")
    settle(page)
    expect(main).to_contain_text("5,000 of 5,000 characters.")
    page.locator(".st-key-fb_submit button").click()
    page.get_by_text("Feedback saved.").wait_for(timeout=60_000)
    saved = store.get_feedback(row.interview_id, member.user_id)
    assert saved is not None and saved.comment == long_text[:5_000].strip()


def test_a_reason_past_the_limit_is_kept_and_the_limit_explained(app, page) -> None:
    from playwright.sync_api import expect

    url, store = app
    row = [r for r in past_completed(store) if undecided_application(store, r.interview_id)][1]
    before = application_of(store, row.interview_id)
    open_as(page, f"{url}/interview?interview={row.interview_id}")
    page.get_by_text("Record the decision").click()
    page.locator(".st-key-hd_call").get_by_text("Hold", exact=True).click()
    reason = page.locator(".st-key-hd_reason textarea")
    reason.fill("x" * 2_500)
    page.get_by_role("button", name="Save the decision").click()
    settle(page)
    assert len(reason.input_value()) == 2_500  # kept, not dropped
    expect(page.locator("[data-testid='stMain']")).to_contain_text(
        "The reason is 2,500 characters long; the limit is 2,000. Shorten it by 500 to save it."
    )
    ats = store.get_ats(row.interview_id)
    assert ats is None or ats.decision is None
    assert application_of(store, row.interview_id) == before  # nothing written


def test_the_feedback_page_keeps_the_chosen_interview_when_reached_from_the_sidebar(
    app, page
) -> None:
    from playwright.sync_api import expect

    url, store = app
    row = past_completed(store)[2]
    member = next(
        p for p in store.list_participants(row.interview_id) if p.role is UserRole.INTERVIEWER
    )
    open_as(page, f"{url}/feedback?interview={row.interview_id}", member.name)
    page.locator(".st-key-fb_comment textarea").wait_for(timeout=60_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name="This week").click()
    page.wait_for_url(re.compile(re.escape(url) + r"/(\?.*)?$"), timeout=60_000)
    settle(page)
    nav.get_by_role("link", name="Feedback").click()
    page.wait_for_url(
        re.compile(rf"/feedback\?(.*&)?interview={row.interview_id}(&|$)"), timeout=60_000
    )
    page.locator(".st-key-fb_comment textarea").wait_for(timeout=60_000)
    picked = page.locator(".st-key-fb_interview").get_by_role("combobox")
    expect(picked).to_have_value(re.compile(re.escape(row.candidate_name)))


def test_an_interview_without_a_video_link_says_so_plainly(app, page) -> None:
    from playwright.sync_api import expect

    url, store = app
    row = past_completed(store)[3]
    original = store.get_interview(row.interview_id)
    panel = [(p.user_id, p.role) for p in store.list_participants(row.interview_id)]
    bare = dataclasses.replace(
        original,
        interview_id=uuid.uuid5(original.interview_id, "no video"),
        scheduled_start=NOW + timedelta(days=1),
        scheduled_end=NOW + timedelta(days=1, hours=1),
        status=S.SCHEDULED,
        video_link="",
    )
    store.create_interview(bare, panel)
    open_as(page, f"{url}/interview?interview={bare.interview_id}")
    main = page.locator("[data-testid='stMain']")
    expect(main).to_contain_text("No video link", timeout=30_000)
    assert "Invalid video link" not in main.inner_text()
    expect(page.get_by_role("link", name="Join video")).to_have_count(0)
