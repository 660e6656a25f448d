"""The candidate emails' templates on Cassandra: a mixin of CassandraStore.

`message_templates` holds one row per template (three rows: the whole table is one small
read). A save is a lightweight transaction on the version the page showed: `IF NOT EXISTS` for
the first, `IF version = ?` after it, so of two saves made on the same page one lands.
"""

from __future__ import annotations

from cassandra import ConsistencyLevel, OperationTimedOut, WriteTimeout
from cassandra.query import UNSET_VALUE

from ...core.message_templates import MessageTemplate, TemplateName
from ...core.models import to_utc
from .connection import driver_errors
from .session import PreparedSession


class MessageTemplatesMixin:
    """Needs the store's prepared session (see CassandraStore)."""

    _db: PreparedSession

    @driver_errors
    def message_templates(self) -> dict[TemplateName, MessageTemplate]:
        out = {}
        for r in self._db.session.execute(self._db.ps["templates_all"]):
            name = TemplateName(r["name"])
            out[name] = MessageTemplate(
                name,
                r["subject"] or "",
                r["body"] or "",
                r["draft_subject"] or "",
                r["draft_body"] or "",
                r["version"] or 0,
                r["updated_by"],
                to_utc(r["updated_at"]) if r["updated_at"] else None,
            )
        return out

    @driver_errors
    def save_message_template(self, template: MessageTemplate, seen: int) -> bool:
        t = template
        values = (
            t.subject,
            t.body,
            t.draft_subject,
            t.draft_body,
            t.version,
            t.updated_by or UNSET_VALUE,
            to_utc(t.updated_at) if t.updated_at else UNSET_VALUE,
        )
        if seen == 0:
            statement, params = self._db.ps["template_insert"], [t.name.value, *values]
        else:
            statement, params = self._db.ps["template_update"], [*values, t.name.value, seen]
        try:
            return bool(self._db.session.execute(statement, params).was_applied)
        except (WriteTimeout, OperationTimedOut):  # did it land? a serial read says
            bound = self._db.ps["template_get"].bind((t.name.value,))
            bound.consistency_level = ConsistencyLevel.LOCAL_SERIAL
            rows = list(self._db.session.execute(bound))
            landed = to_utc(rows[0]["updated_at"]) if rows and rows[0]["updated_at"] else None
            return bool(rows) and rows[0]["version"] == t.version and landed == t.updated_at
