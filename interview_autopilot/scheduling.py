"""Scheduling on any store: a new interview (with an existing or a new candidate), a
reschedule, and the overlaps a participant already has. No Streamlit here; the query module
wraps these for the pages, and the contract tests call them on every backend.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .errors import ValidationError
from .models import Candidate, Interview, InterviewStatus, InterviewSummary, UserRole, to_utc
from .store.base import Store
from .validation import validate_candidate, validate_interview

MIN_PARTICIPANTS, MAX_PARTICIPANTS = 1, 6
LONGEST = timedelta(hours=12)  # no interview lasts longer: bounds the overlap look-back


@dataclass(frozen=True)
class Overlap:
    """A participant's other interview that overlaps the proposed time."""

    user_id: uuid.UUID
    other: InterviewSummary
    other_end: datetime


def new_candidate(name: str, email: str, resume_text: str) -> Candidate:
    """A new candidate (random id), validated as the stores do."""
    return validate_candidate(
        Candidate(uuid.uuid4(), name.strip(), email.strip(), resume_text.strip())
    )


def check_panel(panel: list[tuple[uuid.UUID, UserRole]]) -> None:
    """1 to 6 distinct participants."""
    people = {user_id for user_id, _ in panel}
    if not MIN_PARTICIPANTS <= len(people) <= MAX_PARTICIPANTS:
        raise ValidationError(
            "participants",
            f"Choose {MIN_PARTICIPANTS} to {MAX_PARTICIPANTS} participants.",
        )
    if len(people) != len(panel):
        raise ValidationError("participants", "Each participant may appear only once.")


def check_length(start: datetime, end: datetime) -> None:
    """An interview app-scheduled lasts at most LONGEST (an end before its start is refused
    by the stores' validation with its own message)."""
    if end - start > LONGEST:
        raise ValidationError("scheduled_end", "An interview lasts at most 12 hours.")


def schedule(
    store: Store,
    candidate: Candidate | uuid.UUID,
    job_title: str,
    recruiter_id: uuid.UUID,
    start: datetime,
    end: datetime,
    video_link: str,
    panel: list[tuple[uuid.UUID, UserRole]],
) -> Interview:
    """Create a scheduled interview; a new `candidate` (a Candidate record) is stored first.
    Everything is validated before anything is written."""
    check_panel(panel)
    check_length(start, end)
    candidate_id = candidate.candidate_id if isinstance(candidate, Candidate) else candidate
    interview, checked_panel = validate_interview(
        Interview(
            interview_id=uuid.uuid4(),
            candidate_id=candidate_id,
            recruiter_id=recruiter_id,
            job_title=job_title.strip(),
            scheduled_start=to_utc(start),
            scheduled_end=to_utc(end),
            status=InterviewStatus.SCHEDULED,
            video_link=video_link.strip(),
        ),
        panel,
    )
    if isinstance(candidate, Candidate):
        store.upsert_candidates([validate_candidate(candidate)])
    elif store.get_candidate(candidate_id) is None:
        raise ValidationError("candidate", "That candidate does not exist.")
    store.create_interview(interview, checked_panel)
    return interview


def reschedule(
    store: Store,
    interview_id: uuid.UUID,
    start: datetime,
    end: datetime,
    actor: uuid.UUID | None = None,
) -> Interview:
    """Move a scheduled interview to a new time; participants and feedback stay. The move is
    in its history, in `actor`'s name."""
    current = store.get_interview(interview_id)
    if current is None:
        raise ValidationError("interview", "That interview does not exist.")
    if current.status is not InterviewStatus.SCHEDULED:
        raise ValidationError("interview", "Only a scheduled interview can be rescheduled.")
    check_length(start, end)
    panel = [(p.user_id, p.role) for p in store.list_participants(interview_id)]
    moved, checked = validate_interview(
        replace(current, scheduled_start=to_utc(start), scheduled_end=to_utc(end)), panel
    )
    store.create_interview(moved, checked, actor=actor)
    return moved


def overlaps(
    store: Store,
    user_ids: list[uuid.UUID],
    start: datetime,
    end: datetime,
    exclude: uuid.UUID | None = None,
) -> list[Overlap]:
    """The scheduled interviews of these users (other than `exclude`) that overlap
    [start, end): one read per user of their interview list, then one point read per
    candidate row starting within LONGEST before `end`."""
    start, end = to_utc(start), to_utc(end)
    found: list[Overlap] = []
    for user_id in dict.fromkeys(user_ids):
        for row in store.list_interviews_by_user(user_id):
            if row.interview_id == exclude or row.status is not InterviewStatus.SCHEDULED:
                continue
            if not start - LONGEST < row.scheduled_start < end:
                continue
            other = store.get_interview(row.interview_id)
            if other is not None and other.scheduled_end > start:
                found.append(Overlap(user_id, row, other.scheduled_end))
    return found
