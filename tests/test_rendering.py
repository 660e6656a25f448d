"""Stored text is shown as text: never a link, image, HTML, LaTeX, colour, emoji or icon.

The escaping itself (`formatting.inert`, `formatting.video_url`), then every page through AppTest
on a store whose every text field is hostile (support/payloads.py): each Markdown-rendered string
the pages send must hold the payloads escaped, and the stored text must still be readable in
full. tests/test_browser.py checks the same store in Chromium.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from support.payloads import JS_VIDEO_LINK, Seeded, hostile, seed, shown

from interview_autopilot.core.formatting import INVALID_VIDEO_LINK, WORD_JOINER, inert, video_url
from interview_autopilot.core.lifecycle import ListView

APP = Path(__file__).resolve().parent.parent / "app.py"
PORT = 9  # nothing is fetched under AppTest; the browser test uses a real unused port

# What a payload becomes when Markdown still parses it (each must never match).
LEAKS = {
    "image": re.compile(r"(?<!\\)!\["),
    "link": re.compile(r"(?<!\\)\[(Open|run)"),
    "html": re.compile(r"(?<!\\)<(img|script|a)\b"),
    "latex": re.compile(r"(?<!\\)\$"),
    "directive": re.compile(r"(?<!\\):red"),
    "emoji or icon": re.compile(r":(smile|material/bug_report):"),
    "bare link": re.compile(r"https?:/|www\\?\.phish|@phish"),
    "bold": re.compile(r"(?<!\\)\*\*bold"),
}


# --- the helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "O'Brien-Smith (Jr.) <ob@example.com>",
        hostile("name", PORT),
        "1. not a list",
        "# not a heading",
        "a\\b `c` ~~d~~ |e| {f} =g= +h _i_ &amp;",
        "10:30 :smile: https://x.test www.x.test a@b.test WWW.X.TEST",
    ],
)
def test_inert_shows_the_text_and_nothing_else(text: str) -> None:
    md = inert(text)
    assert shown(md) == text
    assert not [name for name, leak in LEAKS.items() if leak.search(md)]
    # every ASCII punctuation character is escaped (CommonMark allows it for each of them)
    assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"\\.", "", md))
    # and Streamlit's rules on parsed text (shortcodes, bare addresses) find a word joiner
    assert not re.search(r"[:@]\S", md.replace(WORD_JOINER, " ").replace("\\", ""))


def test_inert_keeps_stored_text_on_one_line() -> None:
    assert shown(inert("Ann\n# Heading\r\n> quote\u2028- item")) == "Ann # Heading > quote - item"


@pytest.mark.parametrize(
    ("link", "url"),
    [
        ("https://meet.example.com/abc", "https://meet.example.com/abc"),
        ("  http://zoom.example/j/1?pwd=x  ", "http://zoom.example/j/1?pwd=x"),
        ("HTTPS://MEET.EXAMPLE.COM/A", "HTTPS://MEET.EXAMPLE.COM/A"),
        (JS_VIDEO_LINK, None),
        ("JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("//evil.example/x", None),
        ("https://", None),
        ("https:///path-only", None),
        ("https://exa mple.com", None),
        ("https://example.com:99999999/", None),
        ("meet.example.com/abc", None),
        ("", None),
    ],
)
def test_only_http_and_https_links_with_a_host_are_offered(link: str, url: str | None) -> None:
    assert video_url(link) == url


# --- every page on a hostile store --------------------------------------------------------------
@pytest.fixture
def seeded(tmp_path, monkeypatch) -> Iterator[Seeded]:
    db = tmp_path / "hostile.db"
    data = seed(db, PORT)
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("SQLITE_PATH", str(db))
    monkeypatch.setenv("LOAD_SAMPLE_DATA", "false")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield data
    st.cache_data.clear()
    st.cache_resource.clear()


def run(
    page: str | None = None, viewer: object = None, admin: bool = False, **params: str
) -> AppTest:
    """The app on `page`, viewed as `viewer` (the demo's "Viewing as"; default: its first)."""
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    if viewer is not None:
        app.session_state["viewer"] = str(viewer)
    app.session_state["viewer_admin"] = admin
    if page:
        app.switch_page(page)
        app.query_params.update(params)
        app.run()
    assert not app.exception, app.exception
    return app


def markdown_strings(app: AppTest) -> list[str]:
    """Every string the page sends that Streamlit renders as Markdown: text elements, alerts,
    widget and expander labels, radio and segmented-control options."""
    texts = [*app.title, *app.header, *app.subheader, *app.markdown, *app.caption, *app.toast]
    alerts = [*app.info, *app.success, *app.warning, *app.error]
    widgets = [*app.selectbox, *app.radio, *app.text_area, *app.button, *app.segmented_control]
    out = [e.value for e in [*texts, *alerts]]
    out += [str(e.label) for e in [*widgets, *app.expander]]
    out += [str(o) for e in [*app.radio, *app.segmented_control] for o in e.options]
    return out


def check(app: AppTest, data: Seeded, shown_in_markdown: list[str]) -> list[str]:
    """No Markdown string leaks a payload; the fields named are readable in full."""
    strings = markdown_strings(app)
    leaks = [(name, s) for s in strings for name, leak in LEAKS.items() if leak.search(s)]
    assert not leaks, leaks
    for field in shown_in_markdown:
        assert any(data.texts[field] in shown(s) for s in strings), field
    return strings


def test_the_interview_list_shows_payloads_as_text(seeded: Seeded) -> None:
    app = run("pages/interviews.py")
    app.segmented_control(key="status").set_value(ListView.COMPLETED).run()  # not upcoming
    check(app, seeded, [])
    grid = app.dataframe(key="interviews_table").value
    assert list(grid["Candidate"]) == [seeded.texts["candidate_name"]]  # a grid: plain text
    label = app.selectbox(key="open_choice").options[0]  # selectbox options are plain text
    assert seeded.texts["candidate_name"] in label and seeded.texts["job_title"] in label


def test_the_interview_page_shows_payloads_as_text(seeded: Seeded) -> None:
    app = run("pages/interview.py", interview=str(seeded.interview_id))
    check(app, seeded, ["candidate_name", "job_title", "recruiter_name", "interviewer_name"])
    texts = [t.value for t in app.text]
    for field in ("candidate_email", "resume", "comment", "ats_summary"):
        assert seeded.texts[field] in texts, field
    people = app.dataframe[0].value
    for column, role in (("Name", "name"), ("Email", "email"), ("Slack", "slack")):
        assert set(people[column]) == {
            seeded.texts[f"interviewer_{role}"],
            seeded.texts[f"manager_{role}"],
        }


def test_a_stored_javascript_video_link_is_not_a_button(seeded: Seeded) -> None:
    app = run("pages/interview.py", interview=str(seeded.interview_id))
    assert not app.get("link_button")
    assert any(INVALID_VIDEO_LINK in c.value for c in app.caption)


def test_the_feedback_page_shows_payloads_as_text(seeded: Seeded) -> None:
    app = run("pages/feedback.py", seeded.interviewer_id, interview=str(seeded.interview_id))
    assert app.selectbox(key="fb_interviewer").value == str(seeded.interviewer_id)
    check(app, seeded, [])
    assert app.text_area(key="fb_comment").value == seeded.texts["comment"]
    who = app.selectbox(key="fb_interviewer").options
    assert any(seeded.texts["interviewer_name"] in o for o in who)


def test_the_tables_page_shows_payloads_as_text(seeded: Seeded) -> None:
    app = run("pages/tables.py", admin=True)
    stored: set[str] = set()
    for table in app.selectbox(key="tbl_table").options:
        app.selectbox(key="tbl_table").set_value(table).run()
        assert not app.exception
        check(app, seeded, [])
        frame = app.dataframe[0].value  # the page's only table
        stored |= {v for column in frame.columns for v in frame[column] if isinstance(v, str)}
    assert set(seeded.texts.values()) <= stored  # every payload shown, as grid cells
