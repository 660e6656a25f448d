"""The hiring decision on every store (the `store` fixture): who may decide, when, and the ATS
record carrying it; on Cassandra the decision lives in the source partition and the doctor
finds every copy consistent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.world import ALICE, BOB, CAROL, DAVE, RECRUITER, T0, add, seed_people

from interview_autopilot.core import domain
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import (
    AtsStatus,
    HiringCall,
    HiringDecision,
    InterviewStatus,
    Recommendation,
)
from interview_autopilot.store.base import Store

LATER = T0 + timedelta(hours=3)


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def test_the_recruiter_records_a_decision_and_the_ats_record_carries_it(people: Store) -> None:
    i = add(people, "decided", status=InterviewStatus.COMPLETED)
    people.submit_feedback(i.interview_id, ALICE.user_id, "no", "Weak.", T0)
    made = people.record_decision(
        i.interview_id, RECRUITER.user_id, "advance", " Team fit. ", LATER
    )
    assert made == HiringDecision(HiringCall.ADVANCE, "Team fit.", RECRUITER.user_id, LATER)
    ats = people.get_ats(i.interview_id)
    assert ats is not None and ats.decision == made
    assert ats.recommendation is Recommendation.NO_HIRE
    assert domain.decision_disagrees(made.call, ats.recommendation)
    detail = people.get_interview_detail(i.interview_id)
    assert detail is not None and detail.ats == ats


def test_a_hiring_manager_on_the_panel_may_decide_and_replaces_the_decision(people: Store) -> None:
    i = add(people, "managed")  # Carol is its hiring manager
    people.record_decision(i.interview_id, RECRUITER.user_id, "hold", "Wait.", LATER)
    made = people.record_decision(i.interview_id, CAROL.user_id, "reject", "No.", LATER)
    ats = people.get_ats(i.interview_id)
    assert ats is not None and ats.decision == made and made.decided_by == CAROL.user_id
    assert ats.status is AtsStatus.AWAITING_FEEDBACK  # a scheduled one gains an ATS record


def test_the_decision_survives_feedback_status_changes_and_a_reschedule(people: Store) -> None:
    i = add(people, "kept")
    made = people.record_decision(i.interview_id, RECRUITER.user_id, "advance", "Go.", LATER)
    people.submit_feedback(i.interview_id, BOB.user_id, "yes", "Good.", LATER)
    people.change_status(i.interview_id, InterviewStatus.COMPLETED)
    moved = i.__class__(**{**i.__dict__, "status": InterviewStatus.COMPLETED})
    people.create_interview(moved, [(u, r) for u, r in [(ALICE.user_id, "interviewer")]])
    ats = people.get_ats(i.interview_id)
    assert ats is not None and ats.decision == made
    assert people.doctor().ok


@pytest.mark.parametrize(
    ("who", "call", "reason", "status", "start", "field"),
    [
        ("alice", "advance", "Go.", InterviewStatus.COMPLETED, T0, "decider"),  # an interviewer
        ("dave", "advance", "Go.", InterviewStatus.COMPLETED, T0, "decider"),  # not on it
        ("rita", "promote", "Go.", InterviewStatus.COMPLETED, T0, "call"),
        ("rita", "advance", "   ", InterviewStatus.COMPLETED, T0, "reason"),
        ("rita", "advance", "Go.", InterviewStatus.CANCELLED, T0, "interview"),
        ("rita", "advance", "Go.", InterviewStatus.NO_SHOW, T0, "interview"),
        ("rita", "advance", "Go.", InterviewStatus.SCHEDULED, LATER + timedelta(1), "interview"),
    ],
)
def test_a_refused_decision_changes_nothing(
    people: Store, who, call, reason, status, start, field
) -> None:
    i = add(people, f"refused-{who}-{call}-{status}", status=status, start=start)
    before = (people.get_interview_detail(i.interview_id), people.count_by_status())
    user = {"alice": ALICE, "dave": DAVE, "rita": RECRUITER}[who].user_id
    with pytest.raises(ValidationError) as err:
        people.record_decision(i.interview_id, user, call, reason, LATER)
    assert err.value.field == field and err.value.message
    assert (people.get_interview_detail(i.interview_id), people.count_by_status()) == before


def test_disagreement_with_the_recommendation() -> None:
    assert domain.decision_disagrees(HiringCall.ADVANCE, Recommendation.STRONG_NO_HIRE)
    assert domain.decision_disagrees(HiringCall.REJECT, Recommendation.HIRE)
    assert not domain.decision_disagrees(HiringCall.ADVANCE, Recommendation.HIRE)
    assert not domain.decision_disagrees(HiringCall.HOLD, Recommendation.STRONG_HIRE)
    assert not domain.decision_disagrees(HiringCall.REJECT, Recommendation.PENDING)


def test_the_decision_is_stored_in_the_source_and_copied_to_the_ats_record(people: Store) -> None:
    i = add(people, "where", status=InterviewStatus.COMPLETED)
    people.record_decision(i.interview_id, RECRUITER.user_id, "reject", "Not now.", LATER)
    if people.backend == "sqlite":
        db = people._db  # type: ignore[attr-defined]
        key = (str(i.interview_id),)
        source = db.execute("SELECT hiring_call FROM interviews WHERE interview_id = ?", key)
        copy = db.execute("SELECT hiring_call FROM ats WHERE interview_id = ?", key)
        assert source.fetchone()[0] == copy.fetchone()[0] == "reject"
        return
    session, ks = people.session.session, people.keyspace  # type: ignore[attr-defined]
    static = session.execute(
        f"SELECT hiring_call, hiring_reason FROM {ks}.interviews_by_id WHERE interview_id = %s",
        (i.interview_id,),
    ).one()
    copy = session.execute(
        f"SELECT hiring_call, hiring_by FROM {ks}.ats_by_interview WHERE interview_id = %s",
        (i.interview_id,),
    ).one()
    assert (static["hiring_call"], static["hiring_reason"]) == ("reject", "Not now.")
    assert (copy["hiring_call"], copy["hiring_by"]) == ("reject", RECRUITER.user_id)
