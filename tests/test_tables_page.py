"""The Tables page (data inspection), driven through AppTest on both backends: it shows each
store's own tables.

The fixtures are test_pages.py's (a fresh store per test, filled with the sample data by the
app's first run).
"""

from __future__ import annotations

import pytest
import test_pages as pages
from streamlit.testing.v1 import AppTest

from interview_autopilot.store import Store
from interview_autopilot.ui.queries import TABLE_PAGE_SIZE

TABLES = "pages/tables.py"
# One row per interview on each backend (Cassandra's source partition has one per participant).
INTERVIEWS = {
    "sqlite": "interviews",
    "cassandra": "interviews_by_status",
    "astra": "interviews_by_status",
}
# test_pages' fixtures: the same backends, each test on a fresh store the app fills itself.
app_env, ref, visit = pages.app_env, pages.ref, pages.visit
pytestmark = pages.on_the_node_too


@pytest.fixture
def at(app_env) -> AppTest:
    """The app after its first run, viewed by an administrator (the demo's switch)."""
    app = AppTest.from_file(str(pages.APP), default_timeout=30).run(timeout=30)
    assert not app.exception, app.exception
    app.session_state["viewer_admin"] = True
    return app


def page_tables(app: AppTest) -> list:
    """The page's tables: every table but the one of "How this was read", which app.py shows
    an administrator below the page (on the node it lists the statements of the rerun)."""
    reading = [id(d) for e in app.expander if e.label == "How this was read" for d in e.dataframe]
    return [d for d in app.dataframe if id(d) not in reading]


def shown_ids(app: AppTest, column: str) -> list[str]:
    (table,) = page_tables(app)  # the page shows one table
    return list(table.value[column])


def ref_ids(ref: Store, table: str, column: str, state: str | None = None) -> list[str]:
    return [str(r[column]) for r in ref.scan_table(table, TABLE_PAGE_SIZE, state).rows]


def test_the_page_offers_exactly_the_stores_tables_and_shows_the_first_page(at, ref):
    visit(at, TABLES)
    table = at.selectbox(key="tbl_table")
    assert table.options == ref.list_tables()  # nothing else can be asked for
    assert table.value == "users"
    assert shown_ids(at, "user_id") == ref_ids(ref, "users", "user_id")
    caption = at.main.caption[0].value
    assert caption.startswith(f"Full scan of `users`, paged {TABLE_PAGE_SIZE} rows at a time")
    assert "not a screen query: the app's screens never scan" in caption
    if ref.backend == "sqlite":
        assert "keyset" in caption and at.markdown[0].value == "Primary key: `user_id`"
    else:
        assert "the driver's paging state" in caption
        assert at.markdown[0].value == "Partition key: `user_id` · clustering: none"
    assert at.button(key="tbl_first").disabled
    assert at.button(key="tbl_next").disabled  # 30 users: one page
    assert "end of the table" in at.main.caption[1].value


def test_next_walks_every_row_once_and_first_starts_over(at, ref):
    table = INTERVIEWS[ref.backend]
    visit(at, TABLES)
    at.selectbox(key="tbl_table").set_value(table).run()
    first = ref.scan_table(table, TABLE_PAGE_SIZE)
    assert shown_ids(at, "interview_id") == ref_ids(ref, table, "interview_id")
    assert at.main.caption[1].value == f"Page 1 · rows 1–{TABLE_PAGE_SIZE}"

    at.button(key="tbl_next").click().run()
    assert not at.exception
    assert shown_ids(at, "interview_id") == ref_ids(ref, table, "interview_id", first.next_state)
    assert at.main.caption[1].value.startswith(f"Page 2 · rows {TABLE_PAGE_SIZE + 1}–")

    seen = ref_ids(ref, table, "interview_id") + shown_ids(at, "interview_id")
    while not at.button(key="tbl_next").disabled:
        at.button(key="tbl_next").click().run()
        assert not at.exception
        # On Cassandra the page after a full last page is empty (no table; "How this was
        # read" below the page has its own).
        if page_tables(at):
            seen += shown_ids(at, "interview_id")
    assert len(seen) == len(set(seen)) == sum(ref.count_by_status().values())
    assert "end of the table" in at.main.caption[1].value

    at.button(key="tbl_first").click().run()
    assert shown_ids(at, "interview_id") == ref_ids(ref, table, "interview_id")
    assert at.button(key="tbl_first").disabled


def test_choosing_another_table_starts_at_its_first_page(at, ref):
    table = INTERVIEWS[ref.backend]
    visit(at, TABLES)
    at.selectbox(key="tbl_table").set_value(table).run()
    at.button(key="tbl_next").click().run()
    at.selectbox(key="tbl_table").set_value("candidates").run()
    assert not at.exception
    assert shown_ids(at, "candidate_id") == ref_ids(ref, "candidates", "candidate_id")
    assert at.button(key="tbl_first").disabled


def test_a_position_the_store_no_longer_accepts_starts_over(at, ref):
    visit(at, TABLES)
    at.session_state["tbl_scan"] = {"table": "users", "token": "forged.0000", "page": 3}
    at.run()
    assert not at.exception
    assert "first page again" in at.info[0].value
    assert shown_ids(at, "user_id") == ref_ids(ref, "users", "user_id")
    assert at.button(key="tbl_first").disabled


@pytest.mark.parametrize("table", ["sqlite_master", "system.local", "users; DROP TABLE users"])
def test_an_unknown_table_asked_behind_the_ui_is_a_warning(app_env, table):
    def script(table: str) -> None:
        import streamlit as st

        from interview_autopilot.ui import queries as q

        st.session_state["viewer_admin"] = True  # the demo's administrator switch
        with q.shown_errors():
            q.table_page(table)

    app = AppTest.from_function(script, args=(table,), default_timeout=30).run()
    assert not app.exception
    assert "does not belong to the app" in app.warning[0].value


def test_doctor_panel_checks_and_says_consistent(at, ref):
    visit(at, TABLES)
    at.button(key="doctor_check").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Consistent: ")
    assert f"{sum(ref.count_by_status().values())} interviews checked" in at.success[0].value
