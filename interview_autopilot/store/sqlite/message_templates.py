"""The candidate emails' templates on SQLite: a mixin of SqliteStore, and its schema step.

The same record as Cassandra's `message_templates`: one row per template, saved only on the
version the page showed (read and written in one transaction).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager

from ...core.message_templates import MessageTemplate, TemplateName
from .rows import text_time, time_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS message_templates (
    name TEXT PRIMARY KEY, subject TEXT NOT NULL, body TEXT NOT NULL,
    draft_subject TEXT NOT NULL, draft_body TEXT NOT NULL, version INTEGER NOT NULL,
    updated_by TEXT, updated_at TEXT) WITHOUT ROWID
"""


def add_message_templates(db: sqlite3.Connection) -> None:
    """The schema step (inside the caller's transaction)."""
    db.execute(SCHEMA)


def message_templates_present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'message_templates'"
        ).fetchone()
    )


class MessageTemplatesMixin:
    """Needs the store's transaction and plain reads (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    _rows: Callable[..., list[sqlite3.Row]]

    def message_templates(self) -> dict[TemplateName, MessageTemplate]:
        out = {}
        for r in self._rows("SELECT * FROM message_templates"):
            name = TemplateName(r["name"])
            out[name] = MessageTemplate(
                name,
                r["subject"],
                r["body"],
                r["draft_subject"],
                r["draft_body"],
                r["version"],
                uuid.UUID(r["updated_by"]) if r["updated_by"] else None,
                text_time(r["updated_at"]) if r["updated_at"] else None,
            )
        return out

    def save_message_template(self, template: MessageTemplate, seen: int) -> bool:
        t = template
        with self._tx() as db:  # BEGIN IMMEDIATE: the version read and raised under one lock
            row = db.execute(
                "SELECT version FROM message_templates WHERE name = ?", (t.name.value,)
            ).fetchone()
            if (row["version"] if row else 0) != seen:
                return False
            db.execute(
                "INSERT OR REPLACE INTO message_templates (name, subject, body, draft_subject, "
                "draft_body, version, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    t.name.value,
                    t.subject,
                    t.body,
                    t.draft_subject,
                    t.draft_body,
                    t.version,
                    str(t.updated_by) if t.updated_by else None,
                    time_text(t.updated_at) if t.updated_at else None,
                ),
            )
            return True
