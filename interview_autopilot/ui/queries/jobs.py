"""The Jobs page (recruiters and administrators create and edit jobs and their interview plans)
and the Schedule form's job and stage. Every write checks the viewer's right
(`access.may_edit_jobs`) and goes through the store's validation and audit trail."""

from __future__ import annotations

from typing import Any

from ...core import access, domain
from ...core.jobs import Job, JobStatus
from ...features import job_plans
from ...features.job_plans import JobForm, Prefill
from ._cache import cached_read, clear_caches
from .backend import get_store
from .schedule import directory_users
from .viewing import viewer


def may_edit_jobs() -> bool:
    return access.may_edit_jobs(viewer())


@cached_read
def jobs_in(status: str, year: int | None = None) -> list[Job]:
    """The jobs in a status, by title (closed ones: of `year`, default this year)."""
    return get_store().list_jobs(JobStatus(status), year)


def open_jobs() -> list[Job]:
    return jobs_in(JobStatus.OPEN.value)


@cached_read
def job(job_id: str) -> Job | None:
    return get_store().get_job(domain.parse_uuid(job_id, "job"))


def jobs_table(jobs: list[Job]) -> Any:  # a DataFrame
    return job_plans.jobs_table(jobs, {u.user_id: u for u in directory_users()})


def job_form(job_id: str | None) -> tuple[JobForm, int]:
    """The form's values and the version they were read at (a new job: empty, 0)."""
    found = job(job_id) if job_id else None
    if found is None:
        return JobForm(""), 0
    return job_plans.form_of(found), found.version


def save_job(form: JobForm, job_id: str | None = None, version: int = 0) -> str:
    """Create (no `job_id`) or edit a job as of `version`; its id. ValidationError (StaleJob
    when it changed meanwhile, JobTitleTaken for a title another job has) with nothing
    written; Forbidden unless the viewer is a recruiter or an administrator."""
    who = viewer()
    access.require_job_editor(who)
    people = {str(u.user_id): u for u in directory_users()}
    store = get_store()
    if job_id:
        key = domain.parse_uuid(job_id, "job")
        saved = store.update_job(
            job_plans.job_from_form(form, people, key, version), actor=who.user_id
        )
    else:
        saved = store.add_job(job_plans.job_from_form(form, people), actor=who.user_id)
    clear_caches()
    return str(saved.job_id)


def stage_choices(job_id: str) -> list[tuple[int, str]]:
    found = job(job_id)
    if found is None:
        return []
    return [(i, job_plans.stage_label(found, i)) for i in range(len(found.plan))]


def stage_prefill(job_id: str, index: int) -> Prefill | None:
    """What stage `index` of the job puts in the Schedule form (None: no such stage)."""
    found = job(job_id)
    if found is None or not 0 <= index < len(found.plan):
        return None
    active = {str(u.user_id) for u in directory_users() if u.active}
    return job_plans.stage_prefill(found, index, active)
