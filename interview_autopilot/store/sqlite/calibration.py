"""Interviewer calibration on SQLite: a mixin of SqliteStore.

The sums of core/calibration.py are kept by the write path in SQLite tables
(calibration_sums.py: each interview's contributions and their totals, brought up to date in
the same transaction as every write that moves them), so a person's figures and the team's are
a few rows read whatever the history, and equal a recount from the feedback with the same
function Cassandra's write path counts by.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager

from ...core.calibration import Sums
from ...core.validation import require_id
from . import calibration_sums


class CalibrationMixin:
    """Needs the store's transaction (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def calibration_sums(self, user_id: uuid.UUID | None) -> Sums:
        """One interviewer's sums (None: the team's)."""
        uid = None if user_id is None else require_id(user_id, "user")
        with self._tx() as db:
            calibration_sums.fold(db)  # marks a write outside the store left (none, usually)
            return calibration_sums.read_person(db, uid)

    def calibration_table(self) -> dict[uuid.UUID, Sums]:
        """Every interviewer's sums."""
        with self._tx() as db:
            calibration_sums.fold(db)
            return calibration_sums.read_table(db)
