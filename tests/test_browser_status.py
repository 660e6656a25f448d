"""The interview's lifecycle as a person clicks it, in Chromium, on SQLite and on the local
Cassandra node: the Status menu closes after saving and changes nothing without a choice (and a
confirmation to cancel, mark a no-show or revert either); what the page offers follows the
lifecycle rule (no Completed / No-show for a future interview, no decision or feedback form
where saving would be refused); the history names every change a person made, in the viewer's
zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from support.applications import application_of, undecided_application
from support.browser_kit import (
    chromium_page,
    journey_backends,
    need_chromium,
    node_env,
    open_as,
    shots,
)

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.filters import ListFilter
from interview_autopilot.core.formatting import WORD_JOINER, local_time
from interview_autopilot.core.models import (
    AuditAction,
    HiringCall,
    InterviewStatus,
    InterviewSummary,
    UserRole,
)
from interview_autopilot.features.sample import ensure_sample_data, read_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.ui.identity import demo_order

pytestmark = pytest.mark.browser
ZONE = "Europe/Berlin"
USERS = demo_order(read_sample_data().users)
RECRUITER = USERS[0]  # the demo views the app as the first recruiter
S = InterviewStatus


@dataclass
class App:
    url: str
    store: Store  # the same database, read by the test
    now: datetime  # the app's clock


@pytest.fixture(params=journey_backends("sqlite"))
def app(request, tmp_path) -> Iterator[App]:
    """The app over an empty store of each backend (it loads the sample, anchored to the test
    clock), not refreshing itself."""
    need_chromium()
    clock = tmp_path / "clock.txt"
    now = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
    set_clock(clock, now)
    env = {CLOCK_FILE: str(clock), "LIVE_REFRESH_SECONDS": "0"}
    db = tmp_path / "status.db"
    if request.param == "cassandra":
        node = request.getfixturevalue("cassandra_store_factory")()
        env |= node_env(node.keyspace)
        store: Store = node
    with shots.serve(db, extra_env=env, timeout=90) as url:
        if request.param == "sqlite":
            store = SqliteStore(db)
        ensure_sample_data(store, now=now)  # as the app does on its first page
        yield App(url, store, now)
        if request.param == "sqlite":
            store.close()


@pytest.fixture
def page(app: App):
    with chromium_page(ZONE) as page:
        yield page


settle = shots.settle


def recruiters(store: Store, status: InterviewStatus) -> list[InterviewSummary]:
    """The first recruiter's interviews of this status."""
    return store.list_filtered(ListFilter.recruiter(str(RECRUITER.user_id)), status).rows


def status_menu(page):
    """The Status popover's button, and its open panel's selectbox."""
    return page.get_by_role("button", name="Status"), page.locator(".st-key-new_status")


def choose_status(page, label: str) -> None:
    page.locator(".st-key-new_status").get_by_role("combobox").click()
    page.get_by_role("option", name=label, exact=True).click()
    settle(page)


def offered_statuses(page) -> list[str]:
    page.locator(".st-key-new_status").get_by_role("combobox").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    found = [t.strip() for t in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return found


def test_the_status_menu_closes_after_saving_and_changes_nothing_unasked(app: App, page) -> None:
    from playwright.sync_api import expect

    row = next(r for r in recruiters(app.store, S.COMPLETED) if r.scheduled_start < app.now)
    iid = str(row.interview_id)
    open_as(page, f"{app.url}/interview?interview={iid}")
    button, menu = status_menu(page)
    button.click()
    menu.wait_for(timeout=10_000)
    save = page.locator(".st-key-save_status button")
    expect(save).to_be_disabled()  # nothing chosen yet: nothing to save
    choose_status(page, "Cancelled")
    expect(save).to_be_disabled()  # cancelling asks for a confirmation first
    page.locator(".st-key-confirm_status").get_by_text("Yes, mark it cancelled").click()
    settle(page)
    save.click()
    settle(page)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_text("Cancelled", exact=True).first).to_be_visible()  # the badge
    expect(menu).to_be_hidden()  # the menu closed after saving
    assert app.store.get_interview(row.interview_id).status is S.CANCELLED

    # Opened again, it holds no choice: Save cannot change the status by itself.
    button.click()
    menu.wait_for(timeout=10_000)
    expect(save).to_be_disabled()
    save.click(force=True)  # a second click on Save, as in the report
    settle(page)
    assert app.store.get_interview(row.interview_id).status is S.CANCELLED
    # Reverting a cancel asks for a confirmation too.
    choose_status(page, "Scheduled")
    expect(save).to_be_disabled()
    page.locator(".st-key-confirm_status label").click()
    settle(page)
    save.click()
    settle(page)
    expect(menu).to_be_hidden()
    assert app.store.get_interview(row.interview_id).status is S.SCHEDULED
    trail = [(e.before, e.after) for e in app.store.list_audit(row.interview_id)]
    assert trail == [("completed", "cancelled"), ("cancelled", "scheduled")]


def test_a_future_interview_offers_only_what_its_lifecycle_allows(app: App, page) -> None:
    from playwright.sync_api import expect

    row = next(r for r in recruiters(app.store, S.SCHEDULED) if r.scheduled_start > app.now)
    iid = str(row.interview_id)
    open_as(page, f"{app.url}/interview?interview={iid}")
    button, menu = status_menu(page)
    button.click()
    menu.wait_for(timeout=10_000)
    assert offered_statuses(page) == ["Cancelled"]  # not Completed, not No-show
    page.keyboard.press("Escape")
    main = page.locator("[data-testid='stMain']")
    text = main.inner_text()
    assert "Record the decision" not in text  # it would be refused: not started
    assert "Submit or edit feedback" not in text
    assert text.count("This interview has not started yet") >= 2  # said where each form was

    # A cancelled interview: its panel gets no feedback form, only the reason.
    done = next(r for r in app.store.list_interviews_by_status(S.CANCELLED).rows)
    member = next(
        p for p in app.store.list_participants(done.interview_id) if p.role is UserRole.INTERVIEWER
    )
    open_as(page, f"{app.url}/feedback?interview={done.interview_id}", member.name)
    expect(main.get_by_text("it takes no feedback")).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Comment")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit feedback")).to_have_count(0)


def test_history_names_reschedules_and_decisions_in_the_viewers_zone(app: App, page) -> None:
    from playwright.sync_api import expect

    # A past completed interview of the recruiter: record the decision through the page; it
    # is its application's, shown with its time in the viewer's zone, and in the application's
    # trail (the interview's own history holds no decision).
    done = next(
        r
        for r in recruiters(app.store, S.COMPLETED)
        if r.scheduled_start < app.now and undecided_application(app.store, r.interview_id)
    )
    open_as(page, f"{app.url}/interview?interview={done.interview_id}")
    page.get_by_text("Record the decision").click()
    page.locator(".st-key-hd_call").get_by_text("Hold", exact=True).click()
    page.locator(".st-key-hd_reason textarea").fill("Waiting for the second round.")
    page.get_by_role("button", name="Save the decision").click()
    page.get_by_text("Waiting for the second round.").first.wait_for(timeout=60_000)
    settle(page)
    application = application_of(app.store, done.interview_id)
    made = application.decision
    assert (made.call, made.decided_by) == (HiringCall.HOLD, RECRUITER.user_id)
    shown = page.locator("[data-testid='stMain']").inner_text().replace(WORD_JOINER, "")
    assert f"Hold by {RECRUITER.name}, {local_time(made.decided_at, ZoneInfo(ZONE))}" in shown
    entry = app.store.list_application_audit(application.application_id)[-1]
    assert (entry.action, entry.actor_id) == ("decided", RECRUITER.user_id)
    assert app.store.list_audit(done.interview_id) == []

    # A future one: move it one day later with the Reschedule menu (its calendar).
    row = next(
        r
        for r in recruiters(app.store, S.SCHEDULED)
        if r.scheduled_start > app.now and _local(r.scheduled_start + timedelta(days=1)).day > 1
    )
    before = app.store.get_interview(row.interview_id)
    open_as(page, f"{app.url}/interview?interview={row.interview_id}")
    page.get_by_role("button", name="Reschedule").click()
    day = page.locator(".st-key-rs_day [role='spinbutton'][data-type='day']")
    day.wait_for(timeout=30_000)
    later = _local(before.scheduled_start + timedelta(days=1))
    day.click()  # the calendar opens: pick the next day
    calendar = page.locator("[data-testid='stDateInputCalendar']")
    calendar.locator(f'[aria-label^="{later:%A, %B} {later.day}, {later.year}"]').click()
    settle(page)
    expect(calendar).to_be_hidden()
    page.locator(".st-key-save_reschedule button").click()
    settle(page)
    after = app.store.get_interview(row.interview_id)
    assert after.scheduled_start == before.scheduled_start + timedelta(days=1)
    history = page.locator("[data-testid='stDataFrame'] table").last  # after the participants
    expect(history).to_contain_text("Time", timeout=30_000)
    expect(history).to_contain_text(f"{later:%a %d %b %Y, %H:%M}")
    expect(history).to_contain_text(f"When ({ZONE})")
    [entry] = app.store.list_audit(row.interview_id)
    assert (entry.action, entry.actor_id) == (AuditAction.SCHEDULE, RECRUITER.user_id)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(ZONE))
