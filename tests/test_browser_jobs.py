"""Jobs in Chromium, on SQLite and on the node: a recruiter creates a job with a three-stage
interview plan on the Jobs page, then schedules its first stage, and the Schedule form comes
prefilled with the stage's duration and panel; bad input gets a plain message and stores
nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from support.browser_kit import (
    chromium_page,
    fill,
    journey_backends,
    need_chromium,
    node_env,
    open_as,
    pick,
    shots,
)
from support.world import ALICE, BOB, CANDIDATE, CAROL, DAVE, RECRUITER, seed_people

from interview_autopilot.core.jobs import JobStatus, PanelSeat
from interview_autopilot.core.models import UserRole
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser


@pytest.fixture(params=journey_backends("sqlite"))
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """The app in demo mode over a store holding a few people and one candidate (no sample
    data, no job): its address and the store."""
    need_chromium()
    db = tmp_path / "jobs.db"
    env = {"LOAD_SAMPLE_DATA": "false", "LIVE_REFRESH_SECONDS": "0"}
    store: Store
    if request.param == "cassandra":
        store = request.getfixturevalue("cassandra_store_factory")()
        env |= node_env(store.keyspace)  # type: ignore[attr-defined]
    else:
        store = SqliteStore(db)
    seed_people(store)
    with shots.serve(db, port=shots.free_port(), extra_env=env, timeout=90) as url:
        yield url, store
    if request.param == "sqlite":
        store.close()


def settle(page) -> None:
    shots.settle(page)


def stage(page, prefix: str, n: int, name: str, minutes: int, people: list[str], anyone: int):
    fill(page, f"{prefix}_s{n}_name", name)
    fill(page, f"{prefix}_s{n}_min", str(minutes))
    fill(page, f"{prefix}_s{n}_any", str(anyone))
    for person in people:
        pick(page, f"{prefix}_s{n}_people", person, close=True)


def test_a_recruiter_creates_a_job_and_schedules_its_first_stage_prefilled(app) -> None:
    url, store = app
    with chromium_page("Europe/Berlin") as page:
        open_as(page, f"{url}/jobs")  # the demo views as the first recruiter: Rita
        page.get_by_role("heading", name="Create or edit a job").wait_for(timeout=60_000)
        page.get_by_text("No job in this status.").wait_for(timeout=60_000)
        prefix = "job_new_0"

        # bad input: a plain message, nothing stored
        page.locator(".st-key-jobs_save button").click()
        page.get_by_text("The job title is empty.").wait_for(timeout=60_000)
        fill(page, f"{prefix}_title", "Product Manager")
        fill(page, f"{prefix}_s0_name", "Screen")
        fill(page, f"{prefix}_s0_min", "2")
        fill(page, f"{prefix}_s0_any", "1")
        page.locator(".st-key-jobs_save button").click()
        page.get_by_text("Stage 1's duration must be 5 to 480 minutes.").wait_for(timeout=60_000)
        assert store.list_jobs(JobStatus.OPEN) == []
        assert store.find_job_by_title("Product Manager") is None

        # the job and its three-stage plan
        fill(page, f"{prefix}_dep", "Product")
        fill(page, f"{prefix}_loc", "Berlin")
        pick(page, f"{prefix}_hm", CAROL.name)
        pick(page, f"{prefix}_rec", RECRUITER.name)
        fill(page, f"{prefix}_count", "3")
        stage(page, prefix, 0, "Technical screen", 45, [ALICE.name, BOB.name], 1)
        stage(page, prefix, 1, "Onsite", 120, [DAVE.name], 2)
        stage(page, prefix, 2, "Hiring manager", 30, [CAROL.name], 0)
        page.locator(".st-key-jobs_save button").click()
        page.get_by_text("Product Manager was saved.").wait_for(timeout=60_000)
        cells = page.locator("[data-testid='stDataFrame'] table td")
        cells.first.wait_for(state="attached", timeout=60_000)
        shown = " | ".join(cells.all_inner_texts())
        assert "Product Manager" in shown and CAROL.name in shown and "Berlin" in shown
        job = store.find_job_by_title("product manager")
        assert job is not None and job.status is JobStatus.OPEN
        assert [(s.name, s.duration_minutes) for s in job.plan] == [
            ("Technical screen", 45),
            ("Onsite", 120),
            ("Hiring manager", 30),
        ]
        assert job.plan[0].panel == (
            PanelSeat(UserRole.INTERVIEWER, ALICE.user_id),
            PanelSeat(UserRole.INTERVIEWER, BOB.user_id),
            PanelSeat(UserRole.INTERVIEWER, None),
        )
        assert [e.action for e in store.list_job_audit(job.job_id)] == ["added"]
        assert store.list_job_audit(job.job_id)[0].actor_id == RECRUITER.user_id

        # Schedule: the job and stage 1 prefill the duration and the panel
        page.goto(f"{url}/schedule")
        page.get_by_role("heading", name="Schedule an interview").wait_for(timeout=60_000)
        settle(page)
        fill(page, "sch_find", "zoe")
        pick(page, "sch_job_pick", "Product Manager")
        pick(page, "sch_stage", "Technical screen")
        end = page.locator(".st-key-sch_end input").first
        assert end.input_value().startswith("10:45")  # 10:00 + 45 minutes
        chosen = page.locator(".st-key-sch_people").inner_text()
        assert ALICE.name in chosen and BOB.name in chosen and DAVE.name not in chosen
        page.get_by_text("1 seat for any interviewer").wait_for(timeout=30_000)
        pick(page, "sch_people", DAVE.name, close=True)  # the open seat, filled by hand
        pick(page, "sch_recruiter", RECRUITER.name)
        page.locator(".st-key-sch_submit button").click()
        page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)

    (made,) = store.list_interviews_by_candidate(CANDIDATE.candidate_id)
    interview = store.get_interview(made.interview_id)
    assert interview is not None and interview.job_title == "Product Manager"
    assert interview.scheduled_end - interview.scheduled_start == timedelta(minutes=45)
    link = store.get_interview_stage(made.interview_id)  # booked for the stage picked
    assert link is not None and (link.job_id, link.stage) == (job.job_id, "Technical screen")
    panel = {(p.user_id, p.role) for p in store.list_participants(made.interview_id)}
    assert panel == {
        (ALICE.user_id, UserRole.INTERVIEWER),
        (BOB.user_id, UserRole.INTERVIEWER),
        (DAVE.user_id, UserRole.INTERVIEWER),
    }
    assert store.doctor().problems == []
