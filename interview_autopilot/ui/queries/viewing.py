"""Who is looking: the session's viewer (signed in, or the demo's "Viewing as") and what
their role lets them see and do (the rules themselves are in access.py)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import streamlit as st

from ...core import access
from ...core.access import Viewer
from ...core.errors import Forbidden
from ...core.formatting import interviews_table as _interviews_table
from ...core.lifecycle import CLOSED
from ...core.logs import writes_logged
from ...core.models import InterviewDetail, InterviewSummary, User
from .. import identity
from ..frame import shown_errors
from ..per_run import per_run
from ._cache import cached_read
from .backend import _secrets, _store, get_store, load_settings


@cached_read
def _users() -> list[User]:
    return _store().list_users()


def _current_viewer() -> Viewer | None:
    """Worked out once per script run: every filtered read and write asks for it."""
    return per_run("viewer", _find_viewer)


def _find_viewer() -> Viewer | None:
    get_store()
    admins = access.admin_emails(load_settings()["ADMIN_EMAILS"])
    return identity.current_viewer(_users(), admins, _secrets())


def viewer() -> Viewer:
    """The person this session acts for; Forbidden when sign-in is required and nobody
    registered is signed in. Every write and every filtered read asks here, never a page."""
    found = _current_viewer()
    if found is None:
        raise Forbidden("Sign in with a registered account to continue.")
    return found


# Decorates each write of the query package: a refused one is logged with the viewer's id.
logged_write = writes_logged(actor=lambda: viewer().user_id)


def identify() -> Viewer | None:
    """app.py, before any page: the viewer, with their name and role (and sign-out) or the
    demo's "Viewing as" in the sidebar; None after drawing the sign-in or "not registered"
    screen (the page then does not run)."""
    with shown_errors():
        secrets = _secrets()
        found = _current_viewer()
        if identity.sign_in_configured(secrets):
            email = identity.signed_in_email()
            if email is None:
                identity.sign_in_screen(secrets)
            elif found is None:
                identity.not_registered_screen(email)
            else:
                with st.sidebar:
                    identity.signed_in_sidebar(found)
            return found
        if found is None:
            st.info("Nobody is registered yet: load the sample data or add users first.")
            return None
        with st.sidebar:
            identity.demo_sidebar(_users(), found)
        return found
    return None


def is_admin() -> bool:
    return viewer().admin


def may_change_status(detail: InterviewDetail) -> bool:
    """Whether the status control may save (the write checks again)."""
    return access.may_change_status(viewer(), detail.interview)


def feedback_hidden(detail: InterviewDetail) -> str | None:
    """Why the viewer sees none of this interview's feedback yet (None: they see it all)."""
    return access.feedback_hidden(viewer(), detail)


def verdicts_note(detail: InterviewDetail) -> str | None:
    """The short line the ATS record and hiring decision show while hidden (None: shown)."""
    return access.hidden_note(access.feedback_hidden(viewer(), detail))


def sees_verdict_counts() -> bool:
    """Whether Insights shows the charts of recommendations and hiring decisions."""
    return access.sees_verdict_counts(viewer())


def interviews_table(
    rows: list[InterviewSummary], zone: tzinfo, now: datetime | None = None
) -> Any:  # a DataFrame
    """The interview list, display-ready. The ATS recommendation sums up the panel's decisions,
    so only those who see every feedback (recruiters, administrators) see it in the list; a
    closed interview says Closed to everyone."""
    table = _interviews_table(rows, zone, now)
    if not access.sees_every_recommendation(viewer()):
        shown = table["ATS recommendation"]
        table["ATS recommendation"] = shown.where(shown == CLOSED, access.HIDDEN)
    return table


def sees_history() -> bool:
    return access.sees_history(viewer())
