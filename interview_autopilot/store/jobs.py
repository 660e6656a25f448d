"""What both backends share about jobs: the people a job names, read for its validation, and
the doctor's check that every interview is filed under a job."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping

from ..core.jobs import Job
from ..core.models import User


def named_people(
    job: object, get_user: Callable[[uuid.UUID], User | None]
) -> dict[uuid.UUID, User]:
    """The hiring manager, the recruiter and the named interviewers of `job` that exist."""
    if not isinstance(job, Job):
        return {}
    ids = {job.hiring_manager_id, job.recruiter_id}
    for stage in job.plan if isinstance(job.plan, tuple) else ():
        for seat in getattr(stage, "panel", ()) or ():
            ids.add(getattr(seat, "user_id", None))
    found: dict[uuid.UUID, User] = {}
    for key in ids:
        if isinstance(key, uuid.UUID):
            user = get_user(key)
            if user is not None:
                found[key] = user
    return found


def unfiled_titles(counts: Mapping[str, int], jobs: Iterable[Job]) -> list[str]:
    """The doctor's lines: free-text titles of interviews with no job of their folded title.
    A store with no job yet has not moved to jobs: nothing to say."""
    from ..core.filters import job_key

    keys = {j.title_key for j in jobs}
    if not keys:
        return []
    return [
        f"{n} interview(s) under the job title {title!r} belong to no job: run "
        "`interview-autopilot jobs from-titles`"
        for title, n in sorted(counts.items())
        if job_key(title) not in keys
    ]
