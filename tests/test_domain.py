"""Domain rules shared by the stores: recommendation, ATS record, input parsing."""

from __future__ import annotations

import uuid

import pytest
from support.world import T0, interview

from interview_autopilot.core import domain
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import (
    AtsStatus,
    Decision,
    Feedback,
    InterviewStatus,
    Recommendation,
    day_bucket,
    utc_now,
)

D = Decision


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        ([], Recommendation.PENDING),
        ([D.STRONG_YES], Recommendation.STRONG_HIRE),
        ([D.STRONG_YES, D.YES], Recommendation.STRONG_HIRE),
        ([D.YES, D.YES, D.NO], Recommendation.HIRE),
        ([D.YES, D.NO], Recommendation.NO_HIRE),  # a tie is not a hire
        ([D.NO], Recommendation.NO_HIRE),
        ([D.STRONG_NO, D.NO], Recommendation.STRONG_NO_HIRE),
    ],
)
def test_recommend(decisions: list[Decision], expected: Recommendation) -> None:
    assert domain.recommend(decisions) is expected


def test_ats_record_for_cancelled_interview_is_closed() -> None:
    i = interview("x", status=InterviewStatus.CANCELLED)
    ats = domain.ats_record(i, 3, [])
    assert ats.status is AtsStatus.CLOSED
    assert ats.summary == "Interview cancelled. 0 of 3 interviewers submitted feedback."


def test_ats_record_counts_decisions_strongest_first() -> None:
    i = interview("x", status=InterviewStatus.COMPLETED)
    fb = [
        Feedback(i.interview_id, uuid.uuid4(), d, "c", utc_now())
        for d in (D.NO, D.STRONG_YES, D.YES, D.YES)
    ]
    ats = domain.ats_record(i, 4, fb)
    assert ats.status is AtsStatus.FEEDBACK_COMPLETE
    assert ats.summary == "4 of 4 interviewers submitted feedback: 1 strong yes, 2 yes, 1 no."


@pytest.mark.parametrize("text", ["", "not-a-uuid", "1234", None])
def test_parse_uuid_refuses_malformed_ids(text: object) -> None:
    with pytest.raises(ValidationError):
        domain.parse_uuid(text)


def test_parse_uuid_accepts_padded_text() -> None:
    u = uuid.uuid4()
    assert domain.parse_uuid(f"  {u} ") == u


def test_labels_and_buckets() -> None:
    assert [d.label for d in Decision] == ["Strong no", "No", "Yes", "Strong yes"]
    assert InterviewStatus.NO_SHOW.label == "No-show"
    assert day_bucket(interview("x").scheduled_start) == T0.strftime("%Y-%m-%d")
