"""The CQL text of a candidate's messages (prepared once with `statements.CQL`)."""

from __future__ import annotations

CANDIDATE_MESSAGES_CQL: dict[str, str] = {
    "candidate_messages_get": "SELECT * FROM {ks}.messages_by_candidate WHERE candidate_id = ?",
    "candidate_message_put": "UPDATE {ks}.messages_by_candidate SET interview_id = ?, at = ?, "
    "kind = ?, subject = ?, state = ?, detail = ? WHERE candidate_id = ? AND message_id = ?",
}
