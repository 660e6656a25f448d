"""The doctor on SQLite: the stored copies (the ATS records, the counts per status, calibration's
sums) compared with what the tables imply, then the jobs' and applications' checks, the
decisions carried onto interviews and the interviews' stage links. A mixin of SqliteStore."""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, cast

from ...core import domain
from ...core.models import AtsRecord, DoctorReport, Interview
from .. import interview_decisions
from ..base import Store
from . import calibration_sums, counts, hiring
from .rows import read_ats, read_feedback, read_interview, read_participants


class DoctorChecks:
    """Needs the store's transaction, its ATS refresh and the checks of its jobs, applications
    and stage links (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _refresh_ats: Callable[[sqlite3.Connection, Interview, datetime | None], None]

    if TYPE_CHECKING:  # the store's own checks (a stub here would shadow them)

        def job_problems(self) -> list[str]: ...

        def application_problems(self) -> list[str]: ...

        def stage_link_problems(self, repair: bool = False) -> tuple[list[str], int]: ...

    def doctor(
        self, repair: bool = False, progress: Callable[[str], None] | None = None
    ) -> DoctorReport:
        """SQLite joins lists at read time: its stored copies are the ATS record, which must be
        the one the interview's status, panel and feedback imply, the counts per status
        (kept by triggers, compared with a recount) and calibration's sums (likewise)."""
        report = DoctorReport()
        with self._tx() as db:
            for row in db.execute("SELECT interview_id FROM interviews").fetchall():
                interview = read_interview(db, uuid.UUID(row["interview_id"]))
                assert interview is not None
                report.interviews += 1
                stored = read_ats(db, interview.interview_id)
                expected = self._expected_ats(db, interview, stored)
                same = (stored is None) == (expected is None) and (
                    stored is None
                    or expected is None
                    or dataclasses.replace(stored, updated_at=expected.updated_at) == expected
                )
                if not same:
                    line = (
                        f"ats: interview {interview.interview_id}: {stored} instead of {expected}"
                    )
                    report.problems.append(line)
                    if progress:
                        progress(line)
                    if repair:
                        at = stored.updated_at if stored else None
                        self._refresh_ats(db, interview, at)
                        report.repaired += 1

            def problem(line: str) -> None:
                report.problems.append(line)
                if progress:
                    progress(line)

            counts.check(db, report, problem, repair)
            calibration_sums.check(db, report, problem, repair)
        for line in self.job_problems():  # every interview filed under a job
            problem(line)
        for line in self.application_problems():  # the counts of applications by stage
            problem(line)
        store = cast(Store, self)  # the whole store this mixin is part of
        lines, carried = interview_decisions.carry(store, repair)  # decisions on interviews
        links, dropped = self.stage_link_problems(repair)  # interview -> job stage
        for line in [*lines, *links]:
            problem(line)
        report.repaired += carried + dropped
        return report

    def _expected_ats(
        self, db: sqlite3.Connection, interview: Interview, stored: AtsRecord | None
    ) -> AtsRecord | None:
        feedback = read_feedback(db, interview.interview_id)
        decision = hiring.read(db, interview.interview_id)
        if not domain.has_ats(interview.status, len(feedback), decision is not None):
            return None
        panel = len(read_participants(db, interview.interview_id))
        at = stored.updated_at if stored else None
        return domain.ats_record(interview, panel, feedback, at, decision)
