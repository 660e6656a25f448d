"""The autopilot's worker on every store, against a real SMTP server on loopback (aiosmtpd,
started here): scheduling, rescheduling and cancelling an interview send each participant an
invite whose .ics (parsed back with icalendar) keeps its UID, raises its SEQUENCE and says
REQUEST or CANCEL, at the right UTC times; nothing goes for a write that did not happen; a
refusing receiver gets the message after it recovers, once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from support.autopilot_kit import recipients, worker
from support.receivers import invite_of, smtp_server
from support.world import ALICE, BOB, CANDIDATE, CAROL, PANEL, RECRUITER, seed_people

from interview_autopilot.core.invites import uid_of
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.kits import FocusAttribute
from interview_autopilot.core.models import InterviewStatus, UserRole, make_id, utc_now
from interview_autopilot.core.outbox import State
from interview_autopilot.features import scheduling
from interview_autopilot.features.autopilot import invites
from interview_autopilot.store.base import Store

START = datetime(2027, 3, 12, 14, 0, tzinfo=UTC)  # a Friday; New York has moved to EDT
LATER = datetime(2027, 3, 16, 15, 30, tzinfo=UTC)
NEW_YORK = dataclasses.replace(ALICE, time_zone="America/New_York")


@pytest.fixture
def smtp():
    with smtp_server() as (box, port):
        yield box, port


def test_schedule_reschedule_cancel_send_invites_that_update_one_event(store: Store, smtp) -> None:
    box, port = smtp
    seed_people(store)
    store.upsert_users([NEW_YORK])
    w = worker(store, port)
    made = scheduling.schedule(
        store,
        CANDIDATE.candidate_id,
        "Backend Engineer",
        RECRUITER.user_id,
        START,
        START + timedelta(hours=1),
        "https://meet.example.com/zoe",
        PANEL,
    )
    report = w.run_pass(utc_now())
    assert (report.sent, report.failed) == (3, 0)
    first = box.wait_for(3)
    assert recipients(first) == [ALICE.email, BOB.email, CAROL.email]
    alice = next(m for m in first if m["To"] == ALICE.email)
    # Her local time (New York, EDT since 14 March... 2027-03-14): 10:00 on the 12th is EST
    assert "Fri 12 Mar 2027, 09:00–10:00 (America/New_York)" in alice["Subject"]
    body = alice.get_body(("plain",)).get_content()
    assert f"http://app.example.com/interview?interview={made.interview_id}" in body
    assert "https://meet.example.com/zoe" in body
    cal = invite_of(alice)
    assert cal is not None and str(cal["METHOD"]) == "REQUEST"
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == uid_of(made.interview_id)
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == START and event.decoded("DTEND") == START + timedelta(
        hours=1
    )
    attendees = sorted(str(a) for a in event.get("ATTENDEE"))
    assert attendees == sorted(f"mailto:{p.email}" for p in (ALICE, BOB, CAROL))
    assert w.run_pass(utc_now()).sent == 0  # nothing twice

    scheduling.reschedule(store, made.interview_id, LATER, LATER + timedelta(hours=1))
    assert w.run_pass(utc_now()).sent == 3
    moved = [m for m in box.wait_for(6)[3:] if m["To"] == ALICE.email]
    [event] = invite_of(moved[0]).walk("VEVENT")  # type: ignore[union-attr]
    assert str(event["UID"]) == uid_of(made.interview_id) and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == LATER  # after the change: EDT, still right in UTC
    assert "Tue 16 Mar 2027, 11:30–12:30 (America/New_York)" in moved[0]["Subject"]
    assert moved[0]["Subject"].startswith("Updated invitation")

    with invites.queued(
        store, invites.for_status(store, made.interview_id, InterviewStatus.CANCELLED)
    ):
        store.change_status(made.interview_id, InterviewStatus.CANCELLED)
    assert w.run_pass(utc_now()).sent == 3
    cancels = box.wait_for(9)[6:]
    cal = invite_of(cancels[0])
    assert cal is not None and str(cal["METHOD"]) == "CANCEL"
    [event] = cal.walk("VEVENT")
    assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == uid_of(made.interview_id)
    assert len(box.received()) == 9


def test_no_invite_for_a_write_that_did_not_happen(store: Store, smtp) -> None:
    """Queued before a reschedule that never landed (the app server died in between): the
    message waits while the write may still be landing, then is skipped, never sent."""
    box, port = smtp
    seed_people(store)
    made = scheduling.schedule(
        store,
        CANDIDATE.candidate_id,
        "Backend Engineer",
        RECRUITER.user_id,
        START,
        START + timedelta(hours=1),
        "",
        [(ALICE.user_id, UserRole.INTERVIEWER)],
    )
    w = worker(store, port)
    assert w.run_pass(utc_now()).sent == 1
    now = utc_now()
    lost = invites.for_move(store, made.interview_id, LATER, LATER + timedelta(hours=1), now)
    store.enqueue_messages(lost)  # ... and the reschedule's write never happens
    young = w.run_pass(now + timedelta(seconds=5))
    assert (young.sent, young.retried) == (0, 1)  # not visible yet: waits
    late = w.run_pass(now + timedelta(minutes=3))
    assert (late.sent, late.skipped) == (0, 1)
    assert len(box.received()) == 1
    rows = store.list_messages(now - timedelta(minutes=1), now + timedelta(hours=1))
    assert [r.state for r in rows if r.message_id == lost[0].message_id] == [
        State.RETRY,
        State.SKIPPED,
    ]


def test_a_refused_write_leaves_no_message(store: Store) -> None:
    seed_people(store)
    made = scheduling.schedule(
        store,
        CANDIDATE.candidate_id,
        "Backend Engineer",
        RECRUITER.user_id,
        START,
        START + timedelta(hours=1),
        "",
        [(ALICE.user_id, UserRole.INTERVIEWER)],
    )
    store.change_status(made.interview_id, InterviewStatus.CANCELLED)
    before = store.list_messages(START - timedelta(days=400), utc_now() + timedelta(hours=1))
    with pytest.raises(Exception, match="scheduled"):
        scheduling.reschedule(store, made.interview_id, LATER, LATER + timedelta(hours=1))
    after = store.list_messages(START - timedelta(days=400), utc_now() + timedelta(hours=1))
    assert after == before


def test_a_refusing_receiver_gets_the_message_once_it_recovers(store: Store, smtp) -> None:
    box, port = smtp
    seed_people(store)
    scheduling.schedule(
        store,
        CANDIDATE.candidate_id,
        "Backend Engineer",
        RECRUITER.user_id,
        START,
        START + timedelta(hours=1),
        "",
        [(ALICE.user_id, UserRole.INTERVIEWER)],
    )
    box.refuse = 2  # 451 twice
    w = worker(store, port, AUTOPILOT_RETRY_SECONDS="60")
    now = utc_now()
    assert w.run_pass(now).retried == 1
    assert w.run_pass(now + timedelta(seconds=30)).due == 0  # its wait has not passed
    assert w.run_pass(now + timedelta(seconds=61)).retried == 1
    assert w.run_pass(now + timedelta(seconds=120)).due == 0  # doubled: 120 s after the 2nd
    assert w.run_pass(now + timedelta(seconds=182)).sent == 1
    assert recipients(box.received()) == [ALICE.email] and box.attempts == 3
    rows = store.list_messages(now - timedelta(minutes=1), now + timedelta(hours=1))
    assert [(r.attempt, r.state) for r in rows] == [
        (1, State.RETRY),
        (2, State.RETRY),
        (3, State.SENT),
    ]
    assert "451" in rows[0].detail


def test_an_unreachable_receiver_is_retried_then_failed(store: Store) -> None:
    seed_people(store)
    scheduling.schedule(
        store,
        CANDIDATE.candidate_id,
        "Backend Engineer",
        RECRUITER.user_id,
        START,
        START + timedelta(hours=1),
        "",
        [(ALICE.user_id, UserRole.INTERVIEWER)],
    )
    from support.receivers import free_port

    w = worker(store, free_port(), AUTOPILOT_MAX_ATTEMPTS="2", AUTOPILOT_RETRY_SECONDS="1")
    now = utc_now()
    assert w.run_pass(now).retried == 1
    assert w.run_pass(now + timedelta(seconds=2)).failed == 1
    rows = store.list_messages(now - timedelta(minutes=1), now + timedelta(hours=1))
    assert [r.state for r in rows] == [State.RETRY, State.FAILED]
    assert "could not be reached" in rows[1].detail


def test_an_invite_names_what_the_interviews_kit_assesses(store: Store, smtp) -> None:
    """An interview booked for a stage with a kit: the invite's text and the event's
    description name the focus attributes the panel assesses, beside the interview page."""
    box, port = smtp
    seed_people(store)
    seat = (PanelSeat(UserRole.INTERVIEWER),)
    kit = (FocusAttribute("System design"), FocusAttribute("Communication"))
    job = store.add_job(
        Job(
            make_id("invite-kit", "job"),
            "Backend Engineer",
            plan=(PlanStage("Onsite", 60, seat, kit=kit),),
        )
    )
    made = scheduling.schedule(
        store, CANDIDATE.candidate_id, "Backend Engineer", RECRUITER.user_id, START,
        START + timedelta(hours=1), "", [(ALICE.user_id, UserRole.INTERVIEWER)],
    )  # fmt: skip
    store.link_interview_stage(made.interview_id, job.job_id, "Onsite")
    assert worker(store, port).run_pass(utc_now()).sent == 1
    [mail] = box.wait_for(1)
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "What to assess: System design, Communication" in body
    [event] = invite_of(mail).walk("VEVENT")  # type: ignore[union-attr]
    assert "What to assess: System design, Communication" in str(event["DESCRIPTION"])
    assert f"/interview?interview={made.interview_id}" in str(event["DESCRIPTION"])
