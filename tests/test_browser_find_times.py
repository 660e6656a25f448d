"""Finding times in Chromium (SQLite; the stores' parity is proven by test_availability_store and
test_find_times_store): the real app under `streamlit run` with a test clock, over a file
holding the sample.

One journey: a recruiter makes an interviewer pool on the Jobs page; one member's busy time is
added on their page; on the Schedule page the recruiter finds times for a two-person stage from
that pool, sees who was chosen and why the busy member was not, books the first slot in one
click, and the interview appears in both chosen interviewers' weeks on their pages.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from support.browser_kit import browser_page, chromium, need_chromium, open_as, shots
from test_browser_schedule import main_text, set_day, set_time
from test_browser_week import fill, pick, settle

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.jobs import PanelSeat
from interview_autopilot.core.models import Interview, InterviewStatus, UserRole
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
MONDAY = date(2031, 3, 3)  # far from the sample's interviews
NOW = datetime(2031, 3, 3, 6, 0, tzinfo=UTC)
JOB, STAGE, POOL = "Find Times Engineer", "Pair programming", "Pairing pool"


CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:sync@example.com
DTSTART:20310225T090000Z
DTEND:20310225T110000Z
RRULE:FREQ=WEEKLY;BYDAY=TU
SUMMARY:Team sync
END:VEVENT
END:VCALENDAR
"""


@dataclasses.dataclass
class App:
    url: str
    store: Store
    loaded: object  # one interview on Monday afternoon
    busy: object  # busy Monday morning (added on their page)
    free: object  # nothing that week but a weekly meeting on Tuesdays (a calendar file)
    calendar: Path


@pytest.fixture  # one test: a rerun after a failure starts from a fresh file
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    need_chromium()
    folder = tmp_path_factory.mktemp("find_times")
    db: Path = folder / "find.db"
    store = SqliteStore(db)
    ensure_sample_data(store)
    team = [u for u in store.list_users() if u.role is UserRole.INTERVIEWER and u.active][:3]
    team = [
        store.update_person(dataclasses.replace(u, time_zone="UTC", working_hours="09:00-17:00"))
        for u in team
    ]
    loaded, busy, free = team
    recruiter = next(u for u in store.list_users() if u.role is UserRole.RECRUITER)
    other = store.list_candidates()[1]
    store.create_interview(
        Interview(
            uuid.uuid4(),
            other.candidate_id,
            recruiter.user_id,
            "Earlier Engineer",
            datetime.combine(MONDAY, time(15, 0), UTC),
            datetime.combine(MONDAY, time(16, 0), UTC),
            InterviewStatus.SCHEDULED,
            "",
        ),
        [(loaded.user_id, UserRole.INTERVIEWER)],
    )
    calendar = folder / "team.ics"
    calendar.write_text(CALENDAR)
    clock = folder / "clock.txt"
    set_clock(clock, NOW)
    env = {CLOCK_FILE: str(clock), "LIVE_REFRESH_SECONDS": "0"}
    with shots.serve(db, extra_env=env, timeout=90) as url:
        yield App(url, store, loaded, busy, free, calendar)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as b:
        yield b


def test_a_recruiter_finds_times_from_a_pool_and_books_one(app: App, browser) -> None:
    store = app.store
    candidate = store.list_candidates()[0]
    with browser_page(browser, "UTC") as page:
        # A pool of the three interviewers, made on the Jobs page.
        open_as(page, f"{app.url}/jobs")
        page.get_by_text("Add or change a pool").click()
        fill(page, "pool_name_", POOL)
        for person in (app.loaded, app.busy, app.free):
            pick(page, "pool_members_", person.name)
        page.keyboard.press("Escape")
        page.locator(".st-key-pool_save button").click()
        page.get_by_text(f"The pool {POOL} was saved.").wait_for(timeout=60_000)
        [pool] = store.list_pools()
        assert pool.name == POOL
        assert set(pool.members) == {app.loaded.user_id, app.busy.user_id, app.free.user_id}

        # A job whose stage asks for two from the pool, made on the same page.
        prefix = "job_new_0"
        recruiter = next(u for u in store.list_users() if u.role is UserRole.RECRUITER)
        fill(page, f"{prefix}_title", JOB)
        pick(page, f"{prefix}_rec", recruiter.name)
        fill(page, f"{prefix}_s0_name", STAGE)
        fill(page, f"{prefix}_s0_min", "60")
        pick(page, f"{prefix}_s0_pool", POOL)
        fill(page, f"{prefix}_s0_pool_n", "2")
        page.locator(".st-key-jobs_save button").click()
        page.get_by_text(f"{JOB} was saved.").wait_for(timeout=60_000)
        job = store.find_job_by_title(JOB)
        assert job is not None
        assert job.plan[0].panel == (PanelSeat(UserRole.INTERVIEWER, None, pool.pool_id),) * 2

        # The busy member's morning, added on their page.
        open_as(page, f"{app.url}/person?user={app.busy.user_id}")
        page.get_by_text("Add busy time, or import a calendar").click()
        set_day(page, "blk_day", MONDAY)
        set_time(page, "blk_start", time(9, 0))
        set_time(page, "blk_end", time(12, 0))
        fill(page, "blk_title", "Dentist")
        page.locator(".st-key-blk_add button").click()
        page.get_by_text("Busy times (1)").wait_for(timeout=60_000)
        assert "Mon 03 Mar 2031, 09:00–12:00 · Dentist · by hand" in main_text(page)

        # The free member's calendar file: a weekly meeting on Tuesdays, imported (the next
        # 120 days hold 17 Tuesdays).
        open_as(page, f"{app.url}/person?user={app.free.user_id}")
        page.get_by_text("Add busy time, or import a calendar").click()
        page.locator(".st-key-blk_ics input[type=file]").set_input_files(app.calendar)
        page.locator(".st-key-blk_import button").click()
        page.get_by_text("17 busy times imported from team.ics.").wait_for(timeout=60_000)
        assert "Tue 04 Mar 2031, 09:00–11:00 · Team sync · calendar file" in main_text(page)

        # Find times for the stage, for the candidate.
        open_as(page, f"{app.url}/schedule")
        fill(page, "sch_find", candidate.email)
        pick(page, "sch_job_pick", JOB)
        pick(page, "sch_stage", STAGE)
        fill(page, "sch_ft_days", "2")
        page.locator(".st-key-sch_ft_go button").click()
        page.get_by_text("possible times in").wait_for(timeout=60_000)
        first = page.locator(".st-key-sch_slot_0")
        text = first.inner_text().replace("\u2060", "")
        assert "Mon 03 Mar 2031, 09:00–10:00 (UTC)" in text
        assert f"{app.free.name}: 0 of 10 this week (from {POOL})" in text
        assert f"{app.loaded.name}: 1 of 10 this week (from {POOL})" in text
        assert f"{app.busy.name}: busy Mon 03 Mar 2031, 09:00–12:00 (Dentist)" in text

        # One click books it.
        first.get_by_role("button", name="Book this time").click()
        page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)
        made = [
            r
            for r in store.list_interviews_by_candidate(candidate.candidate_id)
            if r.scheduled_start == datetime.combine(MONDAY, time(9, 0), UTC)
        ]
        assert len(made) == 1 and made[0].job_title == JOB
        panel = {p.user_id for p in store.list_participants(made[0].interview_id)}
        assert panel == {app.free.user_id, app.loaded.user_id}

        # The interview is in both chosen interviewers' weeks.
        for person in (app.free, app.loaded):
            open_as(page, f"{app.url}/person?user={person.user_id}")
            page.get_by_text("This week (").first.wait_for(timeout=60_000)
            settle(page)
            week = main_text(page)
            assert f"2031-03-03 09:00 · {candidate.name} · {JOB}" in week.replace("\xa0", " ")
        assert (
            made[0].scheduled_start + timedelta(hours=1)
            == store.get_interview(made[0].interview_id).scheduled_end
        )
