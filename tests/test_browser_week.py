"""The recruiter's week end to end in Chromium, on SQLite and on the local Cassandra node: the
real app (`streamlit run`) with a test clock (AUTOPILOT_CLOCK_FILE) this test moves.

Schedule an interview (a new candidate) -> it is in the recruiter's week and the upcoming list
-> the clock passes its end -> it is in Scorecards due -> the interviewer submits feedback ->
the recruiter sees it in Decisions pending and records the decision -> the candidate page
shows it. With UPDATE_SCREENSHOTS=1 the SQLite run writes the README's screenshots to docs/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.applications import application_of
from support.browser_kit import (
    DOCS,
    fill,
    journey_backends,
    need_chromium,
    node_env,
    open_as,
    pick,
    shots,
)

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.models import HiringCall, UserRole
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.ui.identity import demo_order

pytestmark = pytest.mark.browser
ZONE = "Europe/Berlin"
USERS = demo_order(read_sample_data().users)
RECRUITER = USERS[0]  # the demo views the app as the first recruiter
INTERVIEWER = next(u for u in USERS if u.role is UserRole.INTERVIEWER)
CANDIDATE = "Nadia Weekly"
JOB = "Data Engineer"  # an open job of the sample (its rows come first on Insights)
REASON = "Strong systems design; the panel agrees."


@dataclass
class Week:
    url: str
    store: Store  # the same database, read by the test
    clock: Path
    shots: Path  # where the screenshots go


def _morning() -> datetime:
    """06:00 UTC today: the clock starts before the 10:00 (Berlin) slot the form offers."""
    return datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)


def _shots_dir(tmp_path: Path, backend: str) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" and backend == "sqlite":
        return DOCS
    return tmp_path


@pytest.fixture(params=journey_backends("sqlite"))
def week(request, tmp_path) -> Iterator[Week]:
    """The app over an empty store of each backend (it loads the sample, anchored to the test
    clock), with feedback due one hour after an interview's end."""
    need_chromium()
    clock = tmp_path / "clock.txt"
    set_clock(clock, _morning())
    env = {CLOCK_FILE: str(clock), "SCORECARD_DUE_HOURS": "1", "LIVE_REFRESH_SECONDS": "0"}
    marker = request.node.get_closest_marker("app_env")  # a journey's own settings
    env |= marker.kwargs if marker else {}
    db = tmp_path / "week.db"
    if request.param == "cassandra":
        node = request.getfixturevalue("cassandra_store_factory")()
        env |= node_env(node.keyspace)
        store: Store = node
    with shots.serve(db, extra_env=env, timeout=90) as url:
        if request.param == "sqlite":
            store = SqliteStore(db)
        yield Week(url, store, clock, _shots_dir(tmp_path, request.param))
        if request.param == "sqlite":
            store.close()


def settle(page) -> None:
    shots.settle(page)


def shot(page, folder: Path, name: str) -> None:
    """A screenshot of the page's whole main block."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 2400)})
    settle(page)
    page.screenshot(path=folder / f"screenshot-{name}.png")
    page.set_viewport_size({"width": 1400, "height": 1000})


def schedule(page, w: Week) -> str:
    """The Schedule form, filled as a recruiter would; returns the new interview's id."""
    open_as(page, f"{w.url}/schedule")
    page.locator(".st-key-sch_mode").get_by_text("New", exact=True).click()
    settle(page)
    fill(page, "sch_name", CANDIDATE)
    fill(page, "sch_email", "nadia.weekly@example.org")
    fill(page, "sch_resume", "Eight years of distributed systems.")
    pick(page, "sch_job_pick", JOB)
    pick(page, "sch_recruiter", RECRUITER.name)
    fill(page, "sch_video", "https://meet.example.com/nadia-weekly")
    pick(page, "sch_people", INTERVIEWER.name)  # day: today; 10:00-11:00 Berlin (the defaults)
    page.keyboard.press("Escape")
    shot(page, w.shots, "schedule")
    page.locator(".st-key-sch_submit button").click()
    page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)
    page.get_by_role("link", name="Open the interview").click()
    page.wait_for_url("**/interview?interview=*", timeout=60_000)
    return page.url.split("interview=")[1]


def test_a_recruiters_week_end_to_end(week: Week) -> None:
    from playwright.sync_api import expect, sync_playwright

    w = week
    with sync_playwright() as p:
        browser = shots.launch(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id=ZONE)
        page = context.new_page()

        interview_id = schedule(page, w)
        made = w.store.get_interview(__import__("uuid").UUID(interview_id))
        assert made is not None and made.job_title == JOB and made.recruiter_id == RECRUITER.user_id
        start = made.scheduled_start.astimezone(ZoneInfo(ZONE))
        assert (start.hour, start.minute) == (10, 0)  # the form's slot, in the viewer's zone

        # It is in the recruiter's week (the home page) and in the upcoming list.
        open_as(page, w.url)
        upcoming = page.get_by_role("link", name=f"{CANDIDATE} · {JOB}")
        expect(upcoming).to_have_count(1, timeout=30_000)
        assert "Upcoming, next 14 days" in page.locator("body").inner_text()
        shot(page, w.shots, "home")
        open_as(page, f"{w.url}/interviews")
        grid = page.locator('[data-testid="stDataFrame"] table')
        expect(grid).to_contain_text(CANDIDATE, timeout=30_000)

        # Its end passes (the test clock moves): feedback is due one hour after the end.
        set_clock(w.clock, made.scheduled_end + timedelta(hours=2))
        open_as(page, f"{w.url}/scorecards")
        page.get_by_role("link", name=f"{CANDIDATE} · {JOB} · ended").wait_for(timeout=30_000)
        assert f"{INTERVIEWER.name}" in page.locator("[data-testid='stMain']").inner_text()
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Scorecards due (" in nav
        shot(page, w.shots, "scorecards")

        # The interviewer submits their feedback.
        open_as(page, f"{w.url}/feedback?interview={interview_id}", INTERVIEWER.name)
        comment = page.get_by_label("Comment")
        comment.wait_for(timeout=60_000)
        page.get_by_text("Strong yes", exact=True).first.click()
        comment.fill("Clear thinking, good questions.")
        page.get_by_role("button", name="Submit feedback").click()
        page.get_by_text("Feedback saved.").wait_for(timeout=60_000)

        # The recruiter finds it under Decisions pending and records the decision.
        open_as(page, w.url)
        pending = page.get_by_role("link", name=f"{CANDIDATE} · {JOB} · every feedback in")
        expect(pending).to_have_count(1, timeout=30_000)
        pending.click()
        page.wait_for_url(f"**/interview?interview={interview_id}", timeout=60_000)
        page.get_by_text("Record the decision").click()
        page.locator(".st-key-hd_call").get_by_text("Advance", exact=True).click()
        page.locator(".st-key-hd_reason textarea").fill(REASON)
        page.get_by_role("button", name="Save the decision").click()
        page.get_by_text(REASON).first.wait_for(timeout=60_000)  # recorded, shown above
        settle(page)

        # The candidate page shows it.
        page.get_by_role("link", name=f"{CANDIDATE}: profile and every interview").click()
        page.wait_for_url("**/candidate?candidate=*", timeout=60_000)
        page.get_by_text("Decision Advance").wait_for(timeout=60_000)
        assert REASON in page.locator("[data-testid='stMain']").inner_text()
        expect(page.get_by_text(f"{JOB} · stage: Technical interview")).to_be_visible()
        shot(page, w.shots, "candidate")

        # The debrief of the application shows the same decision.
        page.get_by_role("link", name="Debrief: the interviews").click()
        page.wait_for_url("**/debrief?application=*", timeout=60_000)
        page.get_by_text(f"Advance by {RECRUITER.name}").wait_for(timeout=60_000)
        assert REASON in page.locator("[data-testid='stMain']").inner_text()

        # Insights: the job's pass-through counts the advance from its first stage.
        page.goto(f"{w.url}/insights")
        page.get_by_role("heading", name="Pass-through by stage, per job").wait_for(timeout=60_000)
        made_job = w.store.find_job_by_title(JOB)
        counts = w.store.application_counts(made_job.job_id)
        first, second = made_job.plan[0].name, made_job.plan[1].name
        reached, went_on = counts[(first, "reached")], counts[(second, "reached")]
        expected = [JOB, first, str(reached), str(went_on), f"{went_on / reached:.0%}"]
        cells = page.locator("[data-testid='stDataFrame'] table td")
        cells.first.wait_for(state="attached", timeout=60_000)
        rows = page.locator("[data-testid='stDataFrame'] table tbody tr").evaluate_all(
            "rows => rows.map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim()))"
        )
        assert expected in [row[-5:] for row in rows]
        browser.close()

    application = application_of(w.store, made.interview_id)  # the decision is its application's
    assert application is not None and application.decision is not None
    decision = application.decision
    assert (decision.call, decision.reason, decision.decided_by) == (
        HiringCall.ADVANCE,
        REASON,
        RECRUITER.user_id,
    )
    assert decision.decided_at == made.scheduled_end + timedelta(hours=2)  # the test clock
    job = w.store.get_job(application.job_id)
    assert application.stage == job.plan[1].name  # advanced from the plan's first stage
