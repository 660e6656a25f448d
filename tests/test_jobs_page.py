"""The Jobs page with AppTest on every backend (the sample data): it opens for a recruiter
with the create form, for an interviewer without it; the Schedule form keeps its free-text
title until a job exists, then offers the open jobs."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_pages import app_env as app_env  # the fixture, re-exported
from test_pages import at as at  # the fixture, re-exported
from test_pages import ref as ref  # the fixture, re-exported
from test_pages import view_as, visit

from interview_autopilot.core.jobs import Job, JobStatus
from interview_autopilot.core.models import UserRole, make_id
from interview_autopilot.store.base import Store
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
    assert [i.value for i in at.main.info] == ["No job in this status."]
    view_as(at, interviewer.user_id)
    visit(at, JOBS)
    assert "Create or edit a job" not in [h.value for h in at.subheader]
    assert any("Recruiters and administrators" in c.value for c in at.caption)


def test_schedule_offers_open_jobs_once_one_exists(at: AppTest, ref: Store) -> None:
    visit(at, SCHEDULE)
    assert [t.label for t in at.text_input if t.key == "sch_job"] == ["Job title"]
    ref.add_job(Job(make_id("page-job", "pm"), "Product Manager"))
    ref.add_job(Job(make_id("page-job", "x"), "Closed Role", status=JobStatus.CLOSED))
    clear_caches()  # written beside the app: its cached reads are forgotten, as after a write
    visit(at, SCHEDULE)
    assert not [t for t in at.text_input if t.key == "sch_job"]
    (picker,) = [s for s in at.selectbox if s.key == "sch_job_pick"]
    assert picker.options == ["Product Manager"]
