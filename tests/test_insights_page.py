"""The Insights page through AppTest on every page backend (test_pages' fixtures)."""

from __future__ import annotations

import test_pages as pages

from interview_autopilot import insights

app_env, ref, visit, at = pages.app_env, pages.ref, pages.visit, pages.at
INSIGHTS = "pages/insights.py"


def test_the_page_draws_three_charts_of_the_stores_numbers(at, ref):
    visit(at, INSIGHTS)
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3
    note = at.main.caption[0].value
    assert note.startswith(f"{sum(ref.count_by_status().values())} interviews")
    assert "not yet served by aggregate tables" in note
    assert insights.gather(ref).interviews == 400
