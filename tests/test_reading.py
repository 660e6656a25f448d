""" "How this was read": the expander at the bottom of a screen lists the statements the stores
ran in that rerun (with bound values, rows and time), names the cached reads served from
st.cache_data instead, and on Cassandra, on demand, summarises each request's server trace.

Every AppTest run goes through app.py (which records and renders), as on the server
(support.app_runs); each test opens its screen on a first run (`switch_page` before `run`)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from test_pages import APP
from test_pages import app_env as app_env  # the fixture, re-exported

from interview_autopilot.core.models import InterviewStatus, day_bucket
from interview_autopilot.core.settings import Settings
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store import open_store, recorder
from interview_autopilot.ui import queries, reading


def first_run(page: str | None = None, **state: object) -> AppTest:
    """The screen's first run, viewed as an administrator (the expander is theirs) unless
    `viewer_admin=False` is given."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if page:
        at.switch_page(page)
    state.setdefault("viewer_admin", True)
    for key, value in state.items():
        at.session_state[key] = value
    at.run(timeout=60)
    assert not at.exception, at.exception
    return at


def read_table(at: AppTest) -> tuple[pd.DataFrame, list[str]]:
    found = [e for e in at.expander if e.label == "How this was read"]
    assert len(found) == 1
    return found[0].dataframe[0].value, [c.value for c in found[0].caption]


def test_the_list_read_is_listed_with_its_bound_values_and_rows(app_env, tmp_path) -> None:
    # The store's schema steps and the sample are in place before the app starts: their
    # statements (hundreds) would otherwise fill the first run's listing ahead of the list's
    # (a rerun lists its first MAX_STATEMENTS).
    ready = open_store(Settings.load(env=app_env, dotenv_path=tmp_path / "no.env"))
    ensure_sample_data(ready)
    ready.close()
    at = first_run("pages/interviews.py")
    table, captions = read_table(at)
    listed = table[table["Cached read"] == "_view_page"]
    assert len(listed) >= 1
    first = listed.iloc[0]
    if app_env["DB_BACKEND"] == "sqlite":
        assert "i.status = 'scheduled'" in first["Statement"] and "LIMIT ?" in first["Statement"]
        assert first["Bound values"].endswith(", 51")  # the page and one row to peek
    else:
        by_status = listed[listed["Statement"].str.contains("interviews_by_status")]
        assert len(by_status) >= 1
        assert all(v.startswith("'scheduled', '20") for v in by_status["Bound values"])
    shown = len(at.dataframe(key="interviews_table").value)
    assert sum(int(n) for n in listed["Rows"] if n) >= shown > 0
    assert all(float(ms) >= 0 for ms in listed["ms"])
    # A read asked twice in one rerun runs once; the second answer comes from st.cache_data
    # and is named as such, with no statement invented for it.
    hits = [c.split(": ", 1)[1].split(", ") for c in captions if c.startswith("Served from cache")]
    assert hits and hits[0]
    names = {r.__name__ for r in queries._CACHED_READS}
    assert set(hits[0]) <= names


PAGES = [
    "pages/interviews.py",
    "pages/interview.py",
    "pages/schedule.py",
    "pages/feedback.py",
    "pages/scorecards.py",
    "pages/candidate.py",
    "pages/person.py",
    "pages/insights.py",
    "pages/tables.py",
]


@pytest.mark.parametrize("app_env", ["sqlite"], indirect=True)  # app.py's, on every backend
@pytest.mark.parametrize("page", PAGES)
def test_every_screen_ends_with_the_expander(app_env, page: str) -> None:
    at = first_run(page)
    labels = [e.label for e in at.main.expander]  # (the sidebar holds the Settings one)
    assert labels[-1] == "How this was read"  # last: after the page
    table, captions = read_table(at)
    assert len(table) >= 1 and "SQL statement(s) ran in this rerun" in captions[0]


@pytest.mark.parametrize("app_env", ["sqlite"], indirect=True)  # app.py's, on every backend
@pytest.mark.parametrize("page", [None, *PAGES])
def test_only_administrators_see_the_expander(app_env, page: str | None) -> None:
    at = first_run(page, viewer_admin=False)
    assert "How this was read" not in [e.label for e in at.expander]
    assert recorder.current() is None  # the recording ended unseen


def test_a_search_lists_its_prefix_read(app_env) -> None:
    first_run()  # loads the sample (its statements would fill the listed ones)
    at = first_run("pages/candidate.py", cand_search="ma")
    table, _ = read_table(at)
    search = table[table["Cached read"] == "_search_candidates"]
    assert len(search) >= 1
    assert "'ma'" in search.iloc[0]["Bound values"]


@pytest.mark.parametrize("app_env", ["cassandra"], indirect=True)  # traces are Cassandra's
def test_on_cassandra_the_trace_shows_live_rows_and_tombstones(app_env, tmp_path) -> None:
    first_run()  # loads the sample
    store = open_store(Settings.load(env=app_env, dotenv_path=tmp_path / "no.env"))
    try:  # an upcoming interview leaves its (status, day) partition: a tombstone before the
        # next one of its day (a day left empty is not read at all, so it has a next one)
        ahead = store.list_upcoming(limit=50).rows
        first = next(
            a
            for a, b in itertools.pairwise(ahead)
            if day_bucket(a.scheduled_start) == day_bucket(b.scheduled_start)
        )
        store.change_status(first.interview_id, InterviewStatus.CANCELLED)
    finally:
        store.close()
    st.cache_data.clear()
    at = first_run(**{reading.TRACE_KEY: True})
    table, _ = read_table(at)
    assert {"Partitions", "Live rows", "Tombstones", "Coordinator µs"} <= set(table.columns)
    reads = table[table["Statement"].str.contains("FROM \\S+interviews_by_status", regex=True)]
    traced = reads[reads["Partitions"] != ""]
    assert len(traced) >= 1
    assert sum(int(n) for n in traced["Tombstones"]) >= 1
    assert sum(int(n) for n in traced["Live rows"]) >= 1
    assert all(int(us) > 0 for us in traced["Coordinator µs"] if us)


def test_secret_values_never_appear() -> None:
    statements = [recorder.Statement("SELECT * FROM t WHERE k = ?", ("'hunter2-token'",))]
    frame = reading._frame(statements, ["hunter2-token"], traced=False)
    assert "hunter2-token" not in frame.to_csv() and reading.REDACTED in frame.to_csv()


def test_nothing_is_recorded_outside_a_recording(tmp_path) -> None:
    from interview_autopilot.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "a.db")
    with recorder.paused():
        store.count_by_status()
    recording = recorder.start()
    try:
        store.count_by_status()
    finally:
        recorder.stop()  # later tests in this thread record nothing
        store.close()
    assert [s.text for s in recording.statements] == ["SELECT status, n FROM status_counts"]
    assert recording.statements[0].rows == 0


def test_a_secret_that_is_a_common_word_masks_values_not_statements() -> None:
    """A password that is a word of the statements ("interviews") masks only a bound value
    equal to it: the statements are shown as run, so they disclose nothing about it."""
    text = "SELECT * FROM interviews_by_status WHERE status = ? LIMIT ?"
    statements = [
        recorder.Statement(text, (recorder.shown("interviews"), "51")),
        recorder.Statement(text, (recorder.shown("scheduled"), "51")),
        recorder.Statement("SELECT x", (recorder.shown("p" * 500),)),  # shown shortened
    ]
    frame = reading._frame(statements, ["interviews", "p" * 500], traced=False)
    assert list(frame["Statement"]) == [text, text, "SELECT x"]
    assert list(frame["Bound values"]) == [
        f"{reading.REDACTED}, 51",
        f"{recorder.shown('scheduled')}, 51",
        reading.REDACTED,
    ]
