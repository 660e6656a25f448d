"""Stage links on every store (the `store` fixture): a stage renamed on the Jobs page keeps its
kit for the interviews booked under its former name (a scorecard on them is still taken); the
doctor checks every interview's link to a job stage and `--repair` deletes the links that can
never give a kit (their interview or job gone)."""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid

from support.world import ALICE, RECRUITER, add
from test_cassandra_specific import cql
from test_interview_kits_store import JOB, KIT, RATINGS, kit_interview

from interview_autopilot.core.jobs import Job, PlanStage
from interview_autopilot.core.models import make_id
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore


def renamed(store: Store, old: str, new: str) -> Job:
    """The stage named `old` renamed `new` in place, as the Jobs page saves it."""
    job = store.get_job(JOB.job_id)
    assert job is not None
    plan = tuple(dataclasses.replace(s, name=new) if s.name == old else s for s in job.plan)
    store.update_job(dataclasses.replace(job, plan=plan), actor=RECRUITER.user_id)
    again = store.get_job(JOB.job_id)
    assert again is not None
    return again


def test_a_renamed_stage_keeps_its_kit(store: Store) -> None:
    iid = kit_interview(store)  # linked to "Technical", which has the kit
    job = renamed(store, "Technical", "Deep dive")
    assert [s.name for s in job.plan] == ["Phone screen", "Deep dive"]
    assert job.plan[1].former_names == ("Technical",) and job.plan[1].kit == KIT
    kit = store.interview_kit(iid)
    assert kit is not None and kit.stage == "Deep dive" and kit.attributes == KIT
    store.submit_feedback(iid, ALICE.user_id, "yes", "Solid.", ratings=RATINGS)
    given = store.get_feedback(iid, ALICE.user_id)
    assert given is not None and given.ratings == RATINGS

    job = renamed(store, "Deep dive", "Onsite")  # renamed again: both former names kept
    assert job.plan[1].former_names == ("Technical", "Deep dive")
    kit = store.interview_kit(iid)
    assert kit is not None and kit.stage == "Onsite"
    later = add(store, "booked after the rename")
    store.link_interview_stage(later.interview_id, JOB.job_id, "deep dive")  # by a former name
    link = store.get_interview_stage(later.interview_id)
    assert link is not None and link.stage == "Onsite"

    job = renamed(store, "Onsite", "Technical")  # back to its first name: not a former one
    assert job.plan[1].former_names == ("Deep dive", "Onsite")
    kit = store.interview_kit(iid)
    assert kit is not None and kit.stage == "Technical"

    # a stage removed takes its kit with it (documented); an edit that keeps names keeps all
    store.update_job(dataclasses.replace(job, plan=job.plan[:1]), actor=RECRUITER.user_id)
    assert store.interview_kit(iid) is None
    kept = store.get_job(JOB.job_id)
    assert kept is not None and kept.plan == (PlanStage("Phone screen", 30, JOB.plan[0].panel),)


def test_a_stage_whose_name_a_new_stage_takes_is_not_a_rename(store: Store) -> None:
    iid = kit_interview(store)
    job = store.get_job(JOB.job_id)
    assert job is not None
    swapped = (job.plan[0], dataclasses.replace(job.plan[1], name="Technical "))  # spacing only
    store.update_job(dataclasses.replace(job, plan=swapped), actor=RECRUITER.user_id)
    again = store.get_job(JOB.job_id)
    assert again is not None and again.plan[1].former_names == ()
    assert store.interview_kit(iid) is not None


def put_link(store: Store, interview_id: uuid.UUID, job_id: uuid.UUID, stage: str) -> None:
    """A link row written behind the store's back (a crash between an interview's deletion and
    its link's, or a hand edit)."""
    if isinstance(store, SqliteStore):
        raw = sqlite3.connect(store.path)  # foreign keys off: as a hand edit would be
        with raw:
            raw.execute(
                "INSERT OR REPLACE INTO interview_stages (interview_id, job_id, stage) "
                "VALUES (?, ?, ?)",
                (str(interview_id), str(job_id), stage),
            )
        raw.close()
        return
    add_row = (
        "INSERT INTO {ks}.interview_stage_by_interview (interview_id, job_id, stage_name) "
        "VALUES (%s, %s, %s)"
    )
    cql(store, add_row, interview_id, job_id, stage)


def test_the_doctor_checks_stage_links_and_repairs_what_is_safe(store: Store) -> None:
    iid = kit_interview(store)
    designer = Job(make_id("kit-job", "designer"), "Designer", plan=JOB.plan[:1])
    store.add_job(designer, actor=RECRUITER.user_id)
    other = add(store, "filed elsewhere", job_title="Designer")
    store.doctor(repair=True)  # whatever else the world needs (nothing about links)
    assert store.doctor().ok
    gone, nowhere = make_id("test-interview", "gone"), make_id("kit-job", "nowhere")
    put_link(store, gone, JOB.job_id, "Technical")  # its interview deleted
    put_link(store, iid, nowhere, "Technical")  # overwrites the good link: job missing
    put_link(store, other.interview_id, JOB.job_id, "Technical")  # another job's interview
    report = store.doctor()
    text = "\n".join(report.problems)
    assert f"interview {gone} is gone, its link to stage Technical remains" in text
    assert f"interview {iid} is linked to job {nowhere}, which does not exist" in text
    assert f"interview {other.interview_id} is filed under 'Designer'" in text
    repaired = store.doctor(repair=True)
    assert repaired.repaired >= 2
    assert store.get_interview_stage(gone) is None
    assert store.get_interview_stage(iid) is None
    after = store.doctor()
    assert [p for p in after.problems if "interview_stage_by_interview" in p] == [
        f"interview_stage_by_interview: interview {other.interview_id} is filed under "
        "'Designer' but linked to 'Backend Engineer'"
    ]
