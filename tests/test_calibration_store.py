"""Interviewer calibration on every store (the `store` fixture): after a generated history of
scorecards (creates, edits, decisions, interviews deleted, a bulk load run again), every
interviewer's sums and the team's equal a recomputation from the raw scorecards read back
(core/calibration.py). On the node the sums are counters kept by the write path; the doctor
finds a tampered one and `--repair` mends it."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

import pytest
from support.world import ALICE, BOB, CANDIDATE, CAROL, RECRUITER, T0, interview, seed_people
from test_cassandra_specific import cql
from test_interview_kits_store import JOB

from interview_autopilot.core import calibration
from interview_autopilot.core.applications import application_id_for
from interview_autopilot.core.calibration import Figures
from interview_autopilot.core.models import (
    Decision,
    HiringCall,
    InterviewDetail,
    InterviewStatus,
    Rating,
    SampleData,
    UserRole,
)
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.aggregates import CALIBRATION, calibration_shard

PANEL = [
    (ALICE.user_id, UserRole.INTERVIEWER),
    (BOB.user_id, UserRole.INTERVIEWER),
    (CAROL.user_id, UserRole.HIRING_MANAGER),
]
ATTRIBUTES = ("System design", "Communication")


def final_call(store: Store, detail: InterviewDetail) -> HiringCall | None:
    """The decision of the interview's application, else its own (read back in public)."""
    decision = detail.ats.decision if detail.ats else None
    job = store.find_job_by_title(detail.interview.job_title)
    app = (
        store.get_application(application_id_for(detail.interview.candidate_id, job.job_id))
        if job
        else None
    )
    application = app.decision.call if app and app.decision else None
    return calibration.final_call(application, decision.call if decision else None)


def recomputed(store: Store, ids: list[uuid.UUID]) -> dict[uuid.UUID, calibration.Sums]:
    """The sums from the raw scorecards of every interview still stored."""
    found = []
    for iid in ids:
        detail = store.get_interview_detail(iid)
        if detail is None:
            continue
        end = detail.interview.scheduled_end
        found.append((detail.feedback, end, final_call(store, detail)))
    return calibration.per_person(found)


def scorecard(rng: random.Random) -> tuple[Rating, ...]:
    out = []
    for name in ATTRIBUTES:
        pick = rng.random()
        if pick < 0.15:
            continue
        out.append(Rating(name, None if pick < 0.3 else rng.randint(1, 4), ""))
    return tuple(out)


def history(store: Store, seed: int, steps: int) -> list[uuid.UUID]:
    """A generated history on `store`; the ids of every interview it created."""
    rng = random.Random(seed)
    seed_people(store)
    store.add_job(JOB, actor=RECRUITER.user_id)
    ids: list[uuid.UUID] = []
    ends = {}
    for n in range(steps):
        move = rng.random()
        live = [i for i in ids if store.get_interview(i) is not None]
        if move < 0.25 or not live:
            made = interview(
                f"cal-{seed}-{n}", start=T0 + timedelta(hours=n), status=InterviewStatus.COMPLETED
            )
            store.create_interview(made, PANEL)
            store.link_interview_stage(made.interview_id, JOB.job_id, "Technical")
            ids.append(made.interview_id)
            ends[made.interview_id] = made.scheduled_end
        elif move < 0.75:  # a scorecard, new or edited
            iid = rng.choice(live)
            uid = rng.choice(PANEL)[0]
            end = ends[iid]
            store.submit_feedback(
                iid,
                uid,
                rng.choice(list(Decision)).value,
                "Seen.",
                end + timedelta(minutes=rng.randint(-30, 3000)),
                ratings=scorecard(rng),
            )
        elif move < 0.9:
            iid = rng.choice(live)
            store.record_decision(iid, RECRUITER.user_id, rng.choice(list(HiringCall)), "Why.")
        else:
            store.delete_interview(rng.choice(live))
    return ids


def rerun_bulk_load(store: Store, ids: list[uuid.UUID]) -> None:
    """The stored interviews loaded again as they are (a bulk load run twice)."""
    interviews, participants, feedback = [], [], []
    for iid in ids:
        detail = store.get_interview_detail(iid)
        if detail is None:
            continue
        interviews.append(detail.interview)
        participants += [(iid, p.user_id, p.role) for p in detail.participants]
        feedback += list(detail.feedback)
    store.bulk_load(SampleData([], [CANDIDATE], interviews, participants, feedback))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_sums_equal_a_recomputation_from_the_scorecards(store: Store, seed: int) -> None:
    ids = history(store, seed, 40)
    rerun_bulk_load(store, ids)
    expected = recomputed(store, ids)
    assert any(s.get(calibration.COMPARED) for s in expected.values())  # leniency is exercised
    assert store.calibration_table() == expected
    for person in (ALICE, BOB, CAROL):
        assert store.calibration_sums(person.user_id) == expected.get(person.user_id, {})
    assert store.calibration_sums(None) == calibration.team_of(expected.values())


def test_figures_follow_an_edit_and_a_deletion(store: Store) -> None:
    seed_people(store)
    store.add_job(JOB, actor=RECRUITER.user_id)
    made = interview("cal-edit", status=InterviewStatus.COMPLETED)
    store.create_interview(made, PANEL)
    iid = made.interview_id
    store.link_interview_stage(iid, JOB.job_id, "Technical")
    end = made.scheduled_end
    store.submit_feedback(
        iid,
        ALICE.user_id,
        "strong_yes",
        "Great.",
        end + timedelta(hours=2),
        ratings=(Rating("System design", 4), Rating("Communication", None)),
    )
    store.submit_feedback(
        iid,
        BOB.user_id,
        "no",
        "Weak.",
        end + timedelta(hours=4),
        ratings=(Rating("System design", 1),),
    )
    store.record_decision(iid, RECRUITER.user_id, "reject", "Not now.")
    alice = Figures.of(store.calibration_sums(ALICE.user_id))
    assert alice.leniency == pytest.approx(1.5) and alice.not_assessed_rate == 0.5
    assert alice.agreement == 0.0 and alice.submit_hours == pytest.approx(2.0)
    bob = Figures.of(store.calibration_sums(BOB.user_id))
    assert bob.leniency == pytest.approx(-1.5) and bob.agreement == 1.0
    store.submit_feedback(  # Bob edits: now rates 3
        iid,
        BOB.user_id,
        "yes",
        "On reflection.",
        end + timedelta(hours=4),
        ratings=(Rating("System design", 3),),
    )
    assert Figures.of(store.calibration_sums(ALICE.user_id)).leniency == pytest.approx(0.5)
    assert Figures.of(store.calibration_sums(BOB.user_id)).agreement == 0.0
    store.delete_interview(iid)
    assert store.calibration_sums(ALICE.user_id) == {}
    assert store.calibration_sums(None) == {}
    assert store.calibration_table() == {}


def test_the_doctor_finds_and_repairs_a_tampered_calibration_counter(
    cassandra_store_factory,
) -> None:
    cs: CassandraStore = cassandra_store_factory()
    ids = history(cs, 3, 25)
    cs.doctor(repair=True)  # decisions taken on interviews are carried to their application
    assert cs.doctor().ok
    uid = str(ALICE.user_id)
    add = (
        "UPDATE {ks}.insight_counts_by_chart SET n = n + %s "
        "WHERE chart = %s AND period = %s AND a = %s AND b = %s"
    )
    cql(cs, add, 7, CALIBRATION, calibration_shard(uid), uid, calibration.LENIENCY)
    cql(cs, add, -1, "calibration_team", "all", calibration.SCORECARDS, "")
    report = cs.doctor()
    text = "\n".join(report.problems)
    assert not report.ok
    assert f"('calibration', '{calibration_shard(uid)}', '{uid}', 'leniency')" in text
    assert "('calibration_team', 'all', 'scorecards', '')" in text
    cs.doctor(repair=True)
    assert cs.doctor().ok
    expected = recomputed(cs, ids)
    assert cs.calibration_table() == expected
    assert cs.calibration_sums(ALICE.user_id) == expected.get(ALICE.user_id, {})
