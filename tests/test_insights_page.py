"""The Insights page through AppTest on every page backend (test_pages' fixtures)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import test_pages as pages
from support.world import ALICE, BOB, interview, seed_people

from interview_autopilot.core.models import InterviewStatus, UserRole, utc_now
from interview_autopilot.features import feedback_time, insights

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


def test_time_to_feedback_leaves_small_figures_out_for_interviewers(at, ref):
    """A week with two scorecards: a recruiter sees its figures; an interviewer sees the
    sample's weeks (many scorecards each) but not that one, and is told why."""
    seed_people(ref)
    today = utc_now().date()
    monday = today - timedelta(days=today.weekday(), weeks=20)
    start = datetime.combine(monday + timedelta(days=1), time(15), tzinfo=UTC)
    made = interview("insights-few", start, InterviewStatus.COMPLETED)
    ref.create_interview(
        made, [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)]
    )
    end = made.scheduled_end
    ref.submit_feedback(made.interview_id, BOB.user_id, "yes", "Good.", end + timedelta(hours=3))
    ref.submit_feedback(made.interview_id, ALICE.user_id, "no", "Hm.", end + timedelta(hours=9))
    week = monday.isoformat()

    def shown() -> tuple[list[str], list[str]]:
        visit(at, INSIGHTS)
        tables = [t.value for t in at.table if "Reminders received" in t.value.columns]
        assert len(tables) == 1
        return [str(w) for w in tables[0].index], [c.value for c in at.main.caption]

    people = ref.list_users()  # the sample's (the app read its people before this test's)
    recruiter = next(u for u in people if u.role is UserRole.RECRUITER and not u.admin)
    interviewer = next(u for u in people if u.role is UserRole.INTERVIEWER and not u.admin)
    pages.view_as(at, recruiter.user_id)
    weeks, captions = shown()
    assert weeks.count(week) == 2  # every reminder count, then the one there is (0)
    assert feedback_time.FEW_NOTE not in captions
    pages.view_as(at, interviewer.user_id)
    weeks, captions = shown()
    assert week not in weeks and len(weeks) > 10  # the sample's weeks stay
    assert feedback_time.FEW_NOTE in captions
