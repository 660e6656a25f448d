"""The Schedule page (and rescheduling from the Interview page): the directory it offers,
creating and moving interviews, the summary of a new booking, the overlapping interviews of the
panel and the candidate, and the weekend hint."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from ...core import access, domain
from ...core.errors import DuplicateBooking, ValidationError
from ...core.formatting import local_span, zone_name
from ...core.load_caps import LoadCap
from ...core.models import Candidate, User, UserRole
from ...core.seats import SlotTaken
from ...features import booking_checks, find_times, scheduling, working_hours
from ...store.base import Store
from ._cache import cached_read, clear_caches
from .availability_defaults import defaults as ft_defaults
from .backend import get_store
from .moment import viewer_zone
from .viewing import acting_viewer, logged_write


@cached_read
def directory_users() -> list[User]:
    """Everyone who may recruit or take part (the staff directory), by name."""
    return get_store().list_users()


def zoned(day: date, clock: time, zone: tzinfo) -> datetime:
    """A date and time picked in the viewer's zone, as an aware datetime."""
    return datetime.combine(day, clock).replace(tzinfo=zone)


def _ids(values: list[str], field: str) -> list[uuid.UUID]:
    return [domain.parse_uuid(v, field) for v in values]


@logged_write
def schedule_interview(
    candidate_id: str | None,
    new_candidate: tuple[str, str, str] | None,
    job_title: str,
    recruiter_id: str | None,
    start: datetime,
    end: datetime,
    video_link: str,
    panel: list[tuple[str, str]],
    form_id: str | None = None,
    confirmed: bool = False,
) -> str:
    """Create a scheduled interview (and the new candidate, when given); its id. `form_id`
    names one filled form: sent twice, it books once (DuplicateBooking the second time).
    Unless `confirmed` (the form's "Book anyway"), a time a person is off their hours, busy or
    over a limit is refused (NotAvailable, naming them; nothing written)."""
    store = get_store()
    access.require_scheduler(acting_viewer(store))  # fresh, not cached: who they are now
    if not recruiter_id:
        raise ValidationError("recruiter", "Choose the recruiter.")
    if new_candidate is not None:
        candidate: Candidate | uuid.UUID = scheduling.new_candidate(*new_candidate, form_id)
    elif candidate_id:
        candidate = domain.parse_uuid(candidate_id, "candidate")
    else:
        raise ValidationError("candidate", "Choose a candidate, or enter a new one.")
    people = [(domain.parse_uuid(u, "participant"), UserRole(r)) for u, r in panel]
    caps: list[LoadCap] = []
    if not confirmed and isinstance(start, datetime) and isinstance(end, datetime):
        booking_checks.refuse_unconfirmed(
            store, [u for u, _ in people], start, end, ft_defaults(), viewer_zone()
        )
        caps = find_times.caps_of(store, [u for u, _ in people], ft_defaults())
    with named_refusal(store):
        made = scheduling.schedule(
            store,
            candidate,
            job_title,
            domain.parse_uuid(recruiter_id, "recruiter"),
            start,
            end,
            video_link,
            people,
            caps=caps,  # held inside the write, unless confirmed ("Book anyway")
        )
    clear_caches()
    return str(made.interview_id)


def duplicate_of(error: ValidationError) -> str | None:
    """The interview that stands when `error` refused a booking identical to it, else None."""
    return str(error.existing) if isinstance(error, DuplicateBooking) else None


@dataclass(frozen=True)
class Booked:
    """A booked interview, summed up for the Schedule page (stored text, to show inert)."""

    interview_id: str
    title: str  # candidate · job title
    when: str  # the span in the viewer's zone, with the zone
    recruiter: str
    panel: list[str]  # "name (role)"
    video_link: str


def booked(interview_id: str) -> Booked:
    """The summary the Schedule form turns into after booking `interview_id`."""
    d = get_store().get_interview_detail(domain.parse_uuid(interview_id, "interview"))
    if d is None:
        raise ValidationError("interview", "That interview does not exist.")
    zone = viewer_zone()
    i = d.interview
    return Booked(
        interview_id,
        f"{d.candidate.name} · {i.job_title}",
        f"{local_span(i.scheduled_start, i.scheduled_end, zone)} ({zone_name(zone)})",
        d.recruiter.name,
        [f"{p.name} ({p.role.label})" for p in d.participants],
        i.video_link,
    )


def weekend_hint(day: date) -> str | None:
    """A hint when `day` is a Saturday or a Sunday, else None."""
    if day.weekday() < 5:
        return None
    return f"{day:%A %d %B %Y} is a weekend day: check that everyone expects to work then."


@logged_write
def reschedule_interview(interview_id: str, start: datetime, end: datetime) -> None:
    """Move a scheduled interview to a new time, in the viewer's name in its history. Only its
    recruiter may (Forbidden otherwise, nothing written), judged on fresh reads. A time a
    participant is off their hours, busy (a block) or over a limit is refused, naming them
    (NotAvailable; nothing written)."""
    iid = domain.parse_uuid(interview_id, "interview")
    store = get_store()
    who = acting_viewer(store)
    current = store.get_interview(iid)  # fresh, not cached: whose interview it is now
    if current is None:
        raise ValidationError("interview", "That interview does not exist.")
    access.require_reschedule(who, current)
    with named_refusal(store):
        booking_checks.reschedule(
            store, iid, start, end, ft_defaults(), viewer_zone(), actor=who.user_id
        )
    clear_caches()


@contextmanager
def named_refusal(store: Store) -> Iterator[None]:
    """A booking refused for a taken seat says who is busy when, in the viewer's zone."""
    try:
        yield
    except SlotTaken as exc:
        raise SlotTaken(
            list(exc.busy), scheduling.busy_message(store, exc, viewer_zone())
        ) from None


def overlap_warnings(
    user_ids: list[str],
    start: datetime,
    end: datetime,
    exclude: str | None = None,
    candidate_id: str | None = None,
) -> list[str]:
    """One line per scheduled interview overlapping [start, end) that the candidate (when
    given) or a participant already has."""
    if end <= start or not (user_ids or candidate_id):
        return []
    skip = domain.parse_uuid(exclude, "interview") if exclude else None
    zone = viewer_zone()
    store = get_store()
    lines = []
    if candidate_id:
        cid = domain.parse_uuid(candidate_id, "candidate")
        for o in scheduling.candidate_overlaps(store, cid, start, end, skip):
            lines.append(
                f"The candidate, {o.other.candidate_name}, already has an interview "
                f"{local_span(o.other.scheduled_start, o.other_end, zone)} ({o.other.job_title})."
            )
    if user_ids:
        names = {str(u.user_id): u.name for u in directory_users()}
        found = scheduling.overlaps(store, _ids(user_ids, "participant"), start, end, skip)
        lines += [
            f"{names.get(str(o.user_id), 'A participant')} already has an interview "
            f"{local_span(o.other.scheduled_start, o.other_end, zone)} "
            f"({o.other.candidate_name} · {o.other.job_title})."
            for o in found
        ]
    return lines


def working_hours_warnings(user_ids: list[str], start: datetime, end: datetime) -> list[str]:
    """One line per participant for whom [start, end) is on their weekend or outside their
    working hours, in their own zone (the viewer's when their profile has none)."""
    if end <= start or not user_ids:
        return []
    people = {str(u.user_id): u for u in directory_users()}
    chosen = [people[u] for u in user_ids if u in people]
    return working_hours.outside_hours(chosen, start, end, viewer_zone())


def busy_warnings(user_ids: list[str], start: datetime, end: datetime) -> list[str]:
    """One line per participant busy (a block) or over an interview limit during [start, end),
    read fresh (the booking refuses them unless confirmed)."""
    if end <= start or not user_ids:
        return []
    return booking_checks.busy_warnings(
        get_store(), _ids(user_ids, "participant"), start, end, ft_defaults(), viewer_zone()
    )
