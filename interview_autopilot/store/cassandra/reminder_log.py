"""An interview's reminders on Cassandra: a mixin of CassandraStore.

One partition of `reminders_by_interview` per interview: the "Send a reminder now" clicks in its
static columns (a click lands with a lightweight transaction on their count, `IF nudges = ?`),
and one row per person with the last reminder they got.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout
from cassandra.query import UNSET_VALUE

from ...core.models import to_utc
from ...core.outbox import Channel, Kind, State
from ...core.reminder_log import ReminderLine, ReminderLog
from ...core.validation import require_id
from .connection import driver_errors
from .session import PreparedSession


class ReminderLogMixin:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    def _reminder_rows(self, iid: uuid.UUID, serial: bool = False) -> list:
        bound = self._db.ps["reminders_get"].bind((iid,))
        if serial:
            bound.consistency_level = ConsistencyLevel.LOCAL_SERIAL
        return list(self._db.session.execute(bound))

    @driver_errors
    def reminder_log(self, interview_id: uuid.UUID) -> ReminderLog:
        iid = require_id(interview_id, "interview")
        rows = self._reminder_rows(iid)
        if not rows:
            return ReminderLog(iid)
        sent = {
            r["recipient_id"]: tuple(sorted(to_utc(at) for at in r["sent"].values()))
            for r in rows
            if r["recipient_id"] is not None and r.get("sent")
        }
        last = {
            r["recipient_id"]: ReminderLine(
                r["recipient_id"],
                to_utc(r["at"]),
                Kind(r["kind"]),
                Channel(r["channel"]),
                State(r["state"]),
                r["detail"] or "",
            )
            for r in rows
            if r["recipient_id"] is not None and r["at"] is not None
        }
        top = rows[0]
        return ReminderLog(
            iid,
            top["nudges"] or 0,
            top["change"],
            top["nudged_by"],
            to_utc(top["nudged_at"]) if top["nudged_at"] else None,
            last,
            sent,
        )

    @driver_errors
    def land_nudge(
        self,
        interview_id: uuid.UUID,
        seen: int,
        change: uuid.UUID,
        by: uuid.UUID | None,
        at: datetime,
    ) -> bool:
        iid = require_id(interview_id, "interview")
        params = (seen + 1, change, by or UNSET_VALUE, to_utc(at), iid, seen or None)
        try:
            return bool(self._db.session.execute(self._db.ps["nudge_land"], params).was_applied)
        except (WriteTimeout, OperationTimedOut):  # did it land? a serial read says
            rows = self._reminder_rows(iid, serial=True)
            return bool(rows) and rows[0]["change"] == change

    @driver_errors
    def record_reminder(self, interview_id: uuid.UUID, line: ReminderLine) -> None:
        self._db.session.execute(
            self._db.ps["reminder_put"],
            (
                to_utc(line.at),
                line.kind.value,
                line.channel.value,
                line.state.value,
                line.detail,
                interview_id,
                line.recipient_id,
            ),
        )
        if line.state is State.SENT and line.message_id is not None:
            self._db.session.execute(
                self._db.ps["reminder_sent_add"],
                ({line.message_id: to_utc(line.at)}, interview_id, line.recipient_id),
            )
