"""The Debrief page with AppTest on every page backend (the sample data, plus one application
written beside the app): what each viewer gets of the plan, the scorecards side by side, the
recommendation, the decision and the history; the privacy rule of the other screens (an
interviewer who owes feedback on the application sees no verdict; one who sat on only some of
its interviews sees only those interviews' scorecards); the file has what the page has; the
decision form refuses a decision against the recommendation without its reason, on the page,
with nothing written; an unknown or malformed id gets a plain message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest
from support.payloads import shown
from support.world import ALICE, BOB, CAROL, DAVE, OTHER_CANDIDATE, RECRUITER, add, seed_people
from test_pages import app_env as app_env  # the fixture, re-exported
from test_pages import at as at  # the fixture, re-exported
from test_pages import ref as ref  # the fixture, re-exported
from test_pages import view_as, visit

from interview_autopilot.core.access import Viewer
from interview_autopilot.core.applications import Application
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.kits import FocusAttribute
from interview_autopilot.core.models import InterviewStatus, Rating, UserRole, make_id
from interview_autopilot.features.debrief import debrief
from interview_autopilot.features.debrief_file import debrief_html
from interview_autopilot.store.base import Store
from interview_autopilot.ui.queries._cache import clear_caches

DEBRIEF = "pages/debrief.py"
TITLE = "Debrief Engineer"
SEAT = (PanelSeat(UserRole.INTERVIEWER),)
JOB = Job(
    make_id("debrief-page-job", "x"),
    TITLE,
    hiring_manager_id=CAROL.user_id,
    recruiter_id=RECRUITER.user_id,
    plan=(
        PlanStage("Screen", 30, SEAT, kit=(FocusAttribute("Communication"),)),
        PlanStage("Design", 60, SEAT, kit=(FocusAttribute("System design"),)),
        PlanStage("Final", 45, SEAT),
    ),
)
DAVE_NOTE = "Wombat: no failure modes."


def _application(store: Store) -> Application:
    """Yann: Screen done (Alice: strong yes), Design done (Alice, Bob, Dave: Bob yes, Dave
    strong no, Alice owes hers), Final missing. Recommendation: Hire."""
    seed_people(store)
    store.add_job(JOB)
    screen = add(
        store,
        "debrief page screen",
        [(ALICE.user_id, UserRole.INTERVIEWER)],
        status=InterviewStatus.COMPLETED,
        candidate=OTHER_CANDIDATE,
        job_title=TITLE,
    )
    store.link_interview_stage(screen.interview_id, JOB.job_id, "Screen")
    store.submit_feedback(
        screen.interview_id,
        ALICE.user_id,
        "strong_yes",
        "Clear.",
        ratings=(Rating("Communication", 4),),
    )
    design = add(
        store,
        "debrief page design",
        [(u.user_id, UserRole.INTERVIEWER) for u in (ALICE, BOB, DAVE)],
        status=InterviewStatus.COMPLETED,
        candidate=OTHER_CANDIDATE,
        job_title=TITLE,
    )
    store.link_interview_stage(design.interview_id, JOB.job_id, "Design")
    store.submit_feedback(
        design.interview_id, BOB.user_id, "yes", "Ok.", ratings=(Rating("System design", 4),)
    )
    store.submit_feedback(
        design.interview_id,
        DAVE.user_id,
        "strong_no",
        "Weak.",
        ratings=(Rating("System design", 1, DAVE_NOTE),),
    )
    opened = store.open_application(OTHER_CANDIDATE.candidate_id, JOB.job_id)
    clear_caches()  # written beside the app: its cached reads are forgotten, as after a write
    return opened


def _text(at: AppTest) -> str:
    parts = [
        shown(e.value)
        for kind in ("markdown", "caption", "info", "warning", "error", "title")
        for e in getattr(at, kind)
    ]
    parts += [t.value.to_string() for t in at.table]
    return "\n".join(str(p) for p in parts)


def test_the_debrief_as_the_recruiter_and_the_file(at: AppTest, ref: Store) -> None:
    opened = _application(ref)
    view_as(at, RECRUITER.user_id)
    visit(at, DEBRIEF, application=str(opened.application_id))
    assert at.title[0].value == f"Debrief · {OTHER_CANDIDATE.name} · {TITLE}"
    plan, cards, history = (t.value for t in at.table)
    assert list(plan.index) == ["Screen", "Design", "Final"]
    assert list(plan["State"]) == ["Done", "Done", "Missing"]
    assert list(cards.columns) == ["Alice · Screen", "Bob · Design", "Dave · Design"]
    assert list(cards.index) == ["Communication", "System design", "Overall"]
    assert cards.loc["System design", "Dave · Design"] == f"1 · {DAVE_NOTE}"
    assert cards.loc["Overall", "Alice · Screen"] == "Strong yes"
    text = _text(at)
    assert "Recommendation: Hire" in text
    assert "System design: 4 (Bob), 1 (Dave) · spread 3: the panel disagrees" in text
    assert "Without Alice's scorecard (Strong yes): No hire instead of Hire" in text
    assert list(history["What"]) == ["Opened"]
    found = debrief(ref, Viewer(RECRUITER), opened.application_id)
    assert found is not None
    html = debrief_html(found, UTC, datetime(2026, 12, 1, tzinfo=UTC))
    for text in ("<th>Dave · Design</th>", "<td>System design</td>", DAVE_NOTE):
        assert text in html


def test_an_interviewer_who_owes_feedback_sees_no_verdict(at: AppTest, ref: Store) -> None:
    opened = _application(ref)
    view_as(at, ALICE.user_id)  # owes her Design scorecard
    visit(at, DEBRIEF, application=str(opened.application_id))
    text = _text(at)
    assert "Hidden until you have submitted your feedback." in text
    assert len(at.table) == 1  # the plan only: no scorecards, no history
    for secret in ("Bob ·", "Dave ·", DAVE_NOTE, "Recommendation", "spread", "Without"):
        assert secret not in text, secret
    assert not [b for b in at.button if b.label == "Save decision"]

    view_as(at, DAVE.user_id)  # submitted on Design, not on the Screen panel
    visit(at, DEBRIEF, application=str(opened.application_id))
    cards = at.table[1].value
    assert list(cards.columns) == ["Bob · Design", "Dave · Design"]
    assert "The feedback of 1 interview(s) is not shown to you." in _text(at)
    assert "Alice · Screen" not in _text(at)


def test_the_form_asks_why_against_the_recommendation(at: AppTest, ref: Store) -> None:
    opened = _application(ref)
    view_as(at, CAROL.user_id)  # the job's hiring manager
    visit(at, DEBRIEF, application=str(opened.application_id))
    key = f"app_{opened.application_id}_{opened.version}"
    at.radio(key=f"{key}_call").set_value("reject")
    at.text_area(key=f"{key}_reason").set_value("Design matters most.")
    next(b for b in at.button if b.label == "Save decision").click().run(timeout=30)
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "This decision goes against the recommendation (Hire): give your reason for deciding "
        "against it."
    ]
    assert ref.get_application(opened.application_id) == opened
    at.text_area(key=f"{key}_against").set_value("The references disagree.")
    next(b for b in at.button if b.label == "Save decision").click().run(timeout=30)
    assert not at.exception
    got = ref.get_application(opened.application_id)
    assert got is not None and got.stage == "Rejected"
    assert got.decision is not None and got.decision.against_reason == "The references disagree."
    assert "Against the recommendation (Hire): The references disagree." in _text(at)


@pytest.mark.parametrize(
    ("given", "message"),
    [(str(make_id("nothing", "here")), "No application has this id."), ("not-an-id", "id")],
)
def test_an_unknown_or_malformed_id_gets_a_message(at: AppTest, given: str, message: str) -> None:
    visit(at, DEBRIEF, application=given)
    assert not at.exception
    assert message in _text(at)
