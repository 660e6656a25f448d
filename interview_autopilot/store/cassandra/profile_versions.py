"""A profile (a person's or a candidate's) changes on Cassandra one change after another, its
search rows follow the change that won, and its audit entry cannot be lost.

The profile row carries a `version` (microseconds since the epoch, above the one before). A
change reads the row, then:
1. writes the candidate's search rows of the new profile `USING TIMESTAMP` the new version;
2. writes the profile, the new version and the change itself (when, by whom, before and after)
   in one conditional write: `IF version = <the one read>`. A writer that lost re-reads and
   tries again from what it finds, so two edits are applied one after the other (as SQLite's
   transactions apply them);
3. removes the search rows of the replaced profile that the new one lacks, at the new version's
   timestamp, and writes the change's profile_audit_by_person row.

A later version's rows and deletions beat an earlier one's whatever order they reach the node
in, so the rows of the last change that won stand. A writer that stops after step 1 or tries
too often leaves at most rows the profile no longer implies (a search checks every profile it
finds against the query; the doctor removes them); one that stops before step 3's audit row
leaves the change in the profile row, and the next reader of the trail, the next change or the
doctor writes it (the row's key is in the change: writing it twice writes it once).

A change of a field the interviews copy (`copied`: a name; a person's email and Slack handle)
is first recorded in profile_changes_by_bucket (migration 0018), and that row is deleted once
`follow` carried the change into the copies (or the conditional write lost). A writer that
stops in between leaves the row: the sweeper carries the profile as it then stands into that
person's interviews (profile_copies.py).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout
from cassandra.query import UNSET_VALUE, BoundStatement
from cassandra.util import uuid_from_time

from ...core import people
from ...core.errors import StoreUnavailable, ValidationError
from ...core.models import Candidate, User, utc_now
from ...core.people import UnknownPerson
from . import rows
from .pending import bucket_of
from .rows import Row
from .search import token_keys
from .session import PreparedSession
from .transitions import next_version, unset_nulls

Kind = Literal["user", "candidate"]
Profile = User | Candidate
Follow = Callable[[Profile | None, Profile], None]
ATTEMPTS = 25  # conditional writes tried before the writer is told to try again
CHANGE_COLUMNS = (
    "change_at",
    "change_id",
    "change_actor",
    "change_action",
    "change_before",
    "change_after",
)


def kind_of(profile: Profile) -> Kind:
    return "user" if isinstance(profile, User) else "candidate"


def id_of(profile: Profile) -> uuid.UUID:
    return profile.user_id if isinstance(profile, User) else profile.candidate_id


@dataclass(frozen=True)
class Stored:
    """A profile row as read: the profile (None: none), its version, its last change."""

    profile: Profile | None
    version: int | None
    change: tuple[object, ...] | None  # the CHANGE_COLUMNS values, None when never recorded


def stored(kind: Kind, row: Row | None) -> Stored:
    if row is None or row.get("email") is None:
        return Stored(None, None, None)
    make = rows.user if kind == "user" else rows.candidate
    change = tuple(row.get(c) for c in CHANGE_COLUMNS)
    return Stored(make(row), row.get("version"), change if change[0] is not None else None)


def read(db: PreparedSession, kind: Kind, pid: uuid.UUID, serial: bool = False) -> Stored:
    statement = db.ps[kind].bind((pid,))
    if serial:  # completes any conditional write in flight
        statement.consistency_level = ConsistencyLevel.LOCAL_SERIAL
    return stored(kind, db.session.execute(statement).one())


def audit_statement(
    db: PreparedSession, pid: uuid.UUID, change: tuple[object, ...]
) -> BoundStatement:
    """The profile_audit_by_person row of a recorded change (its key is in the change)."""
    return db.ps["put_profile_audit"].bind(unset_nulls((pid, *change), None))


def settle(db: PreparedSession, pid: uuid.UUID, found: Stored) -> None:
    """Write the audit row of the profile's last change (again: the same row)."""
    if found.change is not None:
        db.session.execute(audit_statement(db, pid, found.change))


def settle_missing(
    db: PreparedSession, pid: uuid.UUID, kinds: tuple[Kind, ...], trail: list[Row]
) -> bool:
    """Write the audit row of the profile's last change if `trail` (its audit rows as read)
    lacks it; True when one was written."""
    held = {r["change_id"] for r in trail}
    futures = [db.future(kind, pid) for kind in kinds]
    wrote = False
    for kind, future in zip(kinds, futures, strict=True):
        found = stored(kind, future.result().one())
        if found.change is not None and found.change[1] not in held:
            settle(db, pid, found)
            wrote = True
    return wrote


def copied(profile: Profile | None) -> tuple[str, ...]:
    """The fields of a profile that interviews keep copies of: a person's name, email and Slack
    handle (their panels; the name also as recruiter), a candidate's name."""
    if isinstance(profile, User):
        return (profile.name, profile.email, profile.slack_handle)
    if isinstance(profile, Candidate):
        return (profile.name,)
    return ()


def _lagging(db: PreparedSession, kind: Kind, pid: uuid.UUID, version: int, stands: bool) -> None:
    """Record (`stands`) or forget the change at `version` in profile_changes_by_bucket."""
    if stands:
        values: tuple[object, ...] = (bucket_of(version), pid, kind, version, version)
        db.session.execute(db.ps["profile_change_put"], values)
    else:
        values = (version, bucket_of(version), pid, kind, version)
        db.session.execute(db.ps["profile_change_del"], values)


def _tokens(profile: Profile | None) -> set[tuple[str, int, str, uuid.UUID]]:
    return token_keys(profile) if isinstance(profile, Candidate) else set()


def _put_tokens(db: PreparedSession, keys: set[tuple[str, int, str, uuid.UUID]], at: int) -> None:
    db.write([db.ps["prefix_put_at"].bind((*k, at)) for k in sorted(keys)], retries=2)


def _del_tokens(db: PreparedSession, keys: set[tuple[str, int, str, uuid.UUID]], at: int) -> None:
    db.write([db.ps["prefix_del_at"].bind((at, *k)) for k in sorted(keys)], retries=2)


def _fields(profile: Profile) -> tuple[object, ...]:
    values = (
        rows.user_values(profile) if isinstance(profile, User) else rows.candidate_values(profile)
    )
    return values[1:]  # the id goes in the key


def _conditional(
    db: PreparedSession,
    found: Stored,
    after: Profile,
    version: int,
    change: tuple[object, ...] | None,
) -> bool:
    """The conditional write of `after` over `found`; True when it applied."""
    kind, pid = kind_of(after), id_of(after)
    # no change recorded (a tool's write): the last one stays in place (it is settled already)
    recorded = unset_nulls(change, found.change) if change else (UNSET_VALUE,) * len(CHANGE_COLUMNS)
    if found.profile is None:
        values: tuple[object, ...] = (pid, *_fields(after), version, *recorded)
        statement = db.ps[f"new_{kind}"].bind(unset_nulls(values, None))
    else:
        values = (*_fields(after), version, *recorded, pid, found.version, found.profile.email)
        statement = db.ps[f"cas_{kind}"].bind(values)
    try:
        return bool(db.session.execute(statement).was_applied)
    except (WriteTimeout, OperationTimedOut):  # the outcome is open: a serial read says
        return read(db, kind, pid, serial=True).version == version


def change(
    db: PreparedSession,
    after: Profile,
    *,
    actor: uuid.UUID | None,
    new: bool,
    audit: bool = True,
    follow: Follow | None = None,
) -> Profile | None:
    """Make `after` the profile (`new`: a profile that must not exist yet), recording the
    change in the audit trail (`audit`); returns the profile it replaced. `follow(old, new)`
    carries a changed profile into its copies once the change stands."""
    kind, pid = kind_of(after), id_of(after)
    highest = 0  # the timestamp of the search rows this writer already put
    for attempt in range(ATTEMPTS):
        if attempt:  # lost to another writer: let it finish, then start from what it wrote
            time.sleep(random.uniform(0, 0.005 * min(attempt, 8)))
        found = read(db, kind, pid)
        if new and found.profile is not None:
            raise ValidationError(
                kind, f"This {'person' if kind == 'user' else kind} is already in the directory."
            )
        if not new and found.profile is None:
            raise UnknownPerson(kind)
        settle(db, pid, found)
        if found.profile == after and not highest:
            return found.profile
        version = max(next_version(found.version), highest + 1)
        highest = version
        recorded: tuple[object, ...] | None = None
        if audit and found.profile != after:
            entry = people.audit_entry(pid, utc_now(), actor, found.profile, after)
            at = entry.at
            recorded = (
                at,
                uuid_from_time(at),
                entry.actor_id,
                entry.action,
                entry.before,
                entry.after,
            )
        # copies to follow: findable by the sweeper before the change exists
        lagging = follow is not None and found.profile is not None
        lagging = lagging and copied(found.profile) != copied(after)
        if lagging:
            _lagging(db, kind, pid, version, stands=True)
        _put_tokens(db, _tokens(after), version)  # before the change: never a row missing
        if not _conditional(db, found, after, version, recorded):
            if lagging:
                _lagging(db, kind, pid, version, stands=False)
            continue
        _del_tokens(db, _tokens(found.profile) - _tokens(after), version)
        if recorded is not None:
            db.session.execute(audit_statement(db, pid, recorded))
        if follow is not None and found.profile != after:
            follow(found.profile, after)
        if lagging:
            _lagging(db, kind, pid, version, stands=False)
        return found.profile
    raise StoreUnavailable("This profile is being changed by others at this moment; try again.")
