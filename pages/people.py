"""People (administrators): everyone on the team with their roles and status; add a person,
edit one, deactivate or reactivate them. A deactivated person keeps their history and name,
cannot sign in and is not offered for new panels."""

import streamlit as st

from interview_autopilot.ui import queries as q

st.title("People")

ROLES = [r.value for r in q.UserRole]
FIELDS = ("name", "email", "roles", "slack", "zone", "hours", "admin")


def prefill(prefix: str, form: q.PersonForm, overwrite: bool = False) -> None:
    """The inputs' values (kept in session state, so a rerun keeps what was typed)."""
    values = (form.name, form.email, list(form.roles), form.slack_handle, form.time_zone)
    for name, value in zip(FIELDS, (*values, form.working_hours, form.admin), strict=True):
        if overwrite or f"{prefix}_{name}" not in st.session_state:
            st.session_state[f"{prefix}_{name}"] = value


def fields(prefix: str, active: bool) -> q.PersonForm:
    """The profile's inputs (inside a form); what they hold."""
    name_col, email_col = st.columns(2)
    name = name_col.text_input("Name", key=f"{prefix}_name")
    email = email_col.text_input("Email", key=f"{prefix}_email")
    roles = st.multiselect(
        "Roles (the first is the main one)",
        ROLES,
        format_func=lambda r: q.UserRole(r).label,
        key=f"{prefix}_roles",
    )
    slack_col, zone_col, hours_col = st.columns(3)
    slack = slack_col.text_input("Slack handle", key=f"{prefix}_slack")
    zone = zone_col.text_input("Time zone", key=f"{prefix}_zone", placeholder="Europe/Paris")
    hours = hours_col.text_input("Working hours", key=f"{prefix}_hours", placeholder="09:00-17:30")
    admin = st.checkbox("Administrator", key=f"{prefix}_admin")
    return q.PersonForm(name, email, tuple(roles), slack, zone, hours, admin, active)


def add_person() -> None:
    prefill("ppl_add", q.person_form(None))
    with st.form("ppl_add_form", border=True):
        st.subheader("Add a person")
        form = fields("ppl_add", True)
        if st.form_submit_button("Add person", type="primary"):
            with q.shown_errors():
                q.add_person(form)
                st.session_state.ppl_note = f"{form.name.strip()} was added."
                for name in FIELDS:  # an empty form for the next person
                    st.session_state.pop(f"ppl_add_{name}", None)
                st.rerun()


def edit_person(people: dict[str, q.User]) -> None:
    st.subheader("Edit a person")
    chosen = st.selectbox(
        "Person",
        list(people),
        index=None,
        format_func=lambda i: q.person_label(people[i]),
        key="ppl_pick",
        placeholder="Pick someone to edit",
    )
    if chosen is None:
        return
    person = people[chosen]
    if st.session_state.get("ppl_loaded") != chosen:  # another person picked: their profile
        prefill("ppl_edit", q.person_form(person), overwrite=True)
        st.session_state.ppl_loaded = chosen
    with st.form("ppl_edit_form", border=True):
        form = fields("ppl_edit", person.active)
        if st.form_submit_button("Save changes", type="primary"):
            with q.shown_errors():
                q.update_person(chosen, form)
                st.session_state.ppl_note = f"{form.name.strip()}'s profile was saved."
                st.rerun()
    label = "Reactivate" if not person.active else "Deactivate"
    if st.button(label, key="ppl_active", icon=":material/person_off:"):
        with q.shown_errors():
            q.set_person_active(chosen, not person.active)
            done = "reactivated" if not person.active else "deactivated"
            st.session_state.ppl_note = f"{person.name} was {done}."
            st.rerun()
    history(chosen)


def history(person_id: str) -> None:
    with st.expander("History of this profile"):
        for entry in q.profile_history(person_id):
            st.markdown(f"**{entry.action.title()}** · {q.local_time(entry.at, q.viewer_zone())}")
            st.text(entry.after or "")


def page() -> None:
    users = q.people_directory()
    if note := st.session_state.pop("ppl_note", None):
        st.success(q.inert(note), icon=":material/check:")
    active = sum(u.active for u in users)
    st.caption(f"{active} active, {len(users) - active} deactivated.")
    st.dataframe(q.people_table(users), hide_index=True, key="ppl_table")
    st.page_link(
        q.IMPORT_PAGE,
        label="Import people from a CSV file",
        icon=":material/upload_file:",
        query_params={"kind": "people"},
    )
    add_person()
    edit_person({str(u.user_id): u for u in users})


with q.shown_errors():
    page()
