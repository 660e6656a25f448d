"""Tables: page through one stored table as it is, for engineers inspecting the data.

A full scan, so it lives here and nowhere else: the recruiter screens read one partition each.
"""

import streamlit as st

from interview_autopilot.ui import queries as q

st.title("Tables")


def scan_state(table: str) -> dict:
    """Where the scan stands (the page token and number, the tokens of the pages before it for
    Previous, the partition filter; kept server-side in the session); another table starts
    over."""
    scan = st.session_state.get("tbl_scan")
    if scan is None or scan["table"] != table:
        scan = st.session_state.tbl_scan = {"table": table, "token": None, "page": 1}
    scan.setdefault("back", [])
    scan.setdefault("partition", None)
    return scan


def go_first(scan: dict) -> None:
    scan.update(token=None, page=1, back=[])


def go_next(scan: dict, token: str) -> None:
    scan["back"].append(scan["token"])
    scan.update(token=token, page=scan["page"] + 1)


def go_previous(scan: dict) -> None:
    if scan["back"]:
        scan.update(token=scan["back"].pop(), page=max(scan["page"] - 1, 1))


def set_filter(scan: dict, columns: list[str]) -> None:
    """The filter form's values (empty ones left out); a new filter starts at page 1."""
    values = {c: st.session_state.get(f"tbl_pk_{c}", "").strip() for c in columns}
    chosen = {c: v for c, v in values.items() if v}
    scan["partition"] = chosen or None
    go_first(scan)


def load(scan: dict) -> q.TablePage:
    """The current page; a token the store no longer accepts (the app restarted) starts over,
    and a filter it refuses is dropped with the reason."""
    try:
        return q.table_page(scan["table"], scan["token"], scan["partition"])
    except q.ValidationError as exc:
        if exc.field == "partition":
            st.warning(f"Filter not applied: {exc.message}")
            scan["partition"] = None
        elif exc.field != "page_state":
            raise
        else:
            st.info("The scan position had expired, so this is the first page again.")
        go_first(scan)
        return q.table_page(scan["table"], None, scan["partition"])


def describe(table: str, backend: str) -> None:
    st.caption(
        f"Full scan of `{table}`, paged {q.TABLE_PAGE_SIZE} rows at a time with "
        f"{q.scan_method(backend)} (not a screen query: the app's screens never scan)."
    )


def pager(scan: dict, page: q.TablePage) -> None:
    """First / Next and which rows these are (every page but the last is full)."""
    first_col, prev_col, where, next_col = st.columns([1, 1, 4, 1], vertical_alignment="center")
    first_col.button(
        "⇤ First",
        key="tbl_first",
        disabled=scan["page"] == 1,
        on_click=go_first,
        args=(scan,),
        width="stretch",
    )
    prev_col.button(
        "← Previous",
        key="tbl_prev",
        disabled=not scan["back"],
        on_click=go_previous,
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


def filter_form(scan: dict, page: q.TablePage) -> None:
    """Exact values of the partition key columns (SQLite: of the primary key, any of them)."""
    columns = page.partition_key
    label = "Filter on the partition key" + (
        f" · {', '.join(f'{k} = {v}' for k, v in scan['partition'].items())}"
        if scan["partition"]
        else ""
    )
    with st.expander(label, icon=":material/filter_alt:"), st.form("tbl_filter"):
        for column in columns:
            st.text_input(
                column, value=(scan["partition"] or {}).get(column, ""), key=f"tbl_pk_{column}"
            )
        st.form_submit_button("Apply (empty: no filter)", on_click=set_filter, args=(scan, columns))


def download(scan: dict) -> None:
    """The whole table (or the filtered partition) as CSV, built page by page on click."""
    st.download_button(
        "Download all rows as CSV",
        data=q.table_csv(scan["table"], scan["partition"]),
        file_name=f"{scan['table']}.csv",
        mime="text/csv",
        on_click="ignore",
        key="tbl_csv",
        icon=":material/download:",
    )


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
        filter_form(scan, page)
        download(scan)

with q.shown_errors():
    if q.is_admin():
        doctor_panel()
