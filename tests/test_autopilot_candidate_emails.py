"""Candidate emails on every store, against a real SMTP server on loopback: with CANDIDATE_EMAILS
on, scheduling, rescheduling and cancelling an interview each email the candidate, with the
calendar invite of the same event as the panel's (same UID, SEQUENCE raised, REQUEST then
CANCEL, times in UTC); no link to the app's pages; off (the default), nothing is queued for the
candidate, and a message queued while it was on is not sent once it is off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.autopilot_kit import worker
from support.receivers import invite_of, smtp_server
from support.world import ALICE, CANDIDATE, RECRUITER, seed_people

from interview_autopilot.core import message_templates as templates
from interview_autopilot.core.candidate_messages import sent_text
from interview_autopilot.core.invites import uid_of
from interview_autopilot.core.message_templates import TemplateName
from interview_autopilot.core.models import InterviewStatus, UserRole, utc_now
from interview_autopilot.core.outbox import Kind, State
from interview_autopilot.features import scheduling
from interview_autopilot.features.autopilot import invites
from interview_autopilot.store.base import Store

START = datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
LATER = datetime(2027, 3, 16, 15, 30, tzinfo=UTC)
PANEL = [(ALICE.user_id, UserRole.INTERVIEWER)]


@pytest.fixture
def smtp():
    with smtp_server() as (box, port):
        yield box, port


def book(store: Store):
    return scheduling.schedule(
        store, CANDIDATE.candidate_id, "Backend Engineer", RECRUITER.user_id, START,
        START + timedelta(hours=1), "https://meet.example.com/zoe", PANEL,
    ).interview_id  # fmt: skip


def to_candidate(box) -> list:
    return [m for m in box.received() if m["To"] == CANDIDATE.email]


def test_the_candidate_gets_the_booking_the_move_and_the_cancel(
    store: Store, smtp, monkeypatch
) -> None:
    box, port = smtp
    monkeypatch.setenv("CANDIDATE_EMAILS", "true")
    seed_people(store)
    w = worker(store, port, CANDIDATE_EMAILS="true")
    made = book(store)
    assert w.run_pass(utc_now()).sent == 2  # Alice's invite and the candidate's email
    scheduling.reschedule(store, made, LATER, LATER + timedelta(hours=1))
    assert w.run_pass(utc_now()).sent == 2
    with invites.queued(store, invites.for_status(store, made, InterviewStatus.CANCELLED)):
        store.change_status(made, InterviewStatus.CANCELLED)
    assert w.run_pass(utc_now()).sent == 2

    booked, moved, cancelled = to_candidate(box)
    subjects = [" ".join(str(m["Subject"]).split()) for m in (booked, moved, cancelled)]
    assert subjects == [
        "Scheduled: your Backend Engineer interview, Fri 12 Mar 2027, 14:00–15:00 (UTC)",
        "Moved: your Backend Engineer interview, Tue 16 Mar 2027, 15:30–16:30 (UTC)",
        "Cancelled: your Backend Engineer interview, Tue 16 Mar 2027, 15:30–16:30 (UTC)",
    ]
    for mail, sequence, method, start in (
        (booked, 0, "REQUEST", START),
        (moved, 1, "REQUEST", LATER),
        (cancelled, 2, "CANCEL", LATER),
    ):
        cal = invite_of(mail)
        assert cal is not None and str(cal["METHOD"]) == method
        [event] = cal.walk("VEVENT")
        assert str(event["UID"]) == uid_of(made) and int(event["SEQUENCE"]) == sequence
        assert event.decoded("DTSTART") == start
        assert [str(a) for a in [event.get("ATTENDEE")]] == [f"mailto:{CANDIDATE.email}"]
        body = mail.get_body(("plain",)).get_content()
        assert "Hello Zoe Candidate" in body and "/interview?" not in body
    assert "https://meet.example.com/zoe" in booked.get_body(("plain",)).get_content()
    panel = [m for m in box.received() if m["To"] == ALICE.email]  # the same event's UID
    assert {str(invite_of(m).walk("VEVENT")[0]["UID"]) for m in panel} == {uid_of(made)}  # type: ignore[union-attr]

    listed = store.candidate_messages(CANDIDATE.candidate_id)  # the candidate's page: all three
    assert [" ".join(line.subject.split()) for line in listed] == subjects[::-1]
    assert {(line.state, line.kind, line.interview_id) for line in listed} == {
        (State.SENT, Kind.CANDIDATE_MESSAGE, made)
    }
    assert store.candidate_messages(ALICE.user_id) == []  # nobody else's messages


def test_a_refused_email_is_listed_as_failing_then_as_sent(store: Store, monkeypatch) -> None:
    """A receiver that refuses: the candidate's page says the email failed and is tried again;
    once it is sent, the same message is listed once, as sent."""
    monkeypatch.setenv("CANDIDATE_EMAILS", "true")
    seed_people(store)
    with smtp_server() as (box, port):
        w = worker(store, port, CANDIDATE_EMAILS="true", AUTOPILOT_RETRY_SECONDS="60")
        book(store)
        box.refuse = 2  # 451 to Alice's invite and to the candidate's email
        now = utc_now()
        assert w.run_pass(now).retried == 2
        [failing] = store.candidate_messages(CANDIDATE.candidate_id)
        assert failing.state is State.RETRY and "451" in failing.detail
        assert sent_text(failing).endswith("trying again")
        assert w.run_pass(now + timedelta(seconds=61)).sent == 2
        [sent] = store.candidate_messages(CANDIDATE.candidate_id)
        assert sent.message_id == failing.message_id and sent.state is State.SENT
        assert sent.subject.startswith("Scheduled: your Backend Engineer interview")
        assert len(to_candidate(box)) == 1


def test_off_by_default_and_off_when_it_goes(store: Store, smtp, monkeypatch) -> None:
    box, port = smtp
    seed_people(store)
    made = book(store)  # CANDIDATE_EMAILS unset: nothing queued for the candidate
    now = utc_now()
    queued = store.list_messages(now - timedelta(minutes=5), now)
    assert not [m for m in queued if m.kind is Kind.CANDIDATE_MESSAGE]
    monkeypatch.setenv("CANDIDATE_EMAILS", "true")
    scheduling.reschedule(store, made, LATER, LATER + timedelta(hours=1))  # queued while on...
    report = worker(store, port).run_pass(utc_now())  # ... sent by a worker where it is off
    # Alice's update goes (her first invite, overtaken, waits to be skipped); the candidate's
    # email is skipped
    assert (report.sent, report.skipped) == (1, 1) and not to_candidate(box)
    rows = store.list_messages(now - timedelta(minutes=5), utc_now())
    [skipped] = [m for m in rows if m.kind is Kind.CANDIDATE_MESSAGE]
    assert skipped.state is State.SKIPPED and "CANDIDATE_EMAILS" in skipped.detail
    assert store.candidate_messages(CANDIDATE.candidate_id) == []  # never sent: not listed


def test_a_template_put_in_use_writes_the_email(store: Store, smtp, monkeypatch) -> None:
    """A saved draft changes nothing sent until it is put in use; a save lands only on the
    version it was made on; back to the default, the default text goes again."""
    box, port = smtp
    monkeypatch.setenv("CANDIDATE_EMAILS", "true")
    seed_people(store)
    name, at = TemplateName.SCHEDULED, utc_now()
    assert store.message_templates() == {}
    draft = templates.with_draft(
        templates.blank(name),
        "Your {job_title} interview with us, {when}",
        "Dear {candidate_name},\n\n{{see you}} on {when}: {video_link}\n",
        RECRUITER.user_id,
        at,
    )
    assert store.save_message_template(draft, 0)
    assert not store.save_message_template(draft, 0)  # made on the same page: lands once
    assert store.message_templates() == {name: draft}  # every field back as saved
    w = worker(store, port, CANDIDATE_EMAILS="true")
    book(store)
    w.run_pass(utc_now())
    [first] = to_candidate(box)
    assert str(first["Subject"]).startswith("Scheduled: your Backend Engineer interview")

    in_use = templates.draft_in_use(draft, RECRUITER.user_id, utc_now())
    assert store.save_message_template(in_use, draft.version)
    assert not store.save_message_template(in_use, draft.version)
    scheduling.schedule(
        store, CANDIDATE.candidate_id, "Data Engineer", RECRUITER.user_id, LATER,
        LATER + timedelta(hours=1), "https://meet.example.com/zoe", PANEL,
    )  # fmt: skip
    w.run_pass(utc_now())
    second = to_candidate(box)[1]
    assert " ".join(str(second["Subject"]).split()) == (
        "Your Data Engineer interview with us, Tue 16 Mar 2027, 15:30–16:30 (UTC)"
    )
    body = second.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Dear Zoe Candidate,\n\n{see you} on Tue 16 Mar 2027")
    assert "https://meet.example.com/zoe" in body
    assert invite_of(second) is not None  # the invite still goes with it

    back = templates.default_in_use(in_use, RECRUITER.user_id, utc_now())
    assert store.save_message_template(back, in_use.version)
    assert store.message_templates()[name].in_use == templates.DEFAULTS[name]
    assert store.message_templates()[name].draft == draft.draft  # the draft is kept
