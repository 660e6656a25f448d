"""Interview kits on Cassandra: a mixin of CassandraStore.

A stage's kit lives in its row of `jobs_by_id` (written in the job's conditional batch); a
scorecard in its author's row of `interviews_by_id` (written in the feedback's conditional
batch); the link of an interview to the job stage it was booked for in
`interview_stage_by_interview`, one row per interview.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ...core import job_kits
from ...core.jobs import Job
from ...core.kits import InterviewStage, StageKit
from ...core.models import Interview
from ...core.validation import check_text, require_id
from .connection import driver_errors
from .session import PreparedSession


class KitsMixin:
    """Needs the store's session, its interview and job reads (see CassandraStore)."""

    _db: PreparedSession

    if TYPE_CHECKING:  # the store's own reads (a stub here would shadow them)

        def get_interview(self, interview_id: uuid.UUID) -> Interview | None: ...

        def get_job(self, job_id: uuid.UUID) -> Job | None: ...

    @driver_errors
    def link_interview_stage(
        self, interview_id: uuid.UUID, job_id: uuid.UUID, stage: str
    ) -> InterviewStage:
        iid = require_id(interview_id, "interview")
        jid = require_id(job_id, "job")
        name = check_text(stage, "stage.name").strip()
        interview = self.get_interview(iid)
        link = job_kits.checked_link(
            iid, interview.job_title if interview else None, self.get_job(jid), name
        )
        self._db.session.execute(self._db.ps["stage_link_put"], (iid, link.job_id, link.stage))
        return link

    @driver_errors
    def get_interview_stage(self, interview_id: uuid.UUID) -> InterviewStage | None:
        iid = require_id(interview_id, "interview")
        row = self._db.one("stage_link_get", iid)
        return InterviewStage(iid, row["job_id"], row["stage_name"]) if row else None

    @driver_errors
    def interview_kit(self, interview_id: uuid.UUID) -> StageKit | None:
        link = self.get_interview_stage(interview_id)
        return job_kits.stage_kit(self.get_job(link.job_id), link.stage) if link else None

    def _drop_stage_link(self, interview_id: uuid.UUID) -> None:
        self._db.session.execute(self._db.ps["stage_link_del"], (interview_id,))
