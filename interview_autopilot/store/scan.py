"""What every store's table scan checks before it touches the database (data inspection page)."""

from __future__ import annotations

from collections.abc import Collection

from ..core.errors import ValidationError
from .base import MAX_SCAN_PAGE


def check_scan(table: str, tables: Collection[str], page_size: int) -> None:
    """Refuse a table outside the app's schema (its name would be formatted into the query)
    and a page size outside 1..MAX_SCAN_PAGE. The name is not echoed: it is user input."""
    if not isinstance(table, str) or table not in tables:
        raise ValidationError(
            "table", "That table does not belong to the app; pick one from the list."
        )
    if (
        isinstance(page_size, bool)
        or not isinstance(page_size, int)
        or not 1 <= page_size <= MAX_SCAN_PAGE
    ):
        raise ValidationError("page_size", f"A page holds 1 to {MAX_SCAN_PAGE} rows.")


def bad_token() -> ValidationError:
    """A page token this store did not issue for this table (tampered, another table's, or
    issued before the app restarted)."""
    return ValidationError(
        "page_state",
        "That page token is not valid for this table; start again from the first page.",
    )


def check_partition(partition: object, allowed: Collection[str], exact: bool) -> dict[str, str]:
    """A partition filter: column -> exact value as text, on the table's partition key columns
    (`exact`: all of them, Cassandra; else any of them, SQLite's primary key). Names are
    checked against the schema and never echoed; values are bound, never formatted."""
    if not isinstance(partition, dict) or not partition:
        raise ValidationError("partition", "Give a value for the partition key.")
    names = set(partition)
    if not names <= set(allowed) or (exact and names != set(allowed)):
        raise ValidationError(
            "partition",
            "Filter on the table's partition key columns: "
            + ", ".join(allowed)
            + (" (all of them)." if exact else "."),
        )
    if not all(isinstance(v, str) for v in partition.values()):
        raise ValidationError("partition", "A partition key value is text.")
    return {k: partition[k] for k in allowed if k in partition}
