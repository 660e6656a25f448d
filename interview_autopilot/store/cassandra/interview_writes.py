"""The interview writes on Cassandra: create, book, reschedule, change status, give feedback,
delete, import history. Each is one conditional change of the source (`interview_changes`);
a booking and a move claim the seats of their time first (`seat_claims`). A mixin of
CassandraStore."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from cassandra.query import BoundStatement

from ...core import audit, domain
from ...core.errors import DuplicateBooking, ValidationError
from ...core.feedback_times import first_submission
from ...core.kits import StageKit, check_against_kit
from ...core.load_caps import LoadCap
from ...core.models import (
    AuditEntry,
    Candidate,
    Feedback,
    Interview,
    InterviewStatus,
    InterviewSummary,
    Rating,
    User,
    UserRole,
    to_utc,
    utc_now,
)
from ...core.reminder_log import ReminderLog
from ...core.seats import Seat, seats_of
from ...core.validation import check_ratings
from . import rows
from .connection import driver_errors
from .rows import InterviewState, normalized
from .session import PreparedSession
from .transitions import logged_batch


class InterviewWrites:
    """Needs the store's session, its conditional change, its reads, the seat claims, the
    stage links, the reminder log and the copies' refresh (see CassandraStore)."""

    _db: PreparedSession
    _change: Callable[..., InterviewState | None]
    _audit_statement: Callable[[AuditEntry, int], BoundStatement]
    _source: Callable[[object], InterviewState | None]
    _refresh_copies: Callable[[list[uuid.UUID]], None]
    list_interviews_by_candidate: Callable[[uuid.UUID], list[InterviewSummary]]
    claim_seats: Callable[[uuid.UUID, list[Seat], datetime, datetime], None]
    release_seats: Callable[..., None]
    claim_load: Callable[..., None]
    release_load: Callable[..., None]
    _stands: Callable[[uuid.UUID, datetime, datetime], bool]
    _drop_stage_link: Callable[[uuid.UUID], None]
    interview_kit: Callable[[uuid.UUID], StageKit | None]
    reminder_log: Callable[[uuid.UUID], ReminderLog]

    @driver_errors
    def create_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        self._create(
            *domain.validate_interview(interview, participants), only_new=False, actor=actor
        )

    @driver_errors
    def book_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        caps: Sequence[LoadCap] = (),
    ) -> None:
        interview, participants = domain.validate_interview(interview, participants)
        interview = normalized(interview)
        booked = [
            (state.interview, list(state.participants))
            for row in self.list_interviews_by_candidate(interview.candidate_id)
            if row.scheduled_start == interview.scheduled_start
            and (state := self._source(row.interview_id)) is not None
        ]
        domain.check_new_booking(interview, [u for u, _ in participants], booked)
        seats = seats_of(interview.candidate_id, [u for u, _ in participants])
        start, end = interview.scheduled_start, interview.scheduled_end
        self._check_people(interview, [u for u, _ in participants])  # before any claim
        self.claim_seats(interview.interview_id, seats, start, end)  # every seat, or SlotTaken
        try:
            self.claim_load(interview.interview_id, caps, start, end)  # everyone, or OverLimit
        except BaseException:
            self.release_seats(interview.interview_id, seats, start, end)
            raise
        try:
            self._create(interview, participants, only_new=True)
        except BaseException:
            if not self._stands(interview.interview_id, start, end):  # not a same-id twin's
                self.release_seats(interview.interview_id, seats, start, end)
                self.release_load(interview.interview_id, [c.person_id for c in caps], start)
            raise

    def _check_people(
        self, interview: Interview, panel: Iterable[uuid.UUID]
    ) -> tuple[dict[uuid.UUID, Candidate], dict[uuid.UUID, User]]:
        """The interview's candidate and its people by id; ValidationError when the candidate,
        the recruiter or a participant does not exist."""
        panel = list(panel)
        candidate = self._db.get_many("candidate", [interview.candidate_id], rows.candidate)
        users = self._db.get_many("user", [interview.recruiter_id, *panel], rows.user)
        domain.check_references(
            interview.candidate_id in candidate,
            interview.recruiter_id in users,
            [u for u in panel if u not in users],
        )
        return candidate, users

    def _create(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        only_new: bool,
        actor: uuid.UUID | None = None,
    ) -> None:
        """Write an interview (validated) and its panel; `only_new`: refuse an existing id in
        the conditional write itself, so of two writers of one new id, one books it. A move of
        an existing one is in its history, in `actor`'s name."""
        who = audit.actor_id(actor)
        interview = normalized(interview)
        panel = dict(participants)  # a repeated user: one row, the last role (as SQLite)
        candidate, users = self._check_people(interview, panel)
        iid = interview.interview_id

        def created(old: InterviewState | None) -> InterviewState:
            if only_new and old is not None:
                raise DuplicateBooking(iid)
            kept = {u: f for u, f in (old.feedback if old else {}).items() if u in panel}
            return InterviewState(
                interview,
                {u: rows.participant_of(iid, users[u], role) for u, role in panel.items()},
                kept,
                utc_now(),
                candidate[interview.candidate_id].name,
                users[interview.recruiter_id].name,
                hiring=old.hiring if old else None,  # as SQLite: re-creating keeps it
            )

        def moved(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry | None:
            if old is None or new is None:
                return None
            return audit.schedule_entry(at, who, old.interview, new.interview)

        written = self._change(iid, created, audit=moved)
        # A rename that ran between the profile reads above and the conditional write found no
        # copy of this interview to refresh (its copies did not exist yet). Read the profiles
        # again now that they do: a rename from here on finds them itself.
        after = self._db.get_many("user", list(users), rows.user)
        name = self._db.get_many("candidate", [interview.candidate_id], rows.candidate)
        if written is not None and (after != users or name != candidate):
            self._refresh_copies([iid])

    @driver_errors
    def reschedule_interview(
        self,
        interview_id: uuid.UUID,
        start: datetime,
        end: datetime,
        *,
        actor: uuid.UUID | None = None,
        caps: Sequence[LoadCap] = (),
    ) -> Interview:
        iid = domain.require_id(interview_id, "interview")
        who = audit.actor_id(actor)
        result: list[Interview] = []
        held: dict[str, Any] = {}  # the seats and load claimed for the new time, the old time
        capped = [c.person_id for c in caps]

        def moved(old: InterviewState | None) -> InterviewState:
            current = old.interview if old else None
            panel = [(u, p.role) for u, p in old.participants.items()] if old else []
            interview = normalized(domain.rescheduled(current, start, end, panel))
            assert old is not None  # rescheduled refused a missing interview
            span = (interview.scheduled_start, interview.scheduled_end)
            if held.get("span") != span:  # claimed before the move is written (SlotTaken)
                self.claim_seats(iid, _seats(old), *span)
                held.update(span=span, seats=_seats(old))
                try:  # the limits at the new time (OverLimit), the interview itself not counted
                    self.claim_load(iid, caps, *span)
                except BaseException:
                    self.release_seats(iid, _seats(old), *span, keep=_scheduled_span(old))
                    del held["span"]
                    raise
            held["was"] = _scheduled_span(old)  # the time the version read holds
            result[:] = [interview]
            return dataclasses.replace(old, interview=interview)

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry | None:
            if old is None or new is None:
                return None
            return audit.schedule_entry(at, who, old.interview, new.interview)

        try:
            self._change(iid, moved, audit=entry)
        except BaseException:
            if "span" in held:  # not moved: the new time's claims go, the old time's stay
                now, _ = self._db.read_source(iid)
                new_start, new_end = held["span"]
                self.release_seats(iid, held["seats"], new_start, new_end, _scheduled_span(now))
                if _scheduled_span(now) != held["span"]:
                    self.release_load(iid, capped, new_start)
            raise
        was: tuple[datetime, datetime] | None = held["was"]
        if was is not None and was != held["span"]:
            self.release_seats(iid, held["seats"], was[0], was[1], keep=held["span"])
            if was[0] != held["span"][0]:  # the old start's load claims, in another week
                self.release_load(
                    iid, [s.person_id for s in held["seats"] if not s.candidate], was[0]
                )
        return result[0]

    @driver_errors
    def change_status(
        self,
        interview_id: uuid.UUID,
        status: InterviewStatus,
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        iid = domain.require_id(interview_id, "interview")
        status = domain.require_status(status)
        who = audit.actor_id(actor)

        before: list[InterviewState] = []

        def moved(old: InterviewState | None) -> InterviewState:
            if old is None:
                raise ValidationError("interview", "That interview does not exist.")
            before[:] = [old]
            interview = dataclasses.replace(old.interview, status=status)
            return dataclasses.replace(old, interview=interview, ats_at=utc_now())

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry:
            before = old.interview.status if old else None
            return audit.status_entry(iid, at, who, before, status)

        self._change(iid, moved, audit=entry)
        span = _scheduled_span(before[0]) if before else None
        if span is not None and status is not InterviewStatus.SCHEDULED:  # frees its seats
            self.release_seats(iid, _seats(before[0]), *span)
            self.release_load(iid, list(before[0].participants), span[0])

    @driver_errors
    def submit_feedback(
        self,
        interview_id: uuid.UUID,
        user_id: uuid.UUID,
        decision: str,
        comment: str,
        submitted_at: datetime | None = None,
        *,
        actor: uuid.UUID | None = None,
        ratings: tuple[Rating, ...] = (),
    ) -> Feedback:
        domain.check_feedback(interview_id, user_id, decision, comment, submitted_at)
        iid = domain.require_id(interview_id, "interview")
        ratings = check_ratings(ratings)
        # The kit is read before the conditional write: a scorecard names its attributes.
        kit = self.interview_kit(iid) if ratings else None
        # So is the reminder log: a first submission keeps how many reminders had gone.
        uid = domain.require_id(user_id, "interviewer")
        sent = self.reminder_log(iid).sent.get(uid, ())
        who = audit.actor_id(actor)
        given: list[Feedback] = []

        def with_feedback(old: InterviewState | None) -> InterviewState:
            feedback = domain.build_feedback(
                old.interview if old else None,
                list(old.participants.values()) if old else [],
                user_id,
                decision,
                comment,
                submitted_at,
            )
            feedback = dataclasses.replace(feedback, ratings=check_against_kit(ratings, kit))
            assert old is not None  # build_feedback refused a missing interview
            feedback = first_submission(old.feedback.get(feedback.user_id), feedback, sent)
            given[:] = [feedback]
            all_feedback = {**old.feedback, feedback.user_id: feedback}
            return dataclasses.replace(old, feedback=all_feedback, ats_at=utc_now())

        def entry(
            old: InterviewState | None, new: InterviewState | None, at: datetime
        ) -> AuditEntry:
            before = old.feedback.get(given[0].user_id) if old else None
            return audit.feedback_entry(at, who, before, given[0])

        self._change(iid, with_feedback, audit=entry)
        return given[0]

    @driver_errors
    def delete_interview(self, interview_id: uuid.UUID) -> None:
        iid = domain.require_id(interview_id, "interview")
        before: list[InterviewState] = []

        def deleted(old: InterviewState | None) -> None:
            before[:] = [old] if old else []

        self._change(iid, deleted)
        self._drop_stage_link(iid)
        span = _scheduled_span(before[0]) if before else None
        if span is not None:
            self.release_seats(iid, _seats(before[0]), *span)
            self.release_load(iid, list(before[0].participants), span[0])

    @driver_errors
    def import_audit(self, interview_id: uuid.UUID, entries: list[AuditEntry]) -> int:
        """Each missing entry at a version (and write time) of its own `at` in microseconds,
        moved up past a version the trail uses already: the trail stays in time order."""
        iid = domain.require_id(interview_id, "interview")
        stored = self._db.rows("audit", iid)
        missing = audit.missing_entries([rows.audit_entry(r) for r in stored], entries)
        used = {r["version"] for r in stored}
        statements = []
        for entry in missing:
            version = int(entry.at.timestamp()) * 1_000_000 + entry.at.microsecond
            while version in used:
                version += 1
            used.add(version)
            statements.append(self._audit_statement(entry, version))
        if statements:
            self._db.session.execute(logged_batch(statements))
        return len(missing)


def _seats(state: InterviewState) -> list[Seat]:
    """The seats an interview holds: its panel and its candidate."""
    return seats_of(state.interview.candidate_id, list(state.participants))


def _scheduled_span(state: InterviewState | None) -> tuple[datetime, datetime] | None:
    """The time a scheduled interview holds its seats for; None for any other."""
    if state is None or state.interview.status is not InterviewStatus.SCHEDULED:
        return None
    return to_utc(state.interview.scheduled_start), to_utc(state.interview.scheduled_end)
