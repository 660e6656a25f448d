"""The Insights page through AppTest on every page backend (test_pages' fixtures)."""

from __future__ import annotations

import test_pages as pages

from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.features import insights

app_env, ref, visit, at = pages.app_env, pages.ref, pages.visit, pages.at
INSIGHTS = "pages/insights.py"


def decide_some(store) -> int:
    """Hiring decisions on every fifth completed interview (by its recruiter)."""
    done = store.list_interviews_by_status(InterviewStatus.COMPLETED, 100).rows[::5]
    for n, row in enumerate(done):
        recruiter = store.get_interview(row.interview_id).recruiter_id
        store.record_decision(row.interview_id, recruiter, ("advance", "reject")[n % 2], "Agreed.")
    return len(done)


def test_without_decisions_their_charts_say_so_in_words(at, ref):
    visit(at, INSIGHTS)
    assert len(at.get("vega_lite_chart")) == 7  # with the two of time to feedback by reminders
    said = [i.value for i in at.main.info]
    assert said == [
        insights.EMPTY["decisions_by_job"],
        insights.EMPTY["recommendation_vs_decision"],
    ]


def test_the_page_draws_every_chart_of_the_stores_aggregates(at, ref):
    assert decide_some(ref) > 0
    visit(at, INSIGHTS)
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 9
    assert not at.main.info  # nothing said empty
    note = at.main.caption[0].value
    total = sum(ref.count_by_status().values())
    assert note.startswith(f"{total} interviews. ")
    assert "bounded read" not in note and "not yet served" not in note
    sqlite = ref.backend == "sqlite"
    served = "one GROUP BY query per chart" if sqlite else "insight_counts_by_chart"
    # How they are counted is the store's words: for administrators only.
    assert all(served not in c.value for c in at.main.caption)
    at.session_state["viewer_admin"] = True
    visit(at, INSIGHTS)
    assert at.main.caption[0].value == note
    assert served in at.main.caption[1].value
    data = insights.gather(ref)
    assert data.interviews == total == 400
    assert data.time_to_feedback["feedback"].sum() > 0
    # every scorecard of the window's weeks, counted once in the table's "any" rows
    every = data.feedback_time_table
    assert every[every["Reminders received"] == "any"]["Scorecards"].sum() > 0
    assert 0 < len(set(data.load["interviewer"])) <= insights.TOP_INTERVIEWERS
