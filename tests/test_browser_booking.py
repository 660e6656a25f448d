"""Booking in Chromium (SQLite; the seats' parity between the stores is proven by
test_booking_seats and test_booking_races): the real app under `streamlit run` over a file
holding the sample, one interviewer with working hours in their profile.

A recruiter books a panel; a second booking for an overlapping slot with one of the same
people is refused, the page naming who is busy and when, and nothing is stored; a Sunday slot
warns about that person's working hours, in their own zone, and books only once confirmed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from support.browser_kit import browser_page, chromium, need_chromium, open_as, shots
from test_browser_schedule import main_text, set_day, set_time
from test_browser_week import fill, pick, settle

from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
TUESDAY = date(2031, 3, 4)  # far from the sample's interviews
SUNDAY = date(2031, 3, 9)
JOB = "Site Reliability Engineer"  # an open job of the sample
VIDEO = "https://meet.example.com/booking"
HOURS, ZONE = "09:00-17:00", "Europe/Paris"


@dataclasses.dataclass
class App:
    url: str
    store: Store
    first: object  # an interviewer
    second: object  # an interviewer with working hours in Paris


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    need_chromium()
    db: Path = tmp_path_factory.mktemp("booking") / "booking.db"
    store = SqliteStore(db)
    ensure_sample_data(store)
    first, second = [u for u in store.list_users() if u.role is UserRole.INTERVIEWER][:2]
    second = store.update_person(dataclasses.replace(second, time_zone=ZONE, working_hours=HOURS))
    env = {"LIVE_REFRESH_SECONDS": "0"}
    with shots.serve(db, extra_env=env, timeout=90) as url:
        yield App(url, store, first, second)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as b:
        yield b


def warnings(page) -> list[str]:
    texts = page.locator("[data-testid='stAlertContentWarning']").all_inner_texts()
    lines = [t.replace("\u2060", "").strip() for t in texts]
    return [line.removeprefix("work_history").removeprefix("event_busy").strip() for line in lines]


def book_form(page, app: App, candidate, day: date, start: time, end: time, panel) -> None:
    open_as(page, f"{app.url}/schedule")
    fill(page, "sch_find", candidate.email)
    pick(page, "sch_job_pick", JOB)
    pick(
        page,
        "sch_recruiter",
        next(u for u in app.store.list_users() if u.role is UserRole.RECRUITER).name,
    )
    set_day(page, "sch_day", day)
    set_time(page, "sch_start", start)
    set_time(page, "sch_end", end)
    fill(page, "sch_video", VIDEO)
    for user in panel:
        pick(page, "sch_people", user.name)
    page.keyboard.press("Escape")
    settle(page)


def scheduled_of(store: Store, user_id) -> list:
    return [
        r
        for r in store.list_interviews_by_user(user_id)
        if r.status is InterviewStatus.SCHEDULED and r.scheduled_start.year == 2031
    ]


def test_a_taken_seat_is_refused_by_name_and_a_sunday_asks_first(app: App, browser) -> None:
    candidates = app.store.list_candidates()
    with browser_page(browser, "UTC") as page:
        # A panel booked: the first interviewer and the one working in Paris, 10:00-11:00.
        book_form(
            page, app, candidates[0], TUESDAY, time(10, 0), time(11, 0), [app.first, app.second]
        )
        assert not [w for w in warnings(page) if "working hours" in w]  # 11:00-12:00 in Paris
        page.locator(".st-key-sch_submit button").click()
        page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)
        booked = scheduled_of(app.store, app.second.user_id)
        assert len(booked) == 1

    with browser_page(browser, "UTC") as page:
        # Another candidate, the Paris interviewer again, 10:30-11:30: refused by name.
        book_form(page, app, candidates[1], TUESDAY, time(10, 30), time(11, 30), [app.second])
        page.locator(".st-key-sch_submit button").click()
        refusal = page.get_by_text("Not booked:")
        refusal.wait_for(timeout=60_000)
        text = refusal.inner_text().replace("\u2060", "")
        assert f"{app.second.name} is busy Tue 04 Mar 2031, 10:00–11:00 (UTC)" in text
        assert "Nothing was stored" in text
        assert "Interview scheduled." not in main_text(page)
        assert scheduled_of(app.store, app.second.user_id) == booked  # nothing stored
        assert [
            r.interview_id
            for r in app.store.list_interviews_by_candidate(candidates[1].candidate_id)
            if r.scheduled_start.year == 2031
        ] == []

        # The same candidate and person on a Sunday: a warning in their zone, and a confirmation.
        set_day(page, "sch_day", SUNDAY)
        outside = [w for w in warnings(page) if "weekend" in w and app.second.name in w]
        assert outside == [
            f"{app.second.name}: Sun 09 Mar 2031, 11:30–12:30 for them ({ZONE}) is on their "
            "weekend (Sunday)."
        ]
        page.locator(".st-key-sch_submit button").click()
        page.get_by_text("tick “Book anyway” to confirm").wait_for(timeout=60_000)
        sunday = datetime.combine(SUNDAY, time(10, 30), UTC)
        assert [
            r for r in scheduled_of(app.store, app.second.user_id) if r.scheduled_start == sunday
        ] == []
        page.get_by_text("Book anyway, outside the working hours above").click()
        settle(page)
        page.locator(".st-key-sch_submit button").click()
        page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)
        made = [
            r for r in scheduled_of(app.store, app.second.user_id) if r.scheduled_start == sunday
        ]
        assert len(made) == 1
