"""The table scan of the data inspection page, on every backend (see conftest `store`).

Row order is the backend's own (SQLite: key order, Cassandra: token order), so rows are compared
as sets; values are compared as text (SQLite stores uuids and times as text).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    DAVE,
    OTHER_CANDIDATE,
    RECRUITER,
    T0,
    add,
    seed_people,
)

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import InterviewStatus, TablePage
from interview_autopilot.store.base import MAX_SCAN_PAGE, Store

# The same data under each backend's table names.
INTERVIEWS = {"sqlite": "interviews", "cassandra": "interviews_by_id", "astra": "interviews_by_id"}
# Cassandra keeps the panel in the interview's source partition: one row per participant.
PARTICIPANTS = {
    "sqlite": "participants",
    "cassandra": "interviews_by_id",
    "astra": "interviews_by_id",
}


@pytest.fixture
def world(store: Store) -> Store:
    """Five users, two candidates, four interviews over three months, two feedbacks."""
    seed_people(store)
    add(store, "a", start=T0, status=InterviewStatus.COMPLETED)
    add(store, "b", start=T0 + timedelta(days=40))
    add(
        store,
        "c",
        start=T0 - timedelta(days=40),
        status=InterviewStatus.CANCELLED,
        candidate=OTHER_CANDIDATE,
        panel=[(ALICE.user_id, ALICE.role)],
    )
    d = add(store, "d", start=T0 - timedelta(days=3), status=InterviewStatus.COMPLETED)
    # at fixed times: time to feedback is summed to the second, so two builds a moment apart
    # must not differ
    given = d.scheduled_end + timedelta(hours=2)
    store.submit_feedback(d.interview_id, ALICE.user_id, "yes", "Solid.", given)
    store.submit_feedback(d.interview_id, BOB.user_id, "no", "Shaky on SQL.", given)
    return store


def frozen(row: dict[str, object]) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


def walk(store: Store, table: str, size: int) -> list[TablePage]:
    """Every page of a table, following next_state to the end."""
    pages = [store.scan_table(table, size)]
    while pages[-1].next_state is not None:
        pages.append(store.scan_table(table, size, pages[-1].next_state))
        assert len(pages) < 1000, "the scan never ends"
    return pages


def column(pages: list[TablePage], name: str) -> set[str]:
    return {str(r[name]) for p in pages for r in p.rows}


def test_an_empty_store_lists_its_tables_and_every_scan_is_empty(store: Store) -> None:
    tables = store.list_tables()
    assert {"users", "candidates", INTERVIEWS[store.backend]} <= set(tables)
    assert len(set(tables)) == len(tables)
    for table in tables:
        page = store.scan_table(table, 10)
        assert page.rows == [] and page.next_state is None, table
        assert page.key_columns and set(page.key_columns) <= set(page.columns), table


@pytest.mark.parametrize("size", [1, 3, 50])
def test_every_row_once_across_pages(world: Store, size: int) -> None:
    for table in world.list_tables():
        pages = walk(world, table, size)
        rows = [frozen(r) for p in pages for r in p.rows]
        assert len(rows) == len(set(rows)), f"{table}: a row came twice"
        assert set(rows) == {frozen(r) for r in world.scan_table(table, MAX_SCAN_PAGE).rows}
        assert all(len(p.rows) == size for p in pages[:-1]), table  # only the last is short
        assert all(set(r) == set(p.columns) for p in pages for r in p.rows), table
    users = walk(world, "users", size)
    assert column(users, "user_id") == {
        str(u.user_id) for u in (RECRUITER, ALICE, BOB, CAROL, DAVE)
    }
    assert column(walk(world, "candidates", size), "name") == {CANDIDATE.name, OTHER_CANDIDATE.name}
    assert column(walk(world, INTERVIEWS[world.backend], size), "video_link") == {
        f"https://meet.example.com/{k}" for k in "abcd"
    }
    participants = [r for p in walk(world, PARTICIPANTS[world.backend], size) for r in p.rows]
    assert len(participants) == 3 + 3 + 1 + 3


def test_key_columns_are_the_primary_key(world: Store) -> None:
    users = world.scan_table("users", 5)
    assert users.key_columns == ["user_id"] and users.clustering_key == []
    panel = world.scan_table(PARTICIPANTS[world.backend], 5)
    assert panel.key_columns == ["interview_id", "user_id"]
    if world.backend != "sqlite":  # SQLite has no clustering: its key is all "partition"
        assert panel.partition_key == ["interview_id"] and panel.clustering_key == ["user_id"]


@pytest.mark.parametrize(
    "table",
    [
        "sqlite_master",
        "system.local",
        "system_schema.tables",
        "users; DROP TABLE users",
        "USERS",
        "",
        "users ",
    ],
)
def test_an_unknown_table_is_refused(world: Store, table: str) -> None:
    with pytest.raises(ValidationError) as refused:
        world.scan_table(table, 10)
    assert refused.value.field == "table"
    assert len(world.scan_table("users", 10).rows) == 5  # nothing was dropped


@pytest.mark.parametrize("size", [0, -1, MAX_SCAN_PAGE + 1])
def test_a_page_size_out_of_range_is_refused(world: Store, size: int) -> None:
    with pytest.raises(ValidationError) as refused:
        world.scan_table("users", size)
    assert refused.value.field == "page_size"


def test_a_token_round_trips_as_text_and_gives_the_same_next_page(world: Store) -> None:
    first = world.scan_table("users", 2)
    assert isinstance(first.next_state, str)
    token = "".join(first.next_state)  # a fresh string: nothing but its text is carried
    second = world.scan_table("users", 2, token)
    assert world.scan_table("users", 2, token) == second
    assert not {frozen(r) for r in first.rows} & {frozen(r) for r in second.rows}
    third = world.scan_table("users", 3, second.next_state)  # the page size may change
    assert len(first.rows + second.rows + third.rows) == 5 and third.next_state is None


def test_a_forged_or_foreign_token_is_refused_and_the_store_still_works(world: Store) -> None:
    token = world.scan_table("users", 2).next_state
    other = world.scan_table("candidates", 1).next_state
    assert token and other
    flipped = token[:-1] + ("0" if token[-1] != "0" else "1")  # one character changed
    forged = [
        "",
        "x",
        "[]",
        "null",
        "00",
        "00.00",
        "deadbeef." + "0" * 32,
        flipped,
        "é." + "0" * 32,
        other,
    ]
    if world.backend == "sqlite":  # its token names the table in clear
        forged.append(token.replace('"users"', '"candidates"'))
    for bad in forged:
        with pytest.raises(ValidationError) as refused:
            world.scan_table("users", 2, bad)
        assert refused.value.field == "page_state", bad
    with pytest.raises(ValidationError):
        world.scan_table("candidates", 1, token)  # a token belongs to its table
    assert len(world.scan_table("users", 10).rows) == 5
