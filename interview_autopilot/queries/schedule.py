"""The Schedule page (and rescheduling from the Interview page): the directory it offers,
creating and moving interviews, and the panel's overlapping interviews."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, tzinfo

from .. import domain, scheduling
from ..errors import ValidationError
from ..formatting import local_span
from ..models import Candidate, User, UserRole
from ._cache import cached_read, clear_caches
from .backend import get_store
from .moment import viewer_zone
from .viewing import viewer

__all__ = [
    "directory_users",
    "overlap_warnings",
    "reschedule_interview",
    "schedule_interview",
    "zoned",
]


@cached_read
def directory_users() -> list[User]:
    """Everyone who may recruit or take part (the staff directory), by name."""
    return get_store().list_users()


def zoned(day: date, clock: time, zone: tzinfo) -> datetime:
    """A date and time picked in the viewer's zone, as an aware datetime."""
    return datetime.combine(day, clock).replace(tzinfo=zone)


def _ids(values: list[str], field: str) -> list[uuid.UUID]:
    return [domain.parse_uuid(v, field) for v in values]


def schedule_interview(
    candidate_id: str | None,
    new_candidate: tuple[str, str, str] | None,
    job_title: str,
    recruiter_id: str | None,
    start: datetime,
    end: datetime,
    video_link: str,
    panel: list[tuple[str, str]],
) -> str:
    """Create a scheduled interview (and the new candidate, when given); its id."""
    if not recruiter_id:
        raise ValidationError("recruiter", "Choose the recruiter.")
    if new_candidate is not None:
        candidate: Candidate | uuid.UUID = scheduling.new_candidate(*new_candidate)
    elif candidate_id:
        candidate = domain.parse_uuid(candidate_id, "candidate")
    else:
        raise ValidationError("candidate", "Choose a candidate, or enter a new one.")
    people = [(domain.parse_uuid(u, "participant"), UserRole(r)) for u, r in panel]
    made = scheduling.schedule(
        get_store(),
        candidate,
        job_title,
        domain.parse_uuid(recruiter_id, "recruiter"),
        start,
        end,
        video_link,
        people,
    )
    clear_caches()
    return str(made.interview_id)


def reschedule_interview(interview_id: str, start: datetime, end: datetime) -> None:
    """Move a scheduled interview to a new time, in the viewer's name in its history."""
    iid = domain.parse_uuid(interview_id, "interview")
    scheduling.reschedule(get_store(), iid, start, end, actor=viewer().user_id)
    clear_caches()


def overlap_warnings(
    user_ids: list[str], start: datetime, end: datetime, exclude: str | None = None
) -> list[str]:
    """One line per participant's other scheduled interview overlapping [start, end)."""
    if end <= start or not user_ids:
        return []
    names = {str(u.user_id): u.name for u in directory_users()}
    skip = domain.parse_uuid(exclude, "interview") if exclude else None
    zone = viewer_zone()
    found = scheduling.overlaps(get_store(), _ids(user_ids, "participant"), start, end, skip)
    return [
        f"{names.get(str(o.user_id), 'A participant')} already has an interview "
        f"{local_span(o.other.scheduled_start, o.other_end, zone)} "
        f"({o.other.candidate_name} · {o.other.job_title})."
        for o in found
    ]
