"""Jobs and their interview plans on every store (the `store` fixture): create, read, list by
status, edit on the version read (a stale edit writes nothing), one job per folded title,
validation with nothing written, the audit trail, and the doctor's job checks."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from support.world import ALICE, BOB, CAROL, DAVE, RECRUITER, add, seed_people

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.jobs import (
    Job,
    JobStatus,
    JobTitleTaken,
    PanelSeat,
    PlanStage,
    StaleJob,
)
from interview_autopilot.core.models import UserRole, make_id, utc_now
from interview_autopilot.store.base import Store

ACTOR = RECRUITER.user_id


def plan() -> tuple[PlanStage, ...]:
    return (
        PlanStage("Phone screen", 30, (PanelSeat(UserRole.RECRUITER, RECRUITER.user_id),)),
        PlanStage(
            "Technical",
            90,
            (
                PanelSeat(UserRole.INTERVIEWER, ALICE.user_id),
                PanelSeat(UserRole.INTERVIEWER, None),
            ),
        ),
        PlanStage(
            "Hiring manager",
            45,
            (PanelSeat(UserRole.HIRING_MANAGER, CAROL.user_id),),
        ),
    )


def job(key: str = "pm", **changes: object) -> Job:
    base = Job(
        make_id("test-job", key),
        "Product Manager",
        "Product",
        "Paris",
        CAROL.user_id,
        RECRUITER.user_id,
        JobStatus.OPEN,
        plan(),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def same(a: Job, b: Job) -> bool:
    return dataclasses.replace(a, version=0, created_at=None) == dataclasses.replace(
        b, version=0, created_at=None
    )


def listed(j: Job) -> Job:
    """A job as the status lists give it: no plan, no version."""
    return dataclasses.replace(j, plan=(), version=0, created_at=None)


def test_a_job_and_its_plan_round_trip_and_are_listed_by_status(store: Store) -> None:
    seed_people(store)
    made = store.add_job(job(), actor=ACTOR)
    assert made.version > 0
    got = store.get_job(made.job_id)
    assert got is not None and same(got, job()) and got.version == made.version
    assert [s.name for s in got.plan] == ["Phone screen", "Technical", "Hiring manager"]
    assert got.plan[1].panel[1] == PanelSeat(UserRole.INTERVIEWER, None)
    assert [listed(j) for j in store.list_jobs(JobStatus.OPEN)] == [listed(job())]
    assert store.list_jobs(JobStatus.ON_HOLD) == []
    assert store.find_job_by_title("  product   MANAGER ") == got
    assert store.find_job_by_title("Designer") is None
    (entry,) = store.list_job_audit(made.job_id)
    assert (entry.actor_id, entry.action, entry.before) == (ACTOR, "added", None)
    assert entry.after is not None and "Product Manager" in entry.after


def test_an_edit_replaces_the_plan_moves_the_status_and_is_audited(store: Store) -> None:
    seed_people(store)
    made = store.add_job(job(), actor=ACTOR)
    shorter = (plan()[0], dataclasses.replace(plan()[1], duration_minutes=60))
    edited = dataclasses.replace(
        made,
        title="product  manager",
        status=JobStatus.ON_HOLD,
        plan=shorter,
        hiring_manager_id=None,
        location="",
    )
    after = store.update_job(edited, actor=ALICE.user_id)
    assert after.version > made.version
    got = store.get_job(made.job_id)
    assert got is not None and same(got, edited)
    assert [s.duration_minutes for s in got.plan] == [30, 60]
    assert store.list_jobs(JobStatus.OPEN) == []
    assert [listed(j) for j in store.list_jobs(JobStatus.ON_HOLD)] == [listed(edited)]
    closed = store.update_job(dataclasses.replace(got, status=JobStatus.CLOSED))
    assert store.list_jobs(JobStatus.ON_HOLD) == []
    assert [j.job_id for j in store.list_jobs(JobStatus.CLOSED)] == [made.job_id]
    assert [j.job_id for j in store.list_jobs(JobStatus.CLOSED, utc_now().year)] == [made.job_id]
    assert store.list_jobs(JobStatus.CLOSED, 2001) == []
    reopened = store.update_job(dataclasses.replace(closed, status=JobStatus.OPEN))
    assert [j.job_id for j in store.list_jobs(JobStatus.OPEN)] == [reopened.job_id]
    assert store.list_jobs(JobStatus.CLOSED) == []
    actions = [(e.action, e.actor_id) for e in store.list_job_audit(made.job_id)]
    assert actions == [
        ("added", ACTOR),
        ("edited", ALICE.user_id),
        ("edited", None),
        ("edited", None),
    ]
    assert store.doctor().problems == []


def test_a_stale_edit_writes_nothing(store: Store) -> None:
    seed_people(store)
    made = store.add_job(job(), actor=ACTOR)
    first = store.update_job(dataclasses.replace(made, department="Growth"))
    with pytest.raises(StaleJob):
        store.update_job(dataclasses.replace(made, department="Ops"))  # made from the old one
    got = store.get_job(made.job_id)
    assert got is not None and got.department == "Growth" and got.version == first.version
    assert len(store.list_job_audit(made.job_id)) == 2


def test_one_job_per_folded_title_and_titles_change_only_in_form(store: Store) -> None:
    seed_people(store)
    made = store.add_job(job())
    with pytest.raises(JobTitleTaken) as taken:
        store.add_job(job("other", title="PRODUCT MANAGÉR"))
    assert taken.value.existing == made.job_id
    assert store.get_job(job("other").job_id) is None
    with pytest.raises(ValidationError, match="only in case"):
        store.update_job(dataclasses.replace(made, title="Designer"))
    with pytest.raises(ValidationError, match="already stored"):
        store.add_job(job())
    other = store.add_job(job("design", title="Designer"))
    assert store.find_job_by_title("designer") == other


BAD = [
    ("title", {"title": "   "}),
    ("title", {"title": "x" * 101}),
    ("title", {"title": "a\x00b"}),
    ("recruiter", {"recruiter_id": ALICE.user_id}),  # not a recruiter
    ("hiring_manager", {"hiring_manager_id": uuid.uuid4()}),  # nobody
    ("status", {"status": "paused"}),
    ("plan", {"plan": (PlanStage("Screen", 30, ()),)}),  # no panel
    ("duration", {"plan": (PlanStage("Screen", 2, (PanelSeat(UserRole.INTERVIEWER),)),)}),
    ("duration", {"plan": (PlanStage("Screen", 30.5, (PanelSeat(UserRole.INTERVIEWER),)),)}),
    ("name", {"plan": (PlanStage("", 30, (PanelSeat(UserRole.INTERVIEWER),)),)}),
    (
        "plan",
        {
            "plan": (
                PlanStage("Screen", 30, (PanelSeat(UserRole.INTERVIEWER),)),
                PlanStage("screen ", 30, (PanelSeat(UserRole.INTERVIEWER),)),
            )
        },
    ),
    (
        "plan",
        {"plan": (PlanStage("Screen", 30, (PanelSeat(UserRole.INTERVIEWER, uuid.uuid4()),)),)},
    ),
    (
        "plan",
        {
            "plan": (
                PlanStage(
                    "Screen",
                    30,
                    (
                        PanelSeat(UserRole.INTERVIEWER, BOB.user_id),
                        PanelSeat(UserRole.INTERVIEWER, BOB.user_id),
                    ),
                ),
            )
        },
    ),
    ("role", {"plan": (PlanStage("Screen", 30, (PanelSeat("boss", None),)),)}),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("field", "changes"), BAD, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD)]
)
def test_bad_jobs_are_refused_with_nothing_written(
    store: Store, field: str, changes: dict[str, object]
) -> None:
    seed_people(store)
    with pytest.raises(ValidationError) as refused:
        store.add_job(job(**changes))
    assert refused.value.field == field
    assert store.get_job(job().job_id) is None
    assert store.list_jobs(JobStatus.OPEN) == []
    assert store.find_job_by_title("Product Manager") is None
    made = store.add_job(job())
    with pytest.raises(ValidationError):
        store.update_job(dataclasses.replace(made, **changes))  # type: ignore[arg-type]
    assert store.get_job(made.job_id) == made


def test_a_deactivated_interviewer_cannot_be_named_in_a_plan(store: Store) -> None:
    seed_people(store)
    store.upsert_users([dataclasses.replace(DAVE, active=False)])
    seat = (PanelSeat(UserRole.INTERVIEWER, DAVE.user_id),)
    with pytest.raises(ValidationError, match="deactivated"):
        store.add_job(job(plan=(PlanStage("Screen", 30, seat),)))


def test_the_doctor_names_interviews_whose_title_has_no_job(store: Store) -> None:
    seed_people(store)
    add(store, "a", job_title="Designer")
    assert store.doctor().problems == []  # no job yet: the store has not moved to jobs
    store.add_job(job())
    problems = store.doctor().problems
    assert len(problems) == 1 and "'Designer'" in problems[0]
    store.add_job(job("design", title="designer"))
    assert store.doctor().problems == []
