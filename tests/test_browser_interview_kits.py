"""Interview kits and scorecards in Chromium (SQLite: the stores' parity is the contract tests'):
a recruiter adds a kit to a stage of a job's plan on the Jobs page; an interviewer opens the
interview booked for that stage, sees the kit, and submits a scorecard with their feedback; a
second interviewer who has not submitted sees the kit but none of the ratings; the recruiter
sees the recommendation explained: the ratings and who gave them, the attribute the panel
disputes, the one nobody assessed, and the recommendation without each scorecard."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser_kit import chromium_page, fill, need_chromium, open_as, pick, shots
from support.world import ALICE, BOB, CAROL, RECRUITER, add, seed_people

from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.kits import FocusAttribute
from interview_autopilot.core.models import Decision, InterviewStatus, Rating, UserRole, make_id
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser

JOB = Job(
    make_id("kit-browser-job", "backend"),
    "Backend Engineer",
    recruiter_id=RECRUITER.user_id,
    plan=(PlanStage("Technical", 60, (PanelSeat(UserRole.INTERVIEWER),)),),
)
NOTE = "Quokka note: sharded the cache by tenant."
CAROL_NOTE = "Wombat note: no failure modes."


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, SqliteStore, str]]:
    """The app in demo mode over a store holding a few people, the job (its one stage without
    a kit yet) and a completed interview linked to that stage, with Alice, Bob and Carol (a
    hiring manager) on its panel: the address, the store and the interview's id."""
    need_chromium()
    db = tmp_path / "kits.db"
    store = SqliteStore(db)
    seed_people(store)
    store.add_job(JOB, actor=RECRUITER.user_id)
    made = add(store, "kit browser", status=InterviewStatus.COMPLETED)
    store.link_interview_stage(made.interview_id, JOB.job_id, "Technical")
    env = {"LOAD_SAMPLE_DATA": "false", "LIVE_REFRESH_SECONDS": "0"}
    with shots.serve(db, port=shots.free_port(), extra_env=env, timeout=90) as url:
        yield url, store, str(made.interview_id)
    store.close()


def main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def test_a_kit_a_scorecard_kept_private_and_the_recommendation_explained(app) -> None:
    url, store, interview_id = app
    with chromium_page("Europe/Berlin") as page:
        # the recruiter adds a two-attribute kit to the job's Technical stage
        open_as(page, f"{url}/jobs")  # the demo views as the first recruiter: Rita
        page.get_by_role("heading", name="Create or edit a job").wait_for(timeout=60_000)
        pick(page, "jobs_pick", "Backend Engineer")
        stored = store.get_job(JOB.job_id)
        assert stored is not None
        prefix = f"job_{JOB.job_id}_{stored.version}"
        page.get_by_text("Interview kit (0 focus attributes)").click()
        fill(page, f"{prefix}_s0_kitn", "2")
        fill(page, f"{prefix}_s0_a0_n", "System design")
        for score, line in enumerate(("No design", "Gaps", "Sound", "Teaches us"), 1):
            fill(page, f"{prefix}_s0_a0_r{score}", line)
        fill(page, f"{prefix}_s0_a0_q", "Design a rate limiter.\n\nHow does it fail?")
        fill(page, f"{prefix}_s0_a1_n", "Communication")
        page.locator(".st-key-jobs_save button").click()
        page.get_by_text("Backend Engineer was saved.").wait_for(timeout=60_000)
        saved = store.get_job(JOB.job_id)
        assert saved is not None
        kit = saved.plan[0].kit
        assert kit == (
            FocusAttribute(
                "System design",
                ("No design", "Gaps", "Sound", "Teaches us"),
                ("Design a rate limiter.", "How does it fail?"),
            ),
            FocusAttribute("Communication"),
        )
        # Carol (hiring manager) rates it low: the panel will disagree on System design
        store.submit_feedback(
            uuid.UUID(interview_id),
            CAROL.user_id,
            "no",
            "Not convinced.",
            ratings=(Rating("System design", 2, CAROL_NOTE), Rating("Communication", None)),
        )

        # Alice opens the interview: the kit is there; she submits her scorecard
        open_as(page, f"{url}/interview?interview={interview_id}", ALICE.name)
        page.get_by_role("heading", name="Interview kit · Technical").wait_for(timeout=60_000)
        shown = main_text(page)
        assert "System design" in shown and "Teaches us" in shown
        assert "Design a rate limiter." in shown and CAROL_NOTE not in shown
        page.get_by_role("link", name="Submit or edit feedback").click()
        page.locator(".st-key-fb_kit_0").wait_for(timeout=60_000)
        shots.settle(page)
        assert "Teaches us" in page.locator(".st-key-fb_kit_0").inner_text()
        page.locator(".st-key-fb_kit_0").get_by_text("4", exact=True).click()
        shots.settle(page)
        fill(page, "fb_note_0", NOTE)
        page.locator(".st-key-fb_decision").get_by_text("Strong yes", exact=True).click()
        shots.settle(page)
        fill(page, "fb_comment", "Strong on design.")
        page.locator(".st-key-fb_submit button").click()
        page.get_by_text("Feedback saved.").wait_for(timeout=60_000)
        mine = store.get_feedback(uuid.UUID(interview_id), ALICE.user_id)
        assert mine is not None and mine.decision is Decision.STRONG_YES
        assert mine.ratings == (
            Rating("System design", 4, NOTE),
            Rating("Communication", None, ""),
        )

        # Bob has not submitted: he sees the kit, and no rating of anyone
        for where in (f"interview?interview={interview_id}", f"feedback?interview={interview_id}"):
            open_as(page, f"{url}/{where}", BOB.name)
            page.get_by_text("System design").first.wait_for(timeout=60_000)
            shots.settle(page)
            shown = main_text(page)
            for secret in (NOTE, CAROL_NOTE, "spread", "Why ", "Without Alice"):
                assert secret not in shown, (where, secret)

        # the recruiter sees why: the ratings and their authors, the dispute, leave-one-out
        open_as(page, f"{url}/interview?interview={interview_id}")
        reasons = page.locator(".st-key-recommendation_reasons")
        reasons.wait_for(timeout=60_000)
        why = reasons.inner_text()
        assert "Why hire" in why  # strong yes + no
        assert "System design: 2 (Carol), 4 (Alice) · spread 2: the panel disagrees" in why
        assert "The panel disagrees on: System design." in why
        assert "Nobody assessed: Communication." in why
        assert "Without Alice's scorecard (Strong yes): No hire instead of Hire" in why
        assert "Without Carol's scorecard (No): Strong hire instead of Hire" in why
        assert NOTE in main_text(page)  # her scorecard, beside her feedback
