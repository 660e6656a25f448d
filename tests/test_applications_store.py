"""Applications on every store (the `store` fixture): opened once per candidate and job, moved
by hiring decisions along the job's plan, listed by candidate and by job, counted by stage by
the write path, audited; a decision made on a stage the application has left writes nothing;
the doctor checks the counts (and on Cassandra the copies). Also the rules of
core/applications.py on their own."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta

import pytest
from support.world import ALICE, CANDIDATE, CAROL, OTHER_CANDIDATE, RECRUITER, T0, seed_people
from test_jobs_store import job

from interview_autopilot.core import applications as rules
from interview_autopilot.core.access import Viewer
from interview_autopilot.core.applications import Application, StageCount, StaleApplication
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import HiringCall, make_id
from interview_autopilot.features.applications import pipeline
from interview_autopilot.store import recorder
from interview_autopilot.store.base import Store

STAGES = ["Phone screen", "Technical", "Hiring manager", "Offer", "Hired", "Rejected", "Withdrawn"]


def now_counts(store: Store, job_id) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {s: n for (s, k), n in store.application_counts(job_id).items() if k == rules.NOW}


def test_an_application_is_opened_once_and_listed_by_candidate_and_by_job(store: Store) -> None:
    seed_people(store)
    j = store.add_job(job())
    first = store.open_application(CANDIDATE.candidate_id, j.job_id, actor=RECRUITER.user_id)
    again = store.open_application(CANDIDATE.candidate_id, j.job_id)
    assert first == again and first.stage == "Phone screen" and first.decision is None
    assert first.application_id == rules.application_id_for(CANDIDATE.candidate_id, j.job_id)
    other = store.open_application(OTHER_CANDIDATE.candidate_id, j.job_id)
    assert store.get_application(first.application_id) == first
    assert store.list_applications_by_candidate(CANDIDATE.candidate_id) == [first]
    assert {a.application_id for a in store.list_applications_by_job(j.job_id)} == {
        first.application_id,
        other.application_id,
    }
    assert store.list_applications_by_job(j.job_id, limit=1)[0] == other  # newest first
    assert store.application_counts(j.job_id) == {
        ("Phone screen", rules.NOW): 2,
        ("Phone screen", rules.REACHED): 2,
    }
    (entry,) = store.list_application_audit(first.application_id)
    assert (entry.action, entry.actor_id, entry.before) == ("opened", RECRUITER.user_id, None)
    assert store.doctor().problems == []


def test_decisions_move_the_application_along_the_plan_and_the_counts_follow(
    store: Store,
) -> None:
    seed_people(store)
    j = store.add_job(job())
    a = store.open_application(CANDIDATE.candidate_id, j.job_id)
    held = store.decide_application(a.application_id, CAROL.user_id, "hold", " wait ", a.stage)
    assert held.stage == "Phone screen" and held.decision is not None
    assert (held.decision.call, held.decision.reason, held.decision.decided_by) == (
        HiringCall.HOLD,
        "wait",
        CAROL.user_id,
    )
    moved = a
    for expected in ["Technical", "Hiring manager", "Offer", "Hired"]:
        moved = store.decide_application(
            a.application_id, RECRUITER.user_id, "advance", "good", moved.stage
        )
        assert moved.stage == expected
        assert store.get_application(a.application_id) == moved
    assert store.list_applications_by_candidate(CANDIDATE.candidate_id) == [moved]
    assert store.list_applications_by_job(j.job_id) == [moved]
    with pytest.raises(ValidationError, match="closed"):
        store.decide_application(a.application_id, CAROL.user_id, "reject", "no", "Hired")
    b = store.open_application(OTHER_CANDIDATE.candidate_id, j.job_id)
    rejected = store.decide_application(b.application_id, CAROL.user_id, "reject", "no", b.stage)
    assert (rejected.stage, rejected.left_stage) == ("Rejected", "Phone screen")
    counts = store.application_counts(j.job_id)
    assert now_counts(store, j.job_id) == {"Hired": 1, "Rejected": 1}
    assert counts[("Phone screen", rules.REACHED)] == 2
    assert counts[("Offer", rules.REACHED)] == 1
    table = rules.stage_counts(store.get_job(j.job_id), counts)  # type: ignore[arg-type]
    assert [c.stage for c in table] == STAGES
    assert rules.pass_through(table)[0] == ("Phone screen", 2, 1, 0.5)
    actions = [e.action for e in store.list_application_audit(a.application_id)]
    assert actions == ["opened", "decided", "decided", "decided", "decided", "decided"]
    assert store.doctor().problems == []


def test_a_decision_on_a_stage_the_application_left_writes_nothing(store: Store) -> None:
    seed_people(store)
    j = store.add_job(job())
    a = store.open_application(CANDIDATE.candidate_id, j.job_id)
    first = store.decide_application(a.application_id, CAROL.user_id, "advance", "yes", a.stage)
    with pytest.raises(StaleApplication, match="now at Technical"):
        store.decide_application(a.application_id, RECRUITER.user_id, "reject", "no", a.stage)
    assert store.get_application(a.application_id) == first
    assert len(store.list_application_audit(a.application_id)) == 2
    assert now_counts(store, j.job_id) == {"Technical": 1}


def held_at(job_id: uuid.UUID, key: str, stage: str, at: datetime) -> Application:
    """An application held at `stage` since `at` (as a copy from another store gives it)."""
    candidate = make_id("test-candidate", key)
    return Application(
        rules.application_id_for(candidate, job_id),
        candidate,
        job_id,
        stage,
        version=int(at.timestamp() * 1_000_000),
        created_at=at,
        updated_at=at,
    )


def test_the_job_page_lists_a_stage_whose_applications_are_older_than_the_newest_500(
    store: Store,
) -> None:
    seed_people(store)
    start = T0 - timedelta(days=60)
    store.import_job(job(created_at=start - timedelta(days=1)), [])  # a job open since then
    j = store.get_job(job().job_id)
    assert j is not None
    early = [
        held_at(j.job_id, f"early{i}", "Technical", start + timedelta(hours=i)) for i in range(3)
    ]
    late = [
        held_at(j.job_id, f"late{i}", "Phone screen", start + timedelta(days=30, minutes=i))
        for i in range(501)
    ]
    for a in early + late:
        assert store.import_application(a, []) == 1
    counts = {("Technical", rules.NOW): 3, ("Phone screen", rules.NOW): 501}
    counts |= {("Technical", rules.REACHED): 3, ("Phone screen", rules.REACHED): 504}
    store.import_application_counts(j.job_id, counts)
    newest_500 = store.list_applications_by_job(j.job_id)
    assert len(newest_500) == 500 and {a.stage for a in newest_500} == {"Phone screen"}

    assert store.list_applications_by_stage(j.job_id, "Technical") == early[::-1]
    assert store.list_applications_by_stage(j.job_id, "Phone screen") == late[::-1][:50]
    assert store.list_applications_by_stage(j.job_id, "Phone screen", limit=501) == late[::-1]
    assert store.list_applications_by_stage(j.job_id, "Offer") == []
    first = pipeline(store, Viewer(RECRUITER), j.job_id)
    assert first is not None and first.stage == "Phone screen"  # the first stage holding some
    assert [r.application_id for r in first.rows] == [
        a.application_id for a in late[::-1][: rules.APPLICATIONS_PAGE]
    ]
    offer = pipeline(store, Viewer(RECRUITER), j.job_id, "Offer")  # holds none: the first
    assert offer == first
    page = pipeline(store, Viewer(RECRUITER), j.job_id, "Technical")
    assert page is not None and page.stage == "Technical"
    assert [r.application_id for r in page.rows] == [a.application_id for a in early[::-1]]

    moved = store.decide_application(
        early[1].application_id, CAROL.user_id, "advance", "yes", "Technical"
    )
    assert moved.stage == "Hiring manager"
    assert store.list_applications_by_stage(j.job_id, "Technical") == [early[2], early[0]]
    assert store.list_applications_by_stage(j.job_id, "Hiring manager") == [moved]
    page = pipeline(store, Viewer(RECRUITER), j.job_id, "Hiring manager")
    assert page is not None
    assert [c.stage for c in page.held] == ["Phone screen", "Technical", "Hiring manager"]
    assert [r.application_id for r in page.rows] == [moved.application_id]
    assert [r.decision for r in page.rows] == ["Advance: yes"]
    assert store.doctor().problems == []


@pytest.mark.parametrize(
    ("who", "call", "reason", "field"),
    [
        (ALICE.user_id, "advance", "yes", "decider"),  # an interviewer
        (make_id("test-user", "nobody"), "advance", "yes", "decider"),
        (CAROL.user_id, "promote", "yes", "call"),
        (CAROL.user_id, "advance", "   ", "reason"),
    ],
)
def test_a_refused_decision_writes_nothing(
    store: Store, who: object, call: str, reason: str, field: str
) -> None:
    seed_people(store)
    j = store.add_job(job())
    a = store.open_application(CANDIDATE.candidate_id, j.job_id)
    with pytest.raises(ValidationError) as refused:
        store.decide_application(a.application_id, who, call, reason, a.stage)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert store.get_application(a.application_id) == a
    assert len(store.list_application_audit(a.application_id)) == 1


def test_an_application_needs_a_stored_candidate_and_job(store: Store) -> None:
    seed_people(store)
    j = store.add_job(job())
    with pytest.raises(ValidationError, match="candidate"):
        store.open_application(make_id("test-candidate", "ghost"), j.job_id)
    with pytest.raises(ValidationError, match="job"):
        store.open_application(CANDIDATE.candidate_id, make_id("test-job", "ghost"))
    with pytest.raises(ValidationError, match="does not exist"):
        store.decide_application(make_id("x", "y"), CAROL.user_id, "advance", "ok", None)
    assert store.list_applications_by_candidate(CANDIDATE.candidate_id) == []
    assert store.application_counts(j.job_id) == {}


# --- the rules alone ---------------------------------------------------------------------------
def test_a_job_without_plan_has_one_stage_before_the_offer() -> None:
    bare = dataclasses.replace(job(), plan=())
    assert rules.stages(bare) == ["Applied", "Offer", "Hired", "Rejected", "Withdrawn"]


def test_pass_through_skips_the_closing_ends_and_an_empty_stage() -> None:
    counts = [
        StageCount("A", 0, 10),
        StageCount("B", 3, 4),
        StageCount("Offer", 0, 0),
        StageCount("Hired", 1, 1),
        StageCount("Rejected", 9, 9),
    ]
    assert rules.pass_through(counts) == [
        ("A", 10, 4, 0.4),
        ("B", 4, 0, 0.0),
        ("Offer", 0, 1, None),
    ]


def test_two_decisions_in_one_millisecond_are_two_decisions(store: Store) -> None:
    """The stores keep times to the millisecond: a second decision stamped with the same
    moment is moved one millisecond on, so it is stored, audited as a decision, and ordered."""
    seed_people(store)
    j = store.add_job(job())
    a = store.open_application(CANDIDATE.candidate_id, j.job_id)
    moment = T0
    first = store.decide_application(
        a.application_id, CAROL.user_id, "hold", "wait", a.stage, moment
    )
    second = store.decide_application(
        a.application_id, CAROL.user_id, "hold", "wait", a.stage, moment
    )
    assert first.decision and second.decision
    assert second.decision.decided_at == first.decision.decided_at + timedelta(milliseconds=1)
    actions = [e.action for e in store.list_application_audit(a.application_id)]
    assert actions == ["opened", "decided", "decided"]


def test_candidates_are_read_at_once_by_id(store: Store) -> None:
    seed_people(store)
    unknown = make_id("test-candidate", "nobody")
    ids = [OTHER_CANDIDATE.candidate_id, unknown, CANDIDATE.candidate_id, CANDIDATE.candidate_id]
    assert store.get_candidates(ids) == {
        CANDIDATE.candidate_id: CANDIDATE,
        OTHER_CANDIDATE.candidate_id: OTHER_CANDIDATE,
    }
    assert store.get_candidates([]) == {}


def test_a_stage_page_reads_the_newest_weeks_its_counts_say_hold_a_page(store: Store) -> None:
    """Three weeks of 60 applications at one stage: a page of 50 reads the newest week alone,
    a page of 100 the newest two (on the node, one partition a week; SQLite one index range)."""
    seed_people(store)
    start = T0 - timedelta(days=60)
    store.import_job(job(created_at=start - timedelta(days=1)), [])
    j = store.get_job(job().job_id)
    assert j is not None
    held = [
        held_at(j.job_id, f"w{w}n{n}", "Technical", start + timedelta(weeks=w, minutes=n))
        for w in range(3)
        for n in range(60)
    ]
    for a in held:
        assert store.import_application(a, []) == 1
    store.import_application_counts(
        j.job_id, {("Technical", rules.NOW): 180, ("Technical", rules.REACHED): 180}
    )
    newest = sorted(held, key=lambda a: a.created_at or T0, reverse=True)
    for limit, weeks in ((50, 1), (100, 2), (180, 3)):
        with recorder.recording(limit=None) as recording:
            assert (
                store.list_applications_by_stage(j.job_id, "Technical", limit) == (newest[:limit])
            )
        if store.backend == "cassandra":
            read = [
                s
                for s in recording.statements
                if s.text.startswith("SELECT") and "applications_by_job_stage " in s.text
            ]
            assert len(read) == weeks, [s.text for s in recording.statements]
