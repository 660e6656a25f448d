"""Interviewer calibration on SQLite: a mixin of SqliteStore.

SQLite adds the sums of core/calibration.py up from its tables when asked (the feedback of the
interviews concerned, each with its end and hiring decision), with the same function Cassandra's
write path counts by, so both give the same figures; nothing is kept that could drift.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from itertools import groupby

from ...core import calibration
from ...core.calibration import Sums
from ...core.models import Feedback, HiringCall
from ...core.validation import require_id
from .rows import feedback_row, text_time

_FEEDBACK = (
    "SELECT f.*, i.scheduled_end AS interview_end, i.hiring_call AS interview_call "
    "FROM feedback f JOIN interviews i ON i.interview_id = f.interview_id "
)


def _interviews(
    rows: list[sqlite3.Row],
) -> Iterator[tuple[list[Feedback], datetime, HiringCall | None]]:
    for _iid, group in groupby(rows, key=lambda r: r["interview_id"]):
        found = list(group)
        call = found[0]["interview_call"]
        yield (
            [feedback_row(r) for r in found],
            text_time(found[0]["interview_end"]),
            HiringCall(call) if call else None,
        )


class CalibrationMixin:
    """Needs the store's transaction (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def calibration_sums(self, user_id: uuid.UUID | None) -> Sums:
        """One interviewer's sums (None: the team's)."""
        if user_id is None:
            return calibration.team_of(self.calibration_table().values())
        uid = require_id(user_id, "user")
        with self._tx() as db:
            rows = db.execute(
                _FEEDBACK + "WHERE f.interview_id IN "
                "(SELECT interview_id FROM feedback WHERE user_id = ?) ORDER BY f.interview_id",
                (str(uid),),
            ).fetchall()
        return calibration.per_person(_interviews(rows)).get(uid, {})

    def calibration_table(self) -> dict[uuid.UUID, Sums]:
        """Every interviewer's sums."""
        with self._tx() as db:
            rows = db.execute(_FEEDBACK + "ORDER BY f.interview_id").fetchall()
        return calibration.per_person(_interviews(rows))
