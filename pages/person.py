"""Interviewer: profile, this week's and next week's interviews, feedback still owed, and
history. Deep link: /person?user=<uuid>."""

import streamlit as st

from interview_autopilot.ui import queries as q

q.require_frame()


def rows(title: str, found: list, zone: q.tzinfo, empty: str) -> None:
    st.subheader(f"{title} ({len(found)})")
    if not found:
        st.caption(empty)
        return
    links(found, zone)


def links(found: list, zone: q.tzinfo) -> None:
    for r in found:
        st.page_link(
            q.INTERVIEW_PAGE,
            label=f"{q.time_label(r.scheduled_start, zone)} · "
            + q.inert(f"{r.candidate_name} · {r.job_title} · {r.status.label}"),
            icon=":material/search:",
            query_params={"interview": str(r.interview_id)},
        )


def calibration(user_id: str, owes_feedback: bool) -> None:
    """Their calibration figures beside the team's (only for them, recruiters and admins)."""
    figures = q.person_calibration(user_id, owes_feedback)
    if figures is None:
        return
    st.subheader("Calibration")
    st.caption(
        "From their own scorecards: leniency is their score minus the panel's mean on the "
        "same interview and attribute; agreement compares their verdict with the hiring "
        "decision (advance or reject)."
    )
    st.table(figures.frame().set_index("Figure"))
    if figures.team_note:
        st.info(figures.team_note, icon=":material/lock:")


def show(user_id: str) -> None:
    u = q.user(user_id)
    if u is None:
        st.title("Interviewer")
        q.link_problem("No user has this id.", user_id)
        return
    zone = q.viewer_zone()
    st.title(q.inert(u.name))
    st.markdown(f"{u.role.label} · Slack {q.inert(u.slack_handle or '—')}")
    st.text(u.email)
    week = q.person_week(str(u.user_id))
    rows("This week", week.this_week, zone, "No interview this week.")
    rows("Next week", week.next_week, zone, "No interview next week.")
    rows("Feedback to give", week.pending, zone, "Every feedback is in.")
    hours, days = q.scorecard_due_hours(), q.feedback_horizon_days()
    st.caption(
        f"Counted as on Home and Scorecards due: feedback is due {hours:g} hours after the "
        f"interview's end (SCORECARD_DUE_HOURS), for interviews of the last {days} days."
    )
    if week.just_ended:
        with st.expander(f"Just ended, feedback not due yet ({len(week.just_ended)})"):
            links(week.just_ended, zone)
    if week.older:
        with st.expander(f"Older than {days} days, still without feedback ({len(week.older)})"):
            links(week.older, zone)
    calibration(str(u.user_id), bool(week.pending or week.just_ended or week.older))
    with st.expander(f"History ({len(week.history)})"):
        rows("Before this week", week.history, zone, "No earlier interview.")
    st.caption(f"Times and weeks in {q.zone_name(zone)}.")


user_id = st.query_params.get("user", "").strip()
if not user_id:
    st.title("Interviewer")
    st.info("Open a person from an interview, or paste a link ending in `?user=<id>`.")
else:
    with q.shown_errors():
        show(user_id)
