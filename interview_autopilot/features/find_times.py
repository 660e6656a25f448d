"""Finding times for a job stage on any store, and booking one of them: reads each required
person's working hours, zone, busy blocks, interviews and limits, and the candidate's interviews,
hands them to core/find_times.py, and books a slot through the Schedule write (which claims every
seat or none, and refuses a double booking naming who is taken). No Streamlit here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta, tzinfo

from ..core import find_times as ft
from ..core.availability import LoadLimits, NotAvailable, Pool
from ..core.errors import ValidationError
from ..core.jobs import Job, PanelSeat
from ..core.load_caps import LoadCap
from ..core.messages import zone_of
from ..core.models import Interview, InterviewStatus, User, UserRole, to_utc
from ..store.base import Store
from . import scheduling
from .working_hours import hours_of

MAX_DAYS = 20  # business days a search may cover
LOAD_STATUSES = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)
LOAD_MARGIN = timedelta(days=8)  # read before and after the window: its weeks' whole load


@dataclass(frozen=True)
class Defaults:
    """The organisation's defaults: zone and hours of a profile without them, and limits."""

    zone: str = "UTC"
    hours: str = "09:00-17:00"
    daily: int = 3
    weekly: int = 10


@dataclass(frozen=True)
class Found:
    """What a search found: every feasible slot, earliest first; the people it asked for; and
    notes on what it could not do (a seat for any interviewer, an empty pool)."""

    slots: list[ft.Slot]
    window: tuple[datetime, datetime]
    roles: dict[uuid.UUID, UserRole]  # each person's role on the panel
    notes: list[str]


def window(now: datetime, days: int, zone: tzinfo) -> tuple[datetime, datetime]:
    """From now (to the next quarter hour) to the end of the `days`th business day in `zone`,
    counting today when it is one."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError("days", f"Look 1 to {MAX_DAYS} business days ahead.")
    start = to_utc(now).replace(second=0, microsecond=0)
    start += timedelta(minutes=-start.minute % 15)
    day, counted = start.astimezone(zone).date(), 0
    while True:
        if day.weekday() < 5:
            counted += 1
            if counted == days:
                break
        day += timedelta(days=1)
    end = datetime.combine(day + timedelta(days=1), time(), zone)
    return start, to_utc(end)


def person_of(
    store: Store,
    user: User,
    start: datetime,
    end: datetime,
    defaults: Defaults,
    interviews_busy: bool = True,
    exclude: uuid.UUID | None = None,
) -> ft.Person:
    """What finding times needs of one person, read from the store: their interviews near the
    window (those starting from LOAD_MARGIN before it to LOAD_MARGIN after, which hold every
    interview of the weeks it touches in any zone; point reads for the ends of those that may
    overlap it), their blocks of the window's days, and their own limits. Nothing older or
    later is read, so a search costs the same whatever the person's history.
    `interviews_busy` False: their interviews count toward their load only (a booking's seat
    claims refuse an overlap themselves). `exclude`: an interview being moved, which counts
    neither as busy nor toward the load."""
    zone = zone_of(user, defaults.zone)
    hours = hours_of(user) or hours_of(replace(user, working_hours=defaults.hours))
    own = store.interview_limits(user.user_id)
    rows = store.list_interviews_by_user_between(
        user.user_id, start - LOAD_MARGIN, end + LOAD_MARGIN
    )
    rows = [r for r in rows if r.interview_id != exclude]
    booked = tuple(r.scheduled_start for r in rows if r.status in LOAD_STATUSES)
    busy = [ft.Busy(b.start, b.end, b.title) for b in store.busy_blocks(user.user_id, start, end)]
    busy += [
        ft.Busy(i.scheduled_start, i.scheduled_end, "an interview")
        for i in _scheduled_in(
            store,
            [r.interview_id for r in rows if interviews_busy and _near(r, start, end)],
        )
    ]
    return ft.Person(
        user.user_id,
        user.name,
        zone,
        hours or (540, 1020),
        own.daily if own.daily is not None else defaults.daily,
        own.weekly if own.weekly is not None else defaults.weekly,
        tuple(busy),
        booked,
    )


def _people(
    store: Store, panel: tuple[PanelSeat, ...], pools: dict[uuid.UUID, Pool]
) -> dict[uuid.UUID, User]:
    """The people the stage names and the members of the pools it asks for, read one by one
    (never the whole directory, which may hold more people than one read returns)."""
    wanted = [s.user_id for s in panel if s.user_id is not None]
    for seat in panel:
        if seat.user_id is None and seat.pool_id in pools:
            wanted += pools[seat.pool_id].members
    found = (store.get_user(u) for u in dict.fromkeys(wanted))
    return {u.user_id: u for u in found if u is not None}


def _near(row: object, start: datetime, end: datetime) -> bool:
    return (
        getattr(row, "status", None) is InterviewStatus.SCHEDULED
        and start - scheduling.LONGEST < row.scheduled_start < end  # type: ignore[attr-defined]
    )


def _scheduled_in(store: Store, ids: list[uuid.UUID]) -> list[Interview]:
    found = (store.get_interview(i) for i in ids)
    return [i for i in found if i is not None and i.status is InterviewStatus.SCHEDULED]


def find(
    store: Store,
    candidate_id: uuid.UUID,
    job: Job,
    stage_index: int,
    now: datetime,
    days: int,
    zone: tzinfo,
    defaults: Defaults,
) -> Found:
    """Every slot of the next `days` business days (in `zone`) for stage `stage_index` of the
    job's plan, for the candidate."""
    if not 0 <= stage_index < len(job.plan):
        raise ValidationError("stage", "Pick a stage of the job's plan.")
    stage = job.plan[stage_index]
    start, end = window(now, days, zone)
    pools = {p.pool_id: p for p in store.list_pools()}
    users = _people(store, stage.panel, pools)
    notes, roles = [], {}
    named = []
    for seat in stage.panel:
        if seat.user_id is None:
            continue
        user = users.get(seat.user_id)
        if user is None or not user.active:
            notes.append("A person named by the plan is no longer active: left out.")
            continue
        named.append(person_of(store, user, start, end, defaults))
        roles[user.user_id] = seat.role
    asks = []
    wanted: dict[uuid.UUID, int] = {}
    for seat in stage.panel:
        if seat.user_id is None and seat.pool_id is not None:
            wanted[seat.pool_id] = wanted.get(seat.pool_id, 0) + 1
    for pool_id, count in wanted.items():
        pool = pools.get(pool_id)
        if pool is None:
            raise ValidationError("pool", "The stage asks for a pool that no longer exists.")
        members = [users[m] for m in pool.members if m in users and users[m].active]
        asks.append(
            ft.PoolAsk(
                pool.name,
                count,
                tuple(person_of(store, u, start, end, defaults) for u in members),
            )
        )
        roles |= {u.user_id: UserRole.INTERVIEWER for u in members if u.user_id not in roles}
    anyone = sum(1 for s in stage.panel if s.user_id is None and s.pool_id is None)
    if anyone:
        notes.append(
            f"The plan leaves {anyone} seat{'s' if anyone > 1 else ''} for any interviewer: "
            "add them on the form after taking a time."
        )
    if not named and not asks:
        raise ValidationError("stage", "This stage names nobody and no pool: nothing to find.")
    candidate_busy = tuple(
        ft.Busy(i.scheduled_start, i.scheduled_end, "the candidate's interview")
        for i in _scheduled_in(
            store,
            [
                r.interview_id
                for r in store.list_interviews_by_candidate(candidate_id)
                if _near(r, start, end)
            ],
        )
    )
    ask = ft.Ask(stage.duration_minutes, tuple(named), tuple(asks), candidate_busy)
    slots = ft.find_times(ask, start, end, str(candidate_id), zone)
    return Found(slots, (start, end), roles, notes)


def book(
    store: Store,
    candidate_id: uuid.UUID,
    job: Job,
    stage_index: int,
    recruiter_id: uuid.UUID,
    start: datetime,
    people: list[uuid.UUID],
    roles: dict[uuid.UUID, UserRole],
    video_link: str = "",
    defaults: Defaults | None = None,
    shown_in: tzinfo = UTC,
) -> Interview:
    """Book the slot found: the stage's length from `start`, `people` in their roles, through
    the Schedule write (every seat claimed or none: SlotTaken names who was taken meanwhile;
    every limit held inside it: OverLimit names who went over meanwhile);
    the interview is linked to the stage (its kit). Refused first (NotAvailable, nothing
    written) when a person is now busy, off their hours or over a limit then (`defaults`: the
    organisation's; reasons' times in `shown_in`)."""
    stage = job.plan[stage_index]
    end = to_utc(start) + timedelta(minutes=stage.duration_minutes)
    defaults = defaults or Defaults()
    refuse_broken(store, people, start, end, defaults, shown_in)
    panel = [(p, roles.get(p, UserRole.INTERVIEWER)) for p in people]
    made = scheduling.schedule(
        store,
        candidate_id,
        job.title,
        recruiter_id,
        start,
        end,
        video_link,
        panel,
        caps=caps_of(store, people, defaults),
    )
    store.link_interview_stage(made.interview_id, job.job_id, stage.name)
    return made


def broken(
    store: Store,
    people: list[uuid.UUID],
    start: datetime,
    end: datetime,
    defaults: Defaults,
    shown_in: tzinfo,
    hours: bool = True,
    exclude: uuid.UUID | None = None,
) -> list[str]:
    """What a booking (or a move: `exclude` the interview moved) rechecks at the moment it is
    made, beside the seat claims (which refuse an overlap with an interview inside the write):
    one reason per person of `people` who cannot take [start, end), as finding times gives it:
    busy (a block), outside their working hours (when `hours`), over the weekly or daily
    limit. Read fresh from the store; the limits are held again inside the write (`caps`)."""
    start, end = to_utc(start), to_utc(end)
    reasons = []
    for person_id in dict.fromkeys(people):
        user = store.get_user(person_id)
        if user is None:
            continue  # the write refuses an unknown person with its own message
        person = person_of(
            store, user, start, end, defaults, interviews_busy=False, exclude=exclude
        )
        why = ft.why_not(person, start, end, shown_in, hours=hours)
        if why:
            reasons.append(why)
    return reasons


def refuse_broken(
    store: Store,
    people: list[uuid.UUID],
    start: datetime,
    end: datetime,
    defaults: Defaults,
    shown_in: tzinfo,
) -> None:
    """NotAvailable naming each person who cannot take [start, end); nothing when all can."""
    reasons = broken(store, people, start, end, defaults, shown_in)
    if reasons:
        raise NotAvailable(reasons)


def caps_of(store: Store, people: list[uuid.UUID], defaults: Defaults) -> list[LoadCap]:
    """The limits the booking's write holds `people` to (their own, else the organisation's;
    counted in their zone), as finding times counts them."""
    caps = []
    for person_id in dict.fromkeys(people):
        user = store.get_user(person_id)
        if user is None:
            continue  # the write refuses an unknown person with its own message
        own = store.interview_limits(person_id)
        caps.append(
            LoadCap(
                person_id,
                user.name,
                zone_of(user, defaults.zone),
                own.daily if own.daily is not None else defaults.daily,
                own.weekly if own.weekly is not None else defaults.weekly,
            )
        )
    return caps


def limits_text(limits: LoadLimits, defaults: Defaults) -> str:
    """'3 a day (the default), 5 a week (their own)'."""
    daily = (
        f"{limits.daily} a day (their own)"
        if limits.daily is not None
        else (f"{defaults.daily} a day (the default)")
    )
    weekly = (
        f"{limits.weekly} a week (their own)"
        if limits.weekly is not None
        else (f"{defaults.weekly} a week (the default)")
    )
    return f"{daily}, {weekly}"


def pool_names(pools: list[Pool]) -> dict[uuid.UUID, str]:
    return {p.pool_id: p.name for p in pools}
