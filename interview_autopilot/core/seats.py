"""Seats of a booking: each person of the panel and the candidate, held for [start, end).

A booking holds every seat or none. The stores check the seats inside the write itself (SQLite:
the write transaction; Cassandra: conditional writes on the person's claims of the day,
store/cassandra/seat_claims.py), so two bookers of one person for one hour cannot both land.
`SlotTaken` says which seats were taken; the feature layer turns it into names and local times.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .errors import ValidationError
from .models import to_utc

# A claim whose interview does not (yet) stand is honoured this long after it was made: its
# writer is still creating or moving the interview. Past it, the claim is ignored and replaced.
CLAIM_LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Seat:
    """One person held by a booking: a participant (`candidate` False) or the candidate."""

    person_id: uuid.UUID
    candidate: bool = False


@dataclass(frozen=True)
class Busy:
    """A seat taken: `seat`'s other interview `interview_id` holds [start, end)."""

    seat: Seat
    interview_id: uuid.UUID
    start: datetime
    end: datetime


class SlotTaken(ValidationError):
    """A booking or a move refused because a participant or the candidate is already booked
    for an overlapping time (nothing written). `busy` names each seat taken and by what."""

    def __init__(self, busy: list[Busy], message: str | None = None) -> None:
        super().__init__(
            "booking",
            message or "A participant or the candidate is already booked at that time.",
        )
        self.busy = tuple(busy)


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Whether [start, end) and [other_start, other_end) share a moment (back to back: no)."""
    return to_utc(start) < to_utc(other_end) and to_utc(other_start) < to_utc(end)


def seats_of(candidate_id: uuid.UUID, people: list[uuid.UUID]) -> list[Seat]:
    """The seats a booking holds: the panel's people, then the candidate (each once)."""
    return [*(Seat(p) for p in dict.fromkeys(people)), Seat(candidate_id, candidate=True)]


def claim_days(start: datetime, end: datetime) -> list[date]:
    """The UTC days [start, end) touches: a claim is stored in each, so two overlapping
    intervals always meet in one day's partition (the day of their common moment)."""
    first = to_utc(start).date()
    last = (to_utc(end) - timedelta(microseconds=1)).astimezone(UTC).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
