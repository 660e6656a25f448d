"""Reminders before an interview on every store: a booking queues a plan due a week before the
start; the plan queues one reminder per person (the panel and the candidate) and per number of
hours, in the outbox's hour partitions of their due time (found by a pass's look-back, never by
reading interviews); nothing goes for an interview cancelled meanwhile, and a rescheduled one
gets its reminder for the new time only. Then the real worker (`autopilot run --once` in a
process of its own, on a test clock) sends them to the SMTP server on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.autopilot_kit import recipients, start_worker, worker
from support.receivers import smtp_server
from support.world import ALICE, BOB, CANDIDATE, CAROL, PANEL, RECRUITER, seed_people

from interview_autopilot.core import clock
from interview_autopilot.core.errors import ConfigError
from interview_autopilot.core.interview_reminders import AHEAD, hours_before
from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.core.outbox import Kind, State
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store

START = datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
BOOKED = START - timedelta(days=10)
# The candidate's reminders go only with CANDIDATE_EMAILS on, as every message to a candidate.
HOURS = {"INTERVIEW_REMINDER_HOURS": "24,1", "CANDIDATE_EMAILS": "true"}


@pytest.fixture
def smtp():
    with smtp_server() as (box, port):
        yield box, port


def book(store: Store, title: str, start: datetime):
    return scheduling.schedule(
        store, CANDIDATE.candidate_id, title, RECRUITER.user_id, start,
        start + timedelta(hours=1), "https://meet.example.com/r", PANEL,
    ).interview_id  # fmt: skip


def kinds(store: Store, at: datetime, kind: Kind) -> list:
    return [m for m in store.list_messages(at, at) if m.kind is kind]


def test_the_setting() -> None:
    assert hours_before("24, 1") == (24.0, 1.0) and hours_before("") == ()
    for bad in ("0", "-1", "169", "soon"):
        with pytest.raises(ConfigError, match="INTERVIEW_REMINDER_HOURS"):
            hours_before(bad)


def test_reminders_follow_the_interview_through_the_due_hours(
    store: Store, smtp, tmp_path, monkeypatch
) -> None:
    box, port = smtp
    clock_file = tmp_path / "clock"
    clock.set_clock(clock_file, BOOKED)
    monkeypatch.setenv(clock.CLOCK_FILE, str(clock_file))
    seed_people(store)
    kept = book(store, "Kept", START)
    cancelled = book(store, "Cancelled", START + timedelta(hours=2))
    moved = book(store, "Moved", START + timedelta(hours=4))
    w = worker(store, port, AUTOPILOT_LOOKBACK_HOURS="2", **HOURS)
    assert w.run_pass(BOOKED).sent == 9  # the invites
    # each booking's plan waits in the hour partition a week before its start
    assert {p.interview_id for p in kinds(store, START - AHEAD, Kind.BEFORE_PLAN)} == {kept}

    new_start = START + timedelta(days=1)
    got: list[tuple[datetime, str, str]] = []
    moment = START - AHEAD
    while moment <= new_start:
        if moment == START - timedelta(days=3):
            # the plans have queued the reminders; now one is cancelled and one moved
            assert len(kinds(store, START - timedelta(hours=24), Kind.INTERVIEW_REMINDER)) == 4
            due = store.due_messages(START - timedelta(hours=24), timedelta(hours=2), 100)
            assert {m.address for m in due if m.interview_id == kept} == {
                ALICE.email, BOB.email, CAROL.email, CANDIDATE.email,
            }  # fmt: skip
            clock.set_clock(clock_file, moment)
            store.change_status(cancelled, InterviewStatus.CANCELLED)
            scheduling.reschedule(store, moved, new_start, new_start + timedelta(hours=1))
        before = len(box.received())
        w.run_pass(moment)
        got += [(moment, str(m["To"]), str(m["Subject"])) for m in box.received()[before:]]
        moment += timedelta(hours=1)

    reminders = [(t, to, s) for t, to, s in got if s.startswith("Reminder: ")]  # not scorecards
    everyone = sorted([ALICE.email, BOB.email, CAROL.email, CANDIDATE.email])
    kept_times = [START - timedelta(hours=24), START - timedelta(hours=1)]
    moved_times = [new_start - timedelta(hours=24), new_start - timedelta(hours=1)]
    assert sorted(t for t, _, s in reminders if "Kept" in s) == sorted(kept_times * 4)
    assert sorted(t for t, _, s in reminders if "Moved" in s) == sorted(moved_times * 4)
    assert not [s for _, _, s in reminders if "Cancelled" in s]
    assert sorted(to for t, to, s in reminders if "Kept" in s and t == kept_times[0]) == everyone
    # the moved interview's reminders for its old time and the cancelled one's: not sent, why
    old = kinds(store, START + timedelta(hours=4 - 24), Kind.INTERVIEW_REMINDER)
    assert len(old) == 4 and all(m.state is State.SKIPPED and "moved" in m.detail for m in old)
    gone = kinds(store, START + timedelta(hours=2 - 1), Kind.INTERVIEW_REMINDER)
    assert len(gone) == 4
    assert all(m.state is State.SKIPPED and "cancelled" in m.detail for m in gone)


def test_the_worker_process_sends_the_reminder_before(
    store: Store, smtp, tmp_path, monkeypatch
) -> None:
    if store.backend == "astra":
        pytest.skip("worker processes run on SQLite and the node")
    box, port = smtp
    clock_file = tmp_path / "clock"
    clock.set_clock(clock_file, START - timedelta(days=2))  # booked two days ahead
    monkeypatch.setenv(clock.CLOCK_FILE, str(clock_file))
    seed_people(store)
    kept = scheduling.schedule(
        store, CANDIDATE.candidate_id, "Kept", RECRUITER.user_id, START,
        START + timedelta(hours=1), "https://meet.example.com/kept",
        [(ALICE.user_id, PANEL[0][1])],
    ).interview_id  # fmt: skip

    def run_at(moment: datetime) -> str:
        clock.set_clock(clock_file, moment)
        proc = start_worker(store, port, "--once", AUTOPILOT_CLOCK_FILE=str(clock_file), **HOURS)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        return out

    run_at(START - timedelta(days=2))  # the invite, and the plan (due at once: within a week)
    assert len(box.wait_for(1)) == 1
    assert "0 sent" in run_at(START - timedelta(hours=25))
    assert "2 sent" in run_at(START - timedelta(hours=24))
    mails = box.wait_for(3)[1:]
    assert recipients(mails) == sorted([ALICE.email, CANDIDATE.email])
    alice = next(m for m in mails if m["To"] == ALICE.email)
    zoe = next(m for m in mails if m["To"] == CANDIDATE.email)
    assert " ".join(str(alice["Subject"]).split()) == (  # unfolded
        "Reminder: Kept interview with Zoe Candidate, Fri 12 Mar 2027, 14:00–15:00 (UTC)"
    )
    body = alice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"http://app.example.com/interview?interview={kept}" in body
    assert "https://meet.example.com/kept" in body
    candidate_body = zoe.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Hello Zoe Candidate" in candidate_body and "/interview?" not in candidate_body
    assert "https://meet.example.com/kept" in candidate_body
    assert "0 sent" in run_at(START - timedelta(hours=24) + timedelta(minutes=5))
    assert len(box.received()) == 3


def test_the_candidates_reminder_waits_for_candidate_emails(
    store: Store, smtp, tmp_path, monkeypatch
) -> None:
    """With CANDIDATE_EMAILS off (the default) the panel is reminded and the candidate is not:
    the candidate's reminder is skipped, saying why."""
    box, port = smtp
    clock_file = tmp_path / "clock"
    clock.set_clock(clock_file, BOOKED)
    monkeypatch.setenv(clock.CLOCK_FILE, str(clock_file))
    seed_people(store)
    kept = book(store, "Kept", START)
    w = worker(store, port, AUTOPILOT_LOOKBACK_HOURS="2", INTERVIEW_REMINDER_HOURS="24")
    w.run_pass(BOOKED)
    w.run_pass(START - AHEAD)  # the plan queues the reminders
    before = len(box.received())
    w.run_pass(START - timedelta(hours=24))
    sent = sorted(str(m["To"]) for m in box.received()[before:])
    assert sent == sorted([ALICE.email, BOB.email, CAROL.email])
    due = kinds(store, START - timedelta(hours=24), Kind.INTERVIEW_REMINDER)
    to_candidate = [m for m in due if m.interview_id == kept and m.address == CANDIDATE.email]
    assert len(to_candidate) == 1 and to_candidate[0].state is State.SKIPPED
    assert "CANDIDATE_EMAILS" in to_candidate[0].detail
