"""What every store's bulk load shares: a stream cut into chunks, and the reference check an
in-memory load (`Store.bulk_load`) makes before it writes anything."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from ..core import domain
from ..core.models import SampleData

T = TypeVar("T")
LOOKUP_CHUNK = 1000  # ids looked up at once when checking references

# The ids of `ids` that the store holds.
Found = Callable[[list[uuid.UUID]], set[uuid.UUID]]


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` as lists of `size` (the last one shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _found(ids: set[uuid.UUID], lookup: Found) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in chunked(sorted(ids), LOOKUP_CHUNK):
        found |= lookup(chunk)
    return found


def check_sample_references(data: SampleData, users: Found, candidates: Found) -> None:
    """Refuse (ValidationError) a load naming a candidate, recruiter or participant that is
    neither in it nor stored, before anything is written. `data` is validated already."""
    user_ids = {u.user_id for u in data.users}
    candidate_ids = {c.candidate_id for c in data.candidates}
    named = {i.recruiter_id for i in data.interviews} | {p[1] for p in data.participants}
    user_ids |= _found(named - user_ids, users)
    named = {i.candidate_id for i in data.interviews}
    candidate_ids |= _found(named - candidate_ids, candidates)
    for record in domain.sample_records(data):
        i = record.interview
        domain.check_references(
            i.candidate_id in candidate_ids,
            i.recruiter_id in user_ids,
            [u for u, _role in record.participants if u not in user_ids],
        )
