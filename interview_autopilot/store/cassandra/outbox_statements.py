"""The CQL text of the autopilot outbox's statements (prepared once with `statements.CQL`)."""

from __future__ import annotations

_ROW = (
    "bucket, due_at, message_id, attempt, kind, channel, interview_id, recipient_id, address, "
    "expect, created_at"
)  # no state: queuing a stored message again leaves its state as it is (null: due)
_KEY = "bucket = ? AND due_at = ? AND message_id = ? AND attempt = ?"

OUTBOX_CQL: dict[str, str] = {
    "outbox_put": f"INSERT INTO {{ks}}.outbox_by_due_hour ({_ROW}) "
    f"VALUES ({', '.join('?' for _ in _ROW.split(', '))})",
    # a queued attempt no worker marked yet (a conditional delete: a claimed one stays)
    "outbox_drop": f"DELETE FROM {{ks}}.outbox_by_due_hour WHERE {_KEY} IF state = null",
    "outbox_hour": "SELECT * FROM {ks}.outbox_by_due_hour WHERE bucket = ?",
    "outbox_mark": "UPDATE {ks}.outbox_by_due_hour SET state = ?, detail = ?, worker = ?, "
    f"settled_at = ? WHERE {_KEY}",
    "claim_get": "SELECT * FROM {ks}.outbox_claims_by_message WHERE message_id = ?",
    "claim_new": "INSERT INTO {ks}.outbox_claims_by_message (message_id, attempt, state, worker, "
    "lease_until, detail) VALUES (?, ?, 'claimed', ?, ?, '') IF NOT EXISTS",
    "claim_take_over": "UPDATE {ks}.outbox_claims_by_message SET worker = ?, lease_until = ? "
    "WHERE message_id = ? IF state = 'claimed' AND attempt = ? AND worker = ? "
    "AND lease_until = ?",
    "claim_resume": "UPDATE {ks}.outbox_claims_by_message SET attempt = ?, state = 'claimed', "
    "worker = ?, lease_until = ?, detail = '' WHERE message_id = ? IF state = 'retry' "
    "AND attempt = ?",
    "claim_settle": "UPDATE {ks}.outbox_claims_by_message SET state = ?, detail = ? "
    "WHERE message_id = ? IF state = 'claimed' AND attempt = ? AND worker = ?",
    "switch_get": "SELECT value FROM {ks}.autopilot_switches WHERE name = ?",
    "switch_put": "INSERT INTO {ks}.autopilot_switches (name, value, changed_by, changed_at) "
    "VALUES (?, ?, ?, ?)",
}

OUTBOX_NOT_IDEMPOTENT = frozenset(
    {"outbox_drop", "claim_new", "claim_take_over", "claim_resume", "claim_settle"}
)
