"""Who is looking: the session's viewer (signed in, or the demo's "Viewing as") and what
their role lets them see and do (the rules themselves are in access.py)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo
from typing import Any

import streamlit as st

from ...core import access, people
from ...core.access import Viewer
from ...core.errors import ConfigError, Forbidden
from ...core.lifecycle import CLOSED
from ...core.logs import writes_logged
from ...core.models import InterviewDetail, InterviewSummary, User
from ...features.directory import add_first_administrator
from ...features.frames import interviews_table as _interviews_table
from ...features.job_plans import by_job_title
from ...store.base import Store
from .. import identity
from ..frame import shown_errors
from ..per_run import per_run
from ._cache import cached_read, clear_caches
from .backend import _secrets, _store, get_store, load_settings
from .job_titles import job_title_of


def _users() -> list[User]:
    """The directory (cached); an empty one is read again each time, so that the first person,
    added by the command line, is seen at once."""
    found = _cached_users()
    if not found:
        _cached_users.clear()  # type: ignore[attr-defined]  # a RecordedRead
        found = _cached_users()
    return found


@cached_read
def _cached_users() -> list[User]:
    return _store().list_users()


def _current_viewer() -> Viewer | None:
    """Worked out once per script run: every filtered read and write asks for it."""
    return per_run("viewer", _find_viewer)


def _find_viewer() -> Viewer | None:
    secrets, settings = _secrets(), load_settings()
    if not identity.sign_in_configured(secrets):
        try:
            if not settings.demo_allowed:  # app.py says why; nobody acts in a refused demo
                return None
        except ConfigError:
            return None
    elif identity.signed_in_email() is None:
        return None  # nobody signed in: no store read for an anonymous visitor
    store = get_store()
    admins = access.admin_emails(settings["ADMIN_EMAILS"])
    if identity.sign_in_configured(secrets):
        email = identity.signed_in_email()
        if email and people.email_key(email) in admins and not access.find_user(_users(), email):
            # ADMIN_EMAILS: the first sign-in of such an email creates its administrator
            add_first_administrator(store, email, identity.signed_in_name())
            clear_caches()
    return identity.current_viewer(_users(), admins, secrets)


def viewer() -> Viewer:
    """The person this session acts for; Forbidden when sign-in is required and nobody
    registered is signed in. Every write and every filtered read asks here, never a page."""
    found = _current_viewer()
    if found is None:
        raise Forbidden("Sign in with a registered account to continue.")
    return found


def acting_viewer(store: Store) -> Viewer:
    """The viewer as a write must judge them: their record read fresh from `store` (not the
    cached directory), so a role changed or a person removed a moment ago counts now.
    Forbidden when nobody registered is signed in, or their record is gone."""
    who = viewer()
    fresh = store.get_user(who.user_id)
    if fresh is None:
        raise Forbidden("Your account is no longer registered here.")
    return dataclasses.replace(who, user=fresh)


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
                known = access.find_user(_users(), email)
                identity.not_registered_screen(email, deactivated=known is not None)
            else:
                with st.sidebar:
                    identity.signed_in_sidebar(found)
            return found
        if found is None:
            st.info(
                "Nobody is registered yet. Add the first administrator on the command line: "
                "`interview-autopilot users add --name 'Your Name' --email you@example.com "
                "--role admin` (or load the sample data: `interview-autopilot load-sample`). "
                "See docs/people.md."
            )
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


def may_reschedule(detail: InterviewDetail) -> bool:
    """Whether the Reschedule control may save (the write checks again)."""
    return access.may_reschedule(viewer(), detail.interview)


def may_schedule() -> bool:
    """Whether the Schedule page is offered (the write checks again); False for a visitor
    who is not signed in."""
    found = _current_viewer()
    return found is not None and access.may_schedule(found)


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
    table = _interviews_table(by_job_title(rows, job_title_of), zone, now)
    if not access.sees_every_recommendation(viewer()):
        shown = table["ATS recommendation"]
        table["ATS recommendation"] = shown.where(shown == CLOSED, access.HIDDEN)
    return table


def sees_history() -> bool:
    return access.sees_history(viewer())
