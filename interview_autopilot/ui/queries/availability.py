"""A person's availability on their page (busy blocks added by hand or from a calendar file,
their own interview limits) and the interviewer pools on the Jobs page. The person, recruiters
and administrators edit a person's blocks; recruiters and administrators their limits and the
pools."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ...core import access, availability, calendar_file, domain
from ...core.availability import LoadLimits, Pool
from ...core.errors import Forbidden, ValidationError
from ...core.formatting import local_span, zone_name
from ...core.messages import zone_of
from ...features import find_times
from ._cache import cached_read, clear_caches
from .backend import get_store
from .find_times import defaults
from .moment import now, viewer_zone
from .schedule import directory_users
from .viewing import acting_viewer, logged_write, viewer

SHOWN_DAYS = 28  # the blocks a person's page lists: the next four weeks


@dataclass(frozen=True)
class BlockLine:
    block_id: str
    when: str
    title: str
    source: str  # "by hand" | "calendar file"


@dataclass(frozen=True)
class Availability:
    blocks: list[BlockLine]
    limits: LoadLimits
    limits_text: str
    zone: str  # the zone the times are shown in


def _may_edit_blocks(person_id: uuid.UUID) -> bool:
    who = viewer()
    return who.user_id == person_id or access.may_schedule(who)


def may_edit_blocks(user_id: str) -> bool:
    return _may_edit_blocks(domain.parse_uuid(user_id, "user"))


def may_edit_pools() -> bool:
    return access.may_edit_jobs(viewer())


def person_availability(user_id: str) -> Availability:
    """The person's blocks of the next four weeks (in the viewer's zone) and their limits."""
    key = domain.parse_uuid(user_id, "user")
    store = get_store()
    zone = viewer_zone()
    start = now()
    blocks = store.busy_blocks(key, start, start + timedelta(days=SHOWN_DAYS))
    limits = store.interview_limits(key)
    return Availability(
        [
            BlockLine(
                str(b.block_id),
                local_span(b.start, b.end, zone),
                b.title,
                "by hand" if b.source == availability.HAND else "calendar file",
            )
            for b in blocks
        ],
        limits,
        find_times.limits_text(limits, defaults()),
        zone_name(zone),
    )


def _require_blocks(user_id: str) -> uuid.UUID:
    key = domain.parse_uuid(user_id, "user")
    store = get_store()
    who = acting_viewer(store)
    if who.user_id != key and not access.may_schedule(who):
        raise Forbidden("Only the person, recruiters and administrators edit their busy times.")
    if store.get_user(key) is None:
        raise ValidationError("user", "No such person.")
    return key


@logged_write
def add_busy_block(user_id: str, day: date, start: time, end: time, title: str) -> None:
    """A block from `start` to `end` on `day`, in the viewer's zone (an end at or before the
    start: the next day's)."""
    key = _require_blocks(user_id)
    zone = viewer_zone()
    first = datetime.combine(day, start, zone)
    last = datetime.combine(day if end > start else day + timedelta(days=1), end, zone)
    get_store().add_busy_blocks([availability.hand_block(key, first, last, title)])
    clear_caches()


@logged_write
def import_calendar(user_id: str, data: bytes) -> int:
    """The busy times of a calendar file (.ics), repeats expanded, for the next
    IMPORT_DAYS days; the number stored. The same file again changes nothing."""
    key = _require_blocks(user_id)
    store = get_store()
    person = store.get_user(key)
    blocks = calendar_file.calendar_blocks(data, key, now(), zone_of(person, defaults().zone))
    stored = store.add_busy_blocks(blocks)
    clear_caches()
    return stored


@logged_write
def remove_busy_block(user_id: str, block_id: str) -> None:
    key = _require_blocks(user_id)
    store = get_store()
    start = now()
    found = [
        b
        for b in store.busy_blocks(
            key, start - timedelta(days=1), start + timedelta(days=SHOWN_DAYS)
        )
        if str(b.block_id) == block_id
    ]
    for b in found:
        store.remove_busy_block(b)
    clear_caches()


@logged_write
def set_person_limits(user_id: str, daily: int | None, weekly: int | None) -> None:
    """The person's own limits (None: the organisation's default). Recruiters and admins."""
    store = get_store()
    who = acting_viewer(store)
    if not access.may_edit_jobs(who):
        raise Forbidden("Only recruiters and administrators set interview limits.")
    store.set_interview_limits(domain.parse_uuid(user_id, "user"), LoadLimits(daily, weekly))
    clear_caches()


@cached_read
def interviewer_pools() -> list[Pool]:
    return get_store().list_pools()


@logged_write
def save_pool(name: str, members: list[str], pool_id: str | None = None, version: int = 0) -> str:
    """Add (no `pool_id`) or change a pool as of `version`; StalePool when it changed since."""
    store = get_store()
    who = acting_viewer(store)
    if not access.may_edit_jobs(who):
        raise Forbidden("Only recruiters and administrators edit interviewer pools.")
    known = [u.user_id for u in store.list_users()]
    pool = availability.check_pool(
        Pool(
            domain.parse_uuid(pool_id, "pool") if pool_id else uuid.uuid4(),
            name,
            tuple(domain.parse_uuid(m, "member") for m in members),
            version,
        ),
        known,
    )
    saved = store.save_pool(pool)
    clear_caches()
    return str(saved.pool_id)


def pool_members_text(pool: Pool) -> str:
    names = {u.user_id: u.name for u in directory_users()}
    return ", ".join(names.get(m, "someone removed") for m in pool.members) or "nobody yet"
