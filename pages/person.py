"""Interviewer: profile, this week's and next week's interviews, feedback still owed, and
history. Deep link: /person?user=<uuid>."""

from datetime import time

import streamlit as st

from interview_autopilot.ui import queries as q


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


def busy_times(user_id: str) -> None:
    """The person's busy blocks of the next four weeks, their interview limits, and (for the
    person, recruiters and administrators) adding a block by hand or from a calendar file."""
    found = q.person_availability(user_id)
    st.subheader(f"Busy times ({len(found.blocks)})")
    if note := st.session_state.pop("blk_imported", None):
        st.success(q.inert(note))
    editable = q.may_edit_blocks(user_id)
    if not found.blocks:
        st.caption("No busy time in the next four weeks besides their interviews.")
    for b in found.blocks:
        text_col, button_col = st.columns([5, 1])
        text_col.markdown(q.inert(f"{b.when} · {b.title} · {b.source}"))
        if editable and button_col.button("Remove", key=f"blk_rm_{b.block_id}"):
            q.remove_busy_block(user_id, b.block_id)
            st.rerun()
    st.caption(
        f"Times in {found.zone}. Interviews: {found.limits_text}. Their interviews count as "
        "busy too."
    )
    if editable:
        add_block(user_id)
    if q.may_edit_pools():
        limits(user_id, found.limits)


def add_block(user_id: str) -> None:
    with st.expander("Add busy time, or import a calendar"):
        day_col, start_col, end_col = st.columns(3)
        today = q.now().astimezone(q.viewer_zone()).date()
        day = day_col.date_input("Day", key="blk_day", value=today)
        start = start_col.time_input("From", key="blk_start", value=time(9, 0), step=900)
        end = end_col.time_input("To", key="blk_end", value=time(10, 0), step=900)
        title = st.text_input("What", key="blk_title", placeholder="e.g. Dentist")
        if st.button("Add busy time", key="blk_add"):
            with q.shown_errors():
                q.add_busy_block(user_id, day, start, end, title)
                st.rerun()
        upload = st.file_uploader("Or a calendar file (.ics)", type=["ics"], key="blk_ics")
        if upload is not None and st.button("Import the calendar", key="blk_import"):
            with q.shown_errors():
                n = q.import_calendar(user_id, upload.getvalue())
                st.session_state.blk_imported = f"{n} busy times imported from {upload.name}."
                st.rerun()


def limits(user_id: str, own) -> None:
    with st.expander("Interview limits"):
        day_col, week_col = st.columns(2)
        daily = day_col.number_input(
            "A day (empty: the default)", 0, 100, own.daily, key="lim_daily"
        )
        weekly = week_col.number_input(
            "A week (empty: the default)", 0, 100, own.weekly, key="lim_weekly"
        )
        if st.button("Save limits", key="lim_save"):
            with q.shown_errors():
                q.set_person_limits(
                    user_id,
                    None if daily is None else int(daily),
                    None if weekly is None else int(weekly),
                )
                st.rerun()


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
    busy_times(str(u.user_id))


user_id = st.query_params.get("user", "").strip()
if not user_id:
    st.title("Interviewer")
    st.info("Open a person from an interview, or paste a link ending in `?user=<id>`.")
else:
    with q.shown_errors():
        show(user_id)
