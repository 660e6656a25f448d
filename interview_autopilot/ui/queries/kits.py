"""Interview kits and scorecards on the screens: the kit of an interview's stage (its page,
the Feedback form), the scorecard a form gives, the link of a booked interview to its stage,
and the reasons of the ATS recommendation, computed from the feedback the viewer may see."""

from __future__ import annotations

import uuid

from ...core import access, domain
from ...core.errors import ValidationError
from ...core.kits import StageKit
from ...core.models import InterviewDetail
from ...core.recommendation_reasons import RecommendationReasons, explain
from ._cache import cached_read, clear_caches
from .backend import _store, get_store
from .interviews import interview_key
from .viewing import acting_viewer, logged_write, viewer


def interview_kit(interview_id: str) -> StageKit | None:
    """The kit of the stage the interview was booked for (None: no stage, or no kit). The kit
    is no verdict: whoever sees the interview sees its kit."""
    key = interview_key(interview_id)
    get_store()
    return _interview_kit(key)


@cached_read
def _interview_kit(interview_id: str) -> StageKit | None:
    return _store().interview_kit(uuid.UUID(interview_id))


def recommendation_reasons(detail: InterviewDetail) -> RecommendationReasons | None:
    """Why the ATS recommendation is what it is, from the feedback `detail` holds; None while
    the viewer may not see the verdicts (`access.feedback_hidden`) or there is no feedback."""
    if access.feedback_hidden(viewer(), detail) is not None or not detail.feedback:
        return None
    names = {p.user_id: p.name for p in detail.participants}
    kit = interview_kit(str(detail.interview.interview_id))
    return explain(
        detail.feedback, kit.names if kit else [], lambda uid: names.get(uid, "a former panelist")
    )


@logged_write
def link_interview_stage(interview_id: str, job_id: str | None, stage_index: int | None) -> None:
    """Record the job stage a just-booked interview is for (nothing without a stage picked):
    its kit then shows on the interview's page and Feedback form. Schedulers only."""
    if not job_id or stage_index is None:
        return
    store = get_store()
    access.require_scheduler(acting_viewer(store))
    job = store.get_job(domain.parse_uuid(job_id, "job"))
    if job is None or not 0 <= int(stage_index) < len(job.plan):
        raise ValidationError("stage", "That stage is no longer in the job's plan.")
    store.link_interview_stage(
        domain.parse_uuid(interview_id, "interview"), job.job_id, job.plan[int(stage_index)].name
    )
    clear_caches()
