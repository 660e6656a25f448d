"""The Schedule page's "Find times": the slots for a candidate and a job stage, with the reasons
for each choice and exclusion, and booking one in a click (through the Schedule write, which
claims every seat or none)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ...core import access, domain
from ...core.errors import ValidationError
from ...core.find_times import shortlist
from ...core.formatting import local_span, zone_name
from ...core.models import UserRole
from ...features import find_times
from ._cache import clear_caches
from .availability_defaults import defaults
from .backend import get_store
from .moment import now, viewer_zone
from .schedule import named_refusal
from .viewing import acting_viewer, logged_write


@dataclass(frozen=True)
class SlotChoice:
    """One slot as the page lists it: its start (ISO, to book it), its time in the viewer's
    zone, the people chosen with why, and those passed over with why."""

    start: str
    when: str
    people: list[str]  # person ids, in panel order
    chosen: list[str]
    passed_over: list[str]


@dataclass(frozen=True)
class FoundTimes:
    slots: list[SlotChoice]  # the shortlist: earliest, at most 3 a day
    total: int  # every feasible slot in the window
    window: str
    notes: list[str]


def _job(job_id: str | None, stage_index: int | None):
    if not job_id or stage_index is None:
        raise ValidationError("stage", "Pick a job and a stage of its plan first.")
    found = get_store().get_job(domain.parse_uuid(job_id, "job"))
    if found is None:
        raise ValidationError("job", "That job no longer exists.")
    return found


def find_slots(
    candidate_id: str | None, job_id: str | None, stage_index: int | None, days: int
) -> FoundTimes:
    """The best slots of the next `days` business days for the stage and the candidate."""
    store = get_store()
    access.require_scheduler(acting_viewer(store))
    if not candidate_id:
        raise ValidationError("candidate", "Pick an existing candidate first.")
    job = _job(job_id, stage_index)
    zone = viewer_zone()
    found = find_times.find(
        store,
        domain.parse_uuid(candidate_id, "candidate"),
        job,
        int(stage_index),  # type: ignore[arg-type]
        now(),
        int(days),
        zone,
        defaults(),
    )
    start, end = found.window
    return FoundTimes(
        [
            SlotChoice(
                s.start.isoformat(),
                f"{local_span(s.start, s.end, zone)} ({zone_name(zone)})",
                [str(p) for p in s.person_ids],
                [r.text for r in s.people],
                [r.text for r in s.passed_over],
            )
            for s in shortlist(found.slots, count=10, per_day=3, zone=zone)
        ],
        len(found.slots),
        f"{local_span(start, end, zone)} ({zone_name(zone)})",
        found.notes,
    )


@logged_write
def book_slot(
    candidate_id: str, job_id: str, stage_index: int, start: str, people: list[str]
) -> str:
    """Book the slot taken from the list; the new interview's id. SlotTaken (naming who is
    busy) when someone was booked meanwhile: nothing is written."""
    store = get_store()
    who = acting_viewer(store)
    access.require_scheduler(who)
    job = _job(job_id, stage_index)
    recruiter = who.user_id if who.user.holds(UserRole.RECRUITER) else job.recruiter_id
    if recruiter is None:
        raise ValidationError("recruiter", "The job names no recruiter: book it on the form.")
    stage = job.plan[int(stage_index)]
    roles = {s.user_id: s.role for s in stage.panel if s.user_id}
    with named_refusal(store):
        made = find_times.book(
            store,
            domain.parse_uuid(candidate_id, "candidate"),
            job,
            int(stage_index),
            recruiter,
            datetime.fromisoformat(start),
            [uuid.UUID(p) for p in people],
            roles,
            defaults=defaults(),
            shown_in=viewer_zone(),
        )
    clear_caches()
    return str(made.interview_id)
