"""The autopilot's outbox on Cassandra: a mixin of CassandraStore.

Messages live in `outbox_by_due_hour` (one partition per hour of due time); a pass reads the
hours of its look-back concurrently. The claim on a message is a lightweight transaction on its
row of `outbox_claims_by_message` (IF NOT EXISTS, then IF on the holder and attempt read), so
one worker holds a message at a time; the row in the hour partition then follows with a plain
write (the page's view of it, and what lets a pass skip a message that ended).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout
from cassandra.query import UNSET_VALUE

from ...core import outbox
from ...core.models import to_utc
from ...core.outbox import Action, Channel, Claim, Kind, Message, State
from .connection import driver_errors
from .rows import Row
from .session import PreparedSession

CLAIM_ROUNDS = 3  # a lost conditional write is re-read and decided again, this many times
ENQUEUE_RETRIES = 3  # resends of a batch of messages the cluster did not confirm


def _message(row: Row) -> Message:
    return Message(
        row["message_id"],
        row["attempt"],
        to_utc(row["due_at"]),
        Kind(row["kind"]),
        Channel(row["channel"]),
        row["interview_id"],
        row["recipient_id"],
        row["address"] or "",
        row["expect"] or "{}",
        to_utc(row["created_at"]) if row["created_at"] else None,
        State(row["state"] or State.DUE.value),
        row["detail"] or "",
        row["worker"] or "",
        to_utc(row["settled_at"]) if row["settled_at"] else None,
    )


def _claim(row: Row | None) -> Claim | None:
    if row is None or row["state"] is None:
        return None
    return Claim(
        row["message_id"],
        row["attempt"],
        State(row["state"]),
        row["worker"] or "",
        to_utc(row["lease_until"]),
        row["detail"] or "",
    )


class OutboxMixin:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    @driver_errors
    def enqueue_messages(self, messages: list[Message]) -> None:
        """One logged batch (the messages of one change land together), sent again when the
        cluster does not confirm it (the same rows: idempotent)."""
        put = self._db.ps["outbox_put"]
        self._db.write([put.bind(self._row(m)) for m in messages], retries=ENQUEUE_RETRIES)

    def _row(self, m: Message) -> tuple[object, ...]:
        return (
            m.bucket,
            m.due_at,
            m.message_id,
            m.attempt,
            m.kind.value,
            m.channel.value,
            m.interview_id,
            UNSET_VALUE if m.recipient_id is None else m.recipient_id,
            m.address,
            m.expect,
            m.created_at or UNSET_VALUE,
        )

    @driver_errors
    def drop_messages(self, messages: list[Message]) -> None:
        ps = self._db.ps
        self._db.concurrent(
            (ps["outbox_drop"], (m.bucket, m.due_at, m.message_id, m.attempt)) for m in messages
        )

    @driver_errors
    def list_messages(self, start: datetime, end: datetime, limit: int = 500) -> list[Message]:
        """Every attempt due in [start, end], by due time (at most `limit`)."""
        start, end = to_utc(start), to_utc(end)
        futures = [self._db.future("outbox_hour", b) for b in outbox.buckets(start, end)]
        found: list[Message] = []
        for f in futures:
            found.extend(_message(r) for r in f.result() if start <= to_utc(r["due_at"]) <= end)
        return sorted(found, key=lambda m: (m.due_at, str(m.message_id), m.attempt))[:limit]

    def due_messages(self, now: datetime, lookback: timedelta, limit: int) -> list[Message]:
        """The attempts due by `now` (within the look-back) that have not ended."""
        rows = self.list_messages(now - lookback, now, limit=10**9)
        return [m for m in rows if not m.state.final][:limit]

    def _read_claim(self, message_id: uuid.UUID, serial: bool = False) -> Claim | None:
        bound = self._db.ps["claim_get"].bind((message_id,))
        if serial:
            bound.consistency_level = ConsistencyLevel.LOCAL_SERIAL
        return _claim(self._db.session.execute(bound).one())

    def _claim_lwt(
        self, name: str, params: tuple[object, ...], message_id: uuid.UUID, mine: Claim
    ) -> bool:
        """A conditional write on a claim; a timeout is settled by a serial read of it."""
        try:
            return bool(self._db.session.execute(self._db.ps[name], params).was_applied)
        except (WriteTimeout, OperationTimedOut):
            now = self._read_claim(message_id, serial=True)
            return now is not None and (now.attempt, now.state, now.worker, now.lease_until) == (
                mine.attempt,
                mine.state,
                mine.worker,
                mine.lease_until,
            )

    @driver_errors
    def claim_message(
        self, message: Message, worker: str, now: datetime, lease: timedelta
    ) -> Claim | None:
        """Take `message` for `worker` until now + lease, or None (held elsewhere, or ended:
        its row then records how)."""
        now = to_utc(now)
        for _ in range(CLAIM_ROUNDS):
            claim = self._read_claim(message.message_id)
            decision = outbox.decide(message, claim, now)
            if decision.action is Action.WAIT:
                return None
            if decision.action is Action.DONE:
                self._mark(message, decision.row_state, decision.detail, "", now)
                return None
            mine = Claim(
                message.message_id, message.attempt, State.CLAIMED, worker, to_utc(now + lease)
            )
            if decision.action is Action.NEW:
                params: tuple[object, ...] = (
                    message.message_id,
                    message.attempt,
                    worker,
                    mine.lease_until,
                )
                name = "claim_new"
            elif decision.action is Action.TAKE_OVER:
                assert claim is not None
                name = "claim_take_over"
                params = (
                    worker,
                    mine.lease_until,
                    message.message_id,
                    claim.attempt,
                    claim.worker,
                    claim.lease_until,
                )
            else:
                assert claim is not None
                name = "claim_resume"
                params = (
                    message.attempt,
                    worker,
                    mine.lease_until,
                    message.message_id,
                    claim.attempt,
                )
            if self._claim_lwt(name, params, message.message_id, mine):
                self._mark(message, State.CLAIMED, "", worker, None)
                return mine
        return None

    @driver_errors
    def settle_message(
        self,
        message: Message,
        claim: Claim,
        state: State,
        detail: str,
        now: datetime,
        retry: Message | None = None,
    ) -> bool:
        """Record how the attempt held by `claim` ended; with `retry`, queue that next attempt
        first (so a worker dying between the two leaves it queued, never lost). False when
        the claim was taken over meanwhile (the new holder records the end)."""
        if retry is not None:
            self.enqueue_messages([retry])
        mine = Claim(claim.message_id, claim.attempt, state, claim.worker, claim.lease_until)
        params = (state.value, detail, claim.message_id, claim.attempt, claim.worker)
        if not self._claim_lwt("claim_settle", params, claim.message_id, mine):
            return False
        self._mark(message, state, detail, claim.worker, to_utc(now))
        return True

    def _mark(
        self, m: Message, state: State, detail: str, worker: str, at: datetime | None
    ) -> None:
        self._db.session.execute(
            self._db.ps["outbox_mark"],
            (
                state.value,
                detail,
                worker or UNSET_VALUE,
                at or UNSET_VALUE,
                m.bucket,
                m.due_at,
                m.message_id,
                m.attempt,
            ),
        )

    @driver_errors
    def autopilot_paused(self) -> bool:
        row = self._db.one("switch_get", "paused")
        return bool(row and row["value"] == "true")

    @driver_errors
    def set_autopilot_paused(
        self, paused: bool, *, actor: uuid.UUID | None = None, now: datetime
    ) -> None:
        self._db.session.execute(
            self._db.ps["switch_put"],
            ("paused", "true" if paused else "false", actor or UNSET_VALUE, to_utc(now)),
        )
