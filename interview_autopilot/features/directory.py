"""The People and candidate screens' logic: a profile from what a form holds, the people table
as shown, and the administrator an ADMIN_EMAILS address becomes at its first sign-in. No
Streamlit here (tested on its own)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote

from ..core.errors import ValidationError
from ..core.models import Candidate, User, UserRole
from ..core.people import EmailTaken
from ..store.base import Store


@dataclass(frozen=True)
class PersonForm:
    """What the People form holds (text as typed; roles as their values, the first the main)."""

    name: str
    email: str
    roles: tuple[str, ...]
    slack_handle: str = ""
    time_zone: str = ""
    working_hours: str = ""
    admin: bool = False
    active: bool = True


def person_from_form(form: PersonForm, user_id: uuid.UUID | None = None) -> User:
    """The profile the form describes (a new id when `user_id` is None); the store validates
    the rest. ValidationError when no role is chosen."""
    roles = [r for r in form.roles if r]
    if not roles:
        raise ValidationError("role", "Choose at least one role.")
    try:
        held = [UserRole(r) for r in roles]
    except ValueError:
        raise ValidationError("role", "Choose roles from the list.") from None
    return User(
        user_id or uuid.uuid4(),
        form.name.strip(),
        form.email.strip(),
        held[0],
        form.slack_handle.strip(),
        other_roles=tuple(held[1:]),
        admin=form.admin,
        active=form.active,
        time_zone=form.time_zone.strip(),
        working_hours=form.working_hours.strip().replace(" ", "").replace("–", "-"),
    )


def form_of(user: User) -> PersonForm:
    """The form prefilled with a stored profile."""
    return PersonForm(
        user.name,
        user.email,
        tuple(r.value for r in user.all_roles),
        user.slack_handle,
        user.time_zone,
        user.working_hours,
        user.admin,
        user.active,
    )


def links_from_text(text: str) -> tuple[str, ...]:
    """One link a line (blank lines dropped)."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def link_target(link: str) -> str:
    """A validated http(s) link as a Markdown link target: what Markdown would read as the end
    of the target (parentheses, angle brackets, backquotes) percent-encoded."""
    return quote(link, safe=":/?#[]@!$&'*+,;=%~-._")


def candidate_from_form(
    name: str,
    email: str,
    resume: str,
    links: str,
    candidate_id: uuid.UUID | None = None,
) -> Candidate:
    return Candidate(
        candidate_id or uuid.uuid4(),
        name.strip(),
        email.strip(),
        resume.strip(),
        links_from_text(links),
    )


def person_label(user: User) -> str:
    """How a person is named in the People page's picker."""
    state = "" if user.active else " · deactivated"
    return f"{user.name} · {user.email}{state}"


def add_first_administrator(store: Store, email: str, name: str = "") -> User | None:
    """The administrator an ADMIN_EMAILS address becomes on its first sign-in (a recruiter
    who administers the app), named by the account (else by the email's local part); None when
    the provider's name or email is not acceptable, or the email was taken meanwhile."""
    local = email.strip().split("@")[0]
    for shown in (name.strip(), local):
        candidate = User(uuid.uuid4(), shown, email.strip(), UserRole.RECRUITER, "", admin=True)
        try:
            return store.add_person(candidate)
        except EmailTaken:
            return None
        except ValidationError:
            continue
    return None
