"""Self-scheduling links on every store (the `store` fixture): the link table's contract (added
once, read back, claimed by one pick at a time, a stale claim taken over after the lease, used
once), and the feature the candidate's page calls: a link offers the slots found for the stage,
a pick books one through the seat-claiming write (with its audit entry naming the candidate),
and a wrong, tampered, expired or used link is refused with nothing written."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from support.world import ALICE, BOB, CANDIDATE, OTHER_CANDIDATE, RECRUITER, seed_people

from interview_autopilot.core.availability import HAND, BusyBlock
from interview_autopilot.core.booking_links import (
    CLAIM_LEASE,
    BookingLink,
    LinkRefused,
    OfferedSlot,
    token_of,
)
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.models import AuditAction, InterviewStatus, UserRole
from interview_autopilot.features import find_times, self_scheduling
from interview_autopilot.store.base import Store

SECRET = "test-secret-not-real"
MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
NINE = MONDAY.replace(hour=9)


def a_link(**changes: object) -> BookingLink:
    base = BookingLink(
        uuid.uuid4(),
        CANDIDATE.candidate_id,
        RECRUITER.user_id,
        uuid.uuid4(),
        "Backend Engineer",
        "Technical",
        MONDAY,
        MONDAY + timedelta(days=7),
        (
            OfferedSlot(NINE, NINE + timedelta(hours=1), ((ALICE.user_id, "interviewer"),)),
            OfferedSlot(
                NINE + timedelta(hours=2),
                NINE + timedelta(hours=3),
                ((ALICE.user_id, "interviewer"), (BOB.user_id, "hiring_manager")),
            ),
        ),
        RECRUITER.user_id,
    )
    return BookingLink(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_the_link_table_adds_once_claims_one_pick_at_a_time_and_is_used_once(
    store: Store,
) -> None:
    link = a_link()
    store.add_booking_link(link)
    assert store.get_booking_link(link.link_id) == link
    with pytest.raises(ValidationError):
        store.add_booking_link(link)
    with pytest.raises(ValidationError):
        store.add_booking_link(a_link(slots=()))
    assert store.get_booking_link(uuid.uuid4()) is None
    first, second, third = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert store.claim_booking_link(link.link_id, first, MONDAY)
    assert not store.claim_booking_link(link.link_id, second, MONDAY + timedelta(seconds=5))
    store.release_booking_link(link.link_id, second)  # not its claim: nothing changes
    held = store.get_booking_link(link.link_id)
    assert held is not None and held.claim_id == first and held.claimed_at == MONDAY
    store.release_booking_link(link.link_id, first)
    assert store.claim_booking_link(link.link_id, second, MONDAY + timedelta(seconds=6))
    later = MONDAY + timedelta(seconds=6) + CLAIM_LEASE  # a pick that died: taken over
    assert store.claim_booking_link(link.link_id, third, later)
    interview = uuid.uuid4()
    assert not store.finish_booking_link(link.link_id, second, interview, later)
    assert store.finish_booking_link(link.link_id, third, interview, later)
    used = store.get_booking_link(link.link_id)
    assert used is not None and used.interview_id == interview and used.used_at == later
    assert not store.claim_booking_link(link.link_id, first, later + timedelta(days=1))
    assert not store.finish_booking_link(link.link_id, third, uuid.uuid4(), later)
    store.release_booking_link(link.link_id, third)
    assert store.get_booking_link(link.link_id) == used


def named_job(store: Store) -> Job:
    job = Job(
        uuid.uuid4(),
        "Backend Engineer",
        recruiter_id=RECRUITER.user_id,
        plan=(
            PlanStage(
                "Technical",
                60,
                (
                    PanelSeat(UserRole.INTERVIEWER, ALICE.user_id),
                    PanelSeat(UserRole.INTERVIEWER, BOB.user_id),
                ),
            ),
        ),
    )
    store.add_job(job, actor=RECRUITER.user_id)
    stored = store.get_job(job.job_id)
    assert stored is not None
    return stored


def counts(store: Store) -> tuple:
    return (
        store.count_by_status(),
        store.list_interviews_by_candidate(CANDIDATE.candidate_id),
        store.list_interviews_by_candidate(OTHER_CANDIDATE.candidate_id),
    )


def test_a_candidate_books_one_offered_slot_once_and_bad_links_write_nothing(
    store: Store,
) -> None:
    seed_people(store)
    job = named_job(store)
    defaults = find_times.Defaults()
    made = self_scheduling.create(
        store, SECRET, CANDIDATE.candidate_id, job, 0, RECRUITER.user_id, MONDAY, 2, UTC, defaults
    )
    slots = made.link.slots
    assert slots[0].start == NINE and len(slots) == 6  # at most 3 a day, 2 business days
    assert {p for s in slots for p in s.person_ids} == {ALICE.user_id, BOB.user_id}
    now = MONDAY + timedelta(minutes=5)
    opened = self_scheduling.open_link(store, SECRET, made.token, now)
    assert self_scheduling.open_slots(store, opened, now, defaults) == list(slots)
    # Wrong, tampered, other-secret, expired, never-stored: refused, nothing written.
    before = counts(store)
    link_id, expires, signature = made.token.split(".")
    bad = {
        "invalid": [
            "",
            "nonsense",
            f"{link_id}.{int(expires) + 86400}.{signature}",  # a later expiry, same signature
            f"{uuid.uuid4().hex}.{expires}.{signature}",
            f"{link_id}.{expires}.{signature[:-1]}{'B' if signature.endswith('A') else 'A'}",
            token_of("another-secret", made.link.link_id, made.link.expires_at),
            token_of(SECRET, uuid.uuid4(), made.link.expires_at),  # genuine, never stored
        ],
        "expired": [made.token],
    }
    for kind, tokens in bad.items():
        for token in tokens:
            later = made.link.expires_at if kind == "expired" else now
            with pytest.raises(LinkRefused) as refused:
                self_scheduling.pick(store, SECRET, token, slots[1].start, later, defaults)
            assert refused.value.kind == kind, token
    with pytest.raises(LinkRefused):
        self_scheduling.open_link(store, "", made.token, now)  # no secret set: no link opens
    assert counts(store) == before
    # Bob adds a block over the second slot: it is no longer offered, nor bookable.
    store.add_busy_blocks(
        [BusyBlock(BOB.user_id, uuid.uuid4(), slots[1].start, slots[1].end, "Dentist", HAND)]
    )
    assert slots[1] not in self_scheduling.open_slots(store, opened, now, defaults)
    with pytest.raises(self_scheduling.SlotGone) as gone:
        self_scheduling.pick(store, SECRET, made.token, slots[1].start, now, defaults)
    assert slots[0] in gone.value.rest and slots[1] not in gone.value.rest
    assert counts(store) == before
    # The first slot books, with its audit entry naming the candidate, through the link.
    booked = self_scheduling.pick(store, SECRET, made.token, slots[0].start, now, defaults)
    assert booked.scheduled_start == NINE and booked.status is InterviewStatus.SCHEDULED
    assert {p.user_id for p in store.list_participants(booked.interview_id)} == {
        ALICE.user_id,
        BOB.user_id,
    }
    entry = store.list_audit(booked.interview_id)[-1]
    assert entry.action is AuditAction.SCHEDULE and entry.actor_id is None
    assert entry.subject_id == CANDIDATE.candidate_id and entry.before is None
    stage = store.get_interview_stage(booked.interview_id)
    assert stage is not None and stage.job_id == job.job_id
    used = store.get_booking_link(made.link.link_id)
    assert used is not None and used.interview_id == booked.interview_id
    assert self_scheduling.booked(store, SECRET, made.token, booked.interview_id, now) == booked
    # Used: refused, nothing more written.
    after = counts(store)
    with pytest.raises(LinkRefused) as again:
        self_scheduling.pick(store, SECRET, made.token, slots[2].start, now, defaults)
    assert again.value.kind == "used"
    assert counts(store) == after
    # Another candidate's link for the same slot: told it is gone, shown the rest.
    other = self_scheduling.create(
        store,
        SECRET,
        OTHER_CANDIDATE.candidate_id,
        job,
        0,
        RECRUITER.user_id,
        MONDAY,
        2,
        UTC,
        defaults,
    )
    assert NINE not in {s.start for s in other.link.slots}  # found with Alice taken then
    with pytest.raises(self_scheduling.SlotGone):
        self_scheduling.pick(store, SECRET, other.token, NINE, now, defaults)  # never offered
    assert counts(store) == after
