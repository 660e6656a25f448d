"""Applications on the candidate page and the job page, and the decision form."""

from __future__ import annotations

import uuid

from ...core import domain
from ...core.applications import against_line as against_line
from ...features import applications
from ...features.applications import ApplicationView, Pipeline
from ._cache import cached_read, clear_caches
from .backend import _store, get_store
from .moment import now
from .viewing import acting_viewer, logged_write, viewer


def candidate_applications(candidate_id: str) -> list[ApplicationView]:
    """The candidate's applications with their stage, interviews and decision (hidden where
    the rule of verdicts hides it from the viewer)."""
    key = domain.parse_uuid(candidate_id, "candidate")
    get_store()
    return _candidate_applications(str(key), str(viewer().user_id), viewer().admin)


@cached_read
def _candidate_applications(
    candidate_id: str, viewer_id: str, admin: bool
) -> list[ApplicationView]:
    return applications.candidate_applications(_store(), viewer(), uuid.UUID(candidate_id))


def interview_application(interview_id: str) -> ApplicationView | None:
    """The application the interview belongs to, as the viewer may see it (None: none, and
    the Interview page records the interview's own decision)."""
    key = domain.parse_uuid(interview_id, "interview")
    get_store()
    return _interview_application(str(key), str(viewer().user_id), viewer().admin)


@cached_read
def _interview_application(
    interview_id: str, viewer_id: str, admin: bool
) -> ApplicationView | None:
    interview = _store().get_interview(uuid.UUID(interview_id))
    if interview is None:
        return None
    return applications.interview_application(_store(), viewer(), interview)


def job_pipeline(job_id: str, stage: str = "") -> Pipeline | None:
    """A job's counts by stage and the newest applications of `stage` (of the first stage
    holding some when it holds none, or is not one of the job's); None for an unknown job."""
    key = domain.parse_uuid(job_id, "job")
    get_store()
    return _job_pipeline(str(key), stage, str(viewer().user_id), viewer().admin)


@cached_read
def _job_pipeline(job_id: str, stage: str, viewer_id: str, admin: bool) -> Pipeline | None:
    return applications.pipeline(_store(), viewer(), uuid.UUID(job_id), stage or None)


@logged_write
def decide_application(
    application_id: str, call: str | None, reason: str, seen_stage: str, against_reason: str = ""
) -> str:
    """Record the viewer's hiring decision on an application, at the app's clock; the stage
    it is at afterwards. Forbidden / ValidationError (StaleApplication; a decision against the
    recommendation without `against_reason`) with nothing written."""
    key = domain.parse_uuid(application_id, "application")
    store = get_store()
    who = acting_viewer(store)  # fresh, not cached: who they are now
    moved = applications.decide(store, who, key, call, reason, seen_stage, now(), against_reason)
    clear_caches()
    return moved.stage
