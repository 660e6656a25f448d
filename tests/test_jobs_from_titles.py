"""The move from free-text job titles to jobs on every store: the sample data plus interviews
whose titles differ only in case, accents and spacing ("product manager", "Product  Manager")
upgrade to one job per folded title, every merge reported, no interview lost or changed, the
hiring decisions recorded on interviews carried to the candidate's application, the doctor
clean; a second run changes nothing. The command line does the same."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from support.world import ALICE, CANDIDATE, CAROL, RECRUITER, seed_people

from interview_autopilot.cli.commands import main
from interview_autopilot.core.applications import application_id_for
from interview_autopilot.core.filters import job_key
from interview_autopilot.core.jobs import JobStatus, job_id_for
from interview_autopilot.core.models import Interview, UserRole, make_id
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.features.title_jobs import make_jobs_from_titles
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

HOUR = timedelta(hours=1)
VARIANTS = ["product manager", "Product  Manager", " PRODUCT manager", "Dáta Scientist"]


def _variants(store: Store) -> list[Interview]:
    """Interviews typed by hand over the years: the same jobs, spelled otherwise."""
    seed_people(store)
    sample = read_sample_data().interviews[0]
    made = []
    for n, title in enumerate(VARIANTS):
        interview = dataclasses.replace(
            sample,
            interview_id=make_id("variant-interview", str(n)),
            candidate_id=CANDIDATE.candidate_id,
            recruiter_id=RECRUITER.user_id,
            job_title=title,
        )
        store.create_interview(
            interview,
            [(ALICE.user_id, UserRole.INTERVIEWER), (CAROL.user_id, UserRole.HIRING_MANAGER)],
        )
        made.append(interview)
    return made


def _everything(store: Store, ids: list) -> dict[str, object]:
    return {
        "counts": store.count_by_status(),
        "details": {i: store.get_interview_detail(i) for i in ids},
        "titles": store.job_title_counts(),
    }


def test_free_text_titles_become_jobs_with_nothing_lost(store: Store) -> None:
    data = read_sample_data()
    store.bulk_load(data)
    variants = _variants(store)
    ids = [i.interview_id for i in data.interviews] + [i.interview_id for i in variants]
    decided = variants[0].scheduled_end + timedelta(hours=1)  # as every decision was before
    store.record_decision(  # applications: on an interview, one spelling each
        variants[0].interview_id, RECRUITER.user_id, "advance", "Strong screen", decided
    )
    store.record_decision(
        variants[1].interview_id, CAROL.user_id, "hold", "One more round", decided + HOUR
    )
    before = _everything(store, ids)
    sample_titles = {i.job_title for i in data.interviews}

    said: list[str] = []
    dry = make_jobs_from_titles(store, dry_run=True, say=said.append)
    assert dry.created == [] and store.list_jobs(JobStatus.OPEN) == []
    assert any("would become" in line for line in said)

    said.clear()
    move = make_jobs_from_titles(store, say=said.append)
    assert move.ok, move.unfiled
    assert move.interviews_before == move.interviews_after == len(ids)
    assert len(move.created) == len(sample_titles)  # the variants joined their jobs
    merged = {g.title: set(g.spellings) for g in move.merges}
    assert merged == {
        "Product Manager": {
            "Product Manager",
            "product manager",
            "Product  Manager",
            " PRODUCT manager",
        },
        "Data Scientist": {"Data Scientist", "Dáta Scientist"},
    }
    report = "\n".join(said)
    for spelling in VARIANTS:
        assert repr(spelling) in report  # every merge is named
    jobs = store.list_jobs(JobStatus.OPEN)
    assert sorted(j.title for j in jobs) == sorted(sample_titles)
    pm = store.find_job_by_title("PRODUCT MANAGER")
    assert pm is not None and pm.job_id == job_id_for("product manager")

    assert _everything(store, ids) == before  # no interview lost or changed
    assert move.decisions == 2 and move.refused == []  # both on the candidate's application
    applied = store.get_application(application_id_for(CANDIDATE.candidate_id, pm.job_id))
    assert applied is not None and applied.decision is not None
    assert applied.stage == "Offer"  # the plan is empty ("Applied"): advanced, then held
    assert (applied.decision.call.value, applied.decision.reason) == ("hold", "One more round")
    trail = store.list_application_audit(applied.application_id)
    assert [e.action for e in trail] == ["opened", "decided", "decided"]
    report_doctor = store.doctor()
    assert report_doctor.problems == []

    again = make_jobs_from_titles(store)
    assert again.created == [] and again.ok and again.decisions == 0
    assert store.get_application(applied.application_id) == applied
    assert len(store.list_jobs(JobStatus.OPEN)) == len(sample_titles)


def test_the_command_reports_every_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "titles.db"
    store = SqliteStore(path)
    store.bulk_load(read_sample_data())
    _variants(store)
    store.close()
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("SQLITE_PATH", str(path))
    assert main(["jobs", "from-titles"]) == 0
    out = capsys.readouterr().out
    assert "merged 'Data Scientist' (34), 'Dáta Scientist' (1) into the job 'Data Scientist'" in out
    assert "2 merges; interviews 404 before, 404 after" in out
    assert main(["doctor"]) == 0
    assert main(["jobs", "from-titles"]) == 0
    assert "made 0 jobs" in capsys.readouterr().out


def test_insights_show_one_bar_per_job(store: Store) -> None:
    """Titles that fold alike are one bar on Insights, named by the job once it exists."""
    from interview_autopilot.features import insights
    from interview_autopilot.store.aggregates import week_of

    made = _variants(store)
    week = week_of(made[0].scheduled_start)

    def bars() -> set[str]:
        shown = insights.build(store, store.insight_counts(week, week)).by_job
        return set(shown["job title"])

    before = bars()  # one bar per folded title, named by its most used spelling
    assert len(before) == 2 and {job_key(b) for b in before} == {
        "product manager",
        "data scientist",
    }
    make_jobs_from_titles(store)
    for title in ("Product Manager", "Data Scientist"):
        job = store.find_job_by_title(title)
        assert job is not None
        store.update_job(dataclasses.replace(job, title=title))
    assert bars() == {"Product Manager", "Data Scientist"}  # the jobs' titles


def test_the_list_and_its_csv_name_each_interview_by_its_job(store: Store) -> None:
    """An interview typed "product manager" shows (and exports) as its job "Product Manager"."""
    from zoneinfo import ZoneInfo

    from interview_autopilot.features import export

    _variants(store)
    rows = store.list_interviews_by_candidate(CANDIDATE.candidate_id)

    def title_of(key: str) -> str | None:
        job = store.find_job_by_title(key)
        return job.title if job else None

    frame = export.status_frame(ZoneInfo("UTC"), None, None, title_of)
    assert sorted(frame(rows)["Job title"]) == sorted(VARIANTS)  # no job yet: as typed
    make_jobs_from_titles(store)
    for title in ("Product Manager", "Data Scientist"):
        job = store.find_job_by_title(title)
        assert job is not None
        store.update_job(dataclasses.replace(job, title=title))
    shown = list(frame(rows)["Job title"])
    assert sorted(shown) == ["Data Scientist"] + ["Product Manager"] * 3
    csv = export.csv_file(export.csv_chunks([frame(rows)])).decode()
    assert "product manager" not in csv and "Dáta" not in csv
