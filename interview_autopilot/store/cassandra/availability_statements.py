"""The CQL text of availability's statements (prepared once with `statements.CQL`)."""

from __future__ import annotations

_BLOCKS = "{ks}.busy_blocks_by_person_day"
_POOLS = "{ks}.interviewer_pools"
AVAILABILITY_CQL: dict[str, str] = {
    "blocks_day": f"SELECT * FROM {_BLOCKS} WHERE person_id = ? AND day = ?",
    # a full scan of the partition keys, paged by the driver: copying a keyspace only
    "busy_days": f"SELECT DISTINCT person_id, day FROM {_BLOCKS}",
    "block_put": f"INSERT INTO {_BLOCKS} (person_id, day, block_start, block_id, block_end, "
    "title, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "block_drop": f"DELETE FROM {_BLOCKS} WHERE person_id = ? AND day = ? AND block_start = ? "
    "AND block_id = ?",
    "limits_get": "SELECT daily, weekly FROM {ks}.interview_limits_by_person WHERE person_id = ?",
    "limits_put": "INSERT INTO {ks}.interview_limits_by_person (person_id, daily, weekly) "
    "VALUES (?, ?, ?)",
    "pools_all": f"SELECT * FROM {_POOLS} WHERE scope = ?",
    "pool_version": f"SELECT version FROM {_POOLS} WHERE scope = ? AND pool_id = ?",
    "pool_add": f"INSERT INTO {_POOLS} (scope, pool_id, name, members, version) "
    "VALUES (?, ?, ?, ?, ?) IF NOT EXISTS",
    "pool_change": f"UPDATE {_POOLS} SET name = ?, members = ?, version = ? "
    "WHERE scope = ? AND pool_id = ? IF version = ?",
}
AVAILABILITY_NOT_IDEMPOTENT = frozenset({"pool_add", "pool_change"})
