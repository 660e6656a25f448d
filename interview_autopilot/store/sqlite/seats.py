"""The seat check of a booking on SQLite: run inside the write transaction (BEGIN IMMEDIATE
holds the write lock from before this read until the commit), so no other writer can book the
same person between the check and the write. It reads the interviews themselves: every stored
interview counts, those made before the check existed included."""

from __future__ import annotations

import sqlite3
import uuid

from ...core.models import Interview, InterviewStatus
from ...core.seats import Busy, Seat, SlotTaken
from .rows import text_time, time_text


def check_free(db: sqlite3.Connection, interview: Interview, people: list[uuid.UUID]) -> None:
    """SlotTaken naming every seat (participant or candidate) of `interview` that another
    scheduled interview holds for an overlapping time; nothing when all are free."""
    start, end = time_text(interview.scheduled_start), time_text(interview.scheduled_end)
    own, scheduled = str(interview.interview_id), InterviewStatus.SCHEDULED.value
    busy = []
    for user_id in dict.fromkeys(people):
        rows = db.execute(
            "SELECT i.interview_id, i.scheduled_start, i.scheduled_end FROM participants p "
            "JOIN interviews i ON i.interview_id = p.interview_id WHERE p.user_id = ? "
            "AND i.status = ? AND i.scheduled_start < ? AND i.scheduled_end > ? "
            "AND i.interview_id != ? ORDER BY i.scheduled_start",
            (str(user_id), scheduled, end, start, own),
        ).fetchall()
        busy += [_busy(Seat(user_id), r) for r in rows]
    rows = db.execute(
        "SELECT interview_id, scheduled_start, scheduled_end FROM interviews "
        "WHERE candidate_id = ? AND status = ? AND scheduled_start < ? AND scheduled_end > ? "
        "AND interview_id != ? ORDER BY scheduled_start",
        (str(interview.candidate_id), scheduled, end, start, own),
    ).fetchall()
    busy += [_busy(Seat(interview.candidate_id, candidate=True), r) for r in rows]
    if busy:
        raise SlotTaken(busy)


def _busy(seat: Seat, row: sqlite3.Row) -> Busy:
    return Busy(
        seat,
        uuid.UUID(row["interview_id"]),
        text_time(row["scheduled_start"]),
        text_time(row["scheduled_end"]),
    )
