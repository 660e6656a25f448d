"""Applications in Chromium, on SQLite and on the node: scheduling an interview for a job opens
the candidate's application; the job's hiring manager opens the candidate, advances the
application with a reason from its form, and sees the new stage on the candidate page and on the
job page (with the count), then picks the other stage there and sees who is at it; an
interviewer on the panel who has not given feedback sees the decision hidden, as on the
interview page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.browser_kit import (
    chromium_page,
    journey_backends,
    need_chromium,
    node_env,
    open_as,
    shots,
)
from support.world import ALICE, CANDIDATE, CAROL, OTHER_CANDIDATE, RECRUITER, seed_people
from test_jobs_store import job

from interview_autopilot.core import applications as rules
from interview_autopilot.core.models import HiringCall, UserRole
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser


@pytest.fixture(params=journey_backends("sqlite"))
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """The app in demo mode over a store holding a few people, a job with a three-stage plan
    (hiring manager Carol) and an interview of Zoe and one of Yann for it, scheduled as the
    Schedule page does: its address and the store."""
    need_chromium()
    db = tmp_path / "applications.db"
    env = {"LOAD_SAMPLE_DATA": "false", "LIVE_REFRESH_SECONDS": "0"}
    store: Store
    if request.param == "cassandra":
        store = request.getfixturevalue("cassandra_store_factory")()
        env |= node_env(store.keyspace)  # type: ignore[attr-defined]
    else:
        store = SqliteStore(db)
    seed_people(store)
    store.add_job(job())
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    for candidate, at in ((CANDIDATE, start), (OTHER_CANDIDATE, start + timedelta(hours=1))):
        scheduling.schedule(
            store,
            candidate.candidate_id,
            "product  manager",  # filed under the job by its folded title
            RECRUITER.user_id,
            at,
            at + timedelta(minutes=30),
            "",
            [(ALICE.user_id, UserRole.INTERVIEWER)],
        )
    with shots.serve(db, port=shots.free_port(), extra_env=env, timeout=90) as url:
        yield url, store
    if request.param == "sqlite":
        store.close()


def test_the_hiring_manager_advances_an_application_and_both_pages_show_it(app) -> None:
    url, store = app
    (opened,) = store.list_applications_by_candidate(CANDIDATE.candidate_id)
    assert opened.stage == "Phone screen"  # opened by scheduling
    candidate_url = f"{url}/candidate?candidate={CANDIDATE.candidate_id}"
    with chromium_page("Europe/Berlin") as page:
        open_as(page, candidate_url, CAROL.name)
        page.get_by_role("heading", name="Applications (1)").wait_for(timeout=60_000)
        page.get_by_text("Product Manager · stage: Phone screen").wait_for(timeout=60_000)

        # no call chosen: a plain message, nothing written
        page.get_by_role("button", name="Save decision").click()
        page.get_by_text("Choose advance, reject or hold.").wait_for(timeout=60_000)
        assert store.get_application(opened.application_id) == opened

        page.get_by_text("Advance", exact=True).click()
        box = page.get_by_role("textbox", name="Reason")
        box.fill("Strong product sense.")
        page.get_by_role("button", name="Save decision").click()
        page.get_by_text("Saved: Product Manager is now at Technical.").wait_for(timeout=60_000)
        page.get_by_text("Product Manager · stage: Technical").wait_for(timeout=60_000)
        page.get_by_text(f"Decision Advance by {CAROL.name}").wait_for(timeout=60_000)

        # the job page: the application under its new stage, and the counts
        page.get_by_text("Product Manager · stage: Technical").click()
        page.get_by_role("heading", name="Applications by stage").wait_for(timeout=60_000)
        page.get_by_text("Technical (1)").wait_for(timeout=60_000)
        page.get_by_text(f"{CANDIDATE.name} · Advance: Strong product sense.").wait_for(
            timeout=60_000
        )
        cells = page.locator("[data-testid='stDataFrame']").first
        cells.wait_for(timeout=60_000)
        assert "job=" in page.url and "stage=Technical" in page.url
        main = page.locator("[data-testid='stMain']")
        assert OTHER_CANDIDATE.name not in main.inner_text()  # at the stage not picked

        # the other stage, picked: who is at it, in the URL, and still there after a reload
        assert page.get_by_role("radio", name="Technical (1)").is_checked()
        page.get_by_role("radio", name="Phone screen (1)").click()
        page.get_by_role("link", name=OTHER_CANDIDATE.name).wait_for(timeout=60_000)
        assert CANDIDATE.name not in main.inner_text()
        assert "stage=Phone+screen" in page.url
        page.reload()
        page.get_by_role("link", name=OTHER_CANDIDATE.name).wait_for(timeout=60_000)
        assert page.get_by_role("radio", name="Phone screen (1)").is_checked()

        # an interviewer who owes feedback sees that a decision exists, not what it is
        open_as(page, candidate_url, ALICE.name)
        page.get_by_text("Product Manager · stage: Technical").wait_for(timeout=60_000)
        page.get_by_text("Decision: Hidden until you have submitted your feedback.").wait_for(
            timeout=60_000
        )
        assert page.get_by_text("Strong product sense.").count() == 0
        assert page.get_by_role("button", name="Save decision").count() == 0

    got = store.get_application(opened.application_id)
    assert got is not None and got.stage == "Technical"
    assert got.decision is not None and got.decision.call is HiringCall.ADVANCE
    assert got.decision.decided_by == CAROL.user_id
    counts = store.application_counts(opened.job_id)
    assert counts[("Technical", rules.NOW)] == 1 and counts[("Phone screen", rules.NOW)] == 1
    assert store.doctor().problems == []
