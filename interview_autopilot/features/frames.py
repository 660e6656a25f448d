"""The tables the pages draw, as DataFrames: the interview list, an interview's participants,
the People list and one page of a table scan (the CSV exports are built from the same frames)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

import pandas as pd

from ..core.formatting import MISSING, SUBMITTED, feedback_ratio, local_time
from ..core.lifecycle import recommendation_label, row_attention
from ..core.models import InterviewSummary, Participant, TablePage, User, utc_now


def interviews_table(
    rows: list[InterviewSummary], zone: tzinfo, now: datetime | None = None
) -> pd.DataFrame:
    """The rows of the interview list, display-ready, in the page's order; a cancelled or
    no-show row's recommendation says Closed, and a row needing attention is flagged."""
    moment = now or utc_now()
    return pd.DataFrame(
        {
            "When": [local_time(r.scheduled_start, zone) for r in rows],
            "Candidate": [r.candidate_name for r in rows],
            "Job title": [r.job_title for r in rows],
            "Recruiter": [r.recruiter_name for r in rows],
            "Feedback": [feedback_ratio(r) for r in rows],
            "ATS recommendation": [recommendation_label(r) for r in rows],
            "Attention": [row_attention(r, moment) for r in rows],
        }
    )


def participants_table(participants: list[Participant]) -> pd.DataFrame:
    """The participants of one interview, with a ✓ where their feedback is in."""
    return pd.DataFrame(
        {
            "Name": [p.name for p in participants],
            "Role": [p.role.label for p in participants],
            "Email": [p.email for p in participants],
            "Slack": [p.slack_handle for p in participants],
            "Feedback": [SUBMITTED if p.has_feedback else MISSING for p in participants],
        }
    )


def _cell(value: object) -> object:
    """A stored value as the grid shows it: numbers, text and booleans as they are, uuids as
    text, times as UTC text like SQLite stores them, anything else as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
        return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"
    return str(value)  # uuids, and whatever else a driver hands back


def table_frame(page: TablePage) -> pd.DataFrame:
    """One page of a table scan, its columns in stored order, the key columns first."""
    columns = [*page.key_columns, *(c for c in page.columns if c not in page.key_columns)]
    return pd.DataFrame(
        [[_cell(row.get(c)) for c in columns] for row in page.rows], columns=columns
    )


def people_table(users: list[User]) -> pd.DataFrame:
    """The People list: active people first, then by name."""
    ordered = sorted(users, key=lambda u: (not u.active, u.name.casefold(), str(u.user_id)))
    return pd.DataFrame(
        {
            "Name": [u.name for u in ordered],
            "Email": [u.email for u in ordered],
            "Roles": [", ".join(r.label for r in u.all_roles) for u in ordered],
            "Administrator": ["yes" if u.admin else "" for u in ordered],
            "Status": ["Active" if u.active else "Deactivated" for u in ordered],
            "Slack": [u.slack_handle for u in ordered],
            "Time zone": [u.time_zone for u in ordered],
            "Working hours": [u.working_hours for u in ordered],
        }
    )
