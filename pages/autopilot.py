"""Autopilot: the invites and reminders the worker sends by itself. What goes out next, what
went out (to whom, when, by which channel, the outcome), what failed and why, the policy in
force, and a switch that pauses every worker (recruiters and administrators)."""

import streamlit as st

from interview_autopilot.ui import queries as q

st.title("Autopilot")


def pause_switch(paused: bool) -> None:
    """The pause switch: every worker reads it before each pass."""
    wanted = st.toggle("Paused: nothing is sent", value=paused, key="ap_paused")
    if wanted != paused:
        q.pause_autopilot(wanted)
        st.rerun()
    if paused:
        st.warning(
            "The autopilot is paused: messages wait until it is resumed.", icon=":material/pause:"
        )


def table(frame, empty: str, key: str) -> None:
    if frame.empty:
        st.caption(empty)
    else:
        st.dataframe(frame, hide_index=True, use_container_width=True, key=key)


def body() -> None:
    if not q.may_run_autopilot():
        st.info("The Autopilot page is for recruiters and administrators.", icon=":material/lock:")
        return
    view = q.autopilot_overview()
    pause_switch(view.paused)
    due, sent, failing = st.columns(3)
    due.metric("Due next (24 h)", view.counts["due"])
    sent.metric("Sent", view.counts["sent"])
    failing.metric("Failing", view.counts["failing"])
    st.subheader("Next")
    table(view.upcoming, "Nothing is due in the next 24 hours.", "ap_next")
    st.subheader("Sent")
    table(view.went, "Nothing went out recently.", "ap_sent")
    st.subheader("Failed")
    table(view.failing, "Nothing failed.", "ap_failed")
    with st.expander("Policy"):
        for name, value, meaning in q.autopilot_policy():
            st.markdown(f"**{name}**: {q.inert(value)}  \n{q.inert(meaning)}")
    st.caption("The worker: `interview-autopilot autopilot run` (docs/autopilot.md).")


with q.shown_errors():
    body()
