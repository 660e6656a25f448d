"""Add a candidate, or edit one (/candidate_form?candidate=<uuid>): name, email, resume and
links (recruiters and administrators). An email that already belongs to a candidate points to
that candidate instead of making a second one."""

import streamlit as st

from interview_autopilot.ui import queries as q

FIELDS = ("name", "email", "resume", "links")


def prefill(values: tuple[str, str, str, str], overwrite: bool) -> None:
    for name, value in zip(FIELDS, values, strict=True):
        if overwrite or f"cnd_{name}" not in st.session_state:
            st.session_state[f"cnd_{name}"] = value


def existing(exc: q.EmailTaken) -> None:
    """The candidate who already has the email, to open instead."""
    found = q.candidate(str(exc.existing))
    who = f": {q.inert(found.name)}" if found else ""
    st.warning(f"A candidate with this email already exists{who}.", icon=":material/group:")
    st.page_link(
        q.CANDIDATE_PAGE,
        label="Open the existing candidate",
        icon=":material/person_search:",
        query_params={"candidate": str(exc.existing)},
    )


def saved(candidate_id: str) -> None:
    st.page_link(
        q.CANDIDATE_PAGE,
        label="Open the candidate",
        icon=":material/person_search:",
        query_params={"candidate": candidate_id},
    )


def form(candidate_id: str | None) -> None:
    with st.form("cnd_form", border=True):
        name = st.text_input("Name", key="cnd_name")
        email = st.text_input("Email", key="cnd_email")
        resume = st.text_area("Resume", key="cnd_resume", height=160)
        links = st.text_area(
            "Links (one a line)",
            key="cnd_links",
            placeholder="https://www.linkedin.com/in/…",
        )
        label = "Save changes" if candidate_id else "Add candidate"
        if not st.form_submit_button(label, type="primary"):
            return
    try:
        if candidate_id:
            q.update_candidate(candidate_id, name, email, resume, links)
            made = candidate_id
        else:
            made = q.add_candidate(name, email, resume, links)
    except q.EmailTaken as exc:
        existing(exc)
        return
    st.session_state.cnd_done = (made, f"{name.strip()} was saved.")
    st.session_state.cnd_loaded = None  # the next run refills the form (empty after an add)
    st.rerun()


def page() -> None:
    if not q.may_edit_candidates():
        st.title("Candidates")
        st.info("Recruiters and administrators add and edit candidates.")
        return
    wanted = st.query_params.get("candidate")
    current = q.candidate(wanted) if wanted else None
    if wanted and current is None:
        st.title("Edit a candidate")
        q.link_problem("No candidate has this id.", wanted)
        return
    st.title(f"Edit {q.inert(current.name)}" if current else "Add a candidate")
    if current is None:
        st.page_link(
            q.IMPORT_PAGE,
            label="Import candidates from a CSV file",
            icon=":material/upload_file:",
            query_params={"kind": "candidates"},
        )
    if done := st.session_state.pop("cnd_done", None):
        st.success(q.inert(done[1]), icon=":material/check:")
        saved(done[0])
    loaded = str(current.candidate_id) if current else ""
    first = st.session_state.get("cnd_loaded") != loaded
    prefill(q.candidate_form_values(current), overwrite=first)
    st.session_state.cnd_loaded = loaded
    form(loaded or None)


with q.shown_errors():
    page()
