"""A hiring decision against the recommendation, on every store (the `store` fixture): with the
recommendation its application's feedback gives, advancing on a no hire or rejecting on a hire
needs a reason for going against it; without one (or with only spaces) the store refuses it and
nothing changes; with one, the recommendation and the reason are kept with the decision, in
every copy of the application and in its audit entry. A decision that agrees keeps the
recommendation and no reason; one taken without a recommendation reads as before."""

from __future__ import annotations

import pytest
from support.world import CANDIDATE, CAROL, RECRUITER, seed_people
from test_jobs_store import job

from interview_autopilot.core import applications as rules
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import HiringCall, Recommendation
from interview_autopilot.store.base import Store


def _opened(store: Store):  # type: ignore[no-untyped-def]
    seed_people(store)
    j = store.add_job(job())
    return store.open_application(CANDIDATE.candidate_id, j.job_id, actor=RECRUITER.user_id)


@pytest.mark.parametrize("against", [None, "", "   \n"])
@pytest.mark.parametrize(
    ("call", "recommendation"),
    [
        ("reject", Recommendation.HIRE),
        ("reject", Recommendation.STRONG_HIRE),
        ("advance", Recommendation.NO_HIRE),
        ("advance", Recommendation.STRONG_NO_HIRE),
    ],
)
def test_a_decision_against_the_recommendation_without_a_reason_writes_nothing(
    store: Store, call: str, recommendation: Recommendation, against: str | None
) -> None:
    a = _opened(store)
    counts = store.application_counts(a.job_id)
    with pytest.raises(ValidationError) as refused:
        store.decide_application(
            a.application_id,
            CAROL.user_id,
            call,
            "Panel read it otherwise.",
            a.stage,
            recommendation=recommendation,
            against_reason=against,
        )
    assert refused.value.field == "against_reason"
    assert f"goes against the recommendation ({recommendation.label})" in refused.value.message
    assert store.get_application(a.application_id) == a
    assert store.list_applications_by_candidate(CANDIDATE.candidate_id) == [a]
    assert store.list_applications_by_job(a.job_id) == [a]
    assert len(store.list_application_audit(a.application_id)) == 1
    assert store.application_counts(a.job_id) == counts


def test_a_decision_against_the_recommendation_keeps_its_reason_everywhere(store: Store) -> None:
    a = _opened(store)
    rejected = store.decide_application(
        a.application_id,
        CAROL.user_id,
        "reject",
        "Not for this team.",
        a.stage,
        recommendation=Recommendation.HIRE,
        against_reason="  The references contradict the panel.  ",
    )
    d = rejected.decision
    assert d is not None and d.call is HiringCall.REJECT and rejected.stage == rules.REJECTED
    assert (d.recommendation, d.against_reason) == (
        Recommendation.HIRE,
        "The references contradict the panel.",
    )
    assert store.get_application(a.application_id) == rejected
    assert store.list_applications_by_candidate(CANDIDATE.candidate_id) == [rejected]
    assert store.list_applications_by_job(a.job_id) == [rejected]
    entry = store.list_application_audit(a.application_id)[-1]
    assert entry.action == rules.DECIDED and entry.actor_id == CAROL.user_id
    assert "against the recommendation Hire: The references contradict the panel." in entry.after
    assert rules.against_line(d) == (
        "Against the recommendation (Hire): The references contradict the panel."
    )
    assert store.doctor().problems == []


def test_a_decision_that_agrees_keeps_the_recommendation_and_no_reason(store: Store) -> None:
    a = _opened(store)
    moved = store.decide_application(
        a.application_id,
        RECRUITER.user_id,
        "advance",
        "Strong.",
        a.stage,
        recommendation=Recommendation.HIRE,
        against_reason="not needed",
    )
    assert moved.decision is not None and moved.stage == "Technical"
    assert (moved.decision.recommendation, moved.decision.against_reason) == (
        Recommendation.HIRE,
        "",
    )
    held = store.decide_application(
        a.application_id,
        RECRUITER.user_id,
        "hold",
        "Wait for the references.",
        moved.stage,
        recommendation=Recommendation.STRONG_NO_HIRE,  # holding never goes against it
    )
    assert held.decision is not None and held.decision.against_reason == ""
    pending = store.decide_application(
        a.application_id,
        RECRUITER.user_id,
        "advance",
        "No feedback yet, moving on.",
        held.stage,
        recommendation=Recommendation.PENDING,
    )
    assert pending.stage == "Hiring manager"
    assert store.get_application(a.application_id) == pending
    assert rules.against_line(pending.decision) is None
    assert all(
        "against the recommendation" not in e.after
        for e in store.list_application_audit(a.application_id)
    )
    assert store.doctor().problems == []


def test_a_decision_without_a_recommendation_reads_as_before(store: Store) -> None:
    a = _opened(store)
    moved = store.decide_application(a.application_id, CAROL.user_id, "advance", "yes", a.stage)
    assert moved.decision is not None
    assert (moved.decision.recommendation, moved.decision.against_reason) == (None, "")
    assert store.get_application(a.application_id) == moved
    assert store.list_applications_by_job(a.job_id) == [moved]


def test_an_unknown_recommendation_is_refused(store: Store) -> None:
    a = _opened(store)
    with pytest.raises(ValidationError) as refused:
        store.decide_application(
            a.application_id,
            CAROL.user_id,
            "advance",
            "yes",
            a.stage,
            recommendation="maybe",  # type: ignore[arg-type]
        )
    assert refused.value.field == "recommendation"
    assert store.get_application(a.application_id) == a


def test_a_later_decision_replaces_the_reason_against(store: Store) -> None:
    a = _opened(store)
    held = store.decide_application(
        a.application_id,
        CAROL.user_id,
        "advance",
        "Worth a second look.",
        a.stage,
        recommendation=Recommendation.NO_HIRE,
        against_reason="The panel missed the portfolio.",
    )
    assert held.decision is not None and held.decision.against_reason
    agreed = store.decide_application(
        a.application_id,
        CAROL.user_id,
        "hold",
        "Waiting.",
        held.stage,
        recommendation=Recommendation.NO_HIRE,
    )
    plain = store.decide_application(
        a.application_id, CAROL.user_id, "hold", "Still waiting.", agreed.stage
    )
    for after in (agreed, plain):
        assert after.decision is not None and after.decision.against_reason == ""
    assert plain.decision is not None and plain.decision.recommendation is None
    assert store.get_application(a.application_id) == plain
    assert store.list_applications_by_candidate(CANDIDATE.candidate_id) == [plain]
    assert store.list_applications_by_job(a.job_id) == [plain]
    assert store.doctor().problems == []
