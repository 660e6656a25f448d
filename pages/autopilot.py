"""Autopilot: the invites and reminders the worker sends by itself. What goes out next, what
went out (to whom, when, by which channel, the outcome), what failed and why, the policy in
force, a switch that pauses every worker, and the candidate emails' templates (recruiters and
administrators)."""

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


def template(view: q.TemplateView) -> None:
    """One email's template: the draft's form, its preview, and the switches of the text in
    use. Keys carry the version, so a save redraws the form with what was saved."""
    t = view.template
    name, seen = t.name.value, t.version
    with st.expander(t.name.label, expanded=view.draft_pending):
        st.caption(view.status)
        message = st.empty()
        with st.form(key=f"tpl_{name}_{seen}"):
            subject, text = t.draft
            new_subject = st.text_input("Subject", value=subject, key=f"tpl_subject_{name}")
            new_body = st.text_area("Text", value=text, height=180, key=f"tpl_body_{name}")
            if st.form_submit_button("Save draft", icon=":material/save:"):
                try:
                    q.save_template_draft(name, new_subject, new_body, seen)
                except q.ValidationError as exc:
                    message.error(q.inert(exc.message))
                else:
                    st.rerun()
        st.markdown("**Preview** (the saved draft, for a sample interview)")
        with st.container(border=True, key=f"tpl_preview_{name}"):
            st.markdown(f"**{q.inert(view.preview[0])}**")
            st.text(view.preview[1])
        use, default = st.columns(2)
        switch = None
        if use.button(
            "Use this draft", key=f"tpl_use_{name}_{seen}", disabled=not view.draft_pending
        ):
            switch = q.use_template_draft
        if default.button(
            "Back to the default text", key=f"tpl_default_{name}_{seen}", disabled=not t.subject
        ):
            switch = q.use_default_template
        if switch is not None:
            try:
                switch(name, seen)
            except q.ValidationError as exc:
                message.error(q.inert(exc.message))
            else:
                st.rerun()


def templates() -> None:
    st.subheader("Candidate emails")
    st.caption(q.candidate_emails_note())
    st.caption(
        "Placeholders: "
        + ", ".join(f"`{{{f}}}` {q.inert(meaning)}" for f, meaning in q.TEMPLATE_FIELDS.items())
        + ". Write `{{` or `}}` for a brace. A draft goes out only once put in use."
    )
    for view in q.candidate_templates():
        template(view)


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
    templates()
    with st.expander("Policy"):
        for name, value, meaning in q.autopilot_policy():
            st.markdown(f"**{name}**: {q.inert(value)}  \n{q.inert(meaning)}")
    st.caption("The worker: `interview-autopilot autopilot run` (docs/autopilot.md).")


with q.shown_errors():
    body()
