"""The people directory on Cassandra: adding and editing people and candidates with one owner
per email, and their profile audit trail. A mixin of CassandraStore.

An email is claimed in users_by_email / candidates_by_email with `INSERT ... IF NOT EXISTS` (a
lightweight transaction) before the profile is written, so two app servers adding the same
email at once create it once: the loser is told who owns it. A lookup row is authoritative while
its owner still has that email; a row whose owner moved to another email (a tool's write), or
whose profile never followed its claim for a minute (a writer that stopped), is taken over
with `UPDATE ... IF <id> = <the old owner>`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Literal

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout

from ...core import domain
from ...core.errors import StoreUnavailable, ValidationError
from ...core.models import Candidate, ProfileAuditEntry, User, to_utc, utc_now
from ...core.people import EmailTaken, UnknownPerson, email_key
from . import profile_versions, rows
from .connection import driver_errors
from .rows import Row
from .session import PreparedSession

Kind = Literal["user", "candidate"]
CLAIM_ATTEMPTS = 5
ABANDONED_CLAIM = timedelta(minutes=1)  # a claim with no profile after this may be taken over


class ProfileWrites:
    """Needs the store's session and its profile upserts (see CassandraStore)."""

    _db: PreparedSession
    _follow_profile: Callable[[User | Candidate | None, User | Candidate], None]

    # --- people -------------------------------------------------------------------------
    @driver_errors
    def add_person(self, user: User, *, actor: uuid.UUID | None = None) -> User:
        user = domain.validate_users([user])[0]
        if self._db.get("user", user.user_id, rows.user) is not None:
            raise ValidationError("user", "This person is already in the directory.")
        self._claim("user", email_key(user.email), user.user_id)
        self._write_profile(user, actor, new=True)
        return user

    @driver_errors
    def update_person(self, user: User, *, actor: uuid.UUID | None = None) -> User:
        user = domain.validate_users([user])[0]
        before = self._db.get("user", user.user_id, rows.user)
        if before is None:
            raise UnknownPerson("user")
        if before == user:
            return user
        self._move("user", before, user, user.user_id, actor)
        return user

    @driver_errors
    def find_user_by_email(self, email: str) -> User | None:
        key = email_key(email) if isinstance(email, str) else ""
        found = self._owner("user", key)
        return found if isinstance(found, User) else None

    # --- candidates ---------------------------------------------------------------------
    @driver_errors
    def add_candidate(self, candidate: Candidate, *, actor: uuid.UUID | None = None) -> Candidate:
        candidate = domain.validate_candidates([candidate])[0]
        if self._db.get("candidate", candidate.candidate_id, rows.candidate) is not None:
            raise ValidationError("candidate", "This candidate is already in the directory.")
        self._claim("candidate", email_key(candidate.email), candidate.candidate_id)
        self._write_profile(candidate, actor, new=True)
        return candidate

    @driver_errors
    def update_candidate(
        self, candidate: Candidate, *, actor: uuid.UUID | None = None
    ) -> Candidate:
        candidate = domain.validate_candidates([candidate])[0]
        before = self._db.get("candidate", candidate.candidate_id, rows.candidate)
        if before is None:
            raise UnknownPerson("candidate")
        if before == candidate:
            return candidate
        self._move("candidate", before, candidate, candidate.candidate_id, actor)
        return candidate

    @driver_errors
    def find_candidate_by_email(self, email: str) -> Candidate | None:
        key = email_key(email) if isinstance(email, str) else ""
        found = self._owner("candidate", key)
        return found if isinstance(found, Candidate) else None

    @driver_errors
    def list_profile_audit(self, person_id: uuid.UUID) -> list[ProfileAuditEntry]:
        pid = domain.require_id(person_id, "person")
        trail = self._db.rows("profile_audit", pid)
        kinds: tuple[Kind, ...] = ("user", "candidate")
        # a change whose writer stopped before its row: written now, and read with the rest
        if profile_versions.settle_missing(self._db, pid, kinds, trail):
            trail = self._db.rows("profile_audit", pid)
        return [
            ProfileAuditEntry(
                r["person_id"],
                to_utc(r["at"]),
                r["actor_id"],
                r["action"],
                r["before"],
                r["after"],
            )
            for r in trail
        ]

    # --- the email claims ---------------------------------------------------------------
    def _write_profile(
        self, profile: User | Candidate, actor: uuid.UUID | None, *, new: bool
    ) -> User | Candidate | None:
        """The profile, its audit entry and its copies (see profile_versions); returns the
        profile it replaced."""
        return profile_versions.change(
            self._db, profile, actor=actor, new=new, follow=self._follow_profile
        )

    def _profile(self, kind: Kind, owner: uuid.UUID) -> User | Candidate | None:
        make: Callable[[Row], User | Candidate] = rows.user if kind == "user" else rows.candidate
        return self._db.get(kind, owner, make)

    def _owner(self, kind: Kind, key: str) -> User | Candidate | None:
        """The profile that holds the email `key`, None when nobody does."""
        if not key:
            return None
        row = self._db.one(f"{kind}_email_get", key)
        if row is None:
            return None
        found = self._profile(kind, row[f"{kind}_id"])
        return found if found is not None and email_key(found.email) == key else None

    def _lwt(self, name: str, values: tuple[object, ...], key: str, owner: uuid.UUID) -> bool:
        """A conditional write; True when applied. A timeout leaves the outcome open: a serial
        read (which completes any round in flight) says whether `owner` holds the email."""
        try:
            return bool(self._db.session.execute(self._db.ps[name], values).was_applied)
        except (WriteTimeout, OperationTimedOut):
            kind = name.split("_", 1)[0]
            statement = self._db.ps[f"{kind}_email_get"].bind((key,))
            statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL
            row = self._db.session.execute(statement).one()
            return row is not None and row[f"{kind}_id"] == owner

    def _claim(self, kind: Kind, key: str, owner: uuid.UUID) -> None:
        """Make `owner` the holder of the email `key`, or EmailTaken naming its holder."""
        for _ in range(CLAIM_ATTEMPTS):
            now = utc_now()
            if self._lwt(f"{kind}_email_claim", (key, owner, now), key, owner):
                return
            row = self._db.one(f"{kind}_email_get", key)
            if row is None:  # released meanwhile: claim again
                continue
            holder = row[f"{kind}_id"]
            if holder == owner:
                return
            current = self._profile(kind, holder)
            if current is not None and email_key(current.email) == key:
                raise EmailTaken(kind, holder)
            claimed = to_utc(row["claimed_at"]) if row["claimed_at"] else None
            if current is None and claimed is not None and now - claimed < ABANDONED_CLAIM:
                raise EmailTaken(kind, holder)  # being added right now by another writer
            if self._lwt(f"{kind}_email_move", (owner, now, key, holder), key, owner):
                return
        raise StoreUnavailable("This email is being changed by others at this moment; try again.")

    def _move(
        self,
        kind: Kind,
        before: User | Candidate,
        after: User | Candidate,
        owner: uuid.UUID,
        actor: uuid.UUID | None,
    ) -> None:
        """A changed profile: its new email claimed first, then the profile and its audit
        entry written, then the email of the profile it replaced released."""
        new = email_key(after.email)
        if email_key(before.email) != new:
            self._claim(kind, new, owner)
        replaced = self._write_profile(after, actor, new=False)
        if replaced is not None and email_key(replaced.email) != new:
            self._release(kind, email_key(replaced.email), owner)

    def _release(self, kind: Kind, key: str, owner: uuid.UUID) -> None:
        self._lwt(f"{kind}_email_drop", (key, owner), key, owner)
