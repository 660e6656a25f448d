"""The home page's week (interview_autopilot.features.home) on every store (the `store`
fixture): each role sees its upcoming interviews soonest first, what ended and waits for
feedback, and the decisions pending; a recruiter's interviews are told apart from a
namesake's by their id."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from support.world import ALICE, BOB, CAROL, DAVE, PANEL, RECRUITER, T0, add, interview, seed_people

from interview_autopilot.core.jobs import Job
from interview_autopilot.core.models import InterviewStatus, User, UserRole, make_id
from interview_autopilot.features import home
from interview_autopilot.store.base import Store

DAY = timedelta(days=1)
# Another recruiter with Rita's name: the list rows name both alike.
TWIN = User(make_id("test-user", "rita-twin"), RECRUITER.name, "twin@example.com",
            UserRole.RECRUITER, "@twin")  # fmt: skip
CAROL_AS_INTERVIEWER = [
    (ALICE.user_id, UserRole.INTERVIEWER),
    (CAROL.user_id, UserRole.INTERVIEWER),
]


def _done(store: Store, key: str, start, authors, status=InterviewStatus.COMPLETED, panel=None):
    """An interview that started at `start`, with feedback from `authors`."""
    i = add(store, key, panel=panel, start=start, status=status)
    for user in authors:
        store.submit_feedback(i.interview_id, user.user_id, "yes", "Fine.", start + DAY / 24)
    return i


@pytest.fixture
def world(store: Store) -> dict[str, object]:
    """Interviews around T0 (the clock of every test here), by what each should show as."""
    seed_people(store)
    store.upsert_users([TWIN])
    everyone = [ALICE, BOB, CAROL]
    made = {
        "soon": add(store, "soon", start=T0 + DAY),
        "beyond": add(store, "beyond", start=T0 + 20 * DAY),  # past the horizon
        "started": add(store, "started", start=T0 - DAY / 48),  # in progress, not ended
        "missing": _done(store, "missing", T0 - 2 * DAY, [ALICE], InterviewStatus.SCHEDULED),
        "undecided": _done(store, "undecided", T0 - 3 * DAY, everyone),
        "decided": _done(store, "decided", T0 - 4 * DAY, everyone),
        "carol-interviews": _done(
            store, "carol-interviews", T0 - 5 * DAY, [ALICE, CAROL], panel=CAROL_AS_INTERVIEWER
        ),
        "cancelled": add(store, "cancelled", start=T0 - DAY, status=InterviewStatus.CANCELLED),
        "old": _done(store, "old", T0 - 40 * DAY, [ALICE]),  # beyond the look-back
    }
    twin = replace(interview("twin", start=T0 + 2 * DAY), recruiter_id=TWIN.user_id)
    store.create_interview(twin, PANEL)  # the same panel, recruited by the namesake
    made["twin"] = twin
    store.record_decision(made["decided"].interview_id, RECRUITER.user_id, "advance", "Go.", T0)
    return made


def names(world: dict[str, object], rows) -> list[str]:
    """The world's keys of `rows`, in their order."""
    by_id = {i.interview_id: key for key, i in world.items()}  # type: ignore[attr-defined]
    return [by_id[r.interview_id] for r in rows]


def test_the_recruiter_sees_their_interviews_not_a_namesakes(store: Store, world) -> None:
    w = home.week(store, RECRUITER, T0)
    assert names(world, w.upcoming) == ["soon"]  # not "beyond" the horizon, not the twin's
    assert names(world, w.awaiting) == ["missing"]
    assert names(world, w.decisions) == ["undecided", "carol-interviews"]  # newest first
    assert w.decides and not w.truncated


def test_a_decision_on_its_application_since_it_started_takes_it_off_the_list(
    store: Store, world
) -> None:
    """Decided on the application (as the Interview page now does) after an interview started:
    no longer pending. A decision the application had before it started does not count. (The
    world's interviews are one candidate's for one job: one application.)"""
    job = store.add_job(Job(make_id("home-job", "one"), world["undecided"].job_title))
    app = store.open_application(world["undecided"].candidate_id, job.job_id)
    decide = store.decide_application
    pending = ["undecided", "carol-interviews"]
    earlier = world["carol-interviews"].scheduled_start - DAY  # before both started
    decide(app.application_id, RECRUITER.user_id, "advance", "Go.", app.stage, earlier)
    assert names(world, home.week(store, RECRUITER, T0).decisions) == pending
    between = world["undecided"].scheduled_start - DAY  # after "carol-interviews" started
    app = store.get_application(app.application_id)
    decide(app.application_id, RECRUITER.user_id, "hold", "Wait.", app.stage, between)
    assert names(world, home.week(store, RECRUITER, T0).decisions) == ["undecided"]


def test_an_interviewer_sees_their_panels_and_only_their_own_missing_feedback(
    store: Store, world
) -> None:
    alice = home.week(store, ALICE, T0)
    assert names(world, alice.upcoming) == ["soon", "twin"]  # soonest first, whoever recruits
    assert alice.awaiting == []  # her feedback on "missing" is in
    assert alice.decisions == [] and not alice.decides
    bob = home.week(store, BOB, T0)
    assert names(world, bob.awaiting) == ["missing"]
    assert names(world, home.week(store, DAVE, T0).upcoming) == []


def test_a_hiring_manager_decides_only_where_they_sit_as_hiring_manager(
    store: Store, world
) -> None:
    carol = home.week(store, CAROL, T0)
    assert names(world, carol.upcoming) == ["soon", "twin"]
    assert names(world, carol.awaiting) == ["missing"]
    assert names(world, carol.decisions) == ["undecided"]  # not where she interviews
    assert carol.decides


def test_time_moves_rows_between_the_sections(store: Store, world) -> None:
    later = T0 + DAY + timedelta(hours=2)  # "soon" has ended; nobody gave feedback
    w = home.week(store, RECRUITER, later)
    assert "soon" not in names(world, w.upcoming)
    assert names(world, w.awaiting)[:2] == ["soon", "started"]
    bob_then = home.week(store, BOB, later)
    assert names(world, bob_then.awaiting)[:2] == ["soon", "started"]


def test_a_recruiters_walk_is_bounded_and_says_so(store: Store, world, monkeypatch) -> None:
    monkeypatch.setattr(home, "SCAN_ROWS", 1)
    monkeypatch.setattr(home, "READ_PAGE", 1)
    w = home.week(store, RECRUITER, T0)
    assert w.truncated
    assert names(world, w.upcoming) == ["soon"]  # the first row was read, then it stopped
