"""A team's first hour with real sign-in, in Chromium on SQLite: every step a click a person
makes, each person in their own browser context, signing in through the local OpenID Connect
issuer (support/oidc_issuer.py) to the real app (`streamlit run`) over an empty store
(LOAD_SAMPLE_DATA=false), ADMIN_EMAILS naming one email.

- An account nobody registered is told to ask an administrator.
- The named email signs in first and becomes the administrator; they add a recruiter and an
  interviewer on the People page and create a job with a one-stage plan on the Jobs page.
- The recruiter signs in, adds a candidate, and schedules the plan's first stage (the panel
  comes from the plan).
- The interviewer signs in and finds the interview in their week (the home page).

The interview is booked at 10:00 (Berlin) on the next weekday: ahead of now whatever the hour
the test runs (a test clock is refused with sign-in configured), and a working day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.browser_kit import browser_page, chromium, fill, need_chromium, pick, shots
from support.oidc_issuer import running_issuer
from test_browser_schedule import set_day
from test_browser_signin import secrets_toml, sign_in

from interview_autopilot.core.jobs import JobStatus
from interview_autopilot.core.models import UserRole
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
ZONE = "Europe/Berlin"
ADMIN = ("Ada Admin", "ada@team.example.com")
RECRUITER = ("Rita Recruiter", "rita@team.example.com")
INTERVIEWER = ("Ivan Interviewer", "ivan@team.example.com")
CANDIDATE = ("Nadia First", "nadia.first@mail.example.org")
JOB, STAGE = "Platform Engineer", "Technical screen"


@dataclass
class FirstHour:
    url: str
    db: Path


def next_weekday() -> date:
    """The first weekday after today in Berlin."""
    day = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.fixture(scope="module")
def first_hour(tmp_path_factory) -> Iterator[FirstHour]:
    """One app for the module: sign-in against the local issuer, an empty SQLite store,
    ADMIN_EMAILS naming Ada."""
    need_chromium()
    folder = tmp_path_factory.mktemp("first_hour")
    names = dict((email, name) for name, email in (ADMIN, RECRUITER, INTERVIEWER))
    with running_issuer(names) as issuer:
        port = shots.free_port()
        secrets = folder / "secrets.toml"
        secrets.write_text(secrets_toml(port, issuer.url))
        env = {
            "LOAD_SAMPLE_DATA": "false",
            "LIVE_REFRESH_SECONDS": "0",
            "ADMIN_EMAILS": ADMIN[1].upper(),  # any case
        }
        db = folder / "team.db"
        args = ["--secrets.files", str(secrets)]
        with shots.serve(db, port=port, extra_env=env, extra_args=args, timeout=90) as url:
            yield FirstHour(url, db)


@pytest.fixture(scope="module")
def browser(first_hour):
    with chromium() as b:
        yield b


def settle(page) -> None:
    shots.settle(page)


def add_person(page, name: str, email: str, role: str) -> None:
    """The People page's "Add a person" form: the roles start as Interviewer, which the
    backspace removes before `role` is chosen."""
    fill(page, "ppl_add_name", name)
    fill(page, "ppl_add_email", email)
    if role != "Interviewer":
        page.locator(".st-key-ppl_add_roles").get_by_role("combobox").click()
        page.keyboard.press("Backspace")
        page.keyboard.type(role)
        page.get_by_role("option").filter(has_text=role).first.click()
        page.keyboard.press("Escape")
        settle(page)
    fill(page, "ppl_add_zone", ZONE)
    page.get_by_role("button", name="Add person").click()
    page.get_by_text(f"{name} was added.").wait_for(timeout=60_000)


def test_a_teams_first_hour_with_sign_in(first_hour: FirstHour, browser) -> None:
    from playwright.sync_api import expect

    url = first_hour.url

    # Someone nobody registered: told to ask an administrator, shown nothing else.
    with browser_page(browser, ZONE) as page:
        sign_in(page, url, "someone@elsewhere.example")
        page.get_by_role("heading", name="Not registered here").wait_for(timeout=60_000)
        page.get_by_text("Ask an administrator to add you.").wait_for(timeout=30_000)
        assert page.get_by_role("heading", name="This week").count() == 0

    # The administrator named by ADMIN_EMAILS: the first sign-in creates them.
    with browser_page(browser, ZONE) as page:
        sign_in(page, url, ADMIN[1])
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text(ADMIN[0]).wait_for(timeout=60_000)
        assert "Administrator" in sidebar.inner_text()

        page.goto(f"{url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        add_person(page, *RECRUITER, "Recruiter")
        add_person(page, *INTERVIEWER, "Interviewer")
        listed = page.locator("[data-testid='stDataFrame'] table")
        expect(listed).to_contain_text(RECRUITER[1], timeout=60_000)
        expect(listed).to_contain_text(INTERVIEWER[1], timeout=60_000)

        page.goto(f"{url}/jobs")
        page.get_by_role("heading", name="Create or edit a job").wait_for(timeout=60_000)
        prefix = "job_new_0"
        fill(page, f"{prefix}_title", JOB)
        fill(page, f"{prefix}_dep", "Engineering")
        pick(page, f"{prefix}_rec", RECRUITER[0])
        fill(page, f"{prefix}_s0_name", STAGE)
        fill(page, f"{prefix}_s0_min", "45")
        fill(page, f"{prefix}_s0_any", "0")
        pick(page, f"{prefix}_s0_people", INTERVIEWER[0], close=True)
        page.locator(".st-key-jobs_save button").click()
        page.get_by_text(f"{JOB} was saved.").wait_for(timeout=60_000)

    # The recruiter: adds the candidate, then schedules the plan's first stage.
    with browser_page(browser, ZONE) as page:
        sign_in(page, url, RECRUITER[1])
        page.get_by_role("heading", name="This week").wait_for(timeout=60_000)
        assert "Recruiter" in page.locator('[data-testid="stSidebar"]').inner_text()

        page.goto(f"{url}/candidate_form")
        page.get_by_role("heading", name="Add a candidate").wait_for(timeout=60_000)
        fill(page, "cnd_name", CANDIDATE[0])
        fill(page, "cnd_email", CANDIDATE[1])
        fill(page, "cnd_resume", "Six years of platform work.")
        page.get_by_role("button", name="Add candidate").click()
        page.get_by_text(f"{CANDIDATE[0]} was saved.").wait_for(timeout=60_000)

        page.goto(f"{url}/schedule")
        page.get_by_role("heading", name="Schedule an interview").wait_for(timeout=60_000)
        settle(page)
        fill(page, "sch_find", "nadia")
        pick(page, "sch_job_pick", JOB)
        pick(page, "sch_stage", STAGE)
        assert INTERVIEWER[0] in page.locator(".st-key-sch_people").inner_text()  # the plan's
        assert page.locator(".st-key-sch_end input").first.input_value().startswith("10:45")
        pick(page, "sch_recruiter", RECRUITER[0])
        day = next_weekday()
        set_day(page, "sch_day", day)
        page.locator(".st-key-sch_submit button").click()
        page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)

    # The interviewer: the interview is in their week.
    with browser_page(browser, ZONE) as page:
        sign_in(page, url, INTERVIEWER[1])
        page.get_by_role("heading", name="This week").wait_for(timeout=60_000)
        line = f"{CANDIDATE[0]} · {JOB} · recruiter {RECRUITER[0]}"
        page.get_by_role("link", name=line).wait_for(timeout=60_000)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Upcoming, next 14 days (1)" in main
        assert "Interviewer" in page.locator('[data-testid="stSidebar"]').inner_text()

    # What the clicks left in the store.
    store = SqliteStore(first_hour.db)
    try:
        people = {u.email: u for u in store.list_users()}
        assert set(people) == {ADMIN[1], RECRUITER[1], INTERVIEWER[1]}
        assert people[ADMIN[1]].admin and not people[RECRUITER[1]].admin
        assert people[RECRUITER[1]].role is UserRole.RECRUITER
        assert people[INTERVIEWER[1]].role is UserRole.INTERVIEWER
        (job,) = store.list_jobs(JobStatus.OPEN)
        assert (job.title, job.recruiter_id) == (JOB, people[RECRUITER[1]].user_id)
        (candidate,) = store.list_candidates()
        (made,) = store.list_interviews_by_candidate(candidate.candidate_id)
        interview = store.get_interview(made.interview_id)
        assert interview is not None and interview.recruiter_id == people[RECRUITER[1]].user_id
        start = interview.scheduled_start.astimezone(ZoneInfo(ZONE))
        assert (start.date(), start.hour, start.minute) == (day, 10, 0)
        assert [p.user_id for p in store.list_participants(made.interview_id)] == [
            people[INTERVIEWER[1]].user_id
        ]
        link = store.get_interview_stage(made.interview_id)
        assert link is not None and (link.job_id, link.stage) == (job.job_id, STAGE)
        assert store.doctor().problems == []
    finally:
        store.close()
