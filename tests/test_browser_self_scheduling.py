"""Candidate self-scheduling in Chromium (SQLite; the stores' parity is proven below the browser
by test_self_scheduling and test_self_scheduling_races): the real app under `streamlit run` with
a test clock, over a file holding the sample.

One journey: a recruiter finds times for a two-interviewer stage on the Schedule page and makes
a booking link; the candidate opens it in another browser context, in Tokyo, without signing
in: they see their own local times and nothing else of the app, book the first, see the booking
and download "Add to calendar" (parsed back: the same time); the used link, opened again, and a
tampered one get a plain page; the interview is in an interviewer's week (Home).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect
from support.browser_kit import browser_page, chromium, fill, need_chromium, open_as, pick, shots
from test_browser_schedule import main_text

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.models import AuditAction, InterviewStatus, User, UserRole
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
MONDAY = date(2031, 3, 3)  # far from the sample's interviews
NOW = datetime(2031, 3, 3, 6, 0, tzinfo=UTC)
JOB, STAGE = "Self Booking Engineer", "Panel chat"
TOKYO = "Asia/Tokyo"


@dataclasses.dataclass
class App:
    url: str
    store: Store
    panel: list[User]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    need_chromium()
    folder = tmp_path_factory.mktemp("self_scheduling")
    db: Path = folder / "book.db"
    store = SqliteStore(db)
    ensure_sample_data(store)
    team = [u for u in store.list_users() if u.role is UserRole.INTERVIEWER and u.active][:2]
    team = [
        store.update_person(dataclasses.replace(u, time_zone="UTC", working_hours="09:00-17:00"))
        for u in team
    ]
    recruiter = next(u for u in store.list_users() if u.role is UserRole.RECRUITER)
    store.add_job(
        Job(
            uuid.uuid4(),
            JOB,
            recruiter_id=recruiter.user_id,
            plan=(
                PlanStage(
                    STAGE, 60, tuple(PanelSeat(UserRole.INTERVIEWER, u.user_id) for u in team)
                ),
            ),
        ),
        actor=recruiter.user_id,
    )
    clock = folder / "clock.txt"
    set_clock(clock, NOW)
    port = shots.free_port()
    env = {
        CLOCK_FILE: str(clock),
        "LIVE_REFRESH_SECONDS": "0",
        "SELF_SCHEDULING_SECRET": "browser-test-secret-not-real",
        "AUTOPILOT_APP_URL": f"http://127.0.0.1:{port}",
    }
    with shots.serve(db, extra_env=env, timeout=90, port=port) as url:
        yield App(url, store, team)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as b:
        yield b


def candidate_page_text(page) -> str:
    page.get_by_role("heading", name="Book your interview").wait_for(timeout=90_000)
    shots.settle(page)
    return main_text(page)


def test_a_candidate_books_a_slot_from_their_link_in_their_own_zone(app: App, browser) -> None:
    store = app.store
    candidate = store.list_candidates()[0]
    with browser_page(browser, "UTC") as page:
        # The recruiter finds times for the stage and makes a link instead of booking.
        open_as(page, f"{app.url}/schedule")
        fill(page, "sch_find", candidate.email)
        pick(page, "sch_job_pick", JOB)
        pick(page, "sch_stage", STAGE)
        fill(page, "sch_ft_days", "2")
        page.locator(".st-key-sch_ft_go button").click()
        page.get_by_text("possible times in").wait_for(timeout=60_000)
        page.locator(".st-key-sch_link_go button").click()
        page.get_by_text("A link offering 6 times").wait_for(timeout=60_000)
        link = page.locator("[data-testid='stCode']").last.inner_text().strip()
        assert link.startswith(f"{app.url}/book?booking=")

    with browser_page(browser, TOKYO) as page:
        # The candidate, in Tokyo, signed in nowhere: their times, nothing else of the app.
        page.goto(link)
        text = candidate_page_text(page)
        assert f"{JOB} · {STAGE}" in text
        assert f"Pick one of these times ({TOKYO})" in text
        first = page.locator(".st-key-bk_slot_0")
        assert "Mon 03 Mar 2031, 18:00–19:00" in first.inner_text().replace("\u2060", "")
        assert page.locator("[data-testid='stSidebar']").count() == 0
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
        assert "Viewing as" not in page.locator("body").inner_text()
        for name in [u.name for u in store.list_users()] + ["Backend", "Interviews"]:
            assert name not in text  # no interviewer, page or backend named before booking
        first.get_by_role("button", name="Book this time").click()
        page.get_by_text("Your interview is booked.").wait_for(timeout=60_000)
        page.locator(".st-key-bk_booked").wait_for(timeout=60_000)
        shots.settle(page)
        booked = main_text(page)
        assert f"Mon 03 Mar 2031, 18:00–19:00 ({TOKYO})" in booked
        assert all(u.name in booked for u in app.panel)  # whom they will meet
        with page.expect_download() as download:
            page.get_by_role("button", name="Add to calendar").click()
        ics = Path(download.value.path()).read_bytes()
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.combine(MONDAY, time(9, 0), UTC)
    assert event.decoded("DTEND") == datetime.combine(MONDAY, time(10, 0), UTC)
    assert str(event.get("URL")) == link and "ATTENDEE" not in event

    [made] = [
        r for r in store.list_interviews_by_candidate(candidate.candidate_id) if r.job_title == JOB
    ]
    interview = store.get_interview(made.interview_id)
    assert interview is not None and interview.status is InterviewStatus.SCHEDULED
    assert interview.scheduled_start == datetime.combine(MONDAY, time(9, 0), UTC)
    assert {p.user_id for p in store.list_participants(made.interview_id)} == {
        u.user_id for u in app.panel
    }
    assert str(event.get("UID")).startswith(str(made.interview_id))
    booked_entry = store.list_audit(made.interview_id)[-1]
    assert booked_entry.action is AuditAction.SCHEDULE and booked_entry.subject_id == (
        candidate.candidate_id
    )
    before = store.count_by_status()

    with browser_page(browser, TOKYO) as page:
        # The used link, opened again; then a tampered one: a plain page, nothing written.
        page.goto(link)
        text = candidate_page_text(page)
        assert "already been used" in text and "Book this time" not in text
        tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
        page.goto(tampered)
        page.get_by_text("This booking link is not valid.").wait_for(timeout=60_000)
        assert "Book this time" not in main_text(page)
        assert page.locator("[data-testid='stSidebar']").count() == 0
    assert store.count_by_status() == before

    with browser_page(browser, "UTC") as page:
        # In the first interviewer's week (Home, as them).
        open_as(page, app.url, viewer=app.panel[0].name)
        expect(page.get_by_role("link", name=f"{candidate.name} · {JOB}")).to_have_count(
            1, timeout=30_000
        )
