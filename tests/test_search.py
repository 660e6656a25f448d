"""Candidate search on every store (the `store` fixture): name or email prefix, case- and
accent-insensitive, the same results everywhere; on Cassandra a trace shows one bounded read."""

from __future__ import annotations

import pytest
from world import seed_people

from interview_autopilot.errors import ValidationError
from interview_autopilot.models import Candidate, make_id
from interview_autopilot.search import fold, tokens
from interview_autopilot.store.base import Store

PEOPLE = [
    Candidate(make_id("search", k), name, email, "")
    for k, name, email in [
        ("1", "Liam Chen", "liam.chen@example.org"),
        ("2", "William Liang", "w.liang@example.org"),
        ("3", "Zoë Núñez", "zoe@nunez.example"),
        ("4", "Noah Liam Olsen", "noah@example.org"),
        ("5", "Lïana Ortiz", "ortiz@example.org"),
    ]
]


@pytest.fixture
def found(store: Store) -> Store:
    seed_people(store)
    store.upsert_candidates(PEOPLE)
    return store


def names(store: Store, query: str) -> list[str]:
    return [c.name for c in store.search_candidates(query)]


def test_folding_is_case_and_accent_insensitive() -> None:
    assert fold("  Zoë   NÚÑEZ ") == "zoe nunez"
    assert tokens(PEOPLE[2]) == {"zoe nunez", "zoe", "nunez", "zoe@nunez.example"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Liam", ["Liam Chen", "Noah Liam Olsen"]),  # a word of the name, not "William"
        ("li", ["Liam Chen", "Lïana Ortiz", "Noah Liam Olsen", "William Liang"]),
        ("LIAM CH", ["Liam Chen"]),
        ("nunez", ["Zoë Núñez"]),
        ("ZOË", ["Zoe Candidate", "Zoë Núñez"]),  # the world's Zoe too: accents ignored
        ("liana", ["Lïana Ortiz"]),
        ("w.li", ["William Liang"]),
        ("ortiz@", ["Lïana Ortiz"]),
        ("xy", []),
    ],
)
def test_search_by_name_or_email_prefix(found: Store, query: str, expected) -> None:
    assert names(found, query) == expected


def test_a_renamed_candidate_is_found_by_the_new_name_only(found: Store) -> None:
    renamed = Candidate(PEOPLE[0].candidate_id, "Lee Chan", "lee.chan@example.org", "")
    found.upsert_candidates([renamed])
    assert names(found, "liam") == ["Noah Liam Olsen"]
    assert names(found, "lee") == ["Lee Chan"]
    found.delete_candidate(renamed.candidate_id)
    assert names(found, "lee") == []


@pytest.mark.parametrize("query", ["", " ", "a", "x" * 101])
def test_a_query_too_short_or_too_long_is_refused(found: Store, query: str) -> None:
    with pytest.raises(ValidationError):
        found.search_candidates(query)


def test_the_limit_bounds_the_results(found: Store) -> None:
    assert len(found.search_candidates("li", limit=2)) == 2


def test_on_cassandra_a_search_reads_one_partition_slice_with_a_limit(store: Store) -> None:
    if store.backend == "sqlite":
        pytest.skip("the trace is Cassandra's")
    many = [
        Candidate(make_id("search-many", str(n)), f"Li{n:04d} Person", f"p{n}@x.org", "")
        for n in range(300)
    ]
    store.upsert_candidates(many)
    result, traces = store.search_candidates_traced("li01", limit=5)  # type: ignore[attr-defined]
    assert [c.name for c in result] == [f"Li{n:04d} Person" for n in range(100, 105)]
    from test_cassandra_specific import trace_reads

    partitions, reads = trace_reads(traces[0])
    assert partitions == 1  # one partition ("li"), never a scan
    assert len(reads) == 1 and reads[0][0] <= 5 * 3  # at most LIMIT rows read
