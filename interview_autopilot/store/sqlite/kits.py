"""Interview kits on SQLite: a mixin of SqliteStore, and its schema step.

The step adds the kit of each plan stage (`job_stages.kit`), the scorecard of each feedback
(`feedback.ratings`, NULL for feedback without one) and the link of an interview to the job
stage it was booked for (`interview_stages`, gone with its interview).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager

from ...core import job_kits
from ...core.kits import InterviewStage, StageKit
from ...core.validation import check_text, require_id
from .jobs import _read as read_job

SCHEMA = """
ALTER TABLE job_stages ADD COLUMN kit TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN ratings TEXT;
CREATE TABLE IF NOT EXISTS interview_stages (
    interview_id TEXT PRIMARY KEY REFERENCES interviews(interview_id) ON DELETE CASCADE,
    job_id TEXT NOT NULL, stage TEXT NOT NULL) WITHOUT ROWID;
"""


def add_kits(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


def kits_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'interview_stages'"
        ).fetchone()
    )


def read_link(db: sqlite3.Connection, interview_id: uuid.UUID) -> InterviewStage | None:
    row = db.execute(
        "SELECT * FROM interview_stages WHERE interview_id = ?", (str(interview_id),)
    ).fetchone()
    if row is None:
        return None
    return InterviewStage(interview_id, uuid.UUID(row["job_id"]), row["stage"])


def read_kit(db: sqlite3.Connection, interview_id: uuid.UUID) -> StageKit | None:
    """The kit of the stage the interview is linked to (None: no link, or no kit)."""
    link = read_link(db, interview_id)
    return job_kits.stage_kit(read_job(db, link.job_id), link.stage) if link else None


class KitsMixin:
    """Needs the store's transaction (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def link_interview_stage(
        self, interview_id: uuid.UUID, job_id: uuid.UUID, stage: str
    ) -> InterviewStage:
        iid = require_id(interview_id, "interview")
        jid = require_id(job_id, "job")
        name = check_text(stage, "stage.name").strip()
        with self._tx() as db:
            row = db.execute(
                "SELECT job_title FROM interviews WHERE interview_id = ?", (str(iid),)
            ).fetchone()
            job = read_job(db, jid)
            link = job_kits.checked_link(iid, row["job_title"] if row else None, job, name)
            db.execute(
                "INSERT INTO interview_stages (interview_id, job_id, stage) VALUES (?, ?, ?) "
                "ON CONFLICT(interview_id) DO UPDATE SET job_id = excluded.job_id, "
                "stage = excluded.stage",
                (str(iid), str(link.job_id), link.stage),
            )
            return link

    def get_interview_stage(self, interview_id: uuid.UUID) -> InterviewStage | None:
        iid = require_id(interview_id, "interview")
        with self._tx() as db:
            return read_link(db, iid)

    def stage_link_problems(self, repair: bool = False) -> tuple[list[str], int]:
        """The doctor's check of every stage link (job_kits.link_problem): its lines, and the
        links `repair` deleted. Links go with their interview (ON DELETE CASCADE), so only a
        file written with foreign keys off, or edited by hand, has any to report."""
        lines, repaired = [], 0
        with self._tx() as db:
            rows = db.execute(
                "SELECT s.interview_id, s.job_id, s.stage, i.job_title FROM interview_stages s "
                "LEFT JOIN interviews i ON i.interview_id = s.interview_id"
            ).fetchall()
            for row in rows:
                link = InterviewStage(
                    uuid.UUID(row["interview_id"]), uuid.UUID(row["job_id"]), row["stage"]
                )
                problem = job_kits.link_problem(link, row["job_title"], read_job(db, link.job_id))
                if problem is None:
                    continue
                lines.append(problem[0])
                if repair and problem[1]:
                    db.execute(
                        "DELETE FROM interview_stages WHERE interview_id = ?",
                        (row["interview_id"],),
                    )
                    repaired += 1
        return lines, repaired

    def interview_kit(self, interview_id: uuid.UUID) -> StageKit | None:
        iid = require_id(interview_id, "interview")
        with self._tx() as db:
            return read_kit(db, iid)
