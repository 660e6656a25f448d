"""A conditional batch on a partition with a static `version` (the seat claims of a person's
day, the load claims of a person's week): the given writes land only if the partition is still
at the version they were read at, and the version moves on with them.

A partition with no version yet is compared with null in the statement's text (`first`), so
no value is ever bound as None; otherwise `cas` compares with the version read.
"""

from __future__ import annotations

from cassandra.query import BatchStatement, BatchType, Statement

from .rows import Row
from .session import PreparedSession


def read_version(rows: list[Row]) -> int | None:
    """The partition's version as `rows` (its rows, as read) hold it: None when unset."""
    return rows[0]["version"] if rows else None


def compare_and_set(
    db: PreparedSession,
    statements: tuple[str, str],
    key: tuple[object, ...],
    version: int | None,
    writes: list[Statement],
) -> bool:
    """The `writes`, if the partition `key` is still at `version`: whether they landed.
    `statements` names the prepared "set if unset" and "set if still at" updates of the
    version, each taking the new version and the key (and the version compared)."""
    first, cas = statements
    batch = BatchStatement(batch_type=BatchType.LOGGED)
    if version is None:
        batch.add(db.ps[first], (1, *key))
    else:
        batch.add(db.ps[cas], (version + 1, *key, version))
    for write in writes:
        batch.add(write)
    batch.is_idempotent = False  # a conditional write is decided again, never replayed
    return bool(db.session.execute(batch).was_applied)
