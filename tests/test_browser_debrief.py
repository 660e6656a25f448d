"""The debrief and decisions against the recommendation, in Chromium (SQLite: the stores' parity
is the contract tests', the screen logic's the AppTest page tests'). One app server for the
module, one application per test.

- The candidate page: the job's hiring manager rejects an application whose feedback
  recommends hiring; the page asks for the reason for going against the recommendation and
  nothing is stored; with the reason it is saved and shown under the decision.
- The debrief: the recruiter opens it from the candidate page: the plan's interviews (done,
  missing), three scorecards side by side by focus attribute, the disputed attribute, the
  leave-one-out change; downloads the printable file and finds the same; an interviewer who
  has not submitted on every interview of it sees no rating, verdict or rater (page and file);
  the hiring manager rejects against the recommendation from the debrief, asked for the reason;
  the recruiter sees the decision and its reason in the History; once the interviewer has
  submitted, they see the scorecards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser_kit import chromium_page, need_chromium, open_as, shots
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    DAVE,
    OTHER_CANDIDATE,
    RECRUITER,
    add,
    seed_people,
)

from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.kits import FocusAttribute
from interview_autopilot.core.models import (
    HiringCall,
    InterviewStatus,
    Rating,
    Recommendation,
    UserRole,
    make_id,
)
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser

SEAT = (PanelSeat(UserRole.INTERVIEWER),)
DESIGN, TALK = "System design", "Communication"
JOB = Job(
    make_id("debrief-browser-job", "backend"),
    "Backend Engineer",  # the interviews' title (support.world)
    hiring_manager_id=CAROL.user_id,
    recruiter_id=RECRUITER.user_id,
    plan=(
        PlanStage("Phone screen", 30, SEAT, kit=(FocusAttribute(TALK),)),
        PlanStage("Technical", 60, SEAT, kit=(FocusAttribute(DESIGN), FocusAttribute(TALK))),
        PlanStage("Hiring manager", 45, SEAT),
    ),
)
AGAINST = "Quokka: references contradict the panel."
DAVE_NOTE = "Wombat: no failure modes at all."


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SqliteStore]]:
    """The app in demo mode over a store holding a few people and the job with its plan and
    kits. Zoe: one completed Technical interview, two yes scorecards (recommendation: Hire).
    Yann: a completed Phone screen (Alice, strong yes) and a completed Technical (Alice, Bob,
    Dave: Bob yes, Dave strong no, Alice not yet), no Hiring manager interview."""
    need_chromium()
    db = tmp_path_factory.mktemp("debrief") / "debrief.db"
    store = SqliteStore(db)
    seed_people(store)
    store.add_job(JOB)
    panel = [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)]
    zoe = add(store, "debrief zoe", panel, status=InterviewStatus.COMPLETED)
    store.link_interview_stage(zoe.interview_id, JOB.job_id, "Technical")
    for who in (ALICE, BOB):
        store.submit_feedback(zoe.interview_id, who.user_id, "yes", "Good.")
    store.open_application(CANDIDATE.candidate_id, JOB.job_id)

    phone = add(
        store,
        "debrief yann phone",
        [(ALICE.user_id, UserRole.INTERVIEWER)],
        status=InterviewStatus.COMPLETED,
        candidate=OTHER_CANDIDATE,
    )
    store.link_interview_stage(phone.interview_id, JOB.job_id, "Phone screen")
    store.submit_feedback(
        phone.interview_id,
        ALICE.user_id,
        "strong_yes",
        "Clear.",
        ratings=(Rating(TALK, 4, "Crisp answers."),),
    )
    tech = add(
        store,
        "debrief yann technical",
        [(u.user_id, UserRole.INTERVIEWER) for u in (ALICE, BOB, DAVE)],
        status=InterviewStatus.COMPLETED,
        candidate=OTHER_CANDIDATE,
    )
    store.link_interview_stage(tech.interview_id, JOB.job_id, "Technical")
    store.submit_feedback(
        tech.interview_id,
        BOB.user_id,
        "yes",
        "Solid.",
        ratings=(Rating(DESIGN, 4), Rating(TALK, 3)),
    )
    store.submit_feedback(
        tech.interview_id,
        DAVE.user_id,
        "strong_no",
        "Weak.",
        ratings=(Rating(DESIGN, 1, DAVE_NOTE), Rating(TALK, None)),
    )
    store.open_application(OTHER_CANDIDATE.candidate_id, JOB.job_id)
    env = {"LOAD_SAMPLE_DATA": "false", "LIVE_REFRESH_SECONDS": "0"}
    with shots.serve(db, port=shots.free_port(), extra_env=env, timeout=90) as url:
        yield url, store
    store.close()


def main_text(page) -> str:  # type: ignore[no-untyped-def]
    """The main area's text once the run that drew it has finished."""
    shots.settle(page)
    return page.locator("[data-testid='stMain']").text_content() or ""


def download(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with page.expect_download(timeout=60_000) as got:
        page.locator(".st-key-debrief_file button").click()
    return got.value.suggested_filename, Path(got.value.path()).read_text("utf-8")


def test_a_decision_against_the_recommendation_asks_for_the_reason(app) -> None:
    url, store = app
    (opened,) = store.list_applications_by_candidate(CANDIDATE.candidate_id)
    with chromium_page("Europe/Berlin") as page:
        open_as(page, f"{url}/candidate?candidate={CANDIDATE.candidate_id}", CAROL.name)
        page.get_by_text("Backend Engineer · stage: Phone screen").wait_for(timeout=60_000)
        page.get_by_text("Recommendation of the feedback: Hire").wait_for(timeout=60_000)
        page.get_by_text("Reject", exact=True).click()
        page.get_by_role("textbox", name="Reason", exact=True).fill("Not for this team.")
        page.get_by_role("button", name="Save decision").click()
        page.get_by_text(
            "This decision goes against the recommendation (Hire): give your reason for "
            "deciding against it."
        ).wait_for(timeout=60_000)
        assert store.get_application(opened.application_id) == opened  # nothing stored

        page.get_by_role("textbox", name="Why against the recommendation").fill(AGAINST)
        page.get_by_role("button", name="Save decision").click()
        page.get_by_text("Saved: Backend Engineer is now at Rejected.").wait_for(timeout=60_000)
        page.get_by_text(f"Against the recommendation (Hire): {AGAINST}").wait_for(timeout=60_000)
    got = store.get_application(opened.application_id)
    assert got is not None and got.decision is not None
    assert (got.decision.call, got.decision.recommendation, got.decision.against_reason) == (
        HiringCall.REJECT,
        Recommendation.HIRE,
        AGAINST,
    )
    assert AGAINST in store.list_application_audit(opened.application_id)[-1].after
