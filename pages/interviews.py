"""Interviews: upcoming soonest first (the default), past due apart and flagged, then each
other status newest first; 50 per page with keyset next/previous; narrowed to one recruiter or
one job title (kept in the URL: ?recruiter=<id> or ?job=<title>)."""

import streamlit as st

from interview_autopilot.ui import queries as q

ROW_PX = 35  # st.dataframe's row height
# Column widths (px) that fit the seven columns beside the sidebar in a 1400 px window, the
# Attention flag whole; on a narrower screen the grid scrolls sideways.
COLUMNS = {
    "When": st.column_config.TextColumn(width=116),
    "Candidate": st.column_config.TextColumn(width=132),
    "Job title": st.column_config.TextColumn(width=154),
    "Recruiter": st.column_config.TextColumn(width=125),
    "Feedback": st.column_config.TextColumn(width=72),
    "ATS recommendation": st.column_config.TextColumn(width=136),  # the CSV's header too
    "Attention": st.column_config.TextColumn(width=170),
}

st.title("Interviews")


def view_label(view: q.ListView, counts: dict[q.ListView, int | None]) -> str:
    n = counts.get(view)
    return view.label if n is None else f"{view.label} ({n})"


FILTERS = {"recruiter_filter": "recruiter", "job_filter": "job"}  # widget key -> URL param
UNKNOWN = {  # a link's filter that matches nothing: said, then the whole list is shown
    "recruiter": "No recruiter has the id in this link: the list shows every recruiter's.",
    "job": "No interview has the job title in this link: the list shows every job title.",
}


def only(kept: str) -> None:
    """One filter at a time: choosing one clears the other."""
    for key in FILTERS:
        if key != kept:
            st.session_state[key] = ""


def choose_filter() -> q.ListFilter | None:
    """The recruiter and job title pickers. A link's ?recruiter= or ?job= sets them; their
    choice is written back to the URL (kept in the session when a page link drops it)."""
    options = {"recruiter_filter": q.recruiter_choices(), "job_filter": q.job_title_choices()}
    linked = q.filters_from_url(*(st.query_params.get(p, "") for p in FILTERS.values()))
    if any(linked) and linked != st.session_state.get("filters_in_url"):
        st.session_state.update(zip(FILTERS, linked, strict=True))
        for key, param in FILTERS.items():
            if st.session_state[key] and st.session_state[key] not in options[key]:
                q.link_problem(UNKNOWN[param], st.query_params.get(param, ""))
    for key in FILTERS:
        if st.session_state.get(key) not in options[key]:  # none yet, or no longer offered
            st.session_state[key] = ""
    labels = {"recruiter_filter": "Recruiter", "job_filter": "Job title"}
    for column, (key, choices) in zip(st.columns(2), options.items(), strict=True):
        column.selectbox(
            labels[key],
            list(choices),
            format_func=choices.get,
            key=key,
            on_change=only,
            args=(key,),
        )
    values = tuple(st.session_state[key] for key in FILTERS)
    for value, param in zip(values, FILTERS.values(), strict=True):
        if value:
            st.query_params[param] = value
        elif param in st.query_params:
            del st.query_params[param]
    st.session_state.filters_in_url = values
    return q.filtered(*values)


def choose_view(list_filter: q.ListFilter | None) -> q.ListView:
    """The list selector (upcoming first), each list labelled with its count. The choice is
    remembered outside the widget, so coming back from an interview returns to the same list
    and page."""
    counts = q.view_counts(list_filter)
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


def cursor_stack(status: q.ListView, list_filter: q.ListFilter | None) -> list:
    """Cursors of the pages walked so far (first page: None); a new status or filter starts
    over."""
    if st.session_state.get("cursor_status") != (status, list_filter):
        st.session_state.cursor_status = (status, list_filter)
        st.session_state.cursors = [None]
    return st.session_state.cursors


def where(view: q.ListView, stack: list, page: q.InterviewPage, total: int | None) -> None:
    """Which interviews these are, above the list."""
    first = (len(stack) - 1) * q.PAGE_SIZE + 1
    last = first + len(page.rows) - 1
    of = (f" of {total}" if total is not None else "") + (
        " · soonest first" if view.soonest_first else ""
    )
    st.caption(
        f"Page {len(stack)} · interviews {first}–{last}{of}"
        f" · times in {q.zone_name(q.viewer_zone())} · select a row to open it"
    )


def pager(stack: list, page: q.InterviewPage) -> None:
    """Previous / next, below the list: the grid's toolbar, shown above it on hover, covers
    nothing there."""
    prev_col, _gap, next_col = st.columns([1, 4, 1], vertical_alignment="center")
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


def table(page: q.InterviewPage) -> None:
    """The rows; selecting one opens it (the picker below does the same without a mouse)."""
    zone = q.viewer_zone()
    event = st.dataframe(
        q.interviews_table(page.rows, zone, q.now()),
        hide_index=True,
        column_config=COLUMNS,
        key="interviews_table",
        on_select="rerun",
        selection_mode="single-row",
        height=min(ROW_PX * (len(page.rows) + 1) + 3, ROW_PX * 16 + 3),  # ≤ 15 rows, no gap
    )
    if event.selection.rows:
        q.open_interview(str(page.rows[event.selection.rows[0]].interview_id))


def picker(page: q.InterviewPage) -> None:
    """Opens a row without a mouse."""
    zone = q.viewer_zone()
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
    list_filter = choose_filter()
    view = choose_view(list_filter)
    explain(view)
    stack = cursor_stack(view, list_filter)
    q.live_refresh_list(view)
    page = q.view_page(view, stack[-1], list_filter)
    if page.rows:
        where(view, stack, page, q.view_counts(list_filter).get(view))
        table(page)
        pager(stack, page)
        picker(page)
        narrowed = " of this filter" if list_filter else ""
        st.download_button(  # the whole list as shown (filtered), in its order
            f"Download all {view.label.lower()} interviews{narrowed} as CSV",
            data=q.view_csv(view, list_filter),  # built page by page when clicked
            file_name=f"interviews-{view.value}{'-filtered' if list_filter else ''}.csv",
            mime="text/csv",
            on_click="ignore",
            key="list_csv",
            icon=":material/download:",
        )
    else:
        narrowed = " for this filter" if list_filter else ""
        st.info(f"No {view.label.lower()} interviews{narrowed}.")


every = None
with q.shown_errors():  # a bad LIVE_REFRESH_SECONDS is shown; the list still works, not live
    every = q.live_every()
# Reruns alone every LIVE_REFRESH_SECONDS: others' new feedback and status changes appear.
st.fragment(live_list, run_every=every)()
