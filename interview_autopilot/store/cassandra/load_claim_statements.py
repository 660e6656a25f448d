"""The CQL text of the load claims' statements (prepared once with `statements.CQL`)."""

from __future__ import annotations

_TABLE = "{ks}.load_claims_by_person_week"
LOAD_CQL: dict[str, str] = {
    "load_week": "SELECT version, interview_id, claim_start, claim_end, claimed_at "
    f"FROM {_TABLE} WHERE person_id = ? AND week = ?",
    # The week's version compared and set (versioned_partitions.py): the first claim of a week
    # compares with null in the text, so no value is ever bound as None.
    "load_week_first": f"UPDATE {_TABLE} SET version = ? WHERE person_id = ? AND week = ? "
    "IF version = null",
    "load_week_cas": f"UPDATE {_TABLE} SET version = ? WHERE person_id = ? AND week = ? "
    "IF version = ?",
    "load_put": f"INSERT INTO {_TABLE} (person_id, week, interview_id, claim_start, claim_end, "
    "claimed_at) VALUES (?, ?, ?, ?, ?, ?)",
    "load_drop": f"DELETE FROM {_TABLE} WHERE person_id = ? AND week = ? AND interview_id = ?",
}
LOAD_NOT_IDEMPOTENT = frozenset({"load_week_first", "load_week_cas"})
