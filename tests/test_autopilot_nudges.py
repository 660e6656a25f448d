"""'Send a reminder now' on every store, against a real SMTP server on loopback: a click queues
one reminder to each participant whose feedback is missing, through the outbox; two clicks made
on the same page (a double click, two app servers) land once and send once; the reminder links
the feedback form; the interview's record keeps the last reminder per person (sent, or failed
and why); a click's reminder is not sent once the feedback landed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.autopilot_kit import recipients, store_env, worker
from support.processes import PROCESSES
from support.receivers import free_port, smtp_server
from support.world import ALICE, BOB, CAROL, RECRUITER, add, seed_people

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.outbox import Channel, Kind, State
from interview_autopilot.features.autopilot import nudges
from interview_autopilot.store.base import Store

START = datetime(2027, 3, 10, 14, 0, tzinfo=UTC)
NOW = START + timedelta(hours=5)  # the interview ended four hours ago


def shown_for(store: Store, interview_id, now: datetime, zone) -> nudges.Reminders:
    interview = store.get_interview(interview_id)
    assert interview is not None
    return nudges.reminders(store, interview, store.list_participants(interview_id), now, zone)


@pytest.fixture
def smtp():
    with smtp_server() as (box, port):
        yield box, port


def test_two_clicks_on_one_page_send_one_reminder_each(store: Store, smtp) -> None:
    box, port = smtp
    seed_people(store)
    made = add(store, "nudged", start=START)
    store.submit_feedback(made.interview_id, CAROL.user_id, "yes", "Good.", START)
    shown = shown_for(store, made.interview_id, NOW, UTC)
    assert shown.seen == 0 and shown.refusal == ""
    assert sorted(o.name for o in shown.owed) == sorted([ALICE.name, BOB.name])  # not Carol
    assert all(o.last == "no reminder sent yet" for o in shown.owed)

    # two clicks on the page that showed 0 clicks (a double click, or two app servers)
    first = nudges.send_now(store, made.interview_id, 0, RECRUITER.user_id, NOW)
    second = nudges.send_now(store, made.interview_id, 0, RECRUITER.user_id, NOW)
    assert (first, second) == (2, 0)
    queued = [m for m in store.list_messages(NOW - timedelta(hours=1), NOW) if m.kind is Kind.NUDGE]
    assert len(queued) == 2  # the second click's were taken back

    w = worker(store, port)
    report = w.run_pass(NOW + timedelta(seconds=5))
    assert report.sent == 2
    mails = box.wait_for(2)
    assert recipients(mails) == sorted([ALICE.email, BOB.email])
    body = mails[0].get_body(("plain",)).get_content()
    assert f"http://app.example.com/feedback?interview={made.interview_id}" in body
    assert str(mails[0]["Subject"]).startswith("Reminder: your scorecard for the Backend")
    assert w.run_pass(NOW + timedelta(minutes=1)).sent == 0  # nothing twice

    log = store.reminder_log(made.interview_id)
    assert log.nudges == 1 and log.nudged_by == RECRUITER.user_id
    assert set(log.last) == {ALICE.user_id, BOB.user_id}
    line = log.last[ALICE.user_id]
    assert (line.state, line.channel, line.kind) == (State.SENT, Channel.EMAIL, Kind.NUDGE)
    assert line.at == NOW + timedelta(seconds=5)
    shown = shown_for(store, made.interview_id, NOW + timedelta(minutes=1), UTC)
    assert shown.seen == 1
    assert {o.last for o in shown.owed} == {"last reminder sent 2027-03-10 19:00 (UTC) by email"}

    # a later click (on the page that now shows 1) sends again; Bob's feedback lands first
    assert (
        nudges.send_now(store, made.interview_id, 1, RECRUITER.user_id, NOW + timedelta(hours=1))
        == 2
    )
    store.submit_feedback(made.interview_id, BOB.user_id, "no", "Weak.", NOW + timedelta(hours=1))
    report = w.run_pass(NOW + timedelta(hours=1, seconds=5))
    assert (report.sent, report.skipped) == (1, 1)
    assert recipients(box.wait_for(3)[2:]) == [ALICE.email]


def test_a_lost_click_and_a_failed_reminder(store: Store) -> None:
    seed_people(store)
    made = add(store, "lost click", start=START)
    # a click whose conditional write never landed (its app server died after queueing)
    import uuid

    from interview_autopilot.core import reminder_log

    alice = store.get_user(ALICE.user_id)
    assert alice is not None
    interview = store.get_interview(made.interview_id)
    assert interview is not None
    lost = reminder_log.nudge_messages(interview, [alice], 1, uuid.uuid4(), NOW)
    store.enqueue_messages(lost)
    w = worker(store, free_port(), AUTOPILOT_MAX_ATTEMPTS="1")
    young = w.run_pass(NOW + timedelta(seconds=5))
    assert (young.sent, young.retried, young.failed) == (0, 1, 0)  # may still be landing
    late = w.run_pass(NOW + timedelta(minutes=3))
    assert (late.sent, late.skipped) == (0, 1)
    assert store.reminder_log(made.interview_id).last == {}

    # a click that landed, to a receiver that is not there: failed, and said so
    assert nudges.send_now(store, made.interview_id, 0, None, NOW + timedelta(minutes=4)) == 3
    assert w.run_pass(NOW + timedelta(minutes=4, seconds=1)).failed == 3
    line = store.reminder_log(made.interview_id).last[ALICE.user_id]
    assert line.state is State.FAILED and "could not be reached" in line.detail
    shown = shown_for(store, made.interview_id, NOW + timedelta(minutes=5), UTC)
    assert all(o.last.startswith("last reminder failed 2027-03-10 19:04") for o in shown.owed)


def test_no_reminder_before_the_end_or_for_a_closed_interview(store: Store) -> None:
    seed_people(store)
    made = add(store, "not yet", start=START)
    with pytest.raises(ValidationError, match="ended"):
        nudges.send_now(store, made.interview_id, 0, None, START + timedelta(minutes=30))
    assert "ended" in shown_for(store, made.interview_id, START, UTC).refusal
    from interview_autopilot.core.models import InterviewStatus

    store.change_status(made.interview_id, InterviewStatus.NO_SHOW)
    with pytest.raises(ValidationError, match="no-show"):
        nudges.send_now(store, made.interview_id, 0, None, NOW)
    assert store.list_messages(NOW - timedelta(hours=1), NOW) == []


def _clicker(env: dict[str, str], interview_id: str, barrier, out) -> None:
    """One app server's click: its own store; its conditional write waits at the barrier for
    the other's (both have read the page's count and queued their reminders)."""
    from interview_autopilot.core.settings import Settings
    from interview_autopilot.store import open_store

    try:
        store = open_store(Settings.load(env=env, dotenv_path=Path("/nonexistent")))
        try:
            land = store.land_nudge

            def held(*args: Any) -> bool:
                barrier.wait(60)
                return land(*args)

            store.land_nudge = held  # type: ignore[method-assign]
            out.put(("ok", nudges.send_now(store, uuid.UUID(interview_id), 0, None, NOW)))
        finally:
            store.close()
    except BaseException as exc:
        barrier.abort()
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def test_two_app_servers_click_at_once_one_reminder_each(store: Store, smtp) -> None:
    """Two processes (app servers) click on pages showing the same count, their writes forced
    to meet: one click lands, the other queues nothing, each person gets one reminder."""
    if store.backend == "astra":
        pytest.skip("app server processes run on SQLite and the node")
    box, port = smtp
    seed_people(store)
    made = add(store, "raced", start=START)
    barrier, out = PROCESSES.Barrier(2), PROCESSES.Queue()
    clicks = [
        PROCESSES.Process(
            target=_clicker, args=(store_env(store), str(made.interview_id), barrier, out)
        )
        for _ in range(2)
    ]
    for p in clicks:
        p.start()
    results = [out.get(timeout=120) for _ in clicks]
    for p in clicks:
        p.join(30)
    assert all(status == "ok" for status, _ in results), results
    assert sorted(n for _, n in results) == [0, 3]
    assert store.reminder_log(made.interview_id).nudges == 1
    assert worker(store, port).run_pass(NOW + timedelta(seconds=5)).sent == 3
    assert recipients(box.wait_for(3)) == sorted([ALICE.email, BOB.email, CAROL.email])
    assert worker(store, port).run_pass(NOW + timedelta(minutes=3)).sent == 0
    assert len(box.received()) == 3
