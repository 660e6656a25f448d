# ruff: noqa: F811  (the fixtures of test_pages are imported by name)
"""The home page ("This week", the default page) through AppTest on every page backend, on the
sample data anchored to today; and the test clock (AUTOPILOT_CLOCK_FILE) moving what it shows."""

from __future__ import annotations

from datetime import timedelta

from streamlit.testing.v1 import AppTest
from support.payloads import shown
from test_pages import APP, app_env, minute, view_as  # noqa: F401

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.models import User, UserRole
from interview_autopilot.core.settings import Settings
from interview_autopilot.features import home
from interview_autopilot.store import open_store
from interview_autopilot.ui.identity import demo_order

HOME = "pages/home.py"
FEEDBACK, INTERVIEW = "feedback", "interview"  # the url paths page links name
DUE_HOURS = 24  # SCORECARD_DUE_HOURS's default: the app counts feedback owed with it


def first_run() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=30).run(timeout=30)
    assert not app.exception, app.exception
    return app


def reference(app_env, tmp_path):
    return open_store(Settings.load(env=app_env, dotenv_path=tmp_path / "no.env"))


def sections(app: AppTest) -> list[str]:
    return [h.value for h in app.subheader]


def linked(app: AppTest) -> list[tuple[str, str]]:
    """(page, interview id) of every interview link on the page, in order."""
    return [
        (p.proto.page, p.proto.query_string.removeprefix("interview="))
        for p in app.get("page_link")
        if p.proto.query_string.startswith("interview=")
    ]


def expected(week: home.Week, awaiting_page: str) -> list[tuple[str, str]]:
    return [
        *((INTERVIEW, str(r.interview_id)) for r in week.upcoming),
        *((awaiting_page, str(r.interview_id)) for r in week.awaiting),
        *((awaiting_page, str(r.interview_id)) for r in [*week.just_ended, *week.older]),
        *((INTERVIEW, str(r.interview_id)) for r in week.decisions),
    ]


def viewer(ref, role: UserRole) -> User:
    return next(u for u in demo_order(ref.list_users()) if u.role is role)


def test_home_is_the_default_page_and_shows_the_recruiters_week(app_env, tmp_path):
    app = first_run()  # the sample data loads, then the default page runs
    ref = reference(app_env, tmp_path)
    try:
        me = demo_order(ref.list_users())[0]  # the demo views as the first recruiter
        week = home.week(ref, me, minute(), DUE_HOURS)
    finally:
        ref.close()
    assert app.title[0].value == "This week"
    assert sections(app) == [
        f"Upcoming, next 14 days ({len(week.upcoming)})",
        f"Ended, waiting for feedback ({len(week.awaiting)})",
        f"Decisions pending ({len(week.decisions)})",
    ]
    assert week.awaiting and week.decisions  # the anchored sample always has some
    assert linked(app) == expected(week, INTERVIEW)  # a recruiter opens the interview


def test_an_interviewer_is_sent_to_the_feedback_form_and_decides_nothing(app_env, tmp_path):
    app = first_run()
    ref = reference(app_env, tmp_path)
    try:
        # the interviewer who owes the most feedback: their section is not empty
        people = [u for u in ref.list_users() if u.role is UserRole.INTERVIEWER]
        weeks = {u.user_id: home.week(ref, u, minute(), DUE_HOURS) for u in people}
        me = max(people, key=lambda u: (len(weeks[u.user_id].awaiting), u.name))
    finally:
        ref.close()
    view_as(app, me.user_id)
    app.switch_page(HOME).run()
    assert not app.exception, app.exception
    week = weeks[me.user_id]
    assert week.awaiting and not week.decides
    assert [s.split(" (")[0] for s in sections(app)] == [
        "Upcoming, next 14 days",
        "Ended, waiting for feedback",
    ]
    assert linked(app) == expected(week, FEEDBACK)


def test_the_test_clock_moves_the_week_and_says_so(app_env, tmp_path, monkeypatch):
    first_run()  # loads the sample (on the real clock)
    ref = reference(app_env, tmp_path)
    try:
        me = demo_order(ref.list_users())[0]
        later = minute() + timedelta(days=9)
        now_week = home.week(ref, me, minute(), DUE_HOURS)
        later_week = home.week(ref, me, later, DUE_HOURS)
    finally:
        ref.close()
    assert linked_ids(later_week) != linked_ids(now_week)  # nine days change the week
    clock = tmp_path / "clock.txt"
    set_clock(clock, later)
    monkeypatch.setenv(CLOCK_FILE, str(clock))
    app = first_run()
    assert linked(app) == expected(later_week, INTERVIEW)
    [note] = app.sidebar.warning
    assert note.value.startswith(f"Test clock ({CLOCK_FILE}): now is ")
    assert later.strftime("%Y-%m-%d %H:%M") in shown(note.value)


def test_a_broken_test_clock_is_a_message_and_real_sign_in_refuses_it(
    app_env, tmp_path, monkeypatch
):
    monkeypatch.setenv(CLOCK_FILE, str(tmp_path / "missing.txt"))
    app = first_run()
    assert any(CLOCK_FILE in shown(e.value) for e in app.error), [e.value for e in app.error]
    set_clock(tmp_path / "missing.txt", minute())
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    app.run(timeout=30)
    assert not app.exception, app.exception
    errors = [shown(e.value) for e in app.error]
    assert any("sign-in is configured" in e and CLOCK_FILE in e for e in errors), errors


def linked_ids(week: home.Week) -> list[str]:
    return [i for _page, i in expected(week, INTERVIEW)]
