# ruff: noqa: F811  (the fixtures of test_pages are imported by name)
"""The Scorecards due page through AppTest on every page backend (sample data anchored to today)."""

from __future__ import annotations

from support.payloads import shown
from test_pages import app_env, at, ref, visit  # noqa: F401

from interview_autopilot.core.models import utc_now
from interview_autopilot.features.scorecards import scorecards_due

SCORECARDS = "pages/scorecards.py"


def test_the_page_lists_who_owes_feedback_most_overdue_first(at, ref):
    visit(at, SCORECARDS)
    due = scorecards_due(ref, utc_now().replace(second=0, microsecond=0), 24)
    assert due  # the anchored sample always has some
    heads = [m.value for m in at.markdown if " missing · up to " in m.value]
    assert len(heads) == len(due)
    assert [shown(h.split("**")[1]) for h in heads] == [p.name for p in due]
    first = due[0]
    links = [p for p in at.get("page_link") if p.proto.query_string.startswith("interview=")]
    assert len(links) == sum(len(p.items) for p in due)
    assert links[0].proto.query_string == f"interview={first.items[0].interview_id}"
    reminder = at.code[0].value
    assert reminder.startswith(f"Hi {first.slack_handle},")
    assert "24 hours" in at.caption[0].value
