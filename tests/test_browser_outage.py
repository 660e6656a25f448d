"""Typed feedback survives a database outage, in Chromium: the real app (`streamlit run`) on the
local Cassandra node through a TCP proxy. A half-filled feedback form; the node goes away; two
submits are refused with a plain message, a notice above the page says the database is away, and
the form keeps what was typed; the node returns; the next submit stores the feedback exactly as
typed, and the notice goes."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from support.browser_kit import need_chromium, shots
from support.node import cassandra_test_settings
from support.tcp_proxy import DOWN, UP, TcpProxy

from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.cassandra import CassandraStore

pytestmark = [pytest.mark.browser, pytest.mark.cassandra, pytest.mark.serial, pytest.mark.timed]
TYPED = "Typed in Chromium before the outage; it must reach the store as typed."


@pytest.fixture
def node(cassandra_store_factory) -> CassandraStore:
    store = cassandra_store_factory()
    ensure_sample_data(store)
    return store


@pytest.fixture
def app(node: CassandraStore, tmp_path) -> Iterator[tuple[str, TcpProxy]]:
    need_chromium()
    settings = cassandra_test_settings(node.keyspace)
    if settings["CASSANDRA_CONTACT_POINTS"] not in ("127.0.0.1", "localhost"):
        pytest.skip("the proxy fronts a single local node")
    with TcpProxy(int(settings["CASSANDRA_PORT"]), lifetime=170) as proxy:
        proxy.set_mode(UP)
        env = {k: v for k, v in settings.values.items() if k.startswith("CASSANDRA_")} | {
            "DB_BACKEND": "cassandra",
            "LOAD_SAMPLE_DATA": "false",
            "CASSANDRA_CONTACT_POINTS": "127.0.0.1",
            "CASSANDRA_PORT": str(proxy.port),
            "CASSANDRA_CONNECT_TIMEOUT_SECONDS": "2",
            "CASSANDRA_REQUEST_TIMEOUT_SECONDS": "2",
            "LIVE_REFRESH_SECONDS": "0",
        }
        with shots.serve(tmp_path / "unused.db", extra_env=env) as url:
            yield url, proxy


def test_typed_feedback_survives_the_node_going_away(app, node: CassandraStore) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, proxy = app
    row = next(
        r
        for r in node.list_interviews_by_status(InterviewStatus.COMPLETED, 50).rows
        if r.feedback_count < r.participant_count
    )
    author = next(
        p
        for p in node.list_participants(row.interview_id)
        if not p.has_feedback and p.role is UserRole.INTERVIEWER
    )
    with sync_playwright() as p:
        page = shots.launch(p).new_context(viewport={"width": 1400, "height": 1000}).new_page()
        # One session throughout (a new page load would start a new one): open the form's deep
        # link, then view the app as the interviewer in the demo sidebar.
        page.goto(f"{url}/feedback?interview={row.interview_id}")
        viewing_as = page.get_by_role("combobox", name="Viewing as")
        viewing_as.wait_for(timeout=60_000)
        viewing_as.click()
        page.keyboard.type(author.name)
        page.keyboard.press("Enter")
        comment = page.get_by_label("Comment")
        comment.wait_for(timeout=60_000)
        page.get_by_text("Yes", exact=True).first.click()
        comment.fill(TYPED)
        submit = page.get_by_role("button", name="Submit feedback")

        proxy.set_mode(DOWN)
        for _ in range(2):  # two submits while the node is away
            submit.click()
            expect(page.get_by_text("not reachable").first).to_be_visible(timeout=30_000)
            expect(page.get_by_label("Comment")).to_have_value(TYPED)
        assert node.get_feedback(row.interview_id, author.user_id) is None
        # Above the form: the database is away, what is shown may be stale.
        notice = page.get_by_text("The database has not answered for")
        expect(notice).to_be_visible(timeout=30_000)
        expect(page.get_by_label("Comment")).to_have_value(TYPED)

        proxy.set_mode(UP)
        began = time.monotonic()
        while node.get_feedback(row.interview_id, author.user_id) is None:
            assert time.monotonic() - began < 60, "not stored after the node came back"
            page.get_by_role("button", name="Submit feedback").click()
            page.wait_for_timeout(2000)
        expect(notice).to_have_count(0, timeout=30_000)  # gone once the node answers again
    stored = node.get_feedback(row.interview_id, author.user_id)
    assert stored is not None and (stored.decision.value, stored.comment) == ("yes", TYPED)
