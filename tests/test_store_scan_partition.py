"""The Tables page's filter on the partition key, on every backend (see conftest `store`):
Cassandra `WHERE pk = ?` prepared per table, SQLite `WHERE key = ?` on its primary key."""

from __future__ import annotations

import pytest
from support.world import ALICE
from test_store_scan import PARTICIPANTS, frozen
from test_store_scan import world as world  # the fixture, re-exported

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import TablePage
from interview_autopilot.store.base import MAX_SCAN_PAGE, Store


def walk(store: Store, table: str, size: int, partition: dict[str, str]) -> list[TablePage]:
    pages = [store.scan_table(table, size, None, partition)]
    while pages[-1].next_state is not None:
        pages.append(store.scan_table(table, size, pages[-1].next_state, partition))
        assert len(pages) < 100, "the scan never ends"
    return pages


@pytest.mark.parametrize("size", [1, 2, 50])
def test_a_partition_filter_gives_exactly_that_partitions_rows(world: Store, size: int) -> None:
    table = PARTICIPANTS[world.backend]
    everything = world.scan_table(table, MAX_SCAN_PAGE).rows
    ids = {str(r["interview_id"]) for r in everything}
    assert len(ids) == 4
    for iid in ids:
        pages = walk(world, table, size, {"interview_id": iid})
        got = [frozen(r) for p in pages for r in p.rows]
        want = {frozen(r) for r in everything if str(r["interview_id"]) == iid}
        assert len(got) == len(set(got)) and set(got) == want


def test_users_by_their_key_and_an_unknown_value_is_empty(world: Store) -> None:
    page = world.scan_table("users", 10, None, {"user_id": str(ALICE.user_id)})
    assert [str(r["email"]) for r in page.rows] == [ALICE.email]
    missing = world.scan_table(
        "users", 10, None, {"user_id": "00000000-0000-0000-0000-000000000001"}
    )
    assert missing.rows == [] and missing.next_state is None


@pytest.mark.parametrize("partition", [{}, {"email": "x"}, {"user_id": 5}, ["user_id"]])
def test_a_filter_on_anything_but_the_key_is_refused(world: Store, partition: object) -> None:
    with pytest.raises(ValidationError) as err:
        world.scan_table("users", 10, None, partition)  # type: ignore[arg-type]
    assert err.value.field == "partition"
    assert world.scan_table("users", 10).rows  # the store still works


def test_a_cassandra_token_is_bound_to_its_partition(world: Store) -> None:
    if world.backend == "sqlite":
        pytest.skip("a SQLite token is a key, valid under any filter")
    table = PARTICIPANTS[world.backend]
    iid = str(world.scan_table(table, 1).rows[0]["interview_id"])
    first = world.scan_table(table, 1, None, {"interview_id": iid})
    assert first.next_state is not None
    with pytest.raises(ValidationError):
        world.scan_table(table, 1, first.next_state)  # the unfiltered scan refuses it
    with pytest.raises(ValidationError) as err:
        world.scan_table(table, 1, None, {"interview_id": "not-a-uuid"})
    assert err.value.field == "partition"
