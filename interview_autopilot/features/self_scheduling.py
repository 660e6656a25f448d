"""Candidate self-scheduling on any store: a recruiter makes a link offering the slots found for
a job stage (as "Find times" finds them); the candidate opens it without signing in, sees the
slots still open, and picks one, which books through the Schedule write (every seat claimed or
none) after rechecking hours, busy blocks and limits. The link is used once: a pick claims it,
books, then marks it used (core/booking_links.py). No Streamlit here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from ..core import audit
from ..core import find_times as ft
from ..core.booking_links import (
    MAX_SLOTS,
    BookingLink,
    LinkRefused,
    OfferedSlot,
    expires,
    token_of,
    verify,
)
from ..core.errors import ValidationError
from ..core.find_times import shortlist
from ..core.jobs import Job
from ..core.models import (
    Interview,
    InterviewStatus,
    UserRole,
    to_utc,
)
from ..store.base import Store
from . import find_times, scheduling


class SlotGone(ValidationError):
    """The slot picked cannot be booked any more (someone was booked meanwhile, or is now busy
    or over a limit): nothing written, the link still open. `rest`: the slots still open."""

    def __init__(self, rest: list[OfferedSlot]) -> None:
        super().__init__(
            "slot",
            "Sorry, that time has just been taken. Please pick another one."
            if rest
            else "Sorry, that time has just been taken, and no other time offered is still "
            "free. Ask your recruiter for new times.",
        )
        self.rest = rest


@dataclass(frozen=True)
class Made:
    link: BookingLink
    token: str


def create(
    store: Store,
    secret: str,
    candidate_id: uuid.UUID,
    job: Job,
    stage_index: int,
    recruiter_id: uuid.UUID,
    now: datetime,
    days: int,
    zone: tzinfo,
    defaults: find_times.Defaults,
    created_by: uuid.UUID | None = None,
    valid_days: int = 7,
) -> Made:
    """A link offering the best slots of the next `days` business days for the stage (the
    shortlist "Find times" shows, at most 3 a day), valid `valid_days` days."""
    if not secret:
        token_of(secret, uuid.uuid4(), now)  # the plain "set SELF_SCHEDULING_SECRET" refusal
    if store.get_candidate(candidate_id) is None:
        raise ValidationError("candidate", "That candidate does not exist.")
    found = find_times.find(store, candidate_id, job, stage_index, now, days, zone, defaults)
    if any(s.user_id is None and s.pool_id is None for s in job.plan[stage_index].panel):
        raise ValidationError(
            "link",
            "This stage leaves a seat for any interviewer, which a candidate cannot fill: name "
            "the people or a pool in the job's plan first.",
        )
    chosen = shortlist(found.slots, count=min(10, MAX_SLOTS), per_day=3, zone=zone)
    if not chosen:
        raise ValidationError(
            "link", "No time in that window suits everyone: look further ahead before sending."
        )
    stage = job.plan[stage_index]
    link = BookingLink(
        uuid.uuid4(),
        candidate_id,
        recruiter_id,
        job.job_id,
        job.title,
        stage.name,
        to_utc(now),
        expires(now, valid_days),
        tuple(
            OfferedSlot(
                s.start,
                s.end,
                tuple((p, found.roles.get(p, UserRole.INTERVIEWER).value) for p in s.person_ids),
            )
            for s in chosen
        ),
        created_by,
    )
    store.add_booking_link(link)
    return Made(link, token_of(secret, link.link_id, link.expires_at))


def open_link(store: Store, secret: str, token: object, now: datetime) -> BookingLink:
    """The link a genuine, unexpired, unused token names; LinkRefused otherwise."""
    link_id = verify(secret, token, now)
    link = store.get_booking_link(link_id)
    if link is None:
        raise LinkRefused("invalid")  # signed with the secret, but never stored
    if to_utc(now) >= link.expires_at:
        raise LinkRefused("expired")
    if link.used_at is not None:
        raise LinkRefused("used")
    return link


def open_slots(
    store: Store, link: BookingLink, now: datetime, defaults: find_times.Defaults
) -> list[OfferedSlot]:
    """The slots of the link still open: in the future, every person free (no interview, no
    block), inside their hours and under their limits, and the candidate free. One read per
    person over the slots' span, then each slot judged in memory."""
    ahead = [s for s in link.slots if s.start > to_utc(now)]
    if not ahead:
        return []
    first, last = min(s.start for s in ahead), max(s.end for s in ahead)
    people = {}
    for person_id in dict.fromkeys(p for s in ahead for p in s.person_ids):
        user = store.get_user(person_id)
        if user is not None and user.active:
            people[person_id] = find_times.person_of(store, user, first, last, defaults)
    candidate_busy = [
        (o.other.scheduled_start, o.other_end)
        for o in scheduling.candidate_overlaps(store, link.candidate_id, first, last)
    ]
    return [
        s
        for s in ahead
        if all(p in people for p in s.person_ids)
        and not any(ft.why_not(people[p], s.start, s.end, UTC) for p in s.person_ids)
        and not any(b < s.end and s.start < e for b, e in candidate_busy)
    ]


def pick(
    store: Store,
    secret: str,
    token: object,
    start: datetime,
    now: datetime,
    defaults: find_times.Defaults,
) -> Interview:
    """Book the link's slot starting at `start` for its candidate: LinkRefused for a bad,
    expired or used link (nothing written); SlotGone with the slots still open when it cannot
    be booked (nothing written, the link still open). The booking's audit entry names the
    candidate, through the link."""
    link = open_link(store, secret, token, now)
    slot = next((s for s in link.slots if s.start == to_utc(start)), None)
    if slot is None or slot.start <= to_utc(now):
        raise SlotGone(open_slots(store, link, now, defaults))
    claim = uuid.uuid4()
    if not store.claim_booking_link(link.link_id, claim, now):
        held = store.get_booking_link(link.link_id)
        raise LinkRefused("used" if held is None or held.used_at is not None else "busy")
    try:
        find_times.refuse_broken(store, slot.person_ids, slot.start, slot.end, defaults, UTC)
        made = scheduling.schedule(
            store,
            link.candidate_id,
            link.job_title,
            link.recruiter_id,
            slot.start,
            slot.end,
            "",
            [(p, _role(r)) for p, r in slot.people],
            caps=find_times.caps_of(store, list(slot.person_ids), defaults),
        )
    except ValidationError:  # taken, busy, over a limit, a person deactivated since: all
        # the candidate needs is that this time is gone (never whose block, or why)
        store.release_booking_link(link.link_id, claim)
        raise SlotGone(open_slots(store, link, now, defaults)) from None
    except BaseException:
        store.release_booking_link(link.link_id, claim)
        raise
    store.link_interview_stage(made.interview_id, link.job_id, link.stage_name)
    store.import_audit(made.interview_id, [audit.booked_entry(now, made)])
    store.finish_booking_link(link.link_id, claim, made.interview_id, now)
    return made


def _role(value: str) -> UserRole:
    try:
        return UserRole(value)
    except ValueError:
        return UserRole.INTERVIEWER


def booked(
    store: Store, secret: str, token: object, interview_id: uuid.UUID, now: datetime
) -> Interview:
    """The interview this link booked (for the page that made it): the token must be genuine
    and the link used by exactly that interview; LinkRefused otherwise."""
    link_id = verify(secret, token, now)
    link = store.get_booking_link(link_id)
    if link is None or link.interview_id != interview_id:
        raise LinkRefused("invalid")
    interview = store.get_interview(interview_id)
    if interview is None or interview.status is not InterviewStatus.SCHEDULED:
        raise LinkRefused("invalid")
    return interview
