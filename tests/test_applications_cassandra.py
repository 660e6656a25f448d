"""A Cassandra writer of an application that dies half way: the change it recorded with its
conditional write is finished by whoever comes next (the next write of the application, or the
sweeper), so the copies, the audit entry and the counts agree again and count once. Also the
weekly partitions of a job's list, and the doctor's check and repair of the rows by stage.

The death is simulated in process: one step of the store's own write raises an exception no
code catches (as a process killed there would stop), after the conditional write has applied.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from support.world import CANDIDATE, CAROL, OTHER_CANDIDATE, RECRUITER, seed_people
from test_jobs_store import job

from interview_autopilot.core import applications as rules
from interview_autopilot.store.cassandra import applications as cassandra_applications
from interview_autopilot.store.cassandra.application_stages import fill_stage_copies
from interview_autopilot.store.cassandra.applications import week_of, weeks_back
from interview_autopilot.store.cassandra.store import CassandraStore

pytestmark = pytest.mark.cassandra


class Killed(BaseException):
    """The writer stops here (nothing in the store catches a BaseException)."""


def dies_once(store: CassandraStore, step: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real: Callable[..., object] = getattr(store, step)

    def die(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(store, step, real)  # only the first call dies
        raise Killed

    monkeypatch.setattr(store, step, die)


@pytest.fixture
def node(cassandra_store_factory, monkeypatch: pytest.MonkeyPatch) -> CassandraStore:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cassandra_applications, "OWNER_SECONDS", 0.3)
    store: CassandraStore = cassandra_store_factory()
    seed_people(store)
    return store


def test_the_next_write_finishes_a_change_killed_before_its_copies(node, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    j = node.add_job(job())
    a = node.open_application(CANDIDATE.candidate_id, j.job_id)
    dies_once(node, "_application_copies", monkeypatch)
    with pytest.raises(Killed):
        node.decide_application(a.application_id, CAROL.user_id, "advance", "yes", a.stage)
    assert node.get_application(a.application_id).stage == "Technical"  # the source won
    assert node.list_applications_by_candidate(CANDIDATE.candidate_id)[0].stage == "Phone screen"
    assert node.doctor().problems  # the copies lag behind
    moved = node.decide_application(
        a.application_id, RECRUITER.user_id, "advance", "again", "Technical"
    )
    assert moved.stage == "Hiring manager"
    assert node.list_applications_by_candidate(CANDIDATE.candidate_id) == [moved]
    assert node.list_applications_by_job(j.job_id) == [moved]
    counts = node.application_counts(j.job_id)
    assert {s: n for (s, k), n in counts.items() if k == rules.NOW} == {"Hiring manager": 1}
    assert counts[("Technical", rules.REACHED)] == 1
    actions = [e.action for e in node.list_application_audit(a.application_id)]
    assert actions == ["opened", "decided", "decided"]
    assert node.doctor().problems == []


def test_the_sweeper_finishes_a_change_killed_before_its_counts(node, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    j = node.add_job(job())
    a = node.open_application(CANDIDATE.candidate_id, j.job_id)
    dies_once(node, "_application_counts", monkeypatch)
    with pytest.raises(Killed):
        node.decide_application(a.application_id, CAROL.user_id, "reject", "no", a.stage)
    assert node.application_counts(j.job_id)[("Phone screen", rules.NOW)] == 1  # not yet
    time.sleep(0.5)  # the writer's time to finish its own change is over
    assert node.roll_forward_pending(timedelta(hours=1)) == 1
    assert node.roll_forward_pending(timedelta(hours=1)) == 0  # once only
    counts = node.application_counts(j.job_id)
    assert {s: n for (s, k), n in counts.items() if k == rules.NOW} == {"Rejected": 1}
    assert node.list_applications_by_job(j.job_id)[0].stage == "Rejected"
    assert node.doctor().problems == []


def test_a_job_list_reads_week_partitions_back_to_the_job_s_creation() -> None:
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    assert week_of(now) == "2026-W49"
    weeks = weeks_back(now, now - timedelta(days=30))
    assert weeks[0] == "2026-W49" and weeks[-1] == "2026-W44" and len(weeks) == 6
    assert weeks_back(now, now) == ["2026-W49"]


def _cql(store: CassandraStore, text: str, *params: object) -> None:
    store.session.session.execute(text.format(ks=store.session.keyspace), params)


def test_the_doctor_finds_and_repairs_missing_and_stale_rows_by_stage(node) -> None:  # type: ignore[no-untyped-def]
    j = node.add_job(job())
    a = node.open_application(CANDIDATE.candidate_id, j.job_id)
    b = node.open_application(OTHER_CANDIDATE.candidate_id, j.job_id)
    moved = node.decide_application(a.application_id, CAROL.user_id, "advance", "yes", a.stage)
    assert node.list_applications_by_stage(j.job_id, "Phone screen") == [b]
    assert node.list_applications_by_stage(j.job_id, "Technical") == [moved]
    assert node.doctor().problems == []
    week = week_of(a.created_at)
    row = "{ks}.applications_by_job_stage WHERE job_id = %s AND stage = %s AND week = %s"
    _cql(
        node,
        f"DELETE FROM {row} AND created_at = %s AND application_id = %s",
        j.job_id,
        "Phone screen",
        week,
        b.created_at,
        b.application_id,
    )  # a lost row
    _cql(
        node,
        "INSERT INTO {ks}.applications_by_job_stage (job_id, stage, week, created_at, "
        "application_id, candidate_id, version) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        j.job_id,
        "Phone screen",
        week,
        a.created_at,
        a.application_id,
        a.candidate_id,
        a.version,
    )  # a row of the stage it left
    _cql(
        node,
        "UPDATE {ks}.application_weeks_by_job_stage SET n = n + 2 "
        "WHERE job_id = %s AND stage = 'Offer' AND week = %s",
        j.job_id,
        week,
    )  # a week count no application makes
    text = "\n".join(node.doctor().problems)
    assert f"application {b.application_id} at Phone screen is not listed" in text
    assert f"application {a.application_id} listed at Phone screen (week {week})" in text
    assert f"({j.job_id}, Offer, {week}): 2, the applications say 0" in text
    assert len(node.doctor().problems) == 3

    node.doctor(repair=True)
    assert node.doctor().problems == []
    assert node.list_applications_by_stage(j.job_id, "Phone screen") == [b]
    assert node.list_applications_by_stage(j.job_id, "Technical") == [moved]
    assert node.list_applications_by_stage(j.job_id, "Offer") == []


def test_the_migration_s_data_step_fills_the_rows_by_stage(node) -> None:  # type: ignore[no-untyped-def]
    j = node.add_job(job())
    a = node.open_application(CANDIDATE.candidate_id, j.job_id)
    b = node.open_application(OTHER_CANDIDATE.candidate_id, j.job_id)
    moved = node.decide_application(b.application_id, CAROL.user_id, "reject", "no", b.stage)
    for stage in ("Phone screen", "Rejected"):  # as a keyspace from before 0020 holds them
        _cql(
            node,
            "DELETE FROM {ks}.applications_by_job_stage WHERE job_id = %s AND stage = %s "
            "AND week = %s",
            j.job_id,
            stage,
            week_of(a.created_at),
        )
    assert node.list_applications_by_stage(j.job_id, "Phone screen") == []
    assert len(node.doctor().problems) == 2
    assert fill_stage_copies(node.session) == 2
    assert fill_stage_copies(node.session) == 0  # once only
    assert node.list_applications_by_stage(j.job_id, "Phone screen") == [a]
    assert node.list_applications_by_stage(j.job_id, "Rejected") == [moved]
    assert node.doctor().problems == []
