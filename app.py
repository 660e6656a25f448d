"""Interview Autopilot: the entrypoint. Registers the pages, shows the backend, runs the page."""

import streamlit as st

from interview_autopilot.ui import queries as q

q.start_reading()  # "How this was read" (administrators): what the stores run in this rerun
st.set_page_config(page_title="Interview Autopilot", page_icon=q.PAGE_ICON, layout="wide")

# The legacy file-name list stays hidden (.streamlit/config.toml); this navigation shows.
st.set_option("client.showSidebarNavigation", True)
page = st.navigation(
    [
        st.Page(q.HOME_PAGE, title="This week", icon=":material/home:", default=True),
        st.Page(
            q.INTERVIEWS_PAGE, title="Interviews", icon=":material/list:", url_path="interviews"
        ),
        st.Page(
            q.INTERVIEW_PAGE, title="Interview", icon=":material/search:", url_path="interview"
        ),
        st.Page(q.SCHEDULE_PAGE, title="Schedule", icon=":material/event:", url_path="schedule"),
        st.Page(
            q.FEEDBACK_PAGE, title="Feedback", icon=":material/rate_review:", url_path="feedback"
        ),
        st.Page(
            q.SCORECARDS_PAGE,
            title=q.scorecards_title(),
            icon=":material/assignment_late:",
            url_path="scorecards",
        ),
        st.Page(
            q.CANDIDATE_PAGE,
            title="Candidates",
            icon=":material/person_search:",
            url_path="candidate",
        ),
        st.Page(q.PERSON_PAGE, title="Interviewer", icon=":material/badge:", url_path="person"),
        st.Page(
            q.INSIGHTS_PAGE, title="Insights", icon=":material/bar_chart:", url_path="insights"
        ),
        st.Page(q.TABLES_PAGE, title="Tables", icon=":material/table_view:", url_path="tables"),
    ]
)

with st.sidebar:
    st.caption(f"Backend: **{q.backend_name()}**")
    with q.shown_errors():
        if note := q.clock_note():  # AUTOPILOT_CLOCK_FILE: tests and demos only
            st.warning(note, icon=":material/schedule:")

# Connect (and load the sample data on the very first start) before the page asks for data.
if not q.prepare():
    st.stop()
# Who is looking: signed in (or the demo's "Viewing as"); else the sign-in screen and stop.
viewer = q.identify()
if viewer is None:
    st.stop()
if viewer.admin:
    with st.sidebar, st.expander("Settings", expanded=False), q.shown_errors():
        st.caption(f"The settings the {q.backend_name()} backend reads (secrets hidden).")
        for name, value, meaning in q.settings_in_use():
            st.markdown(f"**{name}**: {q.inert(value or 'empty')}  \n{q.inert(meaning)}")
q.mark_framed()
page.run()
q.show_reading()
