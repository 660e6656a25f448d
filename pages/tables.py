"""Tables: page through one stored table as it is, for engineers inspecting the data.

A full scan, so it lives here and nowhere else: the recruiter screens read one partition each.
"""

import streamlit as st

from interview_autopilot import queries as q

q.require_frame()

st.title("Tables")


def scan_state(table: str) -> dict:
    """Where the scan stands (the page token and number, kept server-side in the session);
    choosing another table starts over."""
    scan = st.session_state.get("tbl_scan")
    if scan is None or scan["table"] != table:
        scan = st.session_state.tbl_scan = {"table": table, "token": None, "page": 1}
    return scan


def go_first(scan: dict) -> None:
    scan.update(token=None, page=1)


def go_next(scan: dict, token: str) -> None:
    scan.update(token=token, page=scan["page"] + 1)


def load(scan: dict) -> q.TablePage:
    """The current page; a token the store no longer accepts (the app restarted) starts over."""
    try:
        return q.table_page(scan["table"], scan["token"])
    except q.ValidationError as exc:
        if exc.field != "page_state":
            raise
        st.info("The scan position had expired, so this is the first page again.")
        go_first(scan)
        return q.table_page(scan["table"])


def describe(table: str, backend: str) -> None:
    st.caption(
        f"Full scan of `{table}`, paged {q.TABLE_PAGE_SIZE} rows at a time with "
        f"{q.scan_method(backend)} (not a screen query: the app's screens never scan)."
    )


def pager(scan: dict, page: q.TablePage) -> None:
    """First / Next and which rows these are (every page but the last is full)."""
    first_col, where, next_col = st.columns([1, 4, 1], vertical_alignment="center")
    first_col.button(
        "⇤ First",
        key="tbl_first",
        disabled=scan["page"] == 1,
        on_click=go_first,
        args=(scan,),
        width="stretch",
    )
    next_col.button(
        "Next →",
        key="tbl_next",
        disabled=page.next_state is None,
        on_click=go_next,
        args=(scan, page.next_state),
        width="stretch",
    )
    start = (scan["page"] - 1) * q.TABLE_PAGE_SIZE
    if page.rows:
        where.caption(
            f"Page {scan['page']} · rows {start + 1}–{start + len(page.rows)}"
            f"{'' if page.next_state else ' · end of the table'}"
        )
    else:
        where.caption(f"Page {scan['page']} · end of the table")


def doctor_panel() -> None:
    """The consistency doctor: every derived copy and count against its source."""
    with st.expander("Consistency doctor", icon=":material/health_and_safety:"):
        st.caption(
            "Compares every copy (list tables, counts, ATS records) with the source it derives "
            "from. Repair rewrites what differs; run it while nobody is writing."
        )
        check, repair = st.columns(2)
        run = None
        if check.button("Check", key="doctor_check", width="stretch"):
            run = False
        if repair.button("Repair", key="doctor_repair", width="stretch"):
            run = True
        if run is None:
            return
        report = q.doctor(repair=run)
        if report.ok:
            st.success(f"Consistent: {report.interviews} interviews checked.")
            return
        st.warning(f"{len(report.problems)} disagreement(s) in {report.interviews} interviews.")
        st.code("\n".join(report.problems[:200]), language=None)
        if run:
            st.info(f"Repaired ({report.repaired} writes): check again to confirm.")


with q.shown_errors():
    table = st.selectbox("Table", q.table_names(), key="tbl_table")
    if table:
        scan = scan_state(table)
        page = load(scan)
        backend = q.backend_name()
        describe(table, backend)
        pager(scan, page)
        # Between the buttons and the grid, so the grid's hover toolbar never covers "Next".
        st.markdown(q.key_description(page, backend))
        if page.rows:
            st.dataframe(q.table_frame(page), hide_index=True, key="tbl_rows")
        else:
            st.info(
                "No rows here."
                if scan["page"] == 1
                else "No more rows: the previous page ended the table."
            )

with q.shown_errors():
    if q.is_admin():
        doctor_panel()
