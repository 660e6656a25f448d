"""Hiring decisions taken on interviews (as every decision was before applications) reach the
candidate's application on every store (the `store` fixture): the doctor names each one its
application lacks, its repair opens the application and takes them on it oldest first (the stage
moves as a decision there would move it; each lands in the trail), and a second repair writes
nothing. A decision older than the application's own latest one is left; one the application's
rules refuse (it is closed) is reported, not forced."""

from __future__ import annotations

from datetime import timedelta

from support.world import CAROL, OTHER_CANDIDATE, RECRUITER, T0, add, seed_people

from interview_autopilot.core.applications import application_id_for
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.models import HiringCall, InterviewStatus, UserRole, make_id
from interview_autopilot.store.base import Store

SEAT = (PanelSeat(UserRole.INTERVIEWER),)
JOB = Job(
    make_id("carried-job", "backend"),
    "Backend Engineer",  # the title of support.world's interviews
    plan=(PlanStage("Phone screen", 30, SEAT), PlanStage("Onsite", 60, SEAT)),
)


def decision_lines(store: Store) -> list[str]:
    return [p for p in store.doctor().problems if p.startswith("decision:")]


def test_interview_decisions_are_carried_to_the_application_once(store: Store) -> None:
    seed_people(store)
    done = InterviewStatus.COMPLETED
    first = add(store, "screen", status=done)
    second = add(store, "onsite", start=T0 + timedelta(days=3), status=done)
    other = add(store, "other", status=done, candidate=OTHER_CANDIDATE)
    at = T0 + timedelta(hours=2)
    store.record_decision(first.interview_id, RECRUITER.user_id, "advance", "Good screen", at)
    store.record_decision(
        second.interview_id, CAROL.user_id, "hold", "Wait for refs", at + timedelta(days=3)
    )
    store.record_decision(other.interview_id, RECRUITER.user_id, "reject", "No", at)
    store.record_decision(  # a second thought on a rejected candidate: refused, reported
        add(store, "again", status=done, candidate=OTHER_CANDIDATE).interview_id,
        RECRUITER.user_id,
        "advance",
        "Changed my mind",
        at + timedelta(hours=1),
    )
    assert decision_lines(store) == []  # no job yet: nothing to carry to (titles are named)
    store.add_job(JOB)
    assert len(decision_lines(store)) == 4
    key = application_id_for(first.candidate_id, JOB.job_id)
    assert store.get_application(key) is None

    report = store.doctor(repair=True)
    assert report.repaired == 3
    carried = store.get_application(key)
    assert carried is not None and carried.stage == "Onsite"  # advanced once, then held
    assert carried.decision is not None
    d = carried.decision
    assert (d.call, d.reason, d.decided_by, d.decided_at) == (
        HiringCall.HOLD,
        "Wait for refs",
        CAROL.user_id,
        at + timedelta(days=3),
    )
    trail = store.list_application_audit(key)
    assert [e.action for e in trail] == ["opened", "decided", "decided"]
    assert "Good screen" in (trail[1].after or "")
    rejected = store.get_application(application_id_for(OTHER_CANDIDATE.candidate_id, JOB.job_id))
    assert rejected is not None and rejected.stage == "Rejected"
    assert store.application_counts(JOB.job_id)[("Onsite", "now")] == 1

    lines = decision_lines(store)  # only the refused one is left
    assert len(lines) == 1 and "(advance at 2026-11-10 18:00)" in lines[0]
    again = store.doctor(repair=True)
    assert again.repaired == 0
    refused = [p for p in again.problems if p.startswith("decision:")]
    assert refused == [
        lines[0] + ": cannot be carried: This application is rejected: it is closed."
    ]
    assert store.get_application(key) == carried
    assert len(store.list_application_audit(key)) == 3

    # A decision taken on the application itself is newer: older interview ones stay put.
    later = store.decide_application(key, CAROL.user_id, "advance", "Refs fine", "Onsite")
    assert decision_lines(store) == lines and store.get_application(key) == later
