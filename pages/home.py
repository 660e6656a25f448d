"""Home: this week, for the viewer: upcoming interviews soonest first, interviews that ended
and still wait for feedback, and (recruiters, hiring managers) the decisions pending."""

import streamlit as st

from interview_autopilot.ui import queries as q


def links(rows: list, label, page: str) -> None:
    """Interview links (to `page`, with ?interview=<id>), each starting with its local time."""
    zone = q.viewer_zone()
    for r in rows:
        st.page_link(
            page,
            label=f"{q.time_label(r.scheduled_start, zone)} · {q.inert(label(r))}",
            icon=":material/rate_review:" if page == q.FEEDBACK_PAGE else ":material/search:",
            query_params={"interview": str(r.interview_id)},
        )


def section(title: str, rows: list, empty: str, label, page: str) -> None:
    """A titled list of interview links."""
    st.subheader(f"{title} ({len(rows)})")
    if not rows:
        st.caption(empty)
    links(rows, label, page)


def owed_apart(week: q.HomeWeek, label, page: str) -> None:
    """What is owed but not counted: just ended (not due yet) and older than the horizon."""
    hours, days = q.scorecard_due_hours(), q.feedback_horizon_days()
    st.caption(
        f"Counted as on Scorecards due and the Interviewer page: feedback is due {hours:g} "
        f"hours after the interview's end (SCORECARD_DUE_HOURS), for interviews of the last "
        f"{days} days."
    )
    if week.just_ended:
        with st.expander(f"Just ended, feedback not due yet ({len(week.just_ended)})"):
            links(week.just_ended, label, page)
    if week.older:
        with st.expander(
            f"Older than {days} days, still without your feedback ({len(week.older)})"
        ):
            links(week.older, label, page)


def show() -> None:
    me = q.viewer()
    zone = q.viewer_zone()
    st.title("This week")
    st.caption(
        f"{q.inert(me.user.name)} · {me.role_label} · times in {q.zone_name(zone)} · "
        "select an interview to open it"
    )
    week = q.home_week()

    def when(r) -> str:
        return f"{r.candidate_name} · {r.job_title}"

    section(
        "Upcoming, next 14 days",
        week.upcoming,
        "Nothing scheduled in the next 14 days.",
        lambda r: f"{when(r)} · recruiter {r.recruiter_name}",
        q.INTERVIEW_PAGE,
    )

    def owed_label(r) -> str:
        return f"{when(r)} · feedback {r.feedback_count} of {r.participant_count}"

    owed_page = q.FEEDBACK_PAGE if me.user.role is not q.UserRole.RECRUITER else q.INTERVIEW_PAGE
    section(
        "Ended, waiting for feedback",
        week.awaiting,
        "No ended interview is waiting for feedback.",
        owed_label,
        owed_page,
    )
    owed_apart(week, owed_label, owed_page)
    if week.decides:
        section(
            "Decisions pending",
            week.decisions,
            "No complete interview is waiting for a hiring decision.",
            lambda r: f"{when(r)} · every feedback in · ATS {r.recommendation.label}",
            q.INTERVIEW_PAGE,
        )
    if week.truncated:
        st.caption(
            "Your interviews were looked for among the first rows of the shared lists only: "
            "open the Interviews list for the rest."
        )


with q.shown_errors():
    show()
