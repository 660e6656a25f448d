"""Who is looking: Streamlit's OpenID Connect sign-in when secrets.toml has an `[auth]` section,
otherwise the demo's "Viewing as" picker. Called by the queries package (queries/viewing.py); the
sidebar and the sign-in screens are drawn here so that app.py stays a few lines.

Signed in, the account's email is matched to `users` (case-insensitively); an email nobody is
registered with gets a plain "not registered here" screen and the way out. Administrators are
the users whose email is in ADMIN_EMAILS; in the demo, a switch makes the chosen person one.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ..core.access import Viewer, find_user
from ..core.formatting import inert
from ..core.models import User

# The demo's choices, kept in plain session state (a widget's own state is dropped on a run
# that does not draw it): who is viewing (a user id), and whether as an administrator.
VIEWER_KEY = "viewer"
ADMIN_KEY = "viewer_admin"
# Once a choice is made in the picker it is also kept in the URL (?as=<user id>&admin=1), so a
# reload, which starts a new session, views the app as the same person.
IN_URL_KEY = "viewer_in_url"
AS_PARAM, ADMIN_PARAM = "as", "admin"


def sign_in_configured(secrets: Mapping[str, object]) -> bool:
    """True when secrets.toml configures OpenID Connect sign-in (an `[auth]` table)."""
    return isinstance(secrets.get("auth"), Mapping)


def providers(secrets: Mapping[str, object]) -> list[str | None]:
    """The `st.login` provider names: None for a provider configured in `[auth]` itself,
    then each `[auth.<name>]` table."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping):
        return []
    named: list[str | None] = [
        str(k) for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v
    ]
    return [None, *named] if "client_id" in auth else named


def signed_in_email() -> str | None:
    """The signed-in account's email, None when nobody is signed in."""
    if not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    return str(email) if email else ""


def _from_url() -> None:
    """A new session (a reload) takes the demo's choice from the URL, once."""
    if VIEWER_KEY in st.session_state or AS_PARAM not in st.query_params:
        return
    st.session_state[VIEWER_KEY] = st.query_params.get(AS_PARAM, "")
    st.session_state[ADMIN_KEY] = st.query_params.get(ADMIN_PARAM) == "1"
    st.session_state[IN_URL_KEY] = True


def demo_user(users: list[User]) -> User | None:
    """The person the demo is viewed as: the picker's choice (or the URL's), else the first
    user listed."""
    _from_url()
    chosen = st.session_state.get(VIEWER_KEY)
    found = next((u for u in users if str(u.user_id) == chosen), None)
    return found or (demo_order(users)[0] if users else None)


def demo_order(users: list[User]) -> list[User]:
    """Recruiters first (they can do the most), then hiring managers, then interviewers."""
    rank = {"recruiter": 0, "hiring_manager": 1, "interviewer": 2}
    return sorted(users, key=lambda u: (rank.get(u.role.value, 3), u.name, str(u.user_id)))


def current_viewer(
    users: list[User], admins: set[str], secrets: Mapping[str, object]
) -> Viewer | None:
    """The viewer of this session, None when sign-in is required and nobody registered is
    signed in."""
    if sign_in_configured(secrets):
        user = find_user(users, signed_in_email())
        return Viewer(user, user.email.lower() in admins) if user else None
    user = demo_user(users)
    if user is None:
        return None
    demo_admin = bool(st.session_state.get(ADMIN_KEY, False))
    return Viewer(user, demo_admin or user.email.lower() in admins)


def sign_in_screen(secrets: Mapping[str, object]) -> None:
    """Nobody is signed in: what this is and the sign-in button(s)."""
    st.title("Interview Autopilot")
    st.write("Sign in with your work account to see interviews and give feedback.")
    for name in providers(secrets):
        label = "Sign in" if name is None else f"Sign in with {name.title()}"
        if st.button(label, key=f"sign_in_{name or 'default'}", type="primary"):
            st.login(name)  # None: the provider configured in [auth] itself


def not_registered_screen(email: str) -> None:
    """Signed in with an account nobody registered: say so plainly, offer the way out."""
    st.title("Not registered here")
    st.write(
        f"You are signed in as **{inert(email or 'an account without an email')}**, but nobody "
        "with that email is registered in Interview Autopilot. Ask a recruiter to add you."
    )
    if st.button("Sign out", key="sign_out"):
        st.logout()


def signed_in_sidebar(viewer: Viewer) -> None:
    st.markdown(f":material/person: **{inert(viewer.user.name)}**  \n{viewer.role_label}")
    if st.button("Sign out", key="sign_out", icon=":material/logout:"):
        st.logout()


def demo_sidebar(users: list[User], viewer: Viewer) -> None:
    """The demo's note, "Viewing as" and the administrator switch."""
    st.info(
        "Demo without sign-in: anyone can view the app as anyone. Configure `[auth]` in "
        "`.streamlit/secrets.toml` for real sign-in.",
        icon=":material/theater_comedy:",
    )
    people = {str(u.user_id): u for u in demo_order(users)}
    ids = list(people)
    st.selectbox(
        "Viewing as",
        ids,
        index=ids.index(str(viewer.user_id)),
        format_func=lambda i: f"{people[i].name} ({people[i].role.label})",
        key="viewer_pick",
        on_change=_remember,
        args=("viewer_pick", VIEWER_KEY),
    )
    st.toggle(
        "Administrator",
        value=viewer.admin,
        key="viewer_admin_pick",
        on_change=_remember,
        args=("viewer_admin_pick", ADMIN_KEY),
        help="Tables page, doctor and settings.",
    )
    if st.session_state.get(IN_URL_KEY):  # every page's URL, links from other pages included
        st.query_params[AS_PARAM] = str(viewer.user_id)
        if viewer.admin:
            st.query_params[ADMIN_PARAM] = "1"
        elif ADMIN_PARAM in st.query_params:
            del st.query_params[ADMIN_PARAM]


def _remember(widget: str, kept: str) -> None:
    st.session_state[kept] = st.session_state[widget]
    st.session_state[IN_URL_KEY] = True
