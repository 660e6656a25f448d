"""Calibration's agreement compares each verdict with the final decision of the interview's
application (the Interview page and the debrief decide the application), falling back to the
interview's own decision when its application has none (or it has no application), on every
store (the `store` fixture). On the node the write path keeps it: a decision on the application
moves the agreement of its interviews' interviewers, and the doctor finds and repairs a
tampered agreement counter."""

from __future__ import annotations

from datetime import timedelta

from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    OTHER_CANDIDATE,
    RECRUITER,
    interview,
    seed_people,
)
from test_cassandra_specific import cql
from test_interview_kits_store import JOB

from interview_autopilot.core import calibration
from interview_autopilot.core.calibration import Figures
from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.aggregates import CALIBRATION, calibration_shard

PANEL = [
    (ALICE.user_id, UserRole.INTERVIEWER),
    (BOB.user_id, UserRole.INTERVIEWER),
    (CAROL.user_id, UserRole.HIRING_MANAGER),
]


def agreement(store: Store, person) -> tuple[float | None, int]:
    f = Figures.of(store.calibration_sums(person.user_id))
    return f.agreement, f.decided


def test_deciding_the_application_moves_agreement(store: Store) -> None:
    seed_people(store)
    store.add_job(JOB, actor=RECRUITER.user_id)
    made = interview("agree-app", status=InterviewStatus.COMPLETED)
    store.create_interview(made, PANEL)
    iid, end = made.interview_id, made.scheduled_end
    store.submit_feedback(iid, ALICE.user_id, "strong_yes", "Great.", end + timedelta(hours=1))
    store.submit_feedback(iid, BOB.user_id, "no", "Weak.", end + timedelta(hours=2))
    app = store.open_application(CANDIDATE.candidate_id, JOB.job_id, actor=RECRUITER.user_id)
    assert agreement(store, ALICE) == (None, 0)  # nothing decided yet

    app = store.decide_application(
        app.application_id, RECRUITER.user_id, "hold", "Wait.", app.stage
    )
    assert agreement(store, ALICE) == (None, 0)  # a hold agrees with nothing
    app = store.decide_application(
        app.application_id, RECRUITER.user_id, "advance", "Strong.", app.stage
    )
    assert agreement(store, ALICE) == (1.0, 1)
    assert agreement(store, BOB) == (0.0, 1)
    # feedback given after the decision counts against it too
    store.submit_feedback(iid, CAROL.user_id, "yes", "Fine.", end + timedelta(hours=3))
    assert agreement(store, CAROL) == (1.0, 1)
    app = store.decide_application(
        app.application_id, RECRUITER.user_id, "reject", "Changed our mind.", app.stage
    )
    assert agreement(store, ALICE) == (0.0, 1)
    assert agreement(store, BOB) == (1.0, 1)
    assert agreement(store, CAROL) == (0.0, 1)
    team = Figures.of(store.calibration_sums(None))
    assert (team.agreement, team.decided) == (1 / 3, 3)
    # the application's decision wins over one recorded on the interview itself
    store.record_decision(iid, RECRUITER.user_id, "advance", "Recorded on the interview.")
    assert agreement(store, BOB) == (1.0, 1)
    store.delete_interview(iid)
    assert agreement(store, ALICE) == (None, 0)
    assert store.calibration_sums(None) == {}


def test_an_interview_without_an_application_keeps_its_own_decision(store: Store) -> None:
    seed_people(store)
    store.add_job(JOB, actor=RECRUITER.user_id)
    made = interview("agree-own", candidate=OTHER_CANDIDATE, status=InterviewStatus.COMPLETED)
    store.create_interview(made, PANEL)
    iid, end = made.interview_id, made.scheduled_end
    store.submit_feedback(iid, ALICE.user_id, "yes", "Good.", end + timedelta(hours=1))
    store.record_decision(iid, RECRUITER.user_id, "advance", "Good.")
    assert agreement(store, ALICE) == (1.0, 1)


def test_the_doctor_finds_and_repairs_a_tampered_agreement(cassandra_store_factory) -> None:
    cs: CassandraStore = cassandra_store_factory()
    seed_people(cs)
    cs.add_job(JOB, actor=RECRUITER.user_id)
    made = interview("agree-doctor", status=InterviewStatus.COMPLETED)
    cs.create_interview(made, PANEL)
    end = made.scheduled_end
    cs.submit_feedback(made.interview_id, ALICE.user_id, "yes", "Ok.", end + timedelta(hours=1))
    app = cs.open_application(CANDIDATE.candidate_id, JOB.job_id, actor=RECRUITER.user_id)
    cs.decide_application(app.application_id, RECRUITER.user_id, "reject", "No.", app.stage)
    assert cs.doctor().ok
    uid = str(ALICE.user_id)
    cql(
        cs,
        "UPDATE {ks}.insight_counts_by_chart SET n = n + %s "
        "WHERE chart = %s AND period = %s AND a = %s AND b = %s",
        1,
        CALIBRATION,
        calibration_shard(uid),
        uid,
        calibration.AGREED,
    )
    assert agreement(cs, ALICE) == (1.0, 1)
    report = cs.doctor()
    assert not report.ok
    assert f"'{uid}', 'agreed')" in "\n".join(report.problems)
    cs.doctor(repair=True)
    assert cs.doctor().ok
    assert agreement(cs, ALICE) == (0.0, 1)
