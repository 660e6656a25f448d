"""The CQL text of the candidate emails' templates (prepared once with `statements.CQL`)."""

from __future__ import annotations

_COLUMNS = "subject, body, draft_subject, draft_body, version, updated_by, updated_at"

MESSAGE_TEMPLATES_CQL: dict[str, str] = {
    "templates_all": "SELECT name, " + _COLUMNS + " FROM {ks}.message_templates",
    # the first save of a template; later saves land only on the version the page showed
    "template_insert": "INSERT INTO {ks}.message_templates (name, " + _COLUMNS + ") "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS",
    "template_update": "UPDATE {ks}.message_templates SET subject = ?, body = ?, "
    "draft_subject = ?, draft_body = ?, version = ?, updated_by = ?, updated_at = ? "
    "WHERE name = ? IF version = ?",
    "template_get": "SELECT version, updated_at FROM {ks}.message_templates WHERE name = ?",
}

MESSAGE_TEMPLATES_NOT_IDEMPOTENT = frozenset({"template_insert", "template_update"})
