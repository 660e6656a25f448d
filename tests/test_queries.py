"""Display helpers and the query module's input checks (the screens are tested in test_pages)."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from datetime import UTC, datetime

import pytest

from interview_autopilot.core import formatting
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import InterviewStatus, InterviewSummary, Recommendation
from interview_autopilot.features import frames
from interview_autopilot.ui import queries

START = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize("name", [None, "", "Not/AZone", "../etc/passwd"])
def test_an_unknown_browser_zone_falls_back_to_utc(name):
    zone = formatting.viewer_zone(name)
    assert formatting.zone_name(zone) == "UTC"
    assert formatting.local_time(START, zone) == "2026-11-24 23:30"


def test_local_times_follow_the_viewer_zone_and_show_the_end_date_only_when_it_differs():
    berlin = formatting.viewer_zone("Europe/Berlin")
    assert formatting.local_time(START, berlin) == "2026-11-25 00:30"
    end = datetime(2026, 11, 25, 0, 15, tzinfo=UTC)
    assert formatting.local_span(START, end, berlin) == "Wed 25 Nov 2026, 00:30–01:15"
    assert formatting.local_span(START, end, UTC) == (
        "Tue 24 Nov 2026, 23:30–Wed 25 Nov 2026, 00:15"
    )


def test_the_interview_table_has_the_screen_columns_in_row_order():
    rows = [
        InterviewSummary(
            uuid.UUID(int=i),
            START,
            InterviewStatus.COMPLETED,
            f"Cand {i}",
            "SRE",
            "Rita",
            i,
            3,
            Recommendation.HIRE,
        )
        for i in range(3)
    ]
    table = frames.interviews_table(rows, UTC)
    assert list(table.columns) == [
        "When",
        "Candidate",
        "Job title",
        "Recruiter",
        "Feedback",
        "ATS recommendation",
        "Attention",
    ]
    assert list(table["Candidate"]) == ["Cand 0", "Cand 1", "Cand 2"]
    assert list(table["Feedback"]) == ["0 / 3", "1 / 3", "2 / 3"]
    assert set(table["ATS recommendation"]) == {"Hire"}
    assert list(table["Attention"]) == [
        "⚠ 3 of 3 feedback missing",
        "⚠ 2 of 3 feedback missing",
        "⚠ 1 of 3 feedback missing",
    ]


@pytest.mark.parametrize(
    ("interview", "user", "decision", "field"),
    [
        ("nope", str(uuid.UUID(int=1)), "yes", "interview"),
        (str(uuid.UUID(int=1)), None, "yes", "interviewer"),
        (str(uuid.UUID(int=1)), "nope", "yes", "interviewer"),
        (str(uuid.UUID(int=1)), str(uuid.UUID(int=2)), None, "decision"),
    ],
)
def test_submit_feedback_refuses_bad_ids_before_reaching_the_store(
    interview, user, decision, field
):
    with pytest.raises(ValidationError) as err:
        queries.submit_feedback(interview, user, decision, "A comment.")
    assert err.value.field == field


def test_malformed_ids_are_refused_with_a_message():
    with pytest.raises(ValidationError, match="not a valid interview id"):
        queries.interview_detail("'; DROP TABLE interviews; --")


def test_every_cached_read_is_cleared_by_writes() -> None:
    """A cached function defined without `cached_read` would serve stale data after a write:
    every module of the query package is searched, not only what the package re-exports."""
    modules = [
        importlib.import_module(f"{queries.__name__}.{m.name}")
        for m in pkgutil.iter_modules(queries.__path__)
    ]
    assert len(modules) > 1, "the query package has its modules"
    cached = [
        v
        for module in [queries, *modules]
        for v in vars(module).values()
        if type(v).__name__ in ("CachedFunc", "RecordedRead") and v is not queries._backend
    ]  # the store
    assert cached, "the query package has cached reads"
    registered = {id(c) for c in queries._CACHED_READS}
    assert all(id(c) in registered for c in cached)
