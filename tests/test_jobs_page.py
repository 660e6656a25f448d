"""The Jobs page with AppTest on every backend (the sample data): it opens for a recruiter
with the create form and the sample's jobs, for an interviewer without it; the Schedule form
offers the open jobs."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from support.world import seed_people
from test_pages import APP, view_as, visit
from test_pages import app_env as app_env  # the fixture, re-exported
from test_pages import at as at  # the fixture, re-exported
from test_pages import ref as ref  # the fixture, re-exported

from interview_autopilot.core.formatting import inert
from interview_autopilot.core.jobs import Job, JobStatus
from interview_autopilot.core.models import UserRole, make_id
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.ui.queries._cache import clear_caches

JOBS, SCHEDULE = "pages/jobs.py", "pages/schedule.py"


def _keys(at: AppTest) -> set[str]:
    return {w.key for w in at.main if getattr(w, "key", None)}  # type: ignore[union-attr]


def test_jobs_page_for_a_recruiter_and_an_interviewer(at: AppTest, ref: Store) -> None:
    users = ref.list_users()
    recruiter = next(u for u in users if u.role is UserRole.RECRUITER)
    interviewer = next(u for u in users if u.role is UserRole.INTERVIEWER and not u.admin)
    view_as(at, recruiter.user_id)
    visit(at, JOBS)
    assert "Create or edit a job" in [h.value for h in at.subheader]
    sample = sorted(j.title for j in ref.list_jobs(JobStatus.OPEN))
    assert len(sample) == 12  # the sample's jobs, each with a link to its applications
    links = [p.proto.query_string for p in at.get("page_link")]
    assert sorted(at.get("page_link")[i].value for i, q in enumerate(links) if "job=" in q) == [
        inert(f"Applications: {t}") for t in sample
    ]
    at.radio(key="jobs_status").set_value(JobStatus.ON_HOLD.value).run()
    assert [i.value for i in at.main.info] == ["No job in this status."]
    view_as(at, interviewer.user_id)
    visit(at, JOBS)
    assert "Create or edit a job" not in [h.value for h in at.subheader]
    assert any("Recruiters and administrators" in c.value for c in at.caption)


def test_schedule_offers_the_open_jobs(at: AppTest, ref: Store) -> None:
    open_titles = sorted(j.title for j in ref.list_jobs(JobStatus.OPEN))  # the sample's
    ref.add_job(Job(make_id("page-job", "pm"), "Product Owner"))
    ref.add_job(Job(make_id("page-job", "x"), "Closed Role", status=JobStatus.CLOSED))
    clear_caches()  # written beside the app: its cached reads are forgotten, as after a write
    visit(at, SCHEDULE)
    assert not [t for t in at.text_input if t.key == "sch_job"]
    (picker,) = [s for s in at.selectbox if s.key == "sch_job_pick"]
    assert sorted(picker.options) == sorted([*open_titles, "Product Owner"])


@pytest.fixture
def without_jobs(tmp_path, monkeypatch) -> tuple[AppTest, SqliteStore]:
    """The app over a store holding a few people and no job (no sample data), and the store."""
    store = SqliteStore(tmp_path / "bare.db")
    seed_people(store)
    env = {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(tmp_path / "bare.db")}
    for name, value in (env | {"LOAD_SAMPLE_DATA": "false"}).items():
        monkeypatch.setenv(name, value)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(APP), default_timeout=30).run(timeout=30)
    assert not app.exception, app.exception
    yield app, store
    st.cache_data.clear()
    st.cache_resource.clear()
    store.close()


def test_schedule_keeps_a_free_text_title_until_a_job_exists(without_jobs) -> None:
    at, store = without_jobs
    visit(at, SCHEDULE)
    assert [t.label for t in at.text_input if t.key == "sch_job"] == ["Job title"]
    store.add_job(Job(make_id("page-job", "pm"), "Product Manager"))
    store.add_job(Job(make_id("page-job", "x"), "Closed Role", status=JobStatus.CLOSED))
    clear_caches()
    visit(at, SCHEDULE)
    assert not [t for t in at.text_input if t.key == "sch_job"]
    (picker,) = [s for s in at.selectbox if s.key == "sch_job_pick"]
    assert picker.options == ["Product Manager"]
