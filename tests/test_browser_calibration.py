"""Interviewer calibration in Chromium (SQLite: the stores' parity is test_calibration_store's):
an interviewer opens their page and sees their figures beside the team's; a colleague who
still owes a scorecard sees their own figures but not the team's, and nothing on another
interviewer's page; the recruiter sees the table per interviewer on Insights."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from support.browser_kit import chromium_page, need_chromium, open_as, shots
from support.world import ALICE, BOB, CAROL, RECRUITER, T0, add, seed_people
from test_interview_kits_store import JOB

from interview_autopilot.core.models import InterviewStatus, Rating
from interview_autopilot.features.calibration import TEAM_HIDDEN
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
WHY = "Her design answers were rehearsed."


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, uuid.UUID]]:
    """Two completed interviews of the kit's stage with Alice, Bob and Carol on the panel.
    The first: Alice rates System design 4 and Communication 3 (strong yes), Bob rates System
    design 2 and leaves Communication not assessed (no); the candidate is rejected. The
    second: Alice rates 3 and 3 (yes); Bob still owes his scorecard."""
    need_chromium()
    db = tmp_path_factory.mktemp("calibration") / "calibration.db"
    store = SqliteStore(db)
    seed_people(store)
    store.add_job(JOB, actor=RECRUITER.user_id)
    first = add(store, "calibration 1", status=InterviewStatus.COMPLETED).interview_id
    second = add(
        store, "calibration 2", start=T0 + timedelta(days=1), status=InterviewStatus.COMPLETED
    ).interview_id
    for iid in (first, second):
        store.link_interview_stage(iid, JOB.job_id, "Technical")
    two = (Rating("System design", 4), Rating("Communication", 3))
    store.submit_feedback(first, ALICE.user_id, "strong_yes", "Strong.", ratings=two)
    low = (Rating("System design", 2), Rating("Communication", None))
    store.submit_feedback(first, BOB.user_id, "no", "Weak design.", ratings=low)
    store.record_decision(first, RECRUITER.user_id, "reject", "Design matters here.")
    three = (Rating("System design", 3), Rating("Communication", 3))
    store.submit_feedback(second, ALICE.user_id, "yes", "Fine.", ratings=three)
    store.close()
    env = {"LOAD_SAMPLE_DATA": "false", "LIVE_REFRESH_SECONDS": "0"}
    with shots.serve(db, port=shots.free_port(), extra_env=env, timeout=90) as url:
        yield url, db, second


def rows_of(page) -> dict[str, list[str]]:
    """The calibration table on the page: first cell -> the others."""
    table = page.locator("[data-testid='stTable']").last
    table.locator("tbody tr").first.wait_for(timeout=60_000)
    out = {}
    for row in table.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in row.locator("th, td").all()]
        out[cells[0]] = cells[1:]
    return out


def test_own_figures_beside_the_team_and_the_team_table_on_insights(app) -> None:
    url, db, second = app
    with chromium_page("Europe/Berlin") as page:
        # Alice owes nothing: her figures beside the team's
        open_as(page, f"{url}/person?user={ALICE.user_id}", ALICE.name)
        page.get_by_role("heading", name="Calibration").wait_for(timeout=60_000)
        shots.settle(page)
        mine = rows_of(page)
        assert mine["Scorecards"] == ["2", "3"]
        assert mine["Leniency (vs panel mean)"] == ["+1.00", "—"]
        assert mine["Mean rating"] == ["3.25", "3.00"]
        assert mine["Not assessed"] == ["0%", "17%"]
        assert mine["Verdict agrees with decision"] == ["0% of 1", "50% of 2"]

        # Bob owes a scorecard on the second interview: his own figures, no team's
        open_as(page, f"{url}/person?user={BOB.user_id}", BOB.name)
        page.get_by_role("heading", name="Calibration").wait_for(timeout=60_000)
        shots.settle(page)
        his = rows_of(page)
        assert his["Leniency (vs panel mean)"] == ["-1.00", "—"]
        assert his["Mean rating"] == ["2.00", "—"]
        assert his["Not assessed"] == ["50%", "—"]
        assert TEAM_HIDDEN in page.locator("[data-testid='stMain']").inner_text()
        # ...and nothing on Alice's page
        open_as(page, f"{url}/person?user={ALICE.user_id}", BOB.name)
        page.get_by_role("heading", name=ALICE.name).wait_for(timeout=60_000)
        shots.settle(page)
        shown = page.locator("[data-testid='stMain']").inner_text()
        assert "Calibration" not in shown and "+1.00" not in shown

        # the recruiter (the demo's first viewer) sees the table per interviewer on Insights
        open_as(page, f"{url}/insights")
        page.get_by_role("heading", name="Interviewer calibration").wait_for(timeout=60_000)
        shots.settle(page)
        team = rows_of(page)
        assert set(team) == {ALICE.name, BOB.name}
        assert team[ALICE.name][:3] == ["2", "+1.00", "3.25"]
        assert team[BOB.name][:3] == ["1", "-1.00", "2.00"]
        assert CAROL.name not in team

        # the recruiter rejects the second interview (Hire): the page asks why, then keeps it
        open_as(page, f"{url}/interview?interview={second}")
        page.get_by_text("Record the decision").click()
        page.locator(".st-key-hd_call").get_by_text("Reject", exact=True).click()
        page.locator(".st-key-hd_reason textarea").fill("The bar is higher for this team.")
        page.get_by_role("button", name="Save the decision").click()
        page.get_by_text("give your reason for deciding against it").wait_for(timeout=60_000)
        page.locator(".st-key-hd_against textarea").fill(WHY)
        page.get_by_role("button", name="Save the decision").click()
        alert = page.locator("[data-testid='stAlert']").filter(has_text=WHY)
        alert.wait_for(timeout=60_000)
        assert "Against the recommendation (Hire)" in alert.inner_text()
    store = SqliteStore(db)
    try:
        ats = store.get_ats(second)
        assert ats is not None and ats.decision is not None
        assert ats.decision.reason.endswith(f"Against the recommendation (Hire): {WHY}")
        assert WHY in (store.list_audit(second)[-1].after or "")
    finally:
        store.close()
