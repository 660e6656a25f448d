"""The CQL text of the self-scheduling links' statements (prepared once with `statements.CQL`)."""

from __future__ import annotations

_LINKS = "{ks}.booking_links_by_id"
BOOKING_LINK_CQL: dict[str, str] = {
    "link_add": f"INSERT INTO {_LINKS} (link_id, candidate_id, recruiter_id, job_id, job_title, "
    "stage_name, created_at, created_by, expires_at, slots) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS",
    "link_get": f"SELECT * FROM {_LINKS} WHERE link_id = ?",
    # None bound for "no claim yet" (IF claim_id = null), as the seat claims do
    "link_claim": f"UPDATE {_LINKS} SET claim_id = ?, claimed_at = ? WHERE link_id = ? "
    "IF used_at = null AND claim_id = ?",
    "link_use": f"UPDATE {_LINKS} SET used_at = ?, interview_id = ? WHERE link_id = ? "
    "IF claim_id = ? AND used_at = null",
    "link_release": f"DELETE claim_id, claimed_at FROM {_LINKS} WHERE link_id = ? "
    "IF claim_id = ? AND used_at = null",
}
BOOKING_LINK_NOT_IDEMPOTENT = frozenset(BOOKING_LINK_CQL) - {"link_get"}
