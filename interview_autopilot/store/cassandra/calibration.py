"""Interviewer calibration on Cassandra: a mixin of CassandraStore.

The sums of core/calibration.py are counters of `insight_counts_by_chart`, changed by each
interview's change with its other Insights counters (`aggregates.insight_keys`: -1 x the state
before, +1 x the state after, in the change's marked counter batches), so a feedback edit, an
interview deleted or a bulk load run again moves them exactly, and the doctor recomputes them
from the sources with the rest. Reads are partition slices, never a scan of feedback: one
interviewer's ~10 rows, the team's ~10 rows, or the 64 shards for the team table.
"""

from __future__ import annotations

import uuid

from ...core.calibration import Sums
from .aggregates import ALL, CALIBRATION, CALIBRATION_SHARDS, CALIBRATION_TEAM, calibration_shard
from .connection import driver_errors
from .session import PreparedSession


class CalibrationMixin:
    """Needs the store's session (see CassandraStore)."""

    _db: PreparedSession

    @driver_errors
    def calibration_sums(self, user_id: uuid.UUID | None) -> Sums:
        """One interviewer's sums (None: the team's)."""
        if user_id is None:
            rows = self._db.future("insight_all", CALIBRATION_TEAM, ALL).result()
            return {r["a"]: r["n"] for r in rows if r["n"]}
        uid = str(user_id)
        shard = calibration_shard(uid)
        rows = self._db.future("insight_slice", CALIBRATION, shard, uid, uid + "~").result()
        return {r["b"]: r["n"] for r in rows if r["n"]}

    @driver_errors
    def calibration_table(self) -> dict[uuid.UUID, Sums]:
        """Every interviewer's sums (the 64 shard partitions, read at once)."""
        futures = [
            self._db.future("insight_all", CALIBRATION, f"{s:02d}")
            for s in range(CALIBRATION_SHARDS)
        ]
        out: dict[uuid.UUID, Sums] = {}
        for f in futures:
            for r in f.result():
                if r["n"]:
                    out.setdefault(uuid.UUID(r["a"]), {})[r["b"]] = r["n"]
        return out
