"""Does the reminder policy work? Time to feedback by reminders received, week by week, on every
store (the `store` fixture): a known history gives the expected figures; after a generated
history (reminders recorded, some twice; scorecards given and edited; interviews cancelled and
deleted; applications and interviews decided) the Insights figures equal a recomputation from
the raw feedback and the reminder log, and calibration's agreement one from the raw feedback
and the applications' decisions. On the node the figures are counters kept by the write path;
the doctor finds a tampered one and `--repair` mends it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import test_store_properties as props
from hypothesis import strategies as st
from support.world import ALICE, BOB, CANDIDATE, CAROL, RECRUITER, T0, interview, seed_people
from test_calibration_store import recomputed
from test_cassandra_specific import cql
from test_interview_kits_store import JOB
from test_store_properties import World

from interview_autopilot.core import feedback_times
from interview_autopilot.core.feedback_times import Cell
from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.core.outbox import Channel, Kind, State
from interview_autopilot.core.reminder_log import ReminderLine
from interview_autopilot.store import aggregates as agg
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.aggregates import period

world = props.world
PANEL = [
    (ALICE.user_id, UserRole.INTERVIEWER),
    (BOB.user_id, UserRole.INTERVIEWER),
    (CAROL.user_id, UserRole.HIRING_MANAGER),
]
WEEK = feedback_times.week_of(T0)
FIRST, LAST = "2026-09-07", "2026-12-28"  # Mondays around T0 (2026-11-10)


def figures(store: Store) -> dict[tuple[str, str], Cell]:
    return feedback_times.cells(store.insight_counts(FIRST, LAST).chart(agg.FEEDBACK_TIME))


def remind(store: Store, iid: uuid.UUID, who: uuid.UUID, at: datetime, state=State.SENT) -> None:
    line = ReminderLine(
        who, at, Kind.SCORECARD_REMINDER, Channel.EMAIL, state, "", uuid.uuid5(iid, f"{who}{at}")
    )
    store.record_reminder(iid, line)


def recount(store: Store, ids: list[uuid.UUID]) -> dict[tuple[str, str], Cell]:
    """The figures from the raw feedback of every interview still stored and its reminder log
    (the reminders each author was sent by their first submission)."""
    counts: dict[tuple[str, str], int] = {}
    for iid in ids:
        detail = store.get_interview_detail(iid)
        if detail is None:
            continue
        log = store.reminder_log(iid)
        end = detail.interview.scheduled_end
        for f in detail.feedback:
            first = f.first_at or f.submitted_at
            sent = feedback_times.reminders_before(log.sent.get(f.user_id, ()), first)
            week = feedback_times.week_of(end)
            if not FIRST <= week <= LAST:
                continue
            seconds = max(0, int((first - end).total_seconds()))
            group = feedback_times.group_of(sent)
            for metric, n in (
                ("scorecards", 1),
                ("seconds", seconds),
                ("in_24h", int(seconds <= 24 * 3600)),
                ("in_48h", int(seconds <= 48 * 3600)),
            ):
                key = (week, f"{group}|{metric}")
                counts[key] = counts.get(key, 0) + n
    return feedback_times.cells(counts)


def test_a_known_history_gives_the_expected_figures(store: Store) -> None:
    seed_people(store)
    made = interview("ft-known", status=InterviewStatus.COMPLETED)
    store.create_interview(made, PANEL)
    iid, end = made.interview_id, made.scheduled_end
    remind(store, iid, ALICE.user_id, end + timedelta(hours=1))
    remind(store, iid, ALICE.user_id, end + timedelta(hours=20))
    remind(store, iid, ALICE.user_id, end + timedelta(hours=20))  # recorded twice: counts once
    remind(store, iid, ALICE.user_id, end + timedelta(hours=21), State.FAILED)  # never went
    remind(store, iid, BOB.user_id, end + timedelta(hours=50))  # after Bob's scorecard
    store.submit_feedback(iid, BOB.user_id, "yes", "Good.", end + timedelta(hours=3))
    store.submit_feedback(iid, ALICE.user_id, "no", "Hm.", end + timedelta(hours=30))
    want = {(WEEK, "0"): Cell(1, 3 * 3600, 1, 1), (WEEK, "2"): Cell(1, 30 * 3600, 0, 1)}
    assert figures(store) == want
    assert store.reminder_log(iid).sent[ALICE.user_id] == (
        end + timedelta(hours=1),
        end + timedelta(hours=20),
    )
    # an edit days later keeps the first submission: nothing counts twice, nothing moves
    remind(store, iid, ALICE.user_id, end + timedelta(hours=60))
    store.submit_feedback(iid, ALICE.user_id, "yes", "On reflection.", end + timedelta(hours=80))
    assert figures(store) == want
    stored = store.get_feedback(iid, ALICE.user_id)
    assert stored is not None and stored.first_at == end + timedelta(hours=30)
    assert stored.reminders_before == 2
    # a cancelled interview keeps its scorecards, as the other feedback charts do
    store.change_status(iid, InterviewStatus.CANCELLED)
    assert figures(store) == want
    store.delete_interview(iid)
    assert figures(store) == {}


MOVES = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 5), st.integers(0, 2), st.integers(1, 40)),
    min_size=3,
    max_size=14,
)


@props.examples(sqlite=25, node=4)
def test_the_figures_equal_a_recomputation(world: World, data: st.DataObject) -> None:
    """Moves on a handful of interviews ending in different weeks: (what, which interview, who,
    hours on). Each interview's clock only goes forward, as a real one does."""
    store = world.store
    if store.get_job(JOB.job_id) is None:
        seed_people(store)
        store.add_job(JOB, actor=RECRUITER.user_id)
    people = [ALICE.user_id, BOB.user_id, CAROL.user_id]
    made = [
        interview(f"ft-prop-{n}", T0 + timedelta(days=9 * n - 20), InterviewStatus.COMPLETED)
        for n in range(6)
    ]
    ids = [m.interview_id for m in made] + sorted(world.interviews)
    clock: dict[uuid.UUID, datetime] = {}
    for what, n, who, hours in data.draw(MOVES, label="moves"):
        iid = made[n].interview_id
        detail = store.get_interview_detail(iid)
        if detail is None:
            store.create_interview(made[n], PANEL)
            clock[iid] = made[n].scheduled_end
            continue
        completed = detail.interview.status is InterviewStatus.COMPLETED
        if iid not in clock:  # after everything an earlier example left on it
            sent = store.reminder_log(iid).sent.values()
            seen = [detail.interview.scheduled_end, *(t for times in sent for t in times)]
            seen += [f.first_at or f.submitted_at for f in detail.feedback]
            seen += [f.submitted_at for f in detail.feedback]
            clock[iid] = max(seen)
        clock[iid] += timedelta(hours=hours)
        at = clock[iid]
        if what <= 2:  # a reminder (sometimes recorded twice)
            remind(store, iid, people[who], at)
            if what == 0:
                remind(store, iid, people[who], at)
        elif what <= 6 and completed:
            store.submit_feedback(iid, people[who], ["yes", "no", "strong_yes"][who], "x", at)
        elif what == 7:
            app = store.open_application(CANDIDATE.candidate_id, JOB.job_id)
            if not app.closed:
                call = ["advance", "hold", "reject"][who]
                store.decide_application(
                    app.application_id, RECRUITER.user_id, call, "r", app.stage
                )
        elif what == 8 and completed:
            store.record_decision(iid, RECRUITER.user_id, ["advance", "reject", "hold"][who], "r")
        elif what == 9 and completed and who == 0:
            store.change_status(iid, InterviewStatus.CANCELLED)
        elif what == 9 and who == 1:
            store.delete_interview(iid)
    assert figures(store) == recount(store, ids)
    assert store.calibration_table() == recomputed(store, ids)


def test_the_doctor_finds_and_repairs_a_tampered_feedback_time_counter(
    cassandra_store_factory,
) -> None:
    cs: CassandraStore = cassandra_store_factory()
    seed_people(cs)
    made = interview("ft-doctor", status=InterviewStatus.COMPLETED)
    cs.create_interview(made, PANEL)
    iid, end = made.interview_id, made.scheduled_end
    remind(cs, iid, ALICE.user_id, end + timedelta(hours=2))
    cs.submit_feedback(iid, ALICE.user_id, "yes", "Ok.", end + timedelta(hours=5))
    assert cs.doctor().ok
    key = (agg.FEEDBACK_TIME, period(agg.FEEDBACK_TIME, WEEK), WEEK, "1|seconds")
    cql(
        cs,
        "UPDATE {ks}.insight_counts_by_chart SET n = n + %s "
        "WHERE chart = %s AND period = %s AND a = %s AND b = %s",
        3600,
        *key,
    )
    assert figures(cs)[(WEEK, "1")].mean_hours == 6.0
    report = cs.doctor()
    assert not report.ok
    assert str(key) in "\n".join(report.problems)
    cs.doctor(repair=True)
    assert cs.doctor().ok
    assert figures(cs) == {(WEEK, "1"): Cell(1, 5 * 3600, 1, 1)}
