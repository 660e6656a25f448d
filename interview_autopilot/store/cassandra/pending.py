"""A change of an interview that may not be finished: what is recorded with the source, and how.

A change writes the source (one conditional batch), then the copies with the audit entry, then
the counts. A writer that dies between those steps leaves a source that is right and the rest
behind. So the conditional batch also records the change itself in the source's static columns
(migration 0003): `pending_version`, `pending_change` (this module's JSON: the copy rows of the
state before, the counter deltas, the audit entry) and `pending_owner` (a version 1 uuid: who
finishes it, and since when). With the source at that version, that is all a roll-forward needs:
the copies of the source as it is, the deletes of the rows of the state before that it lacks,
the audit entry, and the counts (store.py, `_finish`).

Nothing here talks to the database.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ...core.models import AuditAction, AuditEntry
from .rows import Row

BUCKET_MINUTES = 10  # pending_changes_by_bucket: one partition per ten minutes of versions
# How long a change belongs to its writer: until then nobody else sends its counts (a writer
# finishes in milliseconds; one that is still at it after this was paused or died).
OWNER_SECONDS = 10.0

CopyKey = tuple[object, ...]
CountKey = tuple[str, ...]


def at_version(version: int) -> datetime:
    """The time a version stands for (versions are microseconds since the epoch)."""
    return datetime.fromtimestamp(version / 1_000_000, UTC)


def bucket_of(version: int) -> str:
    """The pending_changes_by_bucket partition of a change at `version` ('2026-12-06T09:10')."""
    at = at_version(version)
    return at.replace(minute=at.minute - at.minute % BUCKET_MINUTES).strftime("%Y-%m-%dT%H:%M")


def buckets_back(now: datetime, span: timedelta) -> list[str]:
    """The partitions covering `span` before `now` (and now's), newest first."""
    step = timedelta(minutes=BUCKET_MINUTES)
    first = now - span
    out: list[str] = []
    at = now
    while at >= first - step:
        out.append(bucket_of(int(at.timestamp() * 1_000_000)))
        at -= step
    return list(dict.fromkeys(out))


def owner_age(owner: uuid.UUID, now: datetime | None = None) -> float:
    """Seconds since `owner` (a version 1 uuid) took the change."""
    taken = datetime(1582, 10, 15, tzinfo=UTC) + timedelta(microseconds=owner.time // 10)
    return ((now or datetime.now(UTC)) - taken).total_seconds()


@dataclass(frozen=True)
class Change:
    """What a roll-forward of one version needs besides the source at that version."""

    version: int
    before: dict[CopyKey, tuple[object, ...]]  # the copy rows of the state before
    deltas: Counter[CountKey]  # the counter changes (transitions.count_deltas)
    entry: AuditEntry | None  # the audit entry of the change

    def to_json(self) -> str:
        return json.dumps(
            {
                "before": [[_out(k), _out(v)] for k, v in self.before.items()],
                "deltas": [[list(k), n] for k, n in self.deltas.items()],
                "audit": None if self.entry is None else _out(_audit_values(self.entry)),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, version: int, text: str) -> Change:
        data = json.loads(text)
        entry = None
        if data["audit"] is not None:
            iid, at, actor, action, subject, before, after = _in(data["audit"])
            entry = AuditEntry(iid, at, actor, AuditAction(action), subject, before, after)
        return cls(
            version,
            {tuple(_in(k)): tuple(_in(v)) for k, v in data["before"]},
            Counter({tuple(k): n for k, n in data["deltas"]}),
            entry,
        )


@dataclass(frozen=True)
class Pending:
    """The pending change a source partition holds."""

    version: int
    owner: uuid.UUID
    change_text: str

    @property
    def change(self) -> Change:
        return Change.from_json(self.version, self.change_text)


def pending_of(partition: list[Row]) -> Pending | None:
    """The change recorded in a source partition's static columns, if it is not finished."""
    if not partition:
        return None
    top = partition[0]
    version, text, owner = (
        top.get("pending_version"),
        top.get("pending_change"),
        top.get("pending_owner"),
    )
    if version is None or not text or owner is None:  # '': finished
        return None
    return Pending(version, owner, text)


def _audit_values(entry: AuditEntry) -> tuple[object, ...]:
    return (
        entry.interview_id,
        entry.at,
        entry.actor_id,
        entry.action.value,
        entry.subject_id,
        entry.before,
        entry.after,
    )


def _out(value: Any) -> Any:
    """A copy key or value as JSON: uuids and datetimes tagged, tuples as lists."""
    if isinstance(value, tuple | list):
        return [_out(v) for v in value]
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot record {type(value).__name__} in a pending change")


def _in(value: Any) -> Any:
    if isinstance(value, list):
        return [_in(v) for v in value]
    if isinstance(value, dict):
        if "u" in value:
            return uuid.UUID(value["u"])
        return datetime.fromisoformat(value["t"])
    return value
