"""The interview page's history table: the audit trail as text, never Markdown."""

from __future__ import annotations

import uuid
from datetime import tzinfo

import pandas as pd

from .formatting import local_time
from .models import AuditAction, AuditEntry, InterviewStatus, User

COLUMNS = ["When", "Who", "What", "Before", "After"]


def _status(value: str | None) -> str:
    if value is None:
        return ""
    try:
        return InterviewStatus(value).label
    except ValueError:
        return value


def history_table(entries: list[AuditEntry], users: list[User], zone: tzinfo) -> pd.DataFrame:
    """Newest first: when, who acted, what changed, and the values before and after."""
    names: dict[uuid.UUID, str] = {u.user_id: u.name for u in users}

    def who(user_id: uuid.UUID | None) -> str:
        if user_id is None:
            return "(a tool, no viewer)"
        return names.get(user_id, str(user_id))

    rows = []
    for e in reversed(entries):
        if e.action == AuditAction.STATUS:
            what, before, after = "Status", _status(e.before), _status(e.after)
        else:
            what = f"Feedback of {who(e.subject_id)}"
            before, after = e.before or "", e.after or ""
        rows.append([local_time(e.at, zone), who(e.actor_id), what, before, after])
    return pd.DataFrame(rows, columns=COLUMNS)
