"""Seat claims on Cassandra: a mixin of CassandraStore (docs/scheduling.md).

A booking claims each seat (a participant, the candidate) for [start, end) in
`seat_claims_by_person_day`, one partition per person and UTC day. Each claim reads the day
(LOCAL_SERIAL) and, when nothing live overlaps, writes its row in one conditional batch that
compares and sets the day's static `version`: of two claims read from the same version one
lands, the other reads again and finds the winner. The seats are claimed one after the other
in a fixed order; a seat found taken releases those claimed before (all or none).

A claim is live while its interview is scheduled at exactly that time, or for CLAIM_LEASE after
it was made (its writer is still creating or moving the interview). Past that, a claim whose
writer died, or whose interview moved or closed without releasing it, is ignored and removed
by the next claim that meets it.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, datetime

from cassandra import ConsistencyLevel
from cassandra.cluster import ResponseFuture

from ...core.errors import StoreUnavailable
from ...core.models import InterviewStatus, to_utc, utc_now
from ...core.seats import CLAIM_LEASE, Busy, Seat, SlotTaken, claim_days, overlaps
from .rows import Row
from .session import PreparedSession
from .versioned_partitions import compare_and_set, read_version

CLAIM_ROUNDS = 30  # conditional writes lost to other claimers of the same day, then "busy"
_DAY_VERSION = ("seat_day_first", "seat_day_cas")


Interval = tuple[datetime, datetime]


class SeatClaims:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    def claim_seats(
        self, interview_id: uuid.UUID, seats: list[Seat], start: datetime, end: datetime
    ) -> None:
        """Claim every seat for [start, end) in `interview_id`'s name, or none: SlotTaken names
        every seat another live claim holds (those claimed here are released first)."""
        start, end = to_utc(start), to_utc(end)
        keys = [(s, d) for s in _ordered(seats) for d in claim_days(start, end)]
        # Every day read first (in flight together): a seat already taken refuses the booking
        # before anything is written, naming every taken seat.
        futures = [self._day_future(seat.person_id, day) for seat, day in keys]
        read = [list(f.result()) for f in futures]
        busy = [
            b
            for (seat, _), rows in zip(keys, read, strict=True)
            for b in self._live_overlaps(rows, seat, interview_id, (start, end))
        ]
        if busy:
            raise SlotTaken(_distinct(busy))
        claimed: list[tuple[Seat, date]] = []
        for (seat, day), rows in zip(keys, read, strict=True):
            busy = self._claim_day(interview_id, seat, day, (start, end), rows)
            if busy:  # another booker claimed it since the read above
                self._release_keys(interview_id, claimed, start, None)
                raise SlotTaken(_distinct(busy))
            claimed.append((seat, day))

    def release_seats(
        self,
        interview_id: uuid.UUID,
        seats: list[Seat],
        start: datetime,
        end: datetime,
        keep: Interval | None = None,
    ) -> None:
        """Remove `interview_id`'s claims on [start, end); a row that `keep` (the interview's
        time now) claims under the same key is kept, with `keep`'s end."""
        start, end = to_utc(start), to_utc(end)
        keys = [(s, d) for s in _ordered(seats) for d in claim_days(start, end)]
        self._release_keys(interview_id, keys, start, keep)

    # --- one day of one person --------------------------------------------------------------
    def _day(self, person_id: uuid.UUID, day: date) -> list[Row]:
        return list(self._day_future(person_id, day).result())

    def _day_future(self, person_id: uuid.UUID, day: date) -> ResponseFuture:
        statement = self._db.ps["seat_day"].bind((person_id, day))
        statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL  # sees claims in flight
        return self._db.session.execute_async(statement)

    def _claim_day(
        self, interview_id: uuid.UUID, seat: Seat, day: date, span: Interval, rows: list[Row]
    ) -> list[Busy]:
        """Claim one seat's day (`rows`: the day as read); the live claims that overlap `span`
        when it is taken."""
        for attempt in range(CLAIM_ROUNDS):
            if attempt:
                rows = self._day(seat.person_id, day)
            busy = self._live_overlaps(rows, seat, interview_id, span)
            if busy:
                return busy
            stale = [
                r
                for r in rows
                if r["interview_id"] is not None
                and r["interview_id"] != interview_id
                and overlaps(*span, to_utc(r["claim_start"]), to_utc(r["claim_end"]))
            ]  # overlapping but not live: left by a writer that died, or by a moved interview
            put = self._db.ps["seat_put"].bind(
                (seat.person_id, day, span[0], interview_id, span[1], utc_now())
            )
            if self._cas(seat.person_id, day, rows, [put, *self._drops(seat, day, stale)]):
                return []
            time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))
        raise StoreUnavailable("These people are being booked by others at this moment; try again.")

    def _release_keys(
        self,
        interview_id: uuid.UUID,
        keys: list[tuple[Seat, date]],
        start: datetime,
        keep: Interval | None,
    ) -> None:
        for seat, day in keys:
            for attempt in range(CLAIM_ROUNDS):
                rows = self._day(seat.person_id, day)
                mine = [
                    r
                    for r in rows
                    if r["interview_id"] == interview_id and to_utc(r["claim_start"]) == start
                ]
                if not mine:
                    break
                if keep is not None and keep[0] == start and day in claim_days(*keep):
                    put = (seat.person_id, day, keep[0], interview_id, keep[1], utc_now())
                    writes = [self._db.ps["seat_put"].bind(put)]
                else:
                    writes = self._drops(seat, day, mine)
                if self._cas(seat.person_id, day, rows, writes):
                    break
                time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))

    def _cas(self, person_id: uuid.UUID, day: date, rows: list[Row], writes: list) -> bool:
        """The writes, if the day is still at the version `rows` were read at."""
        return compare_and_set(self._db, _DAY_VERSION, (person_id, day), read_version(rows), writes)

    def _drops(self, seat: Seat, day: date, rows: list[Row]) -> list:
        drop = self._db.ps["seat_drop"]
        return [drop.bind((seat.person_id, day, r["claim_start"], r["interview_id"])) for r in rows]

    def _live_overlaps(
        self, rows: list[Row], seat: Seat, interview_id: uuid.UUID, span: Interval
    ) -> list[Busy]:
        """The claims of other interviews in `rows` that overlap `span` and still hold."""
        found = []
        now = utc_now()
        for r in rows:
            other = r["interview_id"]
            if other is None or other == interview_id:
                continue  # the day's version alone, or this interview's own claim
            start, end = to_utc(r["claim_start"]), to_utc(r["claim_end"])
            if not overlaps(*span, start, end):
                continue
            fresh = now - to_utc(r["claimed_at"]) < CLAIM_LEASE
            if fresh or self._stands(other, start, end):
                found.append(Busy(seat, other, start, end))
        return found

    def _stands(self, interview_id: uuid.UUID, start: datetime, end: datetime) -> bool:
        """Whether the interview is scheduled at exactly [start, end)."""
        state, _ = self._db.read_source(interview_id)
        if state is None:
            return False
        i = state.interview
        return (
            i.status is InterviewStatus.SCHEDULED
            and to_utc(i.scheduled_start) == start
            and to_utc(i.scheduled_end) == end
        )


def _ordered(seats: list[Seat]) -> list[Seat]:
    """One fixed order for every booker, so two bookings of the same people meet on the same
    first seat instead of each holding one of two."""
    return sorted(dict.fromkeys(seats), key=lambda s: (s.person_id.bytes, s.candidate))


def _distinct(busy: list[Busy]) -> list[Busy]:
    """Each taken seat once per interview holding it (a claim crossing midnight has two rows)."""
    return list({(b.seat, b.interview_id): b for b in busy}.values())
