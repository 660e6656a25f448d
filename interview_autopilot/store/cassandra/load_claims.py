"""Load claims on Cassandra: a mixin of CassandraStore (docs/scheduling.md).

A booking (or a move) that must respect a person's interview limits (core/load_caps.py) claims
one more interview of their week in `load_claims_by_person_week`, one partition per person
and week (its Monday in the zone counted in). Each claim counts the person's stored
interviews of the week (their interview list: those stored before claims existed or loaded
in bulk count too), reads the week's claims (LOCAL_SERIAL; a claim at another start than the
list shows is a move in flight, counted at both starts until the list follows) and, when one
more stays within
both limits, writes its row in one conditional batch that compares and sets the week's static
`version`: of two claims read from the same version one lands, the other reads again and
counts the winner. The people are claimed one after the other in a fixed order; a person
found over releases those claimed before (all or none).

A claim counts while its interview is scheduled at exactly that time, or for CLAIM_LEASE
after it was made (its writer is still creating or moving the interview), as a seat claim
does (seat_claims.py). Past that, a claim whose writer died, or whose interview moved or
closed without releasing it, is ignored and removed by the next claim of the week.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from cassandra import ConsistencyLevel
from cassandra.query import BoundStatement

from ...core.errors import StoreUnavailable
from ...core.load_caps import LoadCap, OverLimit, ordered, over, week_of, week_span, weeks_near
from ...core.models import InterviewStatus, InterviewSummary, to_utc, utc_now
from ...core.seats import CLAIM_LEASE
from .rows import Row
from .session import PreparedSession
from .versioned_partitions import compare_and_set, read_version

CLAIM_ROUNDS = 30  # conditional writes lost to other claimers of the same week, then "busy"
_WEEK_VERSION = ("load_week_first", "load_week_cas")
_COUNTED = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)


class LoadClaims:
    """Needs the store's prepared session, its person window and `_stands` (SeatClaims)."""

    _db: PreparedSession
    _stands: Callable[[uuid.UUID, datetime, datetime], bool]
    list_interviews_by_user_between: Callable[
        [uuid.UUID, datetime, datetime], list[InterviewSummary]
    ]

    def claim_load(
        self, interview_id: uuid.UUID, caps: Sequence[LoadCap], start: datetime, end: datetime
    ) -> None:
        """Claim one more interview at [start, end) of each person of `caps`, in
        `interview_id`'s name, or none: OverLimit names every person it would put over a
        limit (those claimed here are released first)."""
        start, end = to_utc(start), to_utc(end)
        caps = ordered(caps)
        # Every person read first: one already over refuses the booking before anything is
        # written, naming every person over.
        reads = [self._week(interview_id, cap, start) for cap in caps]
        reasons = [
            why
            for cap, read in zip(caps, reads, strict=True)
            if (why := over(cap, start, self._counted(interview_id, read)[0]))
        ]
        if reasons:
            raise OverLimit(reasons)
        claimed: list[LoadCap] = []
        try:
            for cap, read in zip(caps, reads, strict=True):
                why = self._claim_week(interview_id, cap, (start, end), read)
                if why:  # another booker took the last place since the read above
                    raise OverLimit([why])
                claimed.append(cap)
        except BaseException:  # over, or out of rounds: those claimed here go (all or none)
            self.release_load(interview_id, [c.person_id for c in claimed], start)
            raise

    def release_load(
        self, interview_id: uuid.UUID, people: Sequence[uuid.UUID], start: datetime
    ) -> None:
        """Remove `interview_id`'s claims made for a start at `start` (a claim moved to
        another start since is kept). The zone the claim was counted in is not known here, so
        every week that can hold `start` in some zone is looked at."""
        start = to_utc(start)
        for person_id in sorted(set(people), key=lambda p: p.bytes):
            for week in weeks_near(start):
                self._release_week(interview_id, person_id, week, start)

    # --- one week of one person -------------------------------------------------------------
    def _week(self, interview_id: uuid.UUID, cap: LoadCap, start: datetime) -> _Read:
        """The week of `start` (in `cap`'s zone) as a claim needs it: the starts of the
        person's stored interviews that count (other than `interview_id`), and the claims."""
        first, last = week_span(start, cap.zone)
        stored = {
            r.interview_id: to_utc(r.scheduled_start)
            for r in self.list_interviews_by_user_between(cap.person_id, first, last)
            if r.status in _COUNTED
            and r.interview_id != interview_id
            and first <= to_utc(r.scheduled_start) < last
        }
        week = week_of(start, cap.zone)
        return _Read(week, stored, self._claims(cap.person_id, week))

    def _claims(self, person_id: uuid.UUID, week: date) -> list[Row]:
        statement = self._db.ps["load_week"].bind((person_id, week))
        statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL  # sees claims in flight
        return list(self._db.session.execute(statement))

    def _claim_week(
        self, interview_id: uuid.UUID, cap: LoadCap, span: tuple[datetime, datetime], read: _Read
    ) -> str | None:
        """Claim one more interview of the person's week (`read`: the week as read); why not
        when one more is over a limit."""
        for attempt in range(CLAIM_ROUNDS):
            if attempt:
                read = replace(read, claims=self._claims(cap.person_id, read.week))
            others, stale = self._counted(interview_id, read)
            why = over(cap, span[0], others)
            if why:
                return why
            put = self._db.ps["load_put"].bind(
                (cap.person_id, read.week, interview_id, span[0], span[1], utc_now())
            )
            drops = [self._load_drop(cap.person_id, read.week, r) for r in stale]
            if self._week_cas(cap.person_id, read.week, read.claims, [put, *drops]):
                return None
            time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))
        raise StoreUnavailable("These people are being booked by others at this moment; try again.")

    def _counted(self, interview_id: uuid.UUID, read: _Read) -> tuple[list[datetime], list[Row]]:
        """The starts that count against the week, each interview once at each start: the stored
        interviews', and the claims still holding at another start (a move in flight: the
        interview list still shows where it was, so both count until it follows); and the
        claims that hold no more."""
        others = {(other, start): start for other, start in read.stored.items()}
        stale = []
        now = utc_now()
        for r in read.claims:
            other = r["interview_id"]
            if other is None or other == interview_id:
                continue  # the week's version alone, or this interview's own
            start, end = to_utc(r["claim_start"]), to_utc(r["claim_end"])
            if (other, start) in others:
                continue  # counted stored, at that start
            if now - to_utc(r["claimed_at"]) < CLAIM_LEASE or self._stands(other, start, end):
                others[(other, start)] = start
            elif other not in read.stored:
                stale.append(r)
        return list(others.values()), stale

    def _release_week(
        self, interview_id: uuid.UUID, person_id: uuid.UUID, week: date, start: datetime
    ) -> None:
        for attempt in range(CLAIM_ROUNDS):
            rows = self._claims(person_id, week)
            mine = [
                r
                for r in rows
                if r["interview_id"] == interview_id and to_utc(r["claim_start"]) == start
            ]
            if not mine:
                return
            drops = [self._load_drop(person_id, week, r) for r in mine]
            if self._week_cas(person_id, week, rows, drops):
                return
            time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))

    def _week_cas(self, person_id: uuid.UUID, week: date, rows: list[Row], writes: list) -> bool:
        """The writes, if the week is still at the version `rows` were read at."""
        return compare_and_set(
            self._db, _WEEK_VERSION, (person_id, week), read_version(rows), writes
        )

    def _load_drop(self, person_id: uuid.UUID, week: date, row: Row) -> BoundStatement:
        return self._db.ps["load_drop"].bind((person_id, week, row["interview_id"]))


@dataclass(frozen=True)
class _Read:
    """One person's week as a claim read it: its key, the starts of their stored interviews
    that count, and the week's claims."""

    week: date
    stored: dict[uuid.UUID, datetime]
    claims: list[Row]
