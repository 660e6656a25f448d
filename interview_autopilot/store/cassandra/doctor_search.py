"""The doctor's check of the search index: `candidates_by_token` against `candidates`.

Every candidate's token rows must exist (point reads, in flight together per page of
candidates) and every token row must be one a stored candidate implies (a paged scan of the
index, the candidates looked up by id). `repair` writes the missing rows (a keyspace made
before search, or a write that failed between the profile and its tokens) and deletes the
stray ones. Memory stays bounded: a page of rows at a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

from cassandra.query import SimpleStatement

from ...core.models import DoctorReport
from . import rows
from .search import token_keys
from .session import PreparedSession

PAGE = 500
Key = tuple[str, int, str, uuid.UUID]


def _scan(db: PreparedSession, table: str) -> Iterator[rows.Row]:
    yield from db.session.execute(
        SimpleStatement(f"SELECT * FROM {db.keyspace}.{table}", fetch_size=PAGE)
    )


def _pages(items: Iterator[rows.Row]) -> Iterator[list[rows.Row]]:
    page: list[rows.Row] = []
    for item in items:
        page.append(item)
        if len(page) == PAGE:
            yield page
            page = []
    if page:
        yield page


def check(
    db: PreparedSession, report: DoctorReport, problem: Callable[[str], None], repair: bool
) -> None:
    """Report (and with `repair`, fix) token rows missing or stray."""
    missing: list[Key] = []
    for page in _pages(_scan(db, "candidates")):
        wanted = [k for row in page for k in token_keys(rows.candidate(row))]
        futures = [db.session.execute_async(db.ps["prefix_get"], k) for k in wanted]
        for want, future in zip(wanted, futures, strict=True):
            if future.result().one() is None:
                problem(f"candidates_by_token: candidate {want[3]}: token {want[2]!r} missing")
                missing.append(want)
    stray: list[Key] = []
    for page in _pages(_scan(db, "candidates_by_token")):
        ids = list({row["candidate_id"] for row in page})
        known = db.get_many("candidate", ids, rows.candidate)
        for row in page:
            key: Key = (row["head"], row["shard"], row["folded"], row["candidate_id"])
            candidate = known.get(key[3])
            if candidate is None or key not in token_keys(candidate):
                problem(f"candidates_by_token: token {key[2]!r} of candidate {key[3]}: stray")
                stray.append(key)
    if repair:
        statements = [db.ps["prefix_put"].bind(k) for k in missing]
        statements += [db.ps["prefix_del"].bind(k) for k in stray]
        db.concurrent((s, None) for s in statements)
        report.repaired += len(statements)
