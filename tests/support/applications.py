"""The application an interview belongs to, read through the store's public reads (the
candidate's, to the job its title folds to)."""

from __future__ import annotations

import uuid

from interview_autopilot.core.applications import Application, application_id_for
from interview_autopilot.store.base import Store


def application_of(store: Store, interview_id: uuid.UUID) -> Application | None:
    interview = store.get_interview(interview_id)
    job = store.find_job_by_title(interview.job_title) if interview else None
    if interview is None or job is None:
        return None
    return store.get_application(application_id_for(interview.candidate_id, job.job_id))


def open_application(store: Store, interview_id: uuid.UUID) -> bool:
    """Whether the interview belongs to an application that takes decisions still."""
    found = application_of(store, interview_id)
    return found is not None and not found.closed


def undecided_application(store: Store, interview_id: uuid.UUID) -> bool:
    """Whether the interview belongs to an open application that has no decision yet."""
    found = application_of(store, interview_id)
    return found is not None and not found.closed and found.decision is None
