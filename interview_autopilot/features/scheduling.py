"""Scheduling on any store: a new interview (with an existing or a new candidate), a
reschedule, and the overlaps a participant or the candidate already has. No Streamlit here;
the query module wraps these for the pages, and the contract tests call them on every backend.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from ..core.errors import ValidationError
from ..core.formatting import local_span, zone_name
from ..core.load_caps import LoadCap, OverLimit
from ..core.models import Candidate, Interview, InterviewStatus, InterviewSummary, UserRole, to_utc
from ..core.seats import Busy, Seat, SlotTaken
from ..core.validation import (
    check_moment,
    check_panel_entries,
    check_text,
    require_id,
    validate_candidate,
    validate_interview,
)
from ..store.base import Store
from .applications import open_for_interview
from .autopilot import invites

MIN_PARTICIPANTS, MAX_PARTICIPANTS = 1, 6
LONGEST = timedelta(hours=12)  # no interview lasts longer: bounds the overlap look-back
# Names the ids of bookings (uuid5): one candidate, time and panel give one id.
BOOKINGS = uuid.UUID("6f1f8a52-3c0e-5d8e-9a51-2b7f0c4d9e10")


@dataclass(frozen=True)
class Overlap:
    """A participant's (or, with `user_id` None, the candidate's) other interview that
    overlaps the proposed time."""

    user_id: uuid.UUID | None
    other: InterviewSummary
    other_end: datetime


def new_candidate(name: str, email: str, resume_text: str, form_id: str | None = None) -> Candidate:
    """A new candidate, validated as the stores do. Its id is random, or derived from
    `form_id` (one filled form): submitting the same form twice names one candidate, so the
    second booking is the same booking and the store refuses it."""
    candidate_id = uuid.uuid5(BOOKINGS, f"candidate|{form_id}") if form_id else uuid.uuid4()
    return validate_candidate(
        Candidate(candidate_id, name.strip(), email.strip(), resume_text.strip())
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
    caps: Sequence[LoadCap] = (),
) -> Interview:
    """Create a scheduled interview; a new `candidate` (a Candidate record) is stored first.
    Everything is validated before anything is written. The same booking again (candidate,
    start, end and panel of a scheduled interview) is refused by the store: DuplicateBooking
    names the interview that stands. Each person of `caps` is held to their limits inside the
    write (OverLimit names each person over; nothing written)."""
    # Every value checked before any other code touches it: only ValidationError escapes.
    start = check_moment(start, "scheduled_start", "scheduled start")
    end = check_moment(end, "scheduled_end", "scheduled end")
    job_title = check_text(job_title, "interview.job_title")
    video_link = check_text(video_link, "interview.video_link")
    recruiter_id = require_id(recruiter_id, "recruiter")
    panel = check_panel_entries(panel)
    if not isinstance(candidate, Candidate | uuid.UUID):
        raise ValidationError("candidate", "Choose a candidate, or enter a new one.")
    check_panel(panel)
    check_length(start, end)
    candidate_id = candidate.candidate_id if isinstance(candidate, Candidate) else candidate
    candidate_id = require_id(candidate_id, "candidate")
    interview_id = booking_id(store, candidate_id, start, end, [u for u, _ in panel])
    interview, checked_panel = validate_interview(
        Interview(
            interview_id=interview_id,
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
    refuse_stored_overlaps(store, interview, [u for u, _ in checked_panel])  # before any write
    if isinstance(candidate, Candidate):
        # Through the email's one owner, as the candidate form adds one; the same filled form
        # sent again (a double-click, two tabs) finds its candidate stored and books on.
        new = validate_candidate(candidate)
        if store.get_candidate(candidate_id) is None:
            try:
                store.add_candidate(new, actor=recruiter_id)
            except ValidationError:
                if store.get_candidate(candidate_id) is None:
                    raise
    elif store.get_candidate(candidate_id) is None:
        raise ValidationError("candidate", "That candidate does not exist.")
    check_panel_active(store, [u for u, _ in checked_panel])
    # Queued first, sent only once the interview says what they announce (features/autopilot).
    with invites.queued(store, invites.for_new(store, interview, [u for u, _ in checked_panel])):
        store.book_interview(interview, checked_panel, caps=caps)
    open_for_interview(store, interview, actor=recruiter_id)  # the candidate's application
    return interview


def check_panel_active(store: Store, user_ids: list[uuid.UUID]) -> None:
    """A deactivated person keeps their past interviews but joins no new panel."""
    for user_id in user_ids:
        user = store.get_user(user_id)
        if user is not None and not user.active:
            raise ValidationError(
                "panel", f"{user.name} is deactivated and cannot join a new interview's panel."
            )


def booking_id(
    store: Store,
    candidate_id: uuid.UUID,
    start: datetime,
    end: datetime,
    people: Iterable[uuid.UUID],
) -> uuid.UUID:
    """The new interview's id: derived from the candidate, time and panel, so two
    submissions of one booking at the same moment (two tabs, two app servers) write one id
    and the store's conditional write lets one through. An interview holding that id that was
    moved or cancelled since leaves the slot free: a random id then."""
    panel = sorted(str(u) for u in people)
    key = "|".join([str(candidate_id), to_utc(start).isoformat(), to_utc(end).isoformat(), *panel])
    derived = uuid.uuid5(BOOKINGS, key)
    held = store.get_interview(derived)
    if held is None or (
        held.status is InterviewStatus.SCHEDULED
        and held.scheduled_start == to_utc(start)
        and held.scheduled_end == to_utc(end)
    ):
        return derived
    return uuid.uuid4()


def reschedule(
    store: Store,
    interview_id: uuid.UUID,
    start: datetime,
    end: datetime,
    actor: uuid.UUID | None = None,
    caps: Sequence[LoadCap] = (),
) -> Interview:
    """Move a scheduled interview to a new time; participants and feedback stay. One write of
    the store, which checks inside it that the interview is still scheduled (a concurrent
    cancel or completion wins); the move is in its history, in `actor`'s name. Each person of
    `caps` is held to their limits at the new time inside the write (OverLimit, worded as a
    move refused; nothing written)."""
    interview_id = require_id(interview_id, "interview")
    start = check_moment(start, "scheduled_start", "scheduled start")
    end = check_moment(end, "scheduled_end", "scheduled end")
    check_length(start, end)
    current = store.get_interview(interview_id)
    if current is not None and current.status is InterviewStatus.SCHEDULED:
        people = [p.user_id for p in store.list_participants(interview_id)]
        moved = replace(current, scheduled_start=to_utc(start), scheduled_end=to_utc(end))
        refuse_stored_overlaps(store, moved, people)
    try:
        with invites.queued(store, invites.for_move(store, interview_id, start, end)):
            return store.reschedule_interview(interview_id, start, end, actor=actor, caps=caps)
    except OverLimit as exc:
        raise OverLimit(list(exc.reasons), not_moved(list(exc.reasons))) from None


def not_moved(reasons: list[str]) -> str:
    """A move refused for the people's hours, blocks or limits, in words."""
    return "Not moved: " + "; ".join(reasons) + ". The interview keeps its time: pick another one."


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
    return [
        Overlap(user_id, row, other_end)
        for user_id in dict.fromkeys(user_ids)
        for row, other_end in _clashes(
            store, store.list_interviews_by_user(user_id), start, end, exclude
        )
    ]


def candidate_overlaps(
    store: Store,
    candidate_id: uuid.UUID,
    start: datetime,
    end: datetime,
    exclude: uuid.UUID | None = None,
) -> list[Overlap]:
    """The candidate's scheduled interviews (other than `exclude`) that overlap [start, end):
    one read of their interview list, then a point read per row starting near the time."""
    rows = store.list_interviews_by_candidate(candidate_id)
    return [
        Overlap(None, row, other_end)
        for row, other_end in _clashes(store, rows, start, end, exclude)
    ]


def _clashes(
    store: Store,
    rows: list[InterviewSummary],
    start: datetime,
    end: datetime,
    exclude: uuid.UUID | None,
) -> list[tuple[InterviewSummary, datetime]]:
    """The scheduled rows (other than `exclude`) overlapping [start, end), with their ends."""
    start, end = to_utc(start), to_utc(end)
    found = []
    for row in rows:
        if row.interview_id == exclude or row.status is not InterviewStatus.SCHEDULED:
            continue
        if not start - LONGEST < row.scheduled_start < end:
            continue
        other = store.get_interview(row.interview_id)
        if other is not None and other.scheduled_end > start:
            found.append((row, other.scheduled_end))
    return found


def refuse_stored_overlaps(store: Store, interview: Interview, people: list[uuid.UUID]) -> None:
    """SlotTaken when a participant or the candidate already has a stored scheduled interview
    overlapping `interview` (other than itself, and other than one identical to it, which the
    store refuses as a DuplicateBooking). A read before the write: it covers the interviews
    stored without claims (before seat claims existed, or loaded in bulk); two bookings racing
    each other are kept apart by the store's own check inside the write."""
    start, end, skip = interview.scheduled_start, interview.scheduled_end, interview.interview_id
    found = [
        *(
            (Seat(interview.candidate_id, candidate=True), o)
            for o in candidate_overlaps(store, interview.candidate_id, start, end, skip)
        ),
        *((Seat(o.user_id), o) for o in overlaps(store, people, start, end, skip) if o.user_id),
    ]
    busy = []
    for seat, o in found:
        other = store.get_interview(o.other.interview_id)
        if other is None or (
            other.candidate_id == interview.candidate_id
            and other.scheduled_start == interview.scheduled_start
            and other.scheduled_end == interview.scheduled_end
        ):
            continue  # gone since, or the same booking again: the store names the one standing
        busy.append(Busy(seat, other.interview_id, other.scheduled_start, other.scheduled_end))
    if busy:
        raise SlotTaken(busy)


def busy_message(store: Store, error: SlotTaken, zone: tzinfo) -> str:
    """The refusal in words, naming each taken person and the time they are busy in `zone`:
    'Not booked: Ana is busy Tue 04 Mar 2031, 10:00–11:00 (UTC). …'."""
    lines = []
    for b in error.busy:
        if b.seat.candidate:
            c = store.get_candidate(b.seat.person_id)
            who = f"the candidate, {c.name}," if c else "the candidate"
        else:
            u = store.get_user(b.seat.person_id)
            who = u.name if u else "a participant"
        lines.append(f"{who} is busy {local_span(b.start, b.end, zone)}")
    named = "; ".join(dict.fromkeys(lines)) or "someone on the panel is busy then"
    return (
        f"Not booked: {named[:1].upper()}{named[1:]} ({zone_name(zone)}). "
        "Nothing was stored: pick another time."
    )
