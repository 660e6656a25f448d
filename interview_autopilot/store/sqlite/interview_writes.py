"""The interview writes on SQLite: create, book, reschedule, change status, give feedback,
delete, import history, each one transaction (BEGIN IMMEDIATE) that also recomputes the
interview's ATS record. A mixin of SqliteStore."""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime

from ...core import audit, domain
from ...core.errors import ValidationError
from ...core.feedback_times import first_submission
from ...core.kits import check_against_kit
from ...core.load_caps import LoadCap
from ...core.models import (
    AuditEntry,
    Feedback,
    Interview,
    InterviewStatus,
    Rating,
    UserRole,
    utc_now,
)
from ...core.validation import check_ratings
from . import hiring, load_caps, seats
from .feedback_times import sent_times
from .kits import read_kit
from .rows import (
    ATS_UPSERT,
    ats_values,
    feedback_row,
    interview_row,
    put_audit,
    put_feedback,
    put_interview,
    read_audit,
    read_candidate,
    read_feedback,
    read_interview,
    read_participants,
    read_user,
    time_text,
)


class InterviewWrites:
    """Needs the store's transaction (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def create_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        interview, participants = domain.validate_interview(interview, participants)
        actor = audit.actor_id(actor)
        with self._tx() as db:
            self._check_refs(db, interview, participants)
            old = read_interview(db, interview.interview_id)
            put_interview(db, interview, participants)
            self._refresh_ats(db, interview, None)
            moved = audit.schedule_entry(utc_now(), actor, old, interview) if old else None
            if moved:
                put_audit(db, moved)

    def book_interview(
        self,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
        *,
        caps: Sequence[LoadCap] = (),
    ) -> None:
        interview, participants = domain.validate_interview(interview, participants)
        with self._tx() as db:  # BEGIN IMMEDIATE: no other writer between check and write
            same_slot = db.execute(
                "SELECT interview_id FROM interviews WHERE interview_id = ? OR "
                "(candidate_id = ? AND scheduled_start = ? AND scheduled_end = ?)",
                (
                    str(interview.interview_id),
                    str(interview.candidate_id),
                    time_text(interview.scheduled_start),
                    time_text(interview.scheduled_end),
                ),
            ).fetchall()
            booked = []
            for row in same_slot:
                other_id = uuid.UUID(row["interview_id"])
                other = read_interview(db, other_id)
                panel = [p.user_id for p in read_participants(db, other_id)]
                if other is not None:
                    booked.append((other, panel))
            domain.check_new_booking(interview, [u for u, _ in participants], booked)
            seats.check_free(db, interview, [u for u, _ in participants])
            load_caps.check_caps(db, interview.interview_id, caps, interview.scheduled_start)
            self._check_refs(db, interview, participants)
            put_interview(db, interview, participants)
            self._refresh_ats(db, interview, None)

    @contextmanager
    def _integrity(self) -> Iterator[None]:
        """A dangling reference refused by a foreign key: the same error Cassandra raises."""
        try:
            yield
        except sqlite3.IntegrityError as exc:
            message = f"A record refers to a missing one ({exc})."
            raise ValidationError("references", message) from None

    def reschedule_interview(
        self,
        interview_id: uuid.UUID,
        start: datetime,
        end: datetime,
        *,
        actor: uuid.UUID | None = None,
        caps: Sequence[LoadCap] = (),
    ) -> Interview:
        interview_id = domain.require_id(interview_id, "interview")
        actor = audit.actor_id(actor)
        with self._tx() as db:  # BEGIN IMMEDIATE: the status read is the one the write keeps
            old = read_interview(db, interview_id)
            panel = [(p.user_id, p.role) for p in read_participants(db, interview_id)]
            moved = domain.rescheduled(old, start, end, panel)
            assert old is not None  # rescheduled refused a missing interview
            seats.check_free(db, moved, [u for u, _ in panel])  # the old time is its own
            load_caps.check_caps(db, interview_id, caps, moved.scheduled_start)
            put_interview(db, moved, panel)
            self._refresh_ats(db, moved, None)
            entry = audit.schedule_entry(utc_now(), actor, old, moved)
            if entry:
                put_audit(db, entry)
        return moved

    def change_status(
        self,
        interview_id: uuid.UUID,
        status: InterviewStatus,
        *,
        actor: uuid.UUID | None = None,
    ) -> None:
        interview_id = domain.require_id(interview_id, "interview")
        status = domain.require_status(status)
        actor = audit.actor_id(actor)
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM interviews WHERE interview_id = ?", (str(interview_id),)
            ).fetchone()
            if row is None:
                raise ValidationError("interview", "That interview does not exist.")
            db.execute(
                "UPDATE interviews SET status = ? WHERE interview_id = ?",
                (status.value, str(interview_id)),
            )
            old = interview_row(row)
            new = Interview(**{**old.__dict__, "status": status})
            self._refresh_ats(db, new, None)
            put_audit(db, audit.status_entry(interview_id, utc_now(), actor, old.status, status))

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
        ratings = check_ratings(ratings)
        actor = audit.actor_id(actor)
        with self._tx() as db:
            interview = read_interview(db, interview_id)
            participants = read_participants(db, interview_id) if interview else []
            feedback = domain.build_feedback(
                interview, participants, user_id, decision, comment, submitted_at
            )
            kit = read_kit(db, feedback.interview_id) if ratings else None
            feedback = dataclasses.replace(feedback, ratings=check_against_kit(ratings, kit))
            before = self._feedback_of(db, feedback)
            sent = sent_times(db, feedback.interview_id).get(feedback.user_id, ())
            feedback = first_submission(before, feedback, sent)
            put_feedback(db, [feedback])
            assert interview is not None  # build_feedback refused a missing one
            self._refresh_ats(db, interview, None)
            put_audit(db, audit.feedback_entry(utc_now(), actor, before, feedback))
            return feedback

    def _feedback_of(self, db: sqlite3.Connection, feedback: Feedback) -> Feedback | None:
        row = db.execute(
            "SELECT * FROM feedback WHERE interview_id = ? AND user_id = ?",
            (str(feedback.interview_id), str(feedback.user_id)),
        ).fetchone()
        return feedback_row(row) if row else None

    def import_audit(self, interview_id: uuid.UUID, entries: list[AuditEntry]) -> int:
        iid = domain.require_id(interview_id, "interview")
        with self._tx() as db:
            missing = audit.missing_entries(read_audit(db, iid), entries)
            for entry in missing:  # appended: the trail is ordered by id (a copy keeps order)
                put_audit(db, entry)
            return len(missing)

    def delete_interview(self, interview_id: uuid.UUID) -> None:
        interview_id = domain.require_id(interview_id, "interview")
        with self._tx() as db:  # participants, feedback and ATS go by ON DELETE CASCADE
            db.execute("DELETE FROM interviews WHERE interview_id = ?", (str(interview_id),))

    def _check_refs(
        self,
        db: sqlite3.Connection,
        interview: Interview,
        participants: list[tuple[uuid.UUID, UserRole]],
    ) -> None:
        """Refuse dangling references before writing anything."""
        domain.check_references(
            read_candidate(db, interview.candidate_id) is not None,
            read_user(db, interview.recruiter_id) is not None,
            [u for u, _role in participants if read_user(db, u) is None],
        )

    def _refresh_ats(
        self, db: sqlite3.Connection, interview: Interview, at: datetime | None
    ) -> None:
        """Recompute the interview's ATS record from its status and feedback (or remove it)."""
        key = str(interview.interview_id)
        feedback = read_feedback(db, interview.interview_id)
        decision = hiring.read(db, interview.interview_id)
        if not domain.has_ats(interview.status, len(feedback), decision is not None):
            db.execute("DELETE FROM ats WHERE interview_id = ?", (key,))
            return
        count = db.execute(
            "SELECT COUNT(*) FROM participants WHERE interview_id = ?", (key,)
        ).fetchone()[0]
        ats = domain.ats_record(interview, count, feedback, at, decision)
        db.execute(ATS_UPSERT, ats_values(ats))
