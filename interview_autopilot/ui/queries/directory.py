"""The People page (administrators) and the candidate form (recruiters): the directory, adding,
editing and deactivating people, adding and editing candidates, a profile's history. Every
write checks the viewer's right (`access.may_edit_people`) and goes through the store's
validation and audit trail."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from ...core import access, domain
from ...core.errors import ValidationError
from ...core.models import Candidate, ProfileAuditEntry, User
from ...core.people import UnknownPerson
from ...features import directory as people_forms
from ...features import frames
from ...features.directory import PersonForm
from ._cache import cached_read, clear_caches
from .backend import get_store
from .schedule import directory_users
from .viewing import logged_write, viewer


def may_edit_people() -> bool:
    return access.may_edit_people(viewer(), "person")


def may_edit_candidates() -> bool:
    return access.may_edit_people(viewer(), "candidate")


def people_directory() -> list[User]:
    """Everyone, deactivated people included (administrators)."""
    access.require_people_editor(viewer(), "person")
    return directory_users()


def panel_users() -> list[User]:
    """The people the Schedule form offers: the active ones."""
    return [u for u in directory_users() if u.active]


def people_table(users: list[User]) -> Any:  # a DataFrame
    return frames.people_table(users)


def person_label(user: User) -> str:
    return people_forms.person_label(user)


def person_form(user: User | None) -> PersonForm:
    """The People form's values: a stored profile's, or empty (an interviewer)."""
    return people_forms.form_of(user) if user else PersonForm("", "", ("interviewer",))


@logged_write
def add_person(form: PersonForm) -> str:
    """Add a person; their id. ValidationError (EmailTaken for a taken email) with nothing
    written."""
    who = viewer()
    access.require_people_editor(who, "person")
    made = get_store().add_person(people_forms.person_from_form(form), actor=who.user_id)
    clear_caches()
    return str(made.user_id)


@logged_write
def update_person(person_id: str, form: PersonForm) -> None:
    who = viewer()
    access.require_people_editor(who, "person")
    key = domain.parse_uuid(person_id, "person")
    get_store().update_person(people_forms.person_from_form(form, key), actor=who.user_id)
    clear_caches()


@logged_write
def set_person_active(person_id: str, active: bool) -> None:
    """Deactivate (or reactivate) a person: their history and name stay; deactivated, they
    cannot sign in and are not offered for new panels."""
    who = viewer()
    access.require_people_editor(who, "person")
    key = domain.parse_uuid(person_id, "person")
    store = get_store()
    current = store.get_user(key)
    if current is None:
        raise UnknownPerson("user")
    if current.user_id == who.user_id and not active:
        raise ValidationError("active", "You cannot deactivate yourself.")
    store.update_person(dataclasses.replace(current, active=active), actor=who.user_id)
    clear_caches()


@logged_write
def add_candidate(name: str, email: str, resume: str, links: str) -> str:
    """Add a candidate; their id. EmailTaken (its `existing`: the candidate who has the email)
    or ValidationError with nothing written."""
    who = viewer()
    access.require_people_editor(who, "candidate")
    made = get_store().add_candidate(
        people_forms.candidate_from_form(name, email, resume, links), actor=who.user_id
    )
    clear_caches()
    return str(made.candidate_id)


@logged_write
def update_candidate(candidate_id: str, name: str, email: str, resume: str, links: str) -> None:
    who = viewer()
    access.require_people_editor(who, "candidate")
    key = domain.parse_uuid(candidate_id, "candidate")
    get_store().update_candidate(
        people_forms.candidate_from_form(name, email, resume, links, key), actor=who.user_id
    )
    clear_caches()


def link_target(link: str) -> str:
    return people_forms.link_target(link)


def candidate_form_values(candidate: Candidate | None) -> tuple[str, str, str, str]:
    """(name, email, resume, links one a line) of the candidate form."""
    if candidate is None:
        return "", "", "", ""
    return candidate.name, candidate.email, candidate.resume_text, "\n".join(candidate.links)


def profile_history(person_id: str) -> list[ProfileAuditEntry]:
    """A profile's audit trail, oldest first (administrators; recruiters for candidates)."""
    key = domain.parse_uuid(person_id, "person")
    if not (may_edit_people() or may_edit_candidates()):
        access.require_people_editor(viewer(), "person")
    return _profile_history(str(key))


@cached_read
def _profile_history(person_id: str) -> list[ProfileAuditEntry]:
    return get_store().list_profile_audit(uuid.UUID(person_id))
