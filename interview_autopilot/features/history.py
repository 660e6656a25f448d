"""The interview page's history table: the audit trail as text, never Markdown."""

from __future__ import annotations

import uuid
from datetime import tzinfo

import pandas as pd

from ..core.audit import parse_span
from ..core.formatting import local_span, local_time, zone_name
from ..core.models import AuditAction, AuditEntry, InterviewStatus, User

COLUMNS = ["When", "Who", "What", "Before", "After"]  # "When" carries the viewer's zone


def when_column(zone: tzinfo) -> str:
    """The first column's title: the zone its times are shown in."""
    return f"When ({zone_name(zone)})"


def _status(value: str | None) -> str:
    if value is None:
        return ""
    try:
        return InterviewStatus(value).label
    except ValueError:
        return value


def _span(value: str | None, zone: tzinfo) -> str:
    """A recorded time ('start/end', UTC) in the viewer's zone."""
    span = parse_span(value) if value else None
    if span is None:
        return value or ""
    return local_span(*span, zone)


def history_table(entries: list[AuditEntry], users: list[User], zone: tzinfo) -> pd.DataFrame:
    """Newest first: when (in the viewer's zone), who acted, what changed, and the values
    before and after."""
    names: dict[uuid.UUID, str] = {u.user_id: u.name for u in users}

    def who(user_id: uuid.UUID | None) -> str:
        if user_id is None:
            return "(a tool, no viewer)"
        return names.get(user_id, str(user_id))

    rows = []
    for e in reversed(entries):
        if e.action == AuditAction.STATUS:
            what, before, after = "Status", _status(e.before), _status(e.after)
        elif e.action == AuditAction.SCHEDULE:
            what, before, after = "Time", _span(e.before, zone), _span(e.after, zone)
        elif e.action == AuditAction.DECISION:
            what, before, after = "Hiring decision", e.before or "", e.after or ""
        else:
            what = f"Feedback of {who(e.subject_id)}"
            before, after = e.before or "", e.after or ""
        actor = who(e.actor_id)
        if e.action == AuditAction.SCHEDULE and e.before is None and e.actor_id is None:
            # booked by the candidate on their self-scheduling link (features/self_scheduling)
            actor, what = "The candidate (self-scheduling link)", "Booked"
        rows.append([local_time(e.at, zone), actor, what, before, after])
    return pd.DataFrame(rows, columns=[when_column(zone), *COLUMNS[1:]])
