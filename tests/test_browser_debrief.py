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


def test_the_debrief_side_by_side_private_printable_and_decided(app) -> None:
    url, store = app
    (opened,) = store.list_applications_by_candidate(OTHER_CANDIDATE.candidate_id)
    debrief_url = f"{url}/debrief?application={opened.application_id}"
    with chromium_page("Europe/Berlin") as page:
        # the recruiter (the demo's first viewer) opens it from the candidate page
        open_as(page, f"{url}/candidate?candidate={OTHER_CANDIDATE.candidate_id}")
        page.get_by_role("link", name="Debrief: the interviews").click()
        page.get_by_role("heading", name="Scorecards side by side").wait_for(timeout=60_000)
        assert f"application={opened.application_id}" in page.url
        reasons = page.locator(".st-key-debrief_reasons")
        reasons.wait_for(timeout=60_000)
        page.get_by_text("Dave · Technical").wait_for(timeout=60_000)  # tables load lazily
        page.get_by_text("Missing", exact=True).wait_for(timeout=60_000)
        shown = main_text(page)
        for step in ("Phone screen", "Technical", "Hiring manager"):
            assert step in shown
        assert "Missing" in shown and "Done" in shown
        for heading in ("Alice · Phone screen", "Bob · Technical", "Dave · Technical"):
            assert heading in shown
        assert DAVE_NOTE in shown
        why = reasons.inner_text()
        assert "Recommendation: Hire" in why
        assert "System design: 4 (Bob), 1 (Dave) · spread 3: the panel disagrees" in why
        assert "The panel disagrees on: System design." in why
        assert "Without Alice's scorecard (Strong yes): No hire instead of Hire" in why

        name, html = download(page)
        assert name == "debrief-yann-other-backend-engineer.html"
        assert html.startswith("<!DOCTYPE html>") and "<script" not in html
        assert "@media print" in html and "<link" not in html and "src=" not in html
        for text in (
            "<td>System design</td>",
            "<td>Communication</td>",
            "<td>Overall</td>",
            "<th>Alice · Phone screen</th>",
            "<th>Bob · Technical</th>",
            "<th>Dave · Technical</th>",
            "<td>Hiring manager</td><td>Missing</td>",
            "The panel disagrees on: System design.",
            "Without Alice&#x27;s scorecard (Strong yes): No hire instead of Hire",
        ):
            assert text in html, text

        # Alice owes her Technical scorecard: no rating, verdict or rater, on the page or file
        open_as(page, debrief_url, ALICE.name)
        page.get_by_text("Hidden until you have submitted your feedback.").first.wait_for(
            timeout=60_000
        )
        page.get_by_text("Missing", exact=True).wait_for(timeout=60_000)
        shown = main_text(page)
        _, html = download(page)
        for secret in ("Bob · Technical", "Dave · Technical", DAVE_NOTE, "spread", "Without "):
            assert secret not in shown and secret not in html, secret
        assert "Hiring manager" in shown and "Missing" in html  # the plan itself is no verdict
        assert page.get_by_role("button", name="Save decision").count() == 0

        # Carol, the job's hiring manager, rejects against the recommendation
        open_as(page, debrief_url, CAROL.name)
        page.get_by_text("Recommendation of the feedback: Hire").wait_for(timeout=60_000)
        page.get_by_text("Reject", exact=True).click()
        page.get_by_role("textbox", name="Reason", exact=True).fill("Design matters most here.")
        page.get_by_role("button", name="Save decision").click()
        page.get_by_text("goes against the recommendation (Hire)").wait_for(timeout=60_000)
        assert store.get_application(opened.application_id) == opened
        page.get_by_role("textbox", name="Why against the recommendation").fill(AGAINST)
        page.get_by_role("button", name="Save decision").click()
        page.get_by_text("Saved: Backend Engineer is now at Rejected.").wait_for(timeout=60_000)
        page.get_by_text(f"Against the recommendation (Hire): {AGAINST}").wait_for(timeout=60_000)

        # the recruiter: the decision and its reason in the History
        open_as(page, debrief_url)
        page.get_by_role("heading", name="History").wait_for(timeout=60_000)
        entry = page.get_by_text(f"against the recommendation Hire: {AGAINST}")
        entry.wait_for(timeout=60_000)
        assert f"decision: Reject by {CAROL.name}: Design matters most here." in entry.inner_text()

        # Alice submits her Technical scorecard: now she sees the panel's
        tech = make_id("test-interview", "debrief yann technical")
        store.submit_feedback(tech, ALICE.user_id, "yes", "Fine.", ratings=(Rating(DESIGN, 3),))
        open_as(page, debrief_url, ALICE.name)
        page.get_by_text("Dave · Technical").first.wait_for(timeout=60_000)
        assert DAVE_NOTE in main_text(page)
