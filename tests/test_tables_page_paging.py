"""The Tables page's Previous (a stack of page tokens) and its partition key filter, and the
download buttons' presence, through AppTest on both backends (test_pages' fixtures)."""

from __future__ import annotations

import test_pages as pages
import test_tables_page as tables
from test_tables_page import INTERVIEWS, TABLES, ref_ids, shown_ids

from interview_autopilot.store.base import MAX_SCAN_PAGE

app_env, ref, visit, at = pages.app_env, pages.ref, pages.visit, tables.at
pytestmark = pages.on_the_node_too


def test_previous_walks_back_page_by_page(at, ref):
    table = INTERVIEWS[ref.backend]
    visit(at, TABLES)
    at.selectbox(key="tbl_table").set_value(table).run()
    assert at.button(key="tbl_prev").disabled
    first = shown_ids(at, "interview_id")
    at.button(key="tbl_next").click().run()
    second = shown_ids(at, "interview_id")
    at.button(key="tbl_next").click().run()
    assert at.main.caption[1].value.startswith("Page 3")
    at.button(key="tbl_prev").click().run()
    assert not at.exception
    assert shown_ids(at, "interview_id") == second
    assert at.main.caption[1].value.startswith("Page 2")
    at.button(key="tbl_prev").click().run()
    assert shown_ids(at, "interview_id") == first
    assert at.button(key="tbl_prev").disabled


def test_the_filter_shows_one_partition_and_empty_clears_it(at, ref):
    visit(at, TABLES)
    user = ref_ids(ref, "users", "user_id")[5]
    at.text_input(key="tbl_pk_user_id").input(user)
    at.button[[b.label for b in at.button].index("Apply (empty: no filter)")].click().run()
    assert not at.exception
    assert shown_ids(at, "user_id") == [user]
    at.text_input(key="tbl_pk_user_id").input("")
    at.button[[b.label for b in at.button].index("Apply (empty: no filter)")].click().run()
    assert shown_ids(at, "user_id") == ref_ids(ref, "users", "user_id")


def test_a_filter_the_store_refuses_is_dropped_with_the_reason(at, ref):
    visit(at, TABLES)
    at.session_state["tbl_scan"] = {
        "table": "users",
        "token": None,
        "page": 1,
        "partition": {"email": "x@example.com"},
    }
    at.run()
    assert not at.exception
    # Above it, on a shared store, app.py's demo banner (a warning too).
    assert [w.value for w in at.warning if "Filter not applied" in w.value]
    assert shown_ids(at, "user_id") == ref_ids(ref, "users", "user_id")


def test_the_lists_offer_a_whole_download(at, ref):
    visit(at, TABLES)
    assert len(at.get("download_button")) == 1
    visit(at, pages.INTERVIEWS)
    assert len(at.get("download_button")) == 1
    assert len(ref.scan_table("users", MAX_SCAN_PAGE).rows) == 30
