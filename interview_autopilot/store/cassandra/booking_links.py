"""Self-scheduling links on Cassandra: a mixin of CassandraStore (docs/self-scheduling.md).

One row per link in `booking_links_by_id`. Every change of a link is a conditional write on its
row: added IF NOT EXISTS; a pick claims it IF it is unused and holds the claim it read (none, or
one past the lease); the booking marks it used IF the claim is still the pick's own; a pick that
could not book deletes its claim under the same condition. A write that timed out is settled by
a serial read of the row.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout

from ...core.booking_links import BookingLink, check_link, claim_free, slots_of, slots_text
from ...core.errors import ValidationError
from ...core.models import to_utc
from ...core.validation import require_id
from .connection import driver_errors
from .rows import Row
from .session import PreparedSession


def _time(value: datetime | None) -> datetime | None:
    return to_utc(value) if value is not None else None


def _link(row: Row) -> BookingLink:
    return BookingLink(
        row["link_id"],
        row["candidate_id"],
        row["recruiter_id"],
        row["job_id"],
        row["job_title"] or "",
        row["stage_name"] or "",
        to_utc(row["created_at"]),
        to_utc(row["expires_at"]),
        slots_of(row["slots"]),
        row["created_by"],
        row["claim_id"],
        _time(row["claimed_at"]),
        _time(row["used_at"]),
        row["interview_id"],
    )


class BookingLinks:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    def _serial_link(self, link_id: uuid.UUID) -> BookingLink | None:
        bound = self._db.ps["link_get"].bind((link_id,))
        bound.consistency_level = ConsistencyLevel.LOCAL_SERIAL  # sees writes in flight
        row = self._db.session.execute(bound).one()
        return _link(row) if row else None

    def _link_applied(self, name: str, params: tuple[object, ...]) -> bool | None:
        """Whether the conditional write landed; None when it timed out (settle by a read)."""
        try:
            return bool(self._db.session.execute(self._db.ps[name], params).was_applied)
        except (WriteTimeout, OperationTimedOut):
            return None

    @driver_errors
    def add_booking_link(self, link: BookingLink) -> None:
        c = check_link(link)
        applied = self._link_applied(
            "link_add",
            (
                c.link_id,
                c.candidate_id,
                c.recruiter_id,
                c.job_id,
                c.job_title,
                c.stage_name,
                c.created_at,
                c.created_by,
                c.expires_at,
                slots_text(c.slots),
            ),
        )
        if applied is None:
            held = self._serial_link(c.link_id)
            applied = held is not None and held.created_at == c.created_at
        if not applied:
            raise ValidationError("link", "A booking link with that id exists already.")

    @driver_errors
    def get_booking_link(self, link_id: uuid.UUID) -> BookingLink | None:
        row = self._db.one("link_get", require_id(link_id, "link"))
        return _link(row) if row else None

    @driver_errors
    def claim_booking_link(self, link_id: uuid.UUID, claim_id: uuid.UUID, now: datetime) -> bool:
        link_id, claim_id = require_id(link_id, "link"), require_id(claim_id, "claim")
        held = self._serial_link(link_id)
        if held is None or not claim_free(held, now):
            return False
        applied = self._link_applied("link_claim", (claim_id, to_utc(now), link_id, held.claim_id))
        if applied is None:
            found = self._serial_link(link_id)
            applied = found is not None and found.claim_id == claim_id
        return applied

    @driver_errors
    def finish_booking_link(
        self, link_id: uuid.UUID, claim_id: uuid.UUID, interview_id: uuid.UUID, at: datetime
    ) -> bool:
        link_id, claim_id = require_id(link_id, "link"), require_id(claim_id, "claim")
        interview_id = require_id(interview_id, "interview")
        applied = self._link_applied("link_use", (to_utc(at), interview_id, link_id, claim_id))
        if applied is None:
            found = self._serial_link(link_id)
            applied = found is not None and found.interview_id == interview_id
        return applied

    @driver_errors
    def release_booking_link(self, link_id: uuid.UUID, claim_id: uuid.UUID) -> None:
        link_id, claim_id = require_id(link_id, "link"), require_id(claim_id, "claim")
        self._link_applied("link_release", (link_id, claim_id))  # lost: the lease frees it
