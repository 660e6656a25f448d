"""The bulk load of applications (`Store.bulk_load_applications`, through the sample team's
loader) against the one-by-one path it replaces for fresh loads: the same sample loaded both
ways into two stores of one backend reads the same through every read the app makes of
applications (the job page, the counts by stage, each stage's list, the candidate's
applications, each application and its audit trail, the interviews' stages, calibration), and
the doctor finds nothing after either. A link the one-by-one path refuses is refused, and its
chunk not written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.node import BACKENDS

from interview_autopilot.core import applications as rules
from interview_autopilot.core import jobs as job_rules
from interview_autopilot.core.access import Viewer
from interview_autopilot.core.applications import LoadedApplication
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.features.applications import pipeline
from interview_autopilot.features.sample import (
    anchored_to,
    read_sample_data,
    sample_anchor,
    sample_team_on,
)
from interview_autopilot.features.sample_team import SampleTeam, load_applications, replayed
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

NOW = datetime(2026, 12, 3, 11, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two empty stores of one backend (on the node: two keyspaces)."""
    if request.param == "sqlite":
        one, other = SqliteStore(tmp_path / "one.db"), SqliteStore(tmp_path / "bulk.db")
        yield one, other
        one.close()
        other.close()
        return
    from conftest import empty_keyspace

    other = request.getfixturevalue("cassandra_other_store")
    empty_keyspace(other)
    yield request.getfixturevalue("cassandra_store_factory")(), other


def _with_jobs(store: Store, team: SampleTeam) -> None:
    """The sample's interviews and the team's jobs, as load_sample_team writes them."""
    store.bulk_load(anchored_to(read_sample_data(), NOW, sample_anchor()))
    for job in team.jobs:
        store.import_job(job, [job_rules.audit_entry(job.created_at or NOW, None, None, job)])


def _reads(store: Store, team: SampleTeam) -> dict[str, object]:
    """Every read the app makes of the team's applications."""
    jobs = {j.job_id: j for j in team.jobs}
    finals = [replayed(jobs[a.job_id], a)[0] for a in team.applications]
    out: dict[str, object] = {}
    for job in team.jobs:
        assert job.hiring_manager_id is not None
        manager = store.get_user(job.hiring_manager_id)
        assert manager is not None
        for stage in rules.stages(job):
            page = pipeline(store, Viewer(manager), job.job_id, stage)
            assert page is not None
            out[f"page {job.title} at {stage}"] = (page.counts, page.stage, page.rows)
        out[f"counts {job.title}"] = store.application_counts(job.job_id)
        out[f"by job {job.title}"] = store.list_applications_by_job(job.job_id)
        for stage in rules.stages(job):
            out[f"{job.title} at {stage}"] = store.list_applications_by_stage(
                job.job_id, stage, limit=1000
            )
    for a in finals:
        key = a.application_id
        out[f"application {key}"] = store.get_application(key)
        out[f"times {key}"] = (lambda x: (x.created_at, x.updated_at) if x else None)(
            store.get_application(key)
        )
        out[f"audit {key}"] = store.list_application_audit(key)
        out[f"candidate {a.candidate_id}"] = store.list_applications_by_candidate(a.candidate_id)
    for sample in team.applications:
        for interview_id, _stage in sample.interviews:
            out[f"stage of {interview_id}"] = store.get_interview_stage(interview_id)
    out["calibration"] = store.calibration_table()
    return out


def test_a_bulk_load_reads_as_the_one_by_one_load(two_stores: tuple[Store, Store]) -> None:
    one, bulk = two_stores
    team = sample_team_on(NOW)
    for store in (one, bulk):
        _with_jobs(store, team)
    written = load_applications(one, team.jobs, team.applications)  # one by one
    assert load_applications(bulk, team.jobs, team.applications, fresh=True) == written
    assert bulk.doctor().problems == []
    assert one.doctor().problems == []
    expected, found = _reads(one, team), _reads(bulk, team)
    assert [k for k in expected if expected[k] != found[k]] == []
    assert len(team.applications) == 177 and sum(
        len(rows)
        for k, rows in found.items()
        if k.startswith("by job")  # type: ignore[arg-type]
    ) == len(team.applications)
    # held as given: the one-by-one path finds nothing to write again
    assert load_applications(bulk, team.jobs, team.applications) == 0


def test_a_link_to_a_stage_the_plan_lacks_is_refused_and_its_chunk_not_written(
    two_stores: tuple[Store, Store],
) -> None:
    _one, bulk = two_stores
    team = sample_team_on(NOW)
    _with_jobs(bulk, team)
    jobs = {j.job_id: j for j in team.jobs}
    sample = next(a for a in team.applications if a.interviews)
    application, trail, deltas = replayed(jobs[sample.job_id], sample)
    (interview_id, _stage), *_ = sample.interviews
    bad = LoadedApplication(
        application, tuple(trail), ((interview_id, "Karaoke"),), tuple(deltas.items())
    )
    with pytest.raises(ValidationError, match="no stage named Karaoke"):
        bulk.bulk_load_applications([bad])
    assert bulk.get_application(application.application_id) is None
    assert bulk.get_interview_stage(interview_id) is None
    assert bulk.application_counts(sample.job_id) == {}
