"""Interviews: upcoming soonest first (the default), past due apart and flagged, then each
other status newest first; 50 per page with keyset next/previous."""

import streamlit as st

from interview_autopilot import queries as q

q.require_frame()

ROW_PX = 35  # st.dataframe's row height

st.title("Interviews")


def view_label(view: q.ListView, counts: dict[q.ListView, int | None]) -> str:
    n = counts.get(view)
    return view.label if n is None else f"{view.label} ({n})"


def choose_view() -> q.ListView:
    """The list selector (upcoming first), closed statuses labelled with their count. The
    choice is remembered outside the widget, so coming back from an interview returns to the
    same list and page."""
    counts = q.view_counts()
    view = st.segmented_control(
        "Status",
        list(q.ListView),
        required=True,
        key="status",
        default=st.session_state.get("list_view", q.ListView.UPCOMING),
        format_func=lambda v: view_label(v, counts),
    )
    st.session_state.list_view = q.ListView(view or q.ListView.UPCOMING)
    return st.session_state.list_view


def cursor_stack(status: q.ListView) -> list:
    """Cursors of the pages walked so far (first page: None); a new status starts over."""
    if st.session_state.get("cursor_status") != status:
        st.session_state.cursor_status = status
        st.session_state.cursors = [None]
    return st.session_state.cursors


def pager(view: q.ListView, stack: list, page: q.InterviewPage, total: int | None) -> None:
    """Previous / next buttons and where we are."""
    first = (len(stack) - 1) * q.PAGE_SIZE + 1
    prev_col, where, next_col = st.columns([1, 4, 1], vertical_alignment="center")
    prev_col.button(
        "← Previous", key="prev_page", disabled=len(stack) == 1, on_click=stack.pop, width="stretch"
    )
    next_col.button(
        "Next →",
        key="next_page",
        disabled=page.next_cursor is None,
        on_click=stack.append,
        args=(page.next_cursor,),
        width="stretch",
    )
    last = first + len(page.rows) - 1
    of = f" of {total}" if total is not None else " · soonest first" if view.soonest_first else ""
    where.caption(
        f"Page {len(stack)} · interviews {first}–{last}{of}"
        f" · times in {q.zone_name(q.viewer_zone())} · select a row to open it"
    )


def table(page: q.InterviewPage) -> None:
    """The rows; selecting one opens it. The picker below does the same without a mouse."""
    zone = q.viewer_zone()
    event = st.dataframe(
        q.interviews_table(page.rows, zone, q.now()),
        hide_index=True,
        key="interviews_table",
        on_select="rerun",
        selection_mode="single-row",
        height=min(ROW_PX * (len(page.rows) + 1) + 3, ROW_PX * 16 + 3),  # ≤ 15 rows, no gap
    )
    if event.selection.rows:
        q.open_interview(str(page.rows[event.selection.rows[0]].interview_id))
    ids = [str(r.interview_id) for r in page.rows]
    labels = {str(r.interview_id): q.interview_choice_label(r, zone) for r in page.rows}
    pick, go = st.columns([5, 1], vertical_alignment="bottom")
    chosen = pick.selectbox("Open an interview", ids, format_func=labels.get, key="open_choice")
    if go.button("Open", key="open_button", width="stretch") and chosen:
        q.open_interview(chosen)


def explain(view: q.ListView) -> None:
    """Past-due interviews are flagged as a whole: each still says scheduled."""
    if view is q.ListView.PAST_DUE:
        st.warning(
            "Scheduled interviews whose start has passed, newest first: open one to mark it "
            "completed, cancelled or no-show.",
            icon=":material/warning:",
        )


def live_list() -> None:
    with q.shown_errors():
        show_list()


def show_list() -> None:
    view = choose_view()
    explain(view)
    stack = cursor_stack(view)
    q.live_refresh_list(view)
    page = q.view_page(view, stack[-1])
    if page.rows:
        pager(view, stack, page, q.view_counts().get(view))
        table(page)
        status = view.status  # the CSV holds the whole stored status, newest first
        st.download_button(
            f"Download all {status.label.lower()} interviews as CSV",
            data=q.status_csv(status),  # built page by page when clicked
            file_name=f"interviews-{status.value}.csv",
            mime="text/csv",
            on_click="ignore",
            key="list_csv",
            icon=":material/download:",
        )
    else:
        st.info(f"No {view.label.lower()} interviews.")


every = None
with q.shown_errors():  # a bad LIVE_REFRESH_SECONDS is shown; the list still works, not live
    every = q.live_every()
# Reruns alone every LIVE_REFRESH_SECONDS: others' new feedback and status changes appear.
st.fragment(live_list, run_every=every)()
