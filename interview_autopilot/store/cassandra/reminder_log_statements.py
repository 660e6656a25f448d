"""The CQL text of an interview's reminder record (prepared once with `statements.CQL`)."""

from __future__ import annotations

REMINDER_LOG_CQL: dict[str, str] = {
    "reminders_get": "SELECT * FROM {ks}.reminders_by_interview WHERE interview_id = ?",
    # a click lands only on the count the page showed (null: no click yet)
    "nudge_land": "UPDATE {ks}.reminders_by_interview SET nudges = ?, change = ?, nudged_by = ?, "
    "nudged_at = ? WHERE interview_id = ? IF nudges = ?",
    "reminder_put": "UPDATE {ks}.reminders_by_interview SET at = ?, kind = ?, channel = ?, "
    "state = ?, detail = ? WHERE interview_id = ? AND recipient_id = ?",
    # a sent reminder, keyed by its message (recorded twice, it counts once)
    "reminder_sent_add": "UPDATE {ks}.reminders_by_interview SET sent = sent + ? "
    "WHERE interview_id = ? AND recipient_id = ?",
}

REMINDER_LOG_NOT_IDEMPOTENT = frozenset({"nudge_land"})
