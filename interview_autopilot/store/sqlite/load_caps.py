"""The interview limits of a booking on SQLite: counted inside the write transaction (BEGIN
IMMEDIATE holds the write lock from before this read until the commit), so two bookers of one
person cannot both take their last interview of the week. It reads the interviews themselves:
every stored interview counts, those loaded in bulk included (core/load_caps.py)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import datetime

from ...core.load_caps import LoadCap, OverLimit, ordered, over, week_span
from ...core.models import InterviewStatus
from .rows import text_time, time_text

_COUNTED = (InterviewStatus.SCHEDULED.value, InterviewStatus.COMPLETED.value)


def check_caps(
    db: sqlite3.Connection, interview_id: uuid.UUID, caps: Sequence[LoadCap], start: datetime
) -> None:
    """OverLimit naming each person of `caps` whom one more interview at `start` (other than
    `interview_id`, which may be moving) puts over a limit; nothing when none."""
    reasons = []
    for cap in ordered(caps):
        first, last = week_span(start, cap.zone)
        rows = db.execute(
            "SELECT i.scheduled_start FROM participants p "
            "JOIN interviews i ON i.interview_id = p.interview_id WHERE p.user_id = ? "
            "AND i.status IN (?, ?) AND i.scheduled_start >= ? AND i.scheduled_start < ? "
            "AND i.interview_id != ?",
            (str(cap.person_id), *_COUNTED, time_text(first), time_text(last), str(interview_id)),
        ).fetchall()
        why = over(cap, start, [text_time(r["scheduled_start"]) for r in rows])
        if why:
            reasons.append(why)
    if reasons:
        raise OverLimit(reasons)
