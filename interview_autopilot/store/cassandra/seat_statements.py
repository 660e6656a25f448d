"""The CQL text of the seat claims' statements (prepared once with `statements.CQL`)."""

from __future__ import annotations

_TABLE = "{ks}.seat_claims_by_person_day"
SEAT_CQL: dict[str, str] = {
    "seat_day": "SELECT version, claim_start, interview_id, claim_end, claimed_at "
    f"FROM {_TABLE} WHERE person_id = ? AND day = ?",
    # The day's version compared and set (versioned_partitions.py): the first claim of a day
    # compares with null in the text, so no value is ever bound as None.
    "seat_day_first": f"UPDATE {_TABLE} SET version = ? WHERE person_id = ? AND day = ? "
    "IF version = null",
    "seat_day_cas": f"UPDATE {_TABLE} SET version = ? WHERE person_id = ? AND day = ? "
    "IF version = ?",
    "seat_put": f"INSERT INTO {_TABLE} (person_id, day, claim_start, interview_id, claim_end, "
    "claimed_at) VALUES (?, ?, ?, ?, ?, ?)",
    "seat_drop": f"DELETE FROM {_TABLE} WHERE person_id = ? AND day = ? AND claim_start = ? "
    "AND interview_id = ?",
}
SEAT_NOT_IDEMPOTENT = frozenset({"seat_day_first", "seat_day_cas"})
