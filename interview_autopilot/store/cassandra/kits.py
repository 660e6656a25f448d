"""Interview kits on Cassandra: a mixin of CassandraStore.

A stage's kit lives in its row of `jobs_by_id` (written in the job's conditional batch); a
scorecard in its author's row of `interviews_by_id` (written in the feedback's conditional
batch); the link of an interview to the job stage it was booked for in
`interview_stage_by_interview`, one row per interview.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from cassandra.query import SimpleStatement

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

    @driver_errors
    def stage_link_problems(self, repair: bool = False) -> tuple[list[str], int]:
        """The doctor's check of every stage link (a paged scan of
        interview_stage_by_interview, the jobs read once each): its lines, and the links
        `repair` deleted (job_kits.link_problem)."""
        statement = SimpleStatement(
            f"SELECT interview_id, job_id, stage_name FROM "
            f"{self._db.keyspace}.interview_stage_by_interview",
            fetch_size=500,
        )
        found: dict[uuid.UUID, Job | None] = {}
        lines, repaired = [], 0
        for row in self._db.session.execute(statement):
            link = InterviewStage(row["interview_id"], row["job_id"], row["stage_name"])
            if link.job_id not in found:
                found[link.job_id] = self.get_job(link.job_id)
            interview = self.get_interview(link.interview_id)
            problem = job_kits.link_problem(
                link, interview.job_title if interview else None, found[link.job_id]
            )
            if problem is None:
                continue
            lines.append(problem[0])
            if repair and problem[1]:
                self._drop_stage_link(link.interview_id)
                repaired += 1
        return lines, repaired

    def _drop_stage_link(self, interview_id: uuid.UUID) -> None:
        self._db.session.execute(self._db.ps["stage_link_del"], (interview_id,))
