"""The sample team's jobs and applications on every store: the sample as the app loads it holds
jobs with plans, an application for every candidate, interviews linked to their stages and
decisions; every store holds the same applications by stage, a reload writes nothing, and the
doctor is clean."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, datetime

from interview_autopilot.core import applications as rules
from interview_autopilot.core.applications import Application
from interview_autopilot.core.jobs import Job
from interview_autopilot.core.models import (
    Candidate,
    HiringCall,
    HiringDecision,
    Recommendation,
    User,
    UserRole,
    make_id,
)
from interview_autopilot.features.sample import (
    ensure_sample_data,
    load_sample_team,
    read_sample_data,
    sample_team_on,
)
from interview_autopilot.features.sample_team import read_sample_team, replayed
from interview_autopilot.store.base import Store

NOW = datetime(2026, 12, 3, 11, tzinfo=UTC)  # the anchor's week + 1: the times move a week


def by_stage(store: Store) -> dict[str, dict[str, int]]:
    """Each job's applications by stage, through the public reads: the counts kept by the
    writes and the applications listed."""
    out: dict[str, dict[str, int]] = {}
    for job in read_sample_team().jobs:
        listed = Counter(a.stage for a in store.list_applications_by_job(job.job_id))
        counts = store.application_counts(job.job_id)
        for stage in rules.stages(job):
            assert counts.get((stage, rules.NOW), 0) == listed[stage], (job.title, stage)
        out[job.title] = {s: n for s, n in listed.items() if n}
    return out


def test_the_sample_files_hold_a_team() -> None:
    team, data = read_sample_team(), read_sample_data()
    users = {u.user_id: u for u in data.users}
    assert {j.title for j in team.jobs} == {i.job_title for i in data.interviews}
    for job in team.jobs:
        assert 2 <= len(job.plan) <= 4
        assert users[job.hiring_manager_id].role is UserRole.HIRING_MANAGER  # type: ignore[index]
        assert users[job.recruiter_id].role is UserRole.RECRUITER  # type: ignore[index]
    assert any(s.kit for j in team.jobs for s in j.plan)
    applied = {a.candidate_id for a in team.applications}
    assert applied == {c.candidate_id for c in data.candidates}
    linked = [i for a in team.applications for i, _ in a.interviews]
    assert sorted(linked) == sorted(i.interview_id for i in data.interviews)
    jobs = {j.job_id: j for j in team.jobs}
    final = [replayed(jobs[a.job_id], a)[0] for a in team.applications]
    stages = Counter(a.stage for a in final)
    assert {rules.REJECTED, rules.OFFER, rules.HIRED} <= set(stages)
    assert len({s for s in stages if s not in rules.CLOSED and s != rules.OFFER}) >= 4
    calls = {a.decision.call for a in final if a.decision}
    assert calls == set(HiringCall)
    assert any(a.decision is None for a in final)  # some still await a decision
    assert any(a.decision and a.decision.against_reason for a in final)
    assert all(a.decision.recommendation for a in final if a.decision)


def test_the_sample_loads_the_same_team_on_every_store(store: Store) -> None:
    assert ensure_sample_data(store, now=NOW) is True
    team = sample_team_on(NOW)
    jobs = {j.job_id: j for j in team.jobs}
    for job in team.jobs:
        held = store.get_job(job.job_id)
        assert held is not None and dataclasses.replace(held, version=0) == job
    for sample in team.applications[::7]:
        expected, trail, _ = replayed(jobs[sample.job_id], sample)
        assert store.get_application(expected.application_id) == expected
        assert store.list_application_audit(expected.application_id) == trail
        for interview_id, stage in sample.interviews:
            link = store.get_interview_stage(interview_id)
            assert link is not None and (link.job_id, link.stage) == (sample.job_id, stage)
    shown = by_stage(store)
    # the same on every store: the figures below are the committed sample's
    assert shown["Product Manager"] == {
        stage: n
        for stage, n in Counter(
            replayed(jobs[a.job_id], a)[0].stage
            for a in team.applications
            if jobs[a.job_id].title == "Product Manager"
        ).items()
    }
    assert sum(sum(v.values()) for v in shown.values()) == len(team.applications) == 177
    assert load_sample_team(store, team) == 0  # a reload writes nothing
    assert store.doctor().problems == []


def test_a_copied_decision_keeps_its_recommendation_and_reason(store: Store) -> None:
    """The copy path (migrate, the sample) keeps what the decision was taken against."""
    manager = User(
        make_id("user", "hm@x"), "Hana Manager", "hm@x.org", UserRole.HIRING_MANAGER, "@hana"
    )
    store.upsert_users([manager])
    person = Candidate(make_id("candidate", "c@x"), "Cleo", "c@x.org", "resume")
    store.upsert_candidates([person])
    job = Job(make_id("job", "copy"), "Copy Engineer")  # no plan: Applied, then Offer
    store.add_job(job)
    at = datetime(2026, 11, 2, 10, tzinfo=UTC)
    decision = HiringDecision(
        HiringCall.ADVANCE,
        "References",
        manager.user_id,
        at,
        Recommendation.NO_HIRE,
        "The exercise was an outlier.",
    )
    copied = Application(
        rules.application_id_for(person.candidate_id, job.job_id),
        person.candidate_id,
        job.job_id,
        rules.OFFER,
        decision=decision,
        version=int(at.timestamp() * 1_000_000),
        created_at=at,
        updated_at=at,
    )
    assert store.import_application(copied, []) == 1
    assert store.get_application(copied.application_id) == copied
    assert store.import_application(copied, []) == 0
