"""Emptying a test keyspace between tests by truncating only the tables written since it was
last emptied.

A TRUNCATE flushes the table and records the truncation on the node, so truncating every table
before each test is slow on a busy node, and most tests write a few tables. The node counts the
mutations it applied to each table (`system_views.local_write_latency`: inserts, updates,
deletes, counter updates and conditional writes alike), so a table whose count has not moved
since the keyspace was last emptied holds no row and no tombstone. Counts are per node and
start over when the node restarts: on anything but a single node, or after a restart (its
gossip generation changed), every table is truncated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from interview_autopilot.core.models import utc_now
from interview_autopilot.features.sample import ensure_sample_data, sample_anchor, today_shift
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.schema import table_names

_WRITES = "SELECT table_name, count FROM system_views.local_write_latency WHERE keyspace_name = %s"
_NODES = "SELECT generation FROM system_views.gossip_info"

# keyspace -> (the node's gossip generation, each table's write count) when it was last emptied
_emptied: dict[str, tuple[int, dict[str, int]]] = {}


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def write_state(session: Any, keyspace: str) -> tuple[int, dict[str, int]] | None:
    """The node's generation and the keyspace's write count per table, or None when the
    session reaches more than one node."""
    nodes = list(session.execute(_NODES))
    if len(nodes) != 1:
        return None
    counts = {
        _field(r, "table_name"): _field(r, "count") for r in session.execute(_WRITES, [keyspace])
    }
    return _field(nodes[0], "generation"), counts


def written_since(
    state: tuple[int, dict[str, int]] | None, now: tuple[int, dict[str, int]] | None
) -> list[str]:
    """The keyspace's tables written between two `write_state`s (every table when either is
    unknown or the node restarted between them)."""
    tables = table_names()
    if state is None or now is None or state[0] != now[0]:
        return tables
    return [t for t in tables if now[1].get(t) != state[1].get(t)]


def empty_tables(session: Any, keyspace: str) -> None:
    """Truncate the keyspace's tables that were written since it was last emptied (all of them
    the first time), all in flight at once."""
    now = write_state(session, keyspace)
    dirty = written_since(_emptied.get(keyspace), now)
    futures = [session.execute_async(f"TRUNCATE {keyspace}.{t}", timeout=60) for t in dirty]
    for f in futures:
        f.result()
    if now is None:
        _emptied.pop(keyspace, None)
    else:  # a TRUNCATE is no counted write: these counts now describe empty tables
        _emptied[keyspace] = now


# keyspace -> (the sample's shift to today, the write state) after `holding_the_sample` loaded it
_sampled: dict[str, tuple[timedelta, tuple[int, dict[str, int]]]] = {}


def forget(keyspace: str) -> None:
    """The next `empty_tables` of `keyspace` truncates every table: for a test that dropped and
    made tables again (a new table's write count starts over, so a count seen before says
    nothing of its rows)."""
    _emptied.pop(keyspace, None)
    _sampled.pop(keyspace, None)


def holding_the_sample(store: CassandraStore) -> None:
    """Make the store's keyspace hold exactly the sample data as the app loads it today, and
    nothing else: kept as it is when no table was written since this function last loaded it
    on the same day's anchoring, else emptied and loaded again."""
    session, keyspace = store.session.session, store.keyspace
    shift = today_shift(sample_anchor(), utc_now())
    before = _sampled.get(keyspace)
    if (
        before
        and before[0] == shift
        and not written_since(before[1], write_state(session, keyspace))
    ):
        return
    empty_tables(session, keyspace)
    ensure_sample_data(store, now=utc_now())
    after = write_state(session, keyspace)
    if after is None:
        _sampled.pop(keyspace, None)
    else:
        _sampled[keyspace] = (shift, after)
