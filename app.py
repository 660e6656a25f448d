"""Interview Autopilot: the entrypoint. Registers the pages, shows the backend, runs the page."""

import streamlit as st

from interview_autopilot.ui import queries as q

q.start_reading()  # "How this was read" (administrators): what the stores run in this rerun
st.set_page_config(page_title="Interview Autopilot", page_icon=q.PAGE_ICON, layout="wide")

# The legacy file-name list stays hidden (.streamlit/config.toml); this navigation shows.
st.set_option("client.showSidebarNavigation", True)

# A candidate's self-scheduling link (?booking=...): their booking page alone, without sign-in,
# before anything else: no other page is registered in this run, no sidebar, no viewer.
if q.booking_link_visit():
    booking = st.navigation(
        [  # the link's path (/book), and the same page as the default (a default page's path
            # is "/": a link to /book needs a page of its own, or it is "not found")
            st.Page(q.BOOK_PAGE, title="Book your interview", url_path="book"),
            st.Page(q.BOOK_PAGE, title="Book your interview", url_path="booking", default=True),
        ],
        position="hidden",
    )
    if q.prepare():
        booking.run()
    st.stop()


def pages(scorecards: str = "Scorecards due", schedule: bool = True) -> list:
    """Every page; the Schedule page hidden from the navigation of whom it refuses."""
    return [
        st.Page(q.HOME_PAGE, title="This week", icon=":material/home:", default=True),
        st.Page(
            q.INTERVIEWS_PAGE, title="Interviews", icon=":material/list:", url_path="interviews"
        ),
        st.Page(
            q.INTERVIEW_PAGE, title="Interview", icon=":material/search:", url_path="interview"
        ),
        st.Page(
            q.SCHEDULE_PAGE,
            title="Schedule",
            icon=":material/event:",
            url_path="schedule",
            visibility="visible" if schedule else "hidden",
        ),
        st.Page(
            q.FEEDBACK_PAGE, title="Feedback", icon=":material/rate_review:", url_path="feedback"
        ),
        st.Page(
            q.SCORECARDS_PAGE,
            title=scorecards,
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
        st.Page(  # reached from an application on the candidate page, never from the menu
            q.DEBRIEF_PAGE,
            title="Debrief",
            icon=":material/groups:",
            url_path="debrief",
            visibility="hidden",
        ),
        st.Page(
            q.INSIGHTS_PAGE, title="Insights", icon=":material/bar_chart:", url_path="insights"
        ),
        st.Page(
            q.CANDIDATE_FORM_PAGE,
            title="Add candidate",
            icon=":material/person_add:",
            url_path="candidate_form",
        ),
        st.Page(q.JOBS_PAGE, title="Jobs", icon=":material/work:", url_path="jobs"),
        st.Page(q.AUTOPILOT_PAGE, title="Autopilot", icon=":material/send:", url_path="autopilot"),
        st.Page(q.PEOPLE_PAGE, title="People", icon=":material/group:", url_path="people"),
        st.Page(q.IMPORT_PAGE, title="Import", icon=":material/upload_file:", url_path="import"),
        st.Page(q.TABLES_PAGE, title="Tables", icon=":material/table_view:", url_path="tables"),
    ]


def stop() -> None:
    """No page runs: the pages are registered (so a deep link keeps its URL), none is shown."""
    st.navigation(pages(), position="hidden")
    st.stop()


# Nobody signed in where sign-in is configured: the sign-in screen, and no store read at all.
if q.awaiting_sign_in():
    # The navigation first: the pages are registered (a deep link keeps its URL) before the
    # Sign in button exists; under a bare `streamlit run app.py` this is also where a fresh
    # server leaves its legacy pages mode, so the first visitor's first click is not dropped.
    st.navigation(pages(), position="hidden")
    q.sign_in_screen()
    st.stop()
with q.shown_errors():  # the open demo on a shared store only when DEMO_MODE says so
    if refusal := q.demo_refusal():
        st.error(refusal, icon=":material/lock:")
        stop()
if banner := q.demo_banner():  # every page, above its content
    st.warning(banner, icon=":material/theater_comedy:")

with st.sidebar:
    st.caption(f"Backend: **{q.backend_name()}**")
    with q.shown_errors():
        if note := q.clock_note():  # AUTOPILOT_CLOCK_FILE: tests and demos only
            st.warning(note, icon=":material/schedule:")

# Connect (and load the sample data on the very first start) before the page asks for data.
if not q.prepare():
    stop()
if outage := q.outage_notice():  # pages may still show reads cached before it began
    st.warning(outage, icon=":material/cloud_off:")
# Who is looking: signed in (or the demo's "Viewing as"); else the "not registered" screen.
viewer = q.identify()
if viewer is None:
    stop()
# expanded: every page listed (Streamlit folds more than ten behind "View N more").
page = st.navigation(pages(q.scorecards_title(), q.may_schedule()), expanded=True)
if viewer.admin:
    with st.sidebar, st.expander("Settings", expanded=False), q.shown_errors():
        st.caption(f"The settings the {q.backend_name()} backend reads (secrets hidden).")
        for name, value, meaning in q.settings_in_use():
            st.markdown(f"**{name}**: {q.inert(value or 'empty')}  \n{q.inert(meaning)}")
page.run()
q.show_reading()
