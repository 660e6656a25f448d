"""The messages a candidate was sent, on Cassandra: a mixin of CassandraStore.

One partition of `messages_by_candidate` per candidate, one row per message holding its last
attempt's outcome (a plain upsert: a message's outcomes are written by the worker holding its
claim, one attempt after another).
"""

from __future__ import annotations

import uuid

from ...core.candidate_messages import SentLine
from ...core.models import to_utc
from ...core.outbox import Kind, State
from ...core.validation import require_id
from .connection import driver_errors
from .session import PreparedSession


class CandidateMessagesMixin:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    @driver_errors
    def record_candidate_message(self, candidate_id: uuid.UUID, line: SentLine) -> None:
        cid = require_id(candidate_id, "candidate")
        self._db.session.execute(
            self._db.ps["candidate_message_put"],
            (
                line.interview_id,
                to_utc(line.at),
                line.kind.value,
                line.subject,
                line.state.value,
                line.detail,
                cid,
                line.message_id,
            ),
        )

    @driver_errors
    def candidate_messages(self, candidate_id: uuid.UUID) -> list[SentLine]:
        cid = require_id(candidate_id, "candidate")
        rows = self._db.session.execute(self._db.ps["candidate_messages_get"], (cid,))
        lines = [
            SentLine(
                r["message_id"],
                r["interview_id"],
                to_utc(r["at"]),
                Kind(r["kind"]),
                r["subject"] or "",
                State(r["state"]),
                r["detail"] or "",
            )
            for r in rows
            if r["at"] is not None and r["interview_id"] is not None
        ]
        return sorted(lines, key=lambda line: (line.at, str(line.message_id)), reverse=True)
