"""Candidate search on Cassandra without a scan: `candidates_by_token` holds one row per
(folded token, candidate), partitioned by the token's first characters and a shard of the
candidate id, written with the candidate profile. A search reads one LIMITed slice of each
shard of its head, in flight together, then the profiles by id (point reads in flight
together), each checked against the query. See interview_autopilot.core.search for the folding."""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Iterator

from cassandra.query import BoundStatement

from ...core import search
from ...core.models import Candidate
from ..bulk import chunked
from . import rows
from .session import PreparedSession

Prepared = dict
SHARDS = 32  # partitions per head: bounds a partition's rows (cql/schema.cql)


def shard(candidate_id: uuid.UUID) -> int:
    """The shard of a candidate's token rows (uuid5 and uuid4 ids spread evenly)."""
    return candidate_id.int % SHARDS


def token_keys(candidate: Candidate) -> set[tuple[str, int, str, uuid.UUID]]:
    """The primary keys of a candidate's token rows."""
    cid = candidate.candidate_id
    return {(search.head(t), shard(cid), t, cid) for t in search.tokens(candidate)}


def prefix_statements(
    ps: Prepared, old: Candidate | None, new: Candidate | None
) -> list[BoundStatement]:
    """The token rows to add and remove when a candidate goes from `old` to `new`."""
    before = token_keys(old) if old else set()
    after = token_keys(new) if new else set()
    return [ps["prefix_put"].bind(k) for k in sorted(after - before)] + [
        ps["prefix_del"].bind(k) for k in sorted(before - after)
    ]


def find(db: PreparedSession, query: str, limit: int) -> list[Candidate]:
    """Candidates with a token starting with the folded query, by name."""
    q = search.query_key(query)
    per_shard = limit * search.ROWS_PER_RESULT
    futures = [
        db.session.execute_async(
            db.ps["prefix_find"], (search.head(q), n, q, q + search.END, per_shard)
        )
        for n in range(SHARDS)
    ]
    found_rows = [(r["folded"], r["candidate_id"]) for f in futures for r in f.result()]
    ids = [cid for _folded, cid in sorted(found_rows)][:per_shard]  # the first tokens overall
    found = db.get_many("candidate", list(dict.fromkeys(ids)), rows.candidate)
    # a row a change left behind (its writer stopped) must not show a candidate by a name or
    # email it no longer has: each profile is checked against the query
    matching = [c for c in found.values() if search.matches(c, q)]
    return search.ranked(matching, limit)


def pages(db: PreparedSession, query: str, page_size: int) -> Iterator[list[Candidate]]:
    """A whole search result, a page at a time: every shard's prefix slice read with the
    driver's paging (`fetch_size`, no LIMIT reached), merged in index order, each candidate
    once (`first_match`). Memory: a page of rows per shard."""
    q = search.query_key(query)
    everything = 2**31 - 1  # the prepared search's LIMIT, lifted: pages bound the reads

    def shard_rows(n: int) -> Iterator[tuple[str, str, uuid.UUID]]:
        statement = BoundStatement(db.ps["prefix_find"], fetch_size=page_size)
        bound = statement.bind((search.head(q), n, q, q + search.END, everything))
        for row in db.session.execute(bound):  # the driver fetches page after page
            yield row["folded"], str(row["candidate_id"]), row["candidate_id"]

    merged = heapq.merge(*(shard_rows(n) for n in range(SHARDS)))
    for chunk in chunked(merged, page_size):
        profiles = db.get_many("candidate", [cid for _, _, cid in chunk], rows.candidate)
        yield [
            profiles[cid]
            for token, _, cid in chunk
            if cid in profiles and search.first_match(profiles[cid], q, token)
        ]
