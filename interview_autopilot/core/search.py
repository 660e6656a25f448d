"""Candidate search by name or email prefix, the same on every store. No Streamlit, no store.

Text is folded before it is stored or searched: Unicode NFKD, combining marks dropped, case
folded, spaces collapsed ('Núñez' -> 'nunez'). A candidate is indexed under several tokens:
the whole name, each word of it, and the email. A query matches the candidates with a token
that starts with the folded query. Stores keep one row per (token, candidate): SQLite in an
indexed table, Cassandra in `candidates_by_token`, partitioned by the token's first
HEAD_LENGTH characters and a shard of the candidate id, so a search reads one LIMITed slice of
each shard of one head (in flight together), never a scan.
"""

from __future__ import annotations

import unicodedata

from .errors import ValidationError
from .models import Candidate

HEAD_LENGTH = 2  # characters of the partition key; also the shortest query
SEARCH_LIMIT = 20  # candidates a search returns
ROWS_PER_RESULT = 3  # token rows read per wanted result (a candidate may match by several)
MAX_QUERY = 100
END = "\U0010ffff"  # sorts after every character: [q, q + END) is every text starting with q


def fold(text: str) -> str:
    """Case- and accent-insensitive form of `text`."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def tokens(candidate: Candidate) -> set[str]:
    """The folded texts a candidate is found by (each at least HEAD_LENGTH characters)."""
    name, email = fold(candidate.name), fold(candidate.email)
    found = {name, email, *name.split()}
    return {t for t in found if len(t) >= HEAD_LENGTH}


def head(token: str) -> str:
    """The partition key of a token (or of a query)."""
    return token[:HEAD_LENGTH]


def query_key(query: str) -> str:
    """The folded query; ValidationError when too short or too long to search."""
    q = fold(query)
    if len(q) < HEAD_LENGTH:
        raise ValidationError("query", f"Type at least {HEAD_LENGTH} characters.")
    if len(q) > MAX_QUERY:
        raise ValidationError("query", f"Type at most {MAX_QUERY} characters.")
    return q


def ranked(found: list[Candidate], limit: int) -> list[Candidate]:
    """Distinct candidates by name, then id: the order both stores return."""
    unique = {c.candidate_id: c for c in found}
    return sorted(unique.values(), key=lambda c: (fold(c.name), c.name, str(c.candidate_id)))[
        :limit
    ]


def first_match(candidate: Candidate, folded_query: str, token: str) -> bool:
    """Whether `token` is the candidate's first token (in index order) that `folded_query`
    matches: a whole search result read in index order lists each candidate once, at that
    token, with no memory of the candidates already listed."""
    matching = [t for t in tokens(candidate) if t.startswith(folded_query)]
    return bool(matching) and token == min(matching)


def matches(candidate: Candidate, folded_query: str) -> bool:
    """Whether the candidate as it stands is found by `folded_query`: the check a search makes
    of every profile its index rows point to (a row left by a rename that lost is not a match)."""
    return any(t.startswith(folded_query) for t in tokens(candidate))
