"""The CQL text of a person's window read (prepared once with `statements.CQL`)."""

from __future__ import annotations

PERSON_WINDOW_CQL: dict[str, str] = {
    "by_user_between": "SELECT * FROM {ks}.interviews_by_user_month WHERE user_id = ? "
    "AND month = ? AND scheduled_start >= ? AND scheduled_start < ?",
}
