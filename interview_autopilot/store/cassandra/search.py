"""Candidate search on Cassandra without a scan: `candidates_by_prefix` holds one row per
(folded token, candidate), partitioned by the token's first characters, written with the
candidate profile. A search reads one slice of one partition with a LIMIT, then the profiles
by id (point reads in flight together). See interview_autopilot.search for the folding."""

from __future__ import annotations

from collections.abc import Iterator

from cassandra.query import BoundStatement, QueryTrace

from ... import search
from ...models import Candidate
from . import rows
from .session import PreparedSession

Prepared = dict


def prefix_statements(
    ps: Prepared, old: Candidate | None, new: Candidate | None
) -> list[BoundStatement]:
    """The prefix rows to add and remove when a candidate goes from `old` to `new`."""
    before = search.tokens(old) if old else set()
    after = search.tokens(new) if new else set()
    out = []
    if new is not None:
        cid = new.candidate_id
        out += [ps["prefix_put"].bind((search.head(t), t, cid)) for t in sorted(after - before)]
    if old is not None:
        cid = old.candidate_id
        out += [ps["prefix_del"].bind((search.head(t), t, cid)) for t in sorted(before - after)]
    return out


def find(
    db: PreparedSession, query: str, limit: int, trace: bool = False
) -> tuple[list[Candidate], list[QueryTrace]]:
    """Candidates with a token starting with the folded query, by name; with `trace`, the
    server's trace of the prefix read."""
    q = search.query_key(query)
    params = (search.head(q), q, q + search.END, limit * search.ROWS_PER_RESULT)
    result = db.session.execute(db.ps["prefix_find"], params, trace=trace)
    traces = [result.get_query_trace()] if trace else []
    ids = [r["candidate_id"] for r in result]
    found = db.get_many("candidate", ids, rows.candidate)
    return search.ranked(list(found.values()), limit), traces


def pages(db: PreparedSession, query: str, page_size: int) -> Iterator[list[Candidate]]:
    """A whole search result, a page of the prefix slice at a time (the driver's paging:
    `fetch_size`, no LIMIT reached), in index order, each candidate once (`first_match`)."""
    q = search.query_key(query)
    everything = 2**31 - 1  # the prepared search's LIMIT, lifted: pages bound the reads
    statement = BoundStatement(db.ps["prefix_find"], fetch_size=page_size)
    result = db.session.execute(statement.bind((search.head(q), q, q + search.END, everything)))
    while True:
        found = [(r["folded"], r["candidate_id"]) for r in result.current_rows]
        profiles = db.get_many("candidate", [cid for _, cid in found], rows.candidate)
        yield [
            profiles[cid]
            for token, cid in found
            if cid in profiles and search.first_match(profiles[cid], q, token)
        ]
        if not result.has_more_pages:
            return
        result.fetch_next_page()
