"""The three screens, driven through Streamlit's AppTest on a real store loaded with the sample.

Each test gets a store holding exactly the sample data as the app loads it on a first start: a new,
empty SQLite file the app fills on its first run; the Cassandra test keyspace loaded beforehand
(kept from the previous test when nothing was written since), or left empty for the app to fill
in a `first_start` test. `app_env` is parametrized by backend: a backend is added by giving
`backend_env` its environment (the pages and assertions stay the same).

The page tests run on SQLite. That the stores answer alike is checked below the pages, on both,
by the store contract and the property tests; on the node run the tests marked `on_the_node_too`
(a first start, a walk of each page, each kind of write) and every page as every role in
Chromium (test_browser_sweep.py). PAGE_BACKENDS=all runs every page test on both.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import streamlit as st
from cassandra import cluster as cassandra_cluster
from streamlit.testing.v1 import AppTest
from support.keyspace_reset import holding_the_sample
from support.node import cassandra_test_settings
from support.payloads import shown

from interview_autopilot.core.clock import CLOCK_FILE
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.formatting import (
    BAD_LINK,
    UNKNOWN_LINK,
    inert,
    interview_choice_label,
)
from interview_autopilot.core.lifecycle import CLOSED, PAST_DUE, ListView
from interview_autopilot.core.models import (
    Decision,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    utc_now,
)
from interview_autopilot.core.settings import Settings
from interview_autopilot.features.sample import ensure_sample_data, sample_anchor, today_shift
from interview_autopilot.store import PAGE_SIZE, Store, open_store
from interview_autopilot.store.sqlite import SqliteStore

APP = Path(__file__).resolve().parent.parent / "app.py"
INTERVIEWS, INTERVIEW, FEEDBACK = "pages/interviews.py", "pages/interview.py", "pages/feedback.py"
BOTH_BACKENDS = ["sqlite", "cassandra"]
PAGE_BACKENDS = BOTH_BACKENDS if os.environ.get("PAGE_BACKENDS") == "all" else ["sqlite"]
on_the_node_too = pytest.mark.parametrize("app_env", BOTH_BACKENDS, indirect=True)
UNKNOWN_ID = str(uuid.UUID(int=1))
UTC = ZoneInfo("UTC")
NOT_STARTED = "This interview has not started yet: feedback opens when it starts."


def backend_env(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment that points the app at a fresh, empty store of backend `name`."""
    if name == "sqlite":
        # A copy of the sample as the app loads it on a first start (loaded once per test
        # process and day), or an empty file for a `first_start` test, so the app loads it.
        path = tmp_path / "app.db"
        if not request.node.get_closest_marker("first_start") and not os.environ.get(CLOCK_FILE):
            shutil.copyfile(sqlite_sample(), path)
        return {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(path)}
    if name == "cassandra":
        # A keyspace of the page tests' own (schema applied once by conftest) holding the
        # sample data the app would load on its first run (kept from the last test when no table was
        # written since, which spares the node a reload), or empty for a `first_start` test,
        # so the app loads it itself. Skipped without a node (failed under
        # REQUIRE_CASSANDRA=1). Every CASSANDRA_* is set, so nothing in a developer's .env or
        # secrets.toml can point the app elsewhere.
        if request.node.get_closest_marker("first_start"):
            store = request.getfixturevalue("cassandra_store_factory")()
        else:
            store = request.getfixturevalue("cassandra_sample_store")
            holding_the_sample(store)
        settings = cassandra_test_settings(store.keyspace)
        return {k: v for k, v in settings.values.items() if k.startswith("CASSANDRA_")} | {
            "DB_BACKEND": "cassandra"
        }
    raise NotImplementedError(name)


# the sample's shift to today -> a SQLite file holding the sample as the app loads it
_sqlite_samples: dict[timedelta, Path] = {}


def sqlite_sample() -> Path:
    """A SQLite file holding exactly the sample data, anchored to today as the app's first start
    anchors it (`ensure_sample_data`, the app's own loader), made once per test process and
    day; the page tests copy it rather than each loading the sample again."""
    shift = today_shift(sample_anchor(), utc_now())
    if shift not in _sqlite_samples:
        folder = tempfile.mkdtemp(prefix="autopilot-sample-")
        atexit.register(shutil.rmtree, folder, True)
        path = Path(folder) / "sample.db"
        store = SqliteStore(path)
        try:
            ensure_sample_data(store, now=utc_now())
        finally:
            store.close()
        _sqlite_samples[shift] = path
    return _sqlite_samples[shift]


def open_clusters() -> set[object]:
    """The driver's Clusters not yet shut down (it tracks them to shut them down at exit)."""
    return set(cassandra_cluster._clusters_for_shutdown)


@pytest.fixture(params=PAGE_BACKENDS)
def app_env(request, tmp_path, monkeypatch) -> Iterator[dict[str, str]]:
    """Environment of the app under test; caches are cleared so no store leaks between tests."""
    env = {**backend_env(request.param, tmp_path, request), "LOAD_SAMPLE_DATA": "true"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    st.cache_data.clear()
    st.cache_resource.clear()
    clusters_before = open_clusters()
    yield env
    st.cache_data.clear()
    st.cache_resource.clear()  # closes the app's store
    assert open_clusters() <= clusters_before, "the app's Cassandra Cluster was not shut down"


@pytest.fixture
def at(app_env) -> AppTest:
    """The app after its first run (sample data loaded; the home page), on the Interviews page."""
    app = AppTest.from_file(str(APP), default_timeout=30).run(timeout=30)
    assert not app.exception, app.exception
    app.switch_page(INTERVIEWS).run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def ref(app_env, tmp_path, at) -> Iterator[Store]:
    """A second store on the same database: the app's answers are checked against it."""
    store = open_store(Settings.load(env=app_env, dotenv_path=tmp_path / "no.env"))
    yield store
    store.close()


def view_as(at: AppTest, user_id: object, admin: bool = False) -> AppTest:
    """The demo's sidebar choice: view the app as this user (and as an administrator or not).
    Set through the session, where app.py's sidebar picker keeps the choice it applies."""
    at.session_state["viewer"] = str(user_id)
    at.session_state["viewer_admin"] = admin
    at.run(timeout=30)
    assert not at.exception, at.exception
    return at


def page_warnings(at: AppTest) -> list:
    """The page's warnings: all but app.py's banner of an open demo on a shared store, which
    stands above every page on the node."""
    return [w for w in at.warning if not w.value.startswith("Open demo on a shared")]


def visit(at: AppTest, page: str, **params: str) -> AppTest:
    at.switch_page(page)
    at.query_params.clear()
    at.query_params.update(params)
    at.run(timeout=30)
    assert not at.exception, at.exception
    return at


def shown_rows(at: AppTest) -> list[tuple[str, str, str, str, str, str, str]]:
    df = at.dataframe(key="interviews_table").value
    return list(df.itertuples(index=False, name=None))


def attention(r: InterviewSummary) -> str:
    """The flag a row must carry: past due, feedback missing after completion, or nothing."""
    if r.status is InterviewStatus.SCHEDULED and r.scheduled_start <= utc_now():
        return PAST_DUE
    if r.status is InterviewStatus.COMPLETED and r.feedback_count < r.participant_count:
        return (
            f"⚠ {r.participant_count - r.feedback_count} of {r.participant_count} feedback missing"
        )
    return ""


def expected_rows(rows: list[InterviewSummary], zone: ZoneInfo = UTC) -> list[tuple]:
    closed = (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW)
    return [
        (
            r.scheduled_start.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            r.candidate_name,
            r.job_title,
            r.recruiter_name,
            f"{r.feedback_count} / {r.participant_count}",
            CLOSED if r.status in closed else r.recommendation.label,
            attention(r),
        )
        for r in rows
    ]


def minute() -> datetime:
    """The app's clock for list reads: now to the minute."""
    return utc_now().replace(second=0, microsecond=0)


def view_page(ref: Store, view: ListView, after: PageCursor | None = None) -> InterviewPage:
    """What a list view must show, asked of the reference store directly."""
    if view is ListView.UPCOMING:
        return ref.list_upcoming(after=after, now=minute())
    if view is ListView.PAST_DUE:
        return ref.list_interviews_by_status(
            InterviewStatus.SCHEDULED, after=after or PageCursor.until(minute())
        )
    return ref.list_interviews_by_status(view.status, after=after)


def with_feedback(ref: Store, *, complete: bool) -> InterviewSummary:
    """A sample interview that has some feedback, and (complete=False) someone still missing."""
    for row in ref.list_interviews_by_status(InterviewStatus.COMPLETED).rows:
        if row.feedback_count and (row.feedback_count == row.participant_count) == complete:
            return row
    raise AssertionError("the sample data has no such interview")


# --- Interviews ---------------------------------------------------------------------------------
@on_the_node_too
@pytest.mark.first_start
def test_first_start_loads_sample_and_labels_views_upcoming_first(at, ref):
    counts = ref.count_by_status()
    assert sum(counts.values()) > 300  # the sample data was loaded by the app itself
    past_due, upcoming = ref.count_past_due_and_upcoming(minute())
    assert upcoming > 0 and past_due > 0  # the sample data has both around now
    assert at.segmented_control(key="status").options == [
        f"Upcoming ({upcoming})",
        f"Past due ({past_due})",
        *(f"{s.label} ({counts[s]})" for s in list(InterviewStatus)[1:]),
    ]
    assert at.segmented_control(key="status").value == ListView.UPCOMING  # the default
    first = AppTest.from_file(str(APP), default_timeout=30).run()  # app.py's frame, home page
    assert ref.backend in first.sidebar.caption[0].value


@pytest.mark.parametrize("view", list(ListView))
def test_list_shows_the_rows_of_the_chosen_view(at, ref, view):
    at.segmented_control(key="status").set_value(view).run()
    assert not at.exception
    rows = view_page(ref, view).rows
    assert rows  # the sample data (anchored to today) has rows in every view
    assert shown_rows(at) == expected_rows(rows)


def test_upcoming_is_soonest_first_from_now_and_past_due_is_flagged_apart(at, ref):
    now = utc_now()
    upcoming = [r.scheduled_start for r in view_page(ref, ListView.UPCOMING).rows]
    assert upcoming == sorted(upcoming) and upcoming[0] >= minute()
    assert shown_rows(at) == expected_rows(view_page(ref, ListView.UPCOMING).rows)
    assert not {row[-1] for row in shown_rows(at)} - {""}  # nothing upcoming is flagged

    at.segmented_control(key="status").set_value(ListView.PAST_DUE).run()
    past = view_page(ref, ListView.PAST_DUE).rows
    assert past and all(r.scheduled_start <= now for r in past)
    assert [row[-1] for row in shown_rows(at)] == [PAST_DUE] * len(past)
    assert "completed, cancelled or no-show" in page_warnings(at)[0].value


def test_completed_rows_missing_feedback_are_flagged_and_closed_rows_say_closed(at, ref):
    at.segmented_control(key="status").set_value(ListView.COMPLETED).run()
    flags = [row[-1] for row in shown_rows(at)]
    rows = view_page(ref, ListView.COMPLETED).rows
    missing = [r for r in rows if r.feedback_count < r.participant_count]
    assert missing and len(missing) < len(rows)  # the sample has both kinds on page one
    assert sum(1 for f in flags if "feedback missing" in f) == len(missing)
    for view in (ListView.CANCELLED, ListView.NO_SHOW):
        at.segmented_control(key="status").set_value(view).run()
        assert {row[5] for row in shown_rows(at)} == {CLOSED}


def test_next_then_previous_pages_by_keyset_and_status_change_starts_over(at, ref):
    at.segmented_control(key="status").set_value(ListView.COMPLETED).run()
    first = ref.list_interviews_by_status(InterviewStatus.COMPLETED)
    second = ref.list_interviews_by_status(InterviewStatus.COMPLETED, after=first.next_cursor)
    assert shown_rows(at) == expected_rows(first.rows)
    assert at.button(key="prev_page").disabled

    at.button(key="next_page").click().run()
    assert shown_rows(at) == expected_rows(second.rows)
    assert f"interviews {PAGE_SIZE + 1}–{2 * PAGE_SIZE}" in at.main.caption[0].value

    at.button(key="prev_page").click().run()
    assert shown_rows(at) == expected_rows(first.rows)

    at.button(key="next_page").click().run()
    at.segmented_control(key="status").set_value(ListView.UPCOMING).run()
    assert shown_rows(at) == expected_rows(view_page(ref, ListView.UPCOMING).rows)
    assert at.button(key="prev_page").disabled


def walk_view(at: AppTest) -> list[tuple]:
    seen: list[tuple] = []
    while True:
        seen += shown_rows(at)
        if at.button(key="next_page").disabled:
            return seen
        at.button(key="next_page").click().run()


@on_the_node_too
def test_walking_every_page_shows_each_interview_once_and_next_stops_at_the_end(at, ref):
    at.segmented_control(key="status").set_value(ListView.COMPLETED).run()
    seen = walk_view(at)
    assert len(seen) == ref.count_by_status()[InterviewStatus.COMPLETED]
    assert len(set(at.selectbox(key="open_choice").options)) == len(shown_rows(at))


def test_upcoming_and_past_due_together_walk_every_scheduled_interview_once(at, ref):
    upcoming = walk_view(at)
    at.segmented_control(key="status").set_value(ListView.PAST_DUE).run()
    past = walk_view(at)
    assert len(upcoming) + len(past) == ref.count_by_status()[InterviewStatus.SCHEDULED]
    assert [r[0] for r in upcoming] == sorted(r[0] for r in upcoming)
    assert [r[0] for r in past] == sorted((r[0] for r in past), reverse=True)


def test_coming_back_from_an_interview_returns_to_the_same_status_and_page(at, ref):
    first = view_page(ref, ListView.UPCOMING)
    second = view_page(ref, ListView.UPCOMING, first.next_cursor)
    at.button(key="next_page").click().run()
    visit(at, INTERVIEW, interview=str(second.rows[0].interview_id))
    visit(at, INTERVIEWS)
    assert at.segmented_control(key="status").value == ListView.UPCOMING
    assert shown_rows(at) == expected_rows(second.rows)


def test_times_are_shown_in_the_viewers_time_zone(app_env, ref):
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.context["timezone"] = "Asia/Tokyo"
    app.run()
    app.switch_page(INTERVIEWS).run()
    rows = view_page(ref, ListView.UPCOMING).rows
    assert shown_rows(app) == expected_rows(rows, ZoneInfo("Asia/Tokyo"))
    assert "Asia/Tokyo" in app.main.caption[0].value


def test_open_control_goes_to_the_interview_deep_link(at, ref):
    row = view_page(ref, ListView.UPCOMING).rows[3]
    at.selectbox(key="open_choice").set_value(str(row.interview_id))
    at.button(key="open_button").click().run()
    assert not at.exception
    assert at.query_params == {"interview": str(row.interview_id)}
    assert at.title[0].value == inert(f"{row.candidate_name} · {row.job_title}")


@on_the_node_too
# --- Interview detail ---------------------------------------------------------------------------
def test_detail_shows_candidate_participants_feedback_and_ats(at, ref):
    row = with_feedback(ref, complete=False)
    detail = ref.get_interview_detail(row.interview_id)
    assert detail is not None and detail.ats is not None
    visit(at, INTERVIEW, interview=str(row.interview_id))

    assert at.title[0].value == inert(f"{detail.candidate.name} · {detail.interview.job_title}")
    people = at.dataframe[0].value  # the only table on the page
    assert list(people["Name"]) == [p.name for p in detail.participants]
    assert list(people["Email"]) == [p.email for p in detail.participants]
    assert list(people["Slack"]) == [p.slack_handle for p in detail.participants]
    assert list(people["Feedback"]) == ["✓" if p.has_feedback else "—" for p in detail.participants]
    texts = [t.value for t in at.text]
    assert detail.candidate.resume_text in texts
    assert detail.candidate.email in texts
    for f in detail.feedback:
        assert f.comment in texts
        assert any(m.value.startswith(f"**{f.decision.label}** ·") for m in at.markdown)
    markdown = [m.value for m in at.markdown]
    assert f":green-badge[{detail.interview.status.label}]" in markdown
    start = detail.interview.scheduled_start.strftime("%a %d %b %Y, %H:%M")
    recruiter = f"Recruiter **{inert(detail.recruiter.name)}**"
    assert any(start in m and recruiter in m for m in markdown)
    assert any(m.endswith(f"[{detail.ats.status.label}]") for m in markdown)
    assert any(f"Recommendation **{detail.ats.recommendation.label}**" in m for m in markdown)
    assert detail.ats.summary in texts
    assert at.link_button[0].proto.url == detail.interview.video_link
    link = next(p for p in at.get("page_link") if p.value == "Submit or edit feedback")
    assert link.proto.query_string == f"interview={row.interview_id}"


LINK_PROBLEMS = [
    ("not-a-uuid", BAD_LINK),
    ("[click](http://evil.example)", BAD_LINK),
    (UNKNOWN_ID, UNKNOWN_LINK),
]


@pytest.mark.parametrize(("bad_id", "message"), LINK_PROBLEMS)
def test_unknown_or_malformed_id_gets_a_message_not_a_traceback(at, bad_id, message):
    visit(at, INTERVIEW, interview=bad_id)
    assert [w.value for w in page_warnings(at)] == [message]
    assert at.code[0].value == bad_id  # echoed as code, never as markdown


def test_detail_without_id_offers_the_list(at):
    visit(at, INTERVIEW)
    assert "?interview=" in at.info[0].value
    assert not page_warnings(at) and not at.error


# --- Feedback form ------------------------------------------------------------------------------
def pick(at: AppTest, interview_id: str, user_id: str) -> AppTest:
    """The Feedback form for `interview_id`, viewed as `user_id` (the form's only author)."""
    view_as(at, user_id)
    visit(at, FEEDBACK, interview=interview_id)
    assert at.selectbox(key="fb_interview").value == interview_id
    assert at.selectbox(key="fb_interviewer").value == user_id
    return at


def submit(at: AppTest, decision: str | None, comment: str) -> AppTest:
    if decision is not None:
        at.radio(key="fb_decision").set_value(decision)
    at.text_area(key="fb_comment").set_value(comment)
    at.button(key="fb_submit").click().run()
    assert not at.exception
    return at


def test_form_offers_only_the_viewer_as_author_and_only_on_their_panel(at, ref):
    row = with_feedback(ref, complete=False)
    panel = ref.list_participants(row.interview_id)
    me = panel[0]
    view_as(at, me.user_id)
    visit(at, FEEDBACK, interview=str(row.interview_id))
    author = at.selectbox(key="fb_interviewer")
    assert [o.split(" (")[0] for o in author.options] == [me.name]
    assert author.value == str(me.user_id) and author.disabled

    outsider = next(u for u in ref.list_users() if u.user_id not in {p.user_id for p in panel})
    view_as(at, outsider.user_id)
    assert "not on this interview's panel" in page_warnings(at)[0].value
    assert not at.get("form")


@on_the_node_too
def test_submitting_stores_the_feedback_and_links_back(at, ref):
    row = with_feedback(ref, complete=False)
    author = next(p for p in ref.list_participants(row.interview_id) if not p.has_feedback)
    pick(at, str(row.interview_id), str(author.user_id))
    assert at.text_area(key="fb_comment").value == ""

    submit(at, "strong_yes", "  Clear thinker; great questions.  ")

    stored = ref.get_feedback(row.interview_id, author.user_id)
    assert stored is not None
    assert stored.decision is Decision.STRONG_YES
    assert stored.comment == "Clear thinker; great questions."  # trimmed
    assert at.success and "saved" in at.success[0].value
    back = next(p for p in at.get("page_link") if p.value == "Back to the interview")
    assert back.proto.query_string == f"interview={row.interview_id}"
    ats = ref.get_ats(row.interview_id)
    assert ats is not None and ats.summary.startswith(f"{row.feedback_count + 1} of ")

    visit(at, INTERVIEW, interview=str(row.interview_id))  # the detail page is not stale
    assert "Clear thinker; great questions." in [t.value for t in at.text]


def test_existing_feedback_opens_prefilled_and_resubmitting_edits_it(at, ref):
    row = with_feedback(ref, complete=False)
    author = next(p for p in ref.list_participants(row.interview_id) if p.has_feedback)
    before = ref.get_feedback(row.interview_id, author.user_id)
    assert before is not None
    pick(at, str(row.interview_id), str(author.user_id))
    assert at.radio(key="fb_decision").value == before.decision.value
    assert at.text_area(key="fb_comment").value == before.comment

    submit(at, "no", "Changed my mind after the debrief.")

    detail = ref.get_interview_detail(row.interview_id)
    assert detail is not None and len(detail.feedback) == row.feedback_count  # edited, not added
    after = ref.get_feedback(row.interview_id, author.user_id)
    assert after is not None and after.decision is Decision.NO
    assert after.comment == "Changed my mind after the debrief."


@pytest.mark.parametrize(
    ("decision", "comment", "message"),
    [
        ("yes", "   ", "A comment is required."),
        (None, "Fine.", "Choose a decision."),
        ("no", "", "A comment is required."),
    ],
)
def test_bad_submission_shows_the_error_keeps_the_input_and_stores_nothing(
    at, ref, decision, comment, message
):
    row = with_feedback(ref, complete=False)
    author = next(p for p in ref.list_participants(row.interview_id) if not p.has_feedback)
    ats_before = ref.get_ats(row.interview_id)
    pick(at, str(row.interview_id), str(author.user_id))

    submit(at, decision, comment)

    assert [shown(e.value) for e in at.error] == [message]
    assert not at.success
    assert at.text_area(key="fb_comment").value == comment  # what was typed stays
    assert at.radio(key="fb_decision").value == decision
    assert ref.get_feedback(row.interview_id, author.user_id) is None
    assert ref.get_ats(row.interview_id) == ats_before


def test_feedback_page_without_link_asks_for_an_interview(at):
    visit(at, FEEDBACK)
    assert at.selectbox(key="fb_interview").value is None
    assert not at.get("form")


@pytest.mark.parametrize(("bad_id", "message"), LINK_PROBLEMS)
def test_a_feedback_link_to_no_interview_is_explained_as_on_the_interview_page(at, bad_id, message):
    visit(at, FEEDBACK, interview=bad_id)
    assert [w.value for w in page_warnings(at)] == [message]
    assert at.code[0].value == bad_id  # echoed as code, never as markdown
    picker = at.selectbox(key="fb_interview")
    assert picker.value is None and bad_id not in picker.options
    assert not at.get("form")


def spell(interview_id: uuid.UUID, spelling: str) -> str:
    """The same id written as people paste it."""
    text = str(interview_id)
    return {"upper": text.upper(), "braced": f"{{{text}}}", "urn": f"urn:uuid:{text}"}[spelling]


@pytest.mark.parametrize("spelling", ["upper", "braced", "urn"])
@pytest.mark.parametrize("offered", [True, False], ids=["already-offered", "only-by-the-link"])
def test_a_feedback_link_spelling_the_id_differently_lists_the_interview_once(
    at, ref, spelling, offered
):
    started = PageCursor.until(utc_now())  # the picker offers the interviews that took place
    if offered:
        row = ref.list_interviews_by_status(InterviewStatus.COMPLETED, after=started).rows[0]
    else:
        row = ref.list_interviews_by_status(InterviewStatus.SCHEDULED).rows[0]  # the latest
        assert row.scheduled_start > utc_now()
    me = ref.list_participants(row.interview_id)[0]  # the picker offers the viewer's own
    view_as(at, me.user_id)
    visit(at, FEEDBACK, interview=spell(row.interview_id, spelling))
    picker = at.selectbox(key="fb_interview")
    assert picker.value == str(row.interview_id)
    assert picker.options.count(interview_choice_label(row, UTC)) == 1
    assert len(set(picker.options)) == len(picker.options)
    assert at.query_params == {"interview": str(row.interview_id)}  # the link made canonical
    not_started = [] if offered else [NOT_STARTED]  # the latest one is in the future
    assert [w.value for w in page_warnings(at)] == not_started  # no link problem
    names = [o.split(" (")[0] for o in at.selectbox(key="fb_interviewer").options]
    assert names == [me.name]


# --- Failures become messages -------------------------------------------------------------------
@on_the_node_too
def test_a_configuration_error_is_a_message_and_the_app_recovers_when_fixed(app_env, monkeypatch):
    monkeypatch.setenv("DB_BACKEND", "nonsense")
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not app.exception
    assert "DB_BACKEND" in shown(app.error[0].value)
    monkeypatch.setenv("DB_BACKEND", app_env["DB_BACKEND"])
    app.button(key="retry_connect").click().run()  # the failure was not cached
    assert not app.exception and not app.error
    app.switch_page(INTERVIEWS).run()
    assert len(shown_rows(app)) == PAGE_SIZE


def test_store_unavailable_in_a_page_section_is_a_plain_error():
    def script() -> None:
        import streamlit as st

        from interview_autopilot.core.errors import StoreUnavailable
        from interview_autopilot.ui import queries as q

        with q.shown_errors():
            raise StoreUnavailable("Cassandra did not answer in 10 s.")
        st.write("the rest of the page still renders")

    app = AppTest.from_function(script).run()
    assert not app.exception
    assert "Cassandra did not answer in 10 s." in shown(app.error[0].value)
    assert app.markdown[0].value == "the rest of the page still renders"


def test_interview_picker_offers_what_has_taken_place_newest_first(at, ref):
    """The viewer's own interviews: completed ones and scheduled ones that have already
    started (the ones still waiting for their feedback); not the ones still to come."""
    busiest = max(ref.list_users(), key=lambda u: len(ref.list_interviews_by_user(u.user_id)))
    view_as(at, busiest.user_id)
    visit(at, FEEDBACK)
    offered = at.selectbox(key="fb_interview").options
    now = utc_now()
    every = [
        r
        for r in ref.list_interviews_by_user(busiest.user_id)
        if r.status in (InterviewStatus.COMPLETED, InterviewStatus.SCHEDULED)
    ]
    started = sorted(
        (r for r in every if r.scheduled_start <= now),
        key=lambda r: r.scheduled_start,
        reverse=True,
    )
    assert len(started) > 5
    assert offered[:20] == [interview_choice_label(r, UTC) for r in started[:20]]
    future = {interview_choice_label(r, UTC) for r in every if r.scheduled_start > now}
    assert not future & set(offered)


def walk_pages(store: Store, status: InterviewStatus) -> list[list[InterviewSummary]]:
    pages, cursor = [], None
    while True:
        page = store.list_interviews_by_status(status, after=cursor)
        pages.append(page.rows)
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@on_the_node_too
def test_changing_the_status_moves_the_interview_and_closes_its_ats_record(at, ref):
    row = with_feedback(ref, complete=False)
    before = ref.count_by_status()
    view_as(at, ref.get_interview(row.interview_id).recruiter_id)  # its recruiter
    visit(at, INTERVIEW, interview=str(row.interview_id))
    assert at.selectbox(key="new_status").options == ["Scheduled", "Cancelled", "No-show"]
    at.selectbox(key="new_status").set_value(InterviewStatus.CANCELLED).run()
    assert at.button(key="save_status").disabled  # cancelling asks for a confirmation first
    assert ref.count_by_status() == before
    at.checkbox(key="confirm_status").check().run()
    at.button(key="save_status").click().run()
    assert not at.exception
    assert at.session_state["status_menu"] is False  # the menu closed after saving
    assert at.selectbox(key="new_status").options == ["Scheduled", "Completed", "No-show"]
    assert at.selectbox(key="new_status").value is None  # reset: nothing chosen until chosen
    after = ref.count_by_status()
    assert after[InterviewStatus.COMPLETED] == before[InterviewStatus.COMPLETED] - 1
    assert after[InterviewStatus.CANCELLED] == before[InterviewStatus.CANCELLED] + 1
    detail = ref.get_interview_detail(row.interview_id)
    assert detail.interview.status is InterviewStatus.CANCELLED
    assert detail.ats.summary.startswith("Interview cancelled.")
    markdown = [m.value for m in at.markdown]
    assert any(m.endswith("[Cancelled]") for m in markdown)  # the page shows the new status
    assert any(m.endswith("[Closed]") for m in markdown)  # and the closed ATS record


# --- Lifecycle ----------------------------------------------------------------------------------
def test_an_interview_whose_end_passed_shows_awaiting_feedback(at, ref):
    past = view_page(ref, ListView.PAST_DUE).rows
    ended = next(
        r
        for r in past
        if (d := ref.get_interview_detail(r.interview_id)).interview.scheduled_end <= utc_now()
        and len(d.feedback) < len(d.participants)
    )
    visit(at, INTERVIEW, interview=str(ended.interview_id))
    markdown = [m.value for m in at.markdown]
    assert ":blue-badge[Scheduled]" in markdown
    assert ":orange-badge[Awaiting feedback]" in markdown

    done = with_feedback(ref, complete=True)
    visit(at, INTERVIEW, interview=str(done.interview_id))
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert ":green-badge[Completed]" in badges and not any("Awaiting" in b for b in badges)


def test_feedback_on_a_future_interview_is_refused_with_a_clear_message(at, ref):
    future = view_page(ref, ListView.UPCOMING).rows[0]
    author = ref.list_participants(future.interview_id)[0]
    pick(at, str(future.interview_id), str(author.user_id))
    assert [w.value for w in page_warnings(at)] == [NOT_STARTED]
    assert not [b for b in at.button if b.key == "fb_submit"]  # no form where Save is refused
    with pytest.raises(ValidationError) as refused:  # and the write refuses with the same words
        ref.submit_feedback(future.interview_id, author.user_id, "strong_yes", "Looks great.")
    assert refused.value.message == NOT_STARTED
    assert ref.get_feedback(future.interview_id, author.user_id) is None
    assert ref.get_ats(future.interview_id) is None


def test_feedback_on_a_cancelled_interview_is_refused(at, ref):
    row = view_page(ref, ListView.CANCELLED).rows[0]
    author = ref.list_participants(row.interview_id)[0]
    before = ref.get_interview_detail(row.interview_id)
    pick(at, str(row.interview_id), str(author.user_id))
    message = "This interview is marked cancelled: it takes no feedback."
    assert [w.value for w in page_warnings(at)] == [message]
    assert not [b for b in at.button if b.key == "fb_submit"]  # no form where Save is refused
    with pytest.raises(ValidationError) as refused:  # and the write refuses with the same words
        ref.submit_feedback(row.interview_id, author.user_id, "yes", "Anyway.")
    assert refused.value.message == message
    assert ref.get_interview_detail(row.interview_id) == before


@on_the_node_too
@pytest.mark.first_start
def test_the_sample_the_app_loads_is_anchored_to_today(at, ref):
    """A demo on any day has interviews in the coming week and some already past due."""
    now = utc_now()
    upcoming = view_page(ref, ListView.UPCOMING).rows
    assert upcoming[0].scheduled_start - now < timedelta(days=7)
    past = view_page(ref, ListView.PAST_DUE).rows
    assert past and now - past[0].scheduled_start < timedelta(days=14)
