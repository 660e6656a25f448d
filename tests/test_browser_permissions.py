"""Each role signed in through the local OpenID Connect provider (support/oidc_issuer.py) tries
every write the pages offer it, in Chromium against the real app: the Schedule page and its
navigation entry, the Status and Reschedule menus, the hiring decision. Only the writes the
role may make are offered, and those succeed (checked in the store); a page reached anyway by
its URL says plainly that it is not for them. One browser session per role.

Roles as access.py has them: the interviews' own recruiter, an interviewer (on no panel of
those interviews), a hiring manager on a panel, an administrator (ADMIN_EMAILS) who is an
interviewer.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from support.applications import application_of, undecided_application
from support.browser_kit import need_chromium, shots
from support.oidc_issuer import running_issuer
from test_browser_schedule import set_day
from test_browser_signin import secrets_toml, sign_in
from test_browser_week import fill, pick

from interview_autopilot.core.models import InterviewStatus, User, UserRole
from interview_autopilot.features.sample import ensure_sample_data, read_sample_data
from interview_autopilot.store import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser

USERS = read_sample_data().users
RECRUITER = next(u for u in USERS if u.role == UserRole.RECRUITER)
ADMIN = [u for u in USERS if u.role == UserRole.INTERVIEWER][-1]
settle = shots.settle


@dataclass
class App:
    url: str
    store: Store


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[App]:
    need_chromium()
    folder = tmp_path_factory.mktemp("permissions")
    with running_issuer({u.email: u.name for u in USERS}) as issuer:
        port = shots.free_port()
        secrets = folder / "secrets.toml"
        secrets.write_text(secrets_toml(port, issuer.url))
        args = ["--secrets.files", str(secrets)]
        env = {"ADMIN_EMAILS": ADMIN.email, "LIVE_REFRESH_SECONDS": "0"}
        db = folder / "a.db"
        with shots.serve(db, port=port, extra_args=args, extra_env=env) as url:
            store = SqliteStore(db)
            ensure_sample_data(store)  # as the app does on its first signed-in page
            yield App(url, store)
            store.close()


@pytest.fixture
def page(app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = shots.launch(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id="UTC")
        yield context.new_page()
        browser.close()


def signed_in(page, app: App, user: User) -> None:
    page.goto(app.url)
    page.get_by_text("Sign in with your work account").wait_for(timeout=60_000)
    settle(page)
    sign_in(page, app.url, user.email)
    page.locator('[data-testid="stSidebar"]').get_by_text(user.name).wait_for(timeout=90_000)
    page.get_by_role("heading", name="This week").wait_for(timeout=60_000)
    settle(page)


def nav_entries(page) -> list[str]:
    nav = page.locator('[data-testid="stSidebarNav"]')
    return [t.split("\n")[-1].strip() for t in nav.locator("a").all_inner_texts()]  # no icon


def open_interview(page, app: App, interview_id) -> None:
    page.goto(f"{app.url}/interview?interview={interview_id}")
    page.get_by_text("Participants (").wait_for(timeout=60_000)
    settle(page)


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")


def menus(page) -> tuple[int, int]:
    return (
        page.get_by_role("button", name="Status").count(),
        page.get_by_role("button", name="Reschedule").count(),
    )


def upcoming_of(store: Store, recruiter: User) -> list:
    now = datetime.now(UTC)
    return [
        r
        for r in store.list_interviews_by_status(InterviewStatus.SCHEDULED, limit=200).rows
        if r.scheduled_start > now + timedelta(days=1)
        and store.get_interview(r.interview_id).recruiter_id == recruiter.user_id
    ]


def completed_of(store: Store, recruiter: User) -> list:
    return [
        r
        for r in store.list_interviews_by_status(InterviewStatus.COMPLETED, limit=200).rows
        if store.get_interview(r.interview_id).recruiter_id == recruiter.user_id
        and (a := store.get_ats(r.interview_id)) is not None
        and a.decision is None
        and undecided_application(store, r.interview_id)  # the decision is the application's
    ]


def decide(page, app: App, interview_id, reason: str) -> None:
    """Hold the interview's application with `reason` in the Interview page's decision form;
    returns once it is stored (the typed reason is on the page before the save, so the page
    alone cannot say)."""
    page.get_by_text("Record the decision").click()
    page.locator(".st-key-hd_call").get_by_text("Hold", exact=True).click()
    page.locator(".st-key-hd_reason textarea").fill(reason)
    page.get_by_role("button", name="Save the decision").click()
    began = time.monotonic()
    while (decision := application_of(app.store, interview_id).decision) is None or (
        decision.reason != reason
    ):
        assert time.monotonic() - began < 60, f"the decision {reason!r} was not stored"
        page.wait_for_timeout(250)
    settle(page)


def refuses_everything_on(page, app: App, user: User) -> None:
    """Another recruiter's upcoming and completed interviews offer `user` no write."""
    for row in (upcoming_of(app.store, RECRUITER)[0], completed_of(app.store, RECRUITER)[0]):
        panel = {p.user_id for p in app.store.list_participants(row.interview_id)}
        if user.user_id in panel:
            continue
        open_interview(page, app, row.interview_id)
        assert menus(page) == (0, 0), "a Status or Reschedule menu where Save is refused"
        assert "Only the interview's recruiter can change its status." in main_text(page)
        assert page.get_by_text("Record the decision").count() == 0


def schedule_page_refused(page, app: App) -> None:
    assert "Schedule" not in nav_entries(page)
    page.goto(f"{app.url}/schedule")
    page.get_by_text("Only recruiters and administrators schedule interviews.").wait_for(
        timeout=60_000
    )
    assert page.locator(".st-key-sch_submit").count() == 0


def test_the_recruiter_is_offered_and_makes_every_write_on_their_interviews(app, page):
    # Before signing in, on any page: the sign-in screen only, no navigation counting
    # anything from the store, no backend name.
    for path in ("", "/scorecards", "/schedule", f"/interview?interview={USERS[0].user_id}"):
        page.goto(f"{app.url}{path}")
        page.get_by_text("Sign in with your work account").wait_for(timeout=60_000)
        settle(page)
        shown = page.locator("body").inner_text()
        assert "Backend" not in shown and "Scorecards due" not in shown
        assert nav_entries(page) == []
    signed_in(page, app, RECRUITER)
    assert "Schedule" in nav_entries(page)
    # Reschedule one day later through the menu's calendar, then cancel it through Status.
    row = next(r for r in upcoming_of(app.store, RECRUITER) if r.scheduled_start.day < 27)
    before = app.store.get_interview(row.interview_id)
    open_interview(page, app, row.interview_id)
    assert menus(page) == (1, 1)
    page.get_by_role("button", name="Reschedule").click()
    day = page.locator(".st-key-rs_day [role='spinbutton'][data-type='day']")
    day.wait_for(timeout=30_000)
    later = before.scheduled_start + timedelta(days=1)
    day.click()
    calendar = page.locator("[data-testid='stDateInputCalendar']")
    calendar.locator(f'[aria-label^="{later:%A, %B} {later.day}, {later.year}"]').click()
    settle(page)
    page.locator(".st-key-save_reschedule button").click()
    settle(page)
    after = app.store.get_interview(row.interview_id)
    assert after.scheduled_start == later
    page.get_by_role("button", name="Status").click()
    page.locator(".st-key-new_status").get_by_role("combobox").click()
    page.get_by_role("option", name="Cancelled", exact=True).click()
    settle(page)
    page.locator(".st-key-confirm_status").get_by_text("Yes, mark it cancelled").click()
    settle(page)
    page.locator(".st-key-save_status button").click()
    settle(page)
    page.get_by_text("Status changed to Cancelled.").wait_for(timeout=30_000)
    assert app.store.get_interview(row.interview_id).status is InterviewStatus.CANCELLED
    # The hiring decision of a completed interview of theirs.
    done = completed_of(app.store, RECRUITER)[0]
    open_interview(page, app, done.interview_id)
    decide(page, app, done.interview_id, "The recruiter holds it.")
    assert application_of(app.store, done.interview_id).decision.reason == (
        "The recruiter holds it."
    )
    # A booking through the Schedule page.
    page.goto(f"{app.url}/schedule")
    page.get_by_role("heading", name="Schedule an interview").wait_for(timeout=60_000)
    settle(page)
    candidate = app.store.get_interview(done.interview_id).candidate_id
    fill(page, "sch_find", app.store.get_candidate(candidate).email)
    before = app.store.list_interviews_by_candidate(candidate)
    pick(page, "sch_job_pick", "Security Engineer")  # an open job of the sample
    pick(page, "sch_recruiter", RECRUITER.name)
    set_day(page, "sch_day", (datetime.now(UTC) + timedelta(days=60)).date())
    interviewer = next(u for u in USERS if u.role is UserRole.INTERVIEWER)
    pick(page, "sch_people", interviewer.name)
    page.keyboard.press("Escape")
    settle(page)
    page.locator(".st-key-sch_submit button").click()
    page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)
    booked = app.store.list_interviews_by_candidate(candidate)
    (new,) = [r for r in booked if r not in before]
    assert new.job_title == "Security Engineer"


def test_an_interviewer_is_offered_no_write_on_another_recruiters_interviews(app, page):
    """The issue's finding: an interviewer moved another recruiter's interview through the
    Reschedule menu; the Schedule page was offered too."""
    who = next(
        u
        for u in USERS
        if u.role is UserRole.INTERVIEWER
        and u != ADMIN
        and all(
            u.user_id not in {p.user_id for p in app.store.list_participants(r.interview_id)}
            for r in (upcoming_of(app.store, RECRUITER)[0], completed_of(app.store, RECRUITER)[0])
        )
    )
    signed_in(page, app, who)
    schedule_page_refused(page, app)
    refuses_everything_on(page, app, who)


def test_a_hiring_manager_decides_on_their_panel_and_nothing_else(app, page):
    done, manager = next(
        (r, p)
        for r in completed_of(app.store, RECRUITER)
        for p in app.store.list_participants(r.interview_id)
        if p.role is UserRole.HIRING_MANAGER
    )
    who = next(u for u in USERS if u.user_id == manager.user_id)
    signed_in(page, app, who)
    schedule_page_refused(page, app)
    open_interview(page, app, done.interview_id)
    assert menus(page) == (0, 0)
    decide(page, app, done.interview_id, "The hiring manager holds it.")
    assert application_of(app.store, done.interview_id).decision.decided_by == who.user_id
    upcoming = upcoming_of(app.store, RECRUITER)[0]
    open_interview(page, app, upcoming.interview_id)
    assert menus(page) == (0, 0)


def test_an_administrator_schedules_but_moves_no_recruiters_interview(app, page):
    signed_in(page, app, ADMIN)
    entries = nav_entries(page)
    assert "Schedule" in entries and "Tables" in entries
    page.goto(f"{app.url}/schedule")
    page.get_by_role("heading", name="Schedule an interview").wait_for(timeout=60_000)
    page.locator(".st-key-sch_submit button").wait_for(timeout=60_000)  # the form is offered
    refuses_everything_on(page, app, ADMIN)
