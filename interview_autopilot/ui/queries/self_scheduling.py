"""Candidate self-scheduling: the recruiter's "Send a booking link" (Schedule page, Find times),
and the candidate's page reached by the link without signing in (pages/book.py). The candidate's
reads and writes go through the link's signed token only: they name no viewer and show nothing
of the app beyond the link's own slots and the booking it made."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, available_timezones

import streamlit as st

from ...core import access, domain, invites, messages
from ...core.booking_links import LinkRefused
from ...core.errors import ValidationError
from ...core.formatting import local_span, zone_name
from ...core.models import UserRole
from ...features import self_scheduling
from ...features.autopilot.source import read_source
from ...features.autopilot.worker import links_of
from ._cache import clear_caches
from .availability_defaults import defaults
from .backend import get_store, load_settings
from .moment import now, viewer_zone
from .viewing import acting_viewer, logged_write

BOOKING_PARAM = "booking"  # the link's URL: <AUTOPILOT_APP_URL>/book?booking=<token>
BOOK_PAGE = "pages/book.py"


def _secret() -> str:
    return load_settings()["SELF_SCHEDULING_SECRET"]


@dataclass(frozen=True)
class SentLink:
    url: str
    slots: int
    expires: str  # in the recruiter's zone


@logged_write
def create_booking_link(
    candidate_id: str | None, job_id: str | None, stage_index: int | None, days: int
) -> SentLink:
    """A self-scheduling link offering the candidate the slots found for the stage."""
    store = get_store()
    who = acting_viewer(store)
    access.require_scheduler(who)
    if not candidate_id:
        raise ValidationError("candidate", "Pick an existing candidate first.")
    if not job_id or stage_index is None:
        raise ValidationError("stage", "Pick a job and a stage of its plan first.")
    job = store.get_job(domain.parse_uuid(job_id, "job"))
    if job is None:
        raise ValidationError("job", "That job no longer exists.")
    recruiter = who.user_id if who.user.holds(UserRole.RECRUITER) else job.recruiter_id
    if recruiter is None:
        raise ValidationError("recruiter", "The job names no recruiter: book it on the form.")
    zone = viewer_zone()
    made = self_scheduling.create(
        store,
        _secret(),
        domain.parse_uuid(candidate_id, "candidate"),
        job,
        int(stage_index),
        recruiter,
        now(),
        int(days),
        zone,
        defaults(),
        created_by=who.user_id,
    )
    base = load_settings()["AUTOPILOT_APP_URL"].rstrip("/")
    return SentLink(
        f"{base}/book?{BOOKING_PARAM}={made.token}",
        len(made.link.slots),
        f"{made.link.expires_at.astimezone(zone):%a %d %b %Y, %H:%M} ({zone_name(zone)})",
    )


# --- the candidate's page ----------------------------------------------------------------------
def booking_link_visit() -> bool:
    """app.py: this visit carries a booking link (the candidate's page, and nothing else)."""
    return BOOKING_PARAM in st.query_params


def booking_token() -> str:
    return st.query_params.get(BOOKING_PARAM, "")


def zone_choices() -> list[str]:
    """Every IANA time zone name, sorted (the candidate's zone picker)."""
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")


def browser_zone() -> str:
    """The candidate's browser's zone; the organisation's default when it is not known."""
    name = st.context.timezone
    if name and name in available_timezones():
        return str(name)
    return load_settings()["AUTOPILOT_TIME_ZONE"] or "UTC"


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return viewer_zone()


@dataclass(frozen=True)
class OfferedTime:
    start: str  # ISO, to pick it
    when: str  # in the candidate's zone


@dataclass(frozen=True)
class LinkView:
    title: str  # "Backend Engineer · Technical"
    times: list[OfferedTime]


def _times(slots: list, zone: tzinfo) -> list[OfferedTime]:
    return [OfferedTime(s.start.isoformat(), local_span(s.start, s.end, zone)) for s in slots]


def booking_link_view(token: str, zone_name_: str) -> LinkView:
    """What the link offers that is still open, in the candidate's zone; LinkRefused for a
    wrong, tampered, expired or used link (a plain message, nothing written)."""
    store = get_store()
    link = self_scheduling.open_link(store, _secret(), token, now())
    slots = self_scheduling.open_slots(store, link, now(), defaults())
    return LinkView(f"{link.job_title} · {link.stage_name}", _times(slots, _zone(zone_name_)))


def book_from_link(token: str, start: str, zone_name_: str) -> str:
    """Book the slot picked; the interview's id. SlotGone carries the times still open (as
    OfferedTime in the candidate's zone, in `.times`); LinkRefused for a bad link."""
    try:
        moment = datetime.fromisoformat(start)
    except (TypeError, ValueError):
        raise LinkRefused("invalid") from None
    try:
        made = self_scheduling.pick(get_store(), _secret(), token, moment, now(), defaults())
    except self_scheduling.SlotGone as exc:
        exc.times = _times(exc.rest, _zone(zone_name_))  # type: ignore[attr-defined]
        raise
    clear_caches()  # the interviewers' weeks, the lists
    return str(made.interview_id)


@dataclass(frozen=True)
class LinkBooking:
    title: str
    when: str  # in the candidate's zone, with the zone
    panel: list[str]  # the interviewers' names
    video_link: str
    calendar: bytes  # the .ics file ("Add to calendar")


def link_booking(token: str, interview_id: str, zone_name_: str) -> LinkBooking:
    """The booking the link made (only that interview, only through its link)."""
    store = get_store()
    iid = domain.parse_uuid(interview_id, "interview")
    interview = self_scheduling.booked(store, _secret(), token, iid, now())
    zone = _zone(zone_name_)
    source = read_source(store, iid)
    page = f"{load_settings()['AUTOPILOT_APP_URL'].rstrip('/')}/book?{BOOKING_PARAM}={token}"
    panel = [p.name for p in source.participants]
    event = dataclasses.replace(  # the panel's event (same UID), as the candidate's own:
        messages.panel_event(interview, source, links_of(load_settings())),
        summary=f"{interview.job_title} interview",  # this page, not the app's; no emails
        attendees=(),
        url=page,
        description=f"With {', '.join(panel)}\nYour booking: {page}",
    )
    return LinkBooking(
        f"{interview.job_title} interview",
        f"{local_span(interview.scheduled_start, interview.scheduled_end, zone)} "
        f"({zone_name(zone)})",
        panel,
        interview.video_link,
        invites.build_ics(event, now()),
    )


def link_refusal(exc: ValidationError) -> str | None:
    """The plain text of a refused link, None when `exc` is not a refused link."""
    return exc.message if isinstance(exc, LinkRefused) else None
