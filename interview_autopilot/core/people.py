"""The people directory's rules, shared by every store: one email per person (any case), the
profile as the audit trail keeps it, and what a change of a profile is called.

A person (staff: `User`) and a candidate each own their email: two people never share one, nor
do two candidates (a candidate may be on the staff too). The stores keep a lookup from the
folded email to the owner (`users_by_email`, `candidates_by_email`), claimed in the same write
as the profile (SQLite: one transaction; Cassandra: a conditional insert, so two app servers
cannot both create one email).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from .errors import ValidationError
from .models import Candidate, ProfileAuditEntry, User, to_utc
from .validation import require_id

ADDED, EDITED, DEACTIVATED, REACTIVATED = "added", "edited", "deactivated", "reactivated"


class EmailTaken(ValidationError):
    """The email belongs to another person or candidate; `existing` is who owns it. Nothing
    was written."""

    def __init__(self, kind: str, existing: uuid.UUID) -> None:
        what = "candidate" if kind == "candidate" else "person"
        super().__init__("email", f"A {what} with this email already exists.")
        self.kind = kind
        self.existing = existing


class UnknownPerson(ValidationError):
    def __init__(self, kind: str) -> None:
        what = "candidate" if kind == "candidate" else "person"
        super().__init__(kind, f"No such {what}: it may have been removed.")


def email_key(email: str) -> str:
    """The form an email is unique in: surrounding spaces dropped, lower case."""
    return email.strip().lower()


def profile_text(profile: User | Candidate | None) -> str | None:
    """A profile as the audit trail keeps it (None: there was none)."""
    if profile is None:
        return None
    if isinstance(profile, Candidate):
        links = " ".join(profile.links) or "none"
        return (
            f"{profile.name} <{profile.email}>; links: {links}; "
            f"resume: {len(profile.resume_text)} characters"
        )
    roles = ", ".join(r.label for r in profile.all_roles)
    return (
        f"{profile.name} <{profile.email}>; {roles}"
        f"{'; administrator' if profile.admin else ''}"
        f"{'' if profile.active else '; inactive'}; Slack: {profile.slack_handle or 'none'}; "
        f"time zone: {profile.time_zone or 'none'}; hours: {profile.working_hours or 'none'}"
    )


def change_action(before: User | Candidate | None, after: User | Candidate) -> str:
    if before is None:
        return ADDED
    if isinstance(before, User) and isinstance(after, User) and before.active != after.active:
        return REACTIVATED if after.active else DEACTIVATED
    return EDITED


def audit_entry(
    person_id: uuid.UUID,
    at: datetime,
    actor: object,
    before: User | Candidate | None,
    after: User | Candidate,
) -> ProfileAuditEntry:
    actor_id = None if actor is None else require_id(actor, "actor")
    return ProfileAuditEntry(
        person_id,
        to_utc(at),
        actor_id,
        change_action(before, after),
        profile_text(before),
        profile_text(after),
    )
