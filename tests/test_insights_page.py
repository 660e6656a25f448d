"""The Insights page through AppTest on every page backend (test_pages' fixtures)."""

from __future__ import annotations

import test_pages as pages

from interview_autopilot import insights

app_env, ref, visit, at = pages.app_env, pages.ref, pages.visit, pages.at
INSIGHTS = "pages/insights.py"


def test_the_page_draws_every_chart_of_the_stores_aggregates(at, ref):
    visit(at, INSIGHTS)
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 7
    note = at.main.caption[0].value
    total = sum(ref.count_by_status().values())
    assert note.startswith(f"{total} interviews, counted by ")
    assert "bounded read" not in note and "not yet served" not in note
    sqlite = ref.backend == "sqlite"
    served = "one GROUP BY query per chart" if sqlite else "insight_counts_by_chart"
    assert served in note
    data = insights.gather(ref)
    assert data.interviews == total == 400
    assert data.time_to_feedback["feedback"].sum() > 0
    assert 0 < len(set(data.load["interviewer"])) <= insights.TOP_INTERVIEWERS
