"""Interviewer calibration on SQLite: a mixin of SqliteStore.

SQLite adds the sums of core/calibration.py up from its tables when asked (the feedback of the
interviews concerned, each with its end and final decision: its application's, else its own),
with the same function Cassandra's write path counts by, so both give the same figures; nothing
is kept that could drift.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from itertools import groupby

from ...core import calibration
from ...core.applications import application_id_for
from ...core.calibration import Sums
from ...core.filters import job_key
from ...core.models import Feedback, HiringCall
from ...core.validation import require_id
from .rows import feedback_row, text_time

_FEEDBACK = (
    "SELECT f.*, i.scheduled_end AS interview_end, i.hiring_call AS interview_call, "
    "i.candidate_id AS interview_candidate, i.job_title AS interview_title "
    "FROM feedback f JOIN interviews i ON i.interview_id = f.interview_id "
)
_IN_CHUNK = 500  # ids bound per IN (...) query


def application_calls(
    db: sqlite3.Connection, interviews: list[tuple[str, str]]
) -> dict[tuple[str, str], HiringCall]:
    """(candidate id, job title) -> the decision of that candidate's application to the job
    the title folds to, for the pairs whose application has one."""
    jobs = {k: v for k, v in db.execute("SELECT title_key, job_id FROM jobs").fetchall()}
    wanted: dict[str, tuple[str, str]] = {}
    for candidate, title in set(interviews):
        job = jobs.get(job_key(title))
        if job:
            app = application_id_for(uuid.UUID(candidate), uuid.UUID(job))
            wanted[str(app)] = (candidate, title)
    ids = sorted(wanted)
    out: dict[tuple[str, str], HiringCall] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        part = ids[start : start + _IN_CHUNK]
        marks = ",".join("?" * len(part))
        for app, call in db.execute(
            "SELECT application_id, decision_call FROM applications "
            f"WHERE decision_call IS NOT NULL AND application_id IN ({marks})",
            part,
        ).fetchall():
            out[wanted[app]] = HiringCall(call)
    return out


def _interviews(
    rows: list[sqlite3.Row], calls: dict[tuple[str, str], HiringCall]
) -> Iterator[tuple[list[Feedback], datetime, HiringCall | None]]:
    for _iid, group in groupby(rows, key=lambda r: r["interview_id"]):
        found = list(group)
        top = found[0]
        own = HiringCall(top["interview_call"]) if top["interview_call"] else None
        yield (
            [feedback_row(r) for r in found],
            text_time(top["interview_end"]),
            calibration.final_call(
                calls.get((top["interview_candidate"], top["interview_title"])), own
            ),
        )


class CalibrationMixin:
    """Needs the store's transaction (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def _calibration_rows(
        self, where: str, params: tuple[str, ...]
    ) -> Iterator[tuple[list[Feedback], datetime, HiringCall | None]]:
        with self._tx() as db:
            rows = db.execute(_FEEDBACK + where + " ORDER BY f.interview_id", params).fetchall()
            calls = application_calls(
                db, [(r["interview_candidate"], r["interview_title"]) for r in rows]
            )
        return _interviews(rows, calls)

    def calibration_sums(self, user_id: uuid.UUID | None) -> Sums:
        """One interviewer's sums (None: the team's)."""
        if user_id is None:
            return calibration.team_of(self.calibration_table().values())
        uid = require_id(user_id, "user")
        rows = self._calibration_rows(
            "WHERE f.interview_id IN (SELECT interview_id FROM feedback WHERE user_id = ?)",
            (str(uid),),
        )
        return calibration.per_person(rows).get(uid, {})

    def calibration_table(self) -> dict[uuid.UUID, Sums]:
        """Every interviewer's sums."""
        return calibration.per_person(self._calibration_rows("", ()))
