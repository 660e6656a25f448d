"""A candidate's self-scheduling link, opened without signing in: the times it still offers in
the candidate's own zone (a zone picker, the browser's by default), one click books one; then
the booking, with "Add to calendar". A wrong, tampered, expired or used link gets one plain
message. app.py runs this page alone for a visit carrying a link: nothing else of the app."""

import streamlit as st

from interview_autopilot.ui import queries as q

st.title("Book your interview")


def zone() -> str:
    choices = q.zone_choices()
    default = q.browser_zone()
    return (
        st.selectbox(
            "Your time zone",
            choices,
            index=choices.index(default) if default in choices else None,
            key="bk_zone",
        )
        or default
    )


def booked(token: str, made: str, shown_in: str) -> None:
    """The booking this link made, with the calendar file."""
    b = q.link_booking(token, made, shown_in)
    st.success("Your interview is booked. See you then!", icon=":material/check_circle:")
    with st.container(border=True, key="bk_booked"):
        st.markdown(f"**{q.inert(b.title)}**")
        st.markdown(f":material/schedule: {q.inert(b.when)}")
        if b.panel:
            st.markdown(":material/group: With " + q.inert(", ".join(b.panel)))
        if b.video_link:
            st.text(b.video_link)
    st.download_button(
        "Add to calendar",
        b.calendar,
        file_name="interview.ics",
        mime="text/calendar",
        icon=":material/event:",
        key="bk_ics",
    )


def offer(token: str, view) -> None:
    """The times still open; a click books one (a time taken meanwhile: say so, show the rest)."""
    shown_in = zone()
    st.markdown(f"**{q.inert(view.title)}**")
    if gone := st.session_state.pop("bk_gone", None):
        st.error(q.inert(gone), icon=":material/event_busy:")
    if not view.times:
        st.info("No time offered is still free. Ask your recruiter for new times.")
        return
    st.caption(f"Pick one of these times ({q.inert(shown_in)}):")
    for n, time in enumerate(view.times):
        with st.container(border=True, key=f"bk_slot_{n}"):
            st.markdown(f"**{q.inert(time.when)}**")
            if st.button("Book this time", key=f"bk_pick_{n}", type="primary"):
                try:
                    made = q.book_from_link(token, time.start, shown_in)
                except q.ValidationError as exc:
                    if q.link_refusal(exc) is not None:
                        raise
                    st.session_state.bk_gone = exc.message
                else:
                    st.session_state.bk_made = made
                st.rerun()


def main() -> None:
    token = q.booking_token()
    made = st.session_state.get("bk_made")
    try:
        if made:
            booked(token, made, zone())
        else:  # a refused link shows its one message, before anything else
            shown_in = st.session_state.get("bk_zone") or q.browser_zone()
            offer(token, q.booking_link_view(token, shown_in))
    except q.ValidationError as exc:
        st.info(q.inert(exc.message), icon=":material/link_off:")


with q.shown_errors():
    main()
