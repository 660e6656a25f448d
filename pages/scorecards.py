"""Scorecards due: who still owes feedback for an interview that ended a while ago, grouped by
person, with days overdue, their Slack handle and a reminder to copy."""

import streamlit as st

from interview_autopilot.ui import queries as q

st.title("Scorecards due")


def person(p: q.PersonDue, me: q.Viewer, reminded: dict) -> None:
    """One person: their missing scorecards, oldest first, each with the last reminder they
    got for it, and the reminder to paste. Each opens where the viewer can act: their own
    Feedback form, else the interview."""
    zone = q.viewer_zone()
    mine = p.user_id == me.user_id
    with st.container(border=True):
        st.markdown(
            f"**{q.inert(p.name)}** · Slack {q.inert(p.slack_handle or '—')} · "
            f"{len(p.items)} missing · up to {q.plural(p.most_days_overdue, 'day')} overdue"
        )
        st.page_link(
            q.PERSON_PAGE,
            label=q.inert(f"{p.name}'s page"),
            icon=":material/badge:",
            query_params={"user": str(p.user_id)},
        )
        for i in p.items:
            st.page_link(
                q.FEEDBACK_PAGE if mine else q.INTERVIEW_PAGE,
                label=q.inert(f"{i.candidate_name} · {i.job_title} · ended ")
                + q.time_label(i.ended_at, zone)
                + f" · {q.plural(i.days_overdue, 'day')} overdue · "
                + q.inert(reminded[(i.interview_id, p.user_id)]),
                icon=":material/rate_review:" if mine else ":material/search:",
                query_params={"interview": str(i.interview_id)},
            )
        with st.expander("Reminder to copy"):
            st.code(q.reminder_text(p), language=None)


def board() -> None:
    """The whole board: re-read every LIVE_REFRESH_SECONDS without a reload."""
    with q.shown_errors():
        q.live_refresh_scorecards()
        hours = q.scorecard_due_hours()
        due = q.scorecards_due()
        st.caption(
            f"Participants whose interview ended more than {hours:g} hours ago without their "
            f"feedback (SCORECARD_DUE_HOURS), for interviews of the last "
            f"{q.feedback_horizon_days()} days, most overdue first · times in "
            f"{q.zone_name(q.viewer_zone())} · the same count as on Home and each person's "
            "page, which also lists their older ones"
        )
        if not due:
            st.success("Every scorecard is in.", icon=":material/check_circle:")
        me = q.viewer()
        reminded = q.last_reminders(due)
        for p in due:
            person(p, me, reminded)


every = None
with q.shown_errors():  # a bad LIVE_REFRESH_SECONDS is shown; the board works, not live
    every = q.live_every()
# Reruns alone every LIVE_REFRESH_SECONDS: a colleague's new feedback leaves the board.
st.fragment(board, run_every=every)()
