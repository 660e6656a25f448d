"""The Insights counts on SQLite: one GROUP BY query per chart over the tables as they are (the
same numbers Cassandra keeps as counters; store/aggregates.py says what each counts).

The week charts read their window through an index (`interviews_by_start`, or
`interviews_by_status` for the load); the pipeline's stages past the first read the completed
interviews through `interviews_by_status`, their panel and feedback counts through the primary
keys. The charts over every interview (by job title, recommendation vs decision, time to
feedback) read each interview or feedback row once: a GROUP BY has to count them all, which is
what Cassandra's counters avoid."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from .. import aggregates as agg
from . import feedback_times

INDEXES = """
CREATE INDEX IF NOT EXISTS interviews_by_start ON interviews(scheduled_start);
"""

# The Monday of the UTC day of a 'YYYY-MM-DDTHH:MM:SS.mmmZ' start (rows.time_text).
_WEEK = (
    "date(substr(i.scheduled_start, 1, 10), '-' || "
    "((CAST(strftime('%w', substr(i.scheduled_start, 1, 10)) AS INTEGER) + 6) % 7) || ' days')"
)
_RECOMMENDATION = "COALESCE(a.recommendation, 'pending')"
_SECONDS = (
    "(CAST(strftime('%s', f.submitted_at) AS INTEGER) "
    "- CAST(strftime('%s', i.scheduled_end) AS INTEGER))"
)


def _bucket_case() -> str:
    """FEEDBACK_BUCKETS as a CASE over the seconds from the end (fixed labels and bounds)."""
    whens = [
        f"WHEN {_SECONDS} < {bound} THEN '{label}'"
        for label, bound in agg.FEEDBACK_BUCKETS
        if bound is not None
    ]
    return f"CASE {' '.join(whens)} ELSE '{agg.FEEDBACK_BUCKETS[-1][0]}' END"


_PANEL = "(SELECT COUNT(*) FROM participants p WHERE p.interview_id = i.interview_id)"
_GIVEN = "(SELECT COUNT(*) FROM feedback f WHERE f.interview_id = i.interview_id)"
_COMPLETED = "i.status = 'completed'"
_STAGES = (
    "1",
    _COMPLETED,
    f"{_COMPLETED} AND {_PANEL} > 0 AND {_GIVEN} >= {_PANEL}",
    f"{_COMPLETED} AND i.hiring_call IS NOT NULL",
)
_LOAD_STATUSES = ", ".join(f"'{s.value}'" for s in agg.LOAD_STATUSES)
_ATS = "interviews i LEFT JOIN ats a ON a.interview_id = i.interview_id"
_WINDOW = "i.scheduled_start >= ? AND i.scheduled_start < ?"

# chart -> (SQL giving rows of (a, b, n), whether it takes the window's two bounds)
QUERIES: dict[str, tuple[str, bool]] = {
    agg.WEEK_STATUS: (
        f"SELECT {_WEEK} AS a, i.status AS b, COUNT(*) AS n FROM interviews i "
        f"WHERE {_WINDOW} GROUP BY a, b",
        True,
    ),
    agg.LOAD: (
        f"SELECT {_WEEK} AS a, p.user_id AS b, COUNT(*) AS n FROM interviews i "
        "JOIN participants p ON p.interview_id = i.interview_id "
        f"WHERE {_WINDOW} AND i.status IN ({_LOAD_STATUSES}) GROUP BY a, b",
        True,
    ),
    agg.PIPELINE: (
        " UNION ALL ".join(
            f"SELECT '{stage}' AS a, '' AS b, COUNT(*) AS n FROM interviews i WHERE {cond}"
            for stage, cond in zip(agg.STAGES, _STAGES, strict=True)
        ),
        False,
    ),
    agg.JOB_RECOMMENDATION: (
        f"SELECT i.job_title AS a, {_RECOMMENDATION} AS b, COUNT(*) AS n FROM {_ATS} GROUP BY a, b",
        False,
    ),
    agg.JOB_DECISION: (
        "SELECT i.job_title AS a, i.hiring_call AS b, COUNT(*) AS n FROM interviews i "
        "WHERE i.hiring_call IS NOT NULL GROUP BY a, b",
        False,
    ),
    agg.RECOMMENDATION_DECISION: (
        f"SELECT {_RECOMMENDATION} AS a, i.hiring_call AS b, COUNT(*) AS n FROM {_ATS} "
        "WHERE i.hiring_call IS NOT NULL GROUP BY a, b",
        False,
    ),
    agg.FEEDBACK_HOURS: (
        f"SELECT {_bucket_case()} AS a, '' AS b, COUNT(*) AS n FROM feedback f "
        "JOIN interviews i ON i.interview_id = f.interview_id GROUP BY a",
        False,
    ),
}


def create(db: sqlite3.Connection) -> None:
    """The indexes the window queries use (a schema step: inside the caller's transaction)."""
    db.execute(INDEXES)


def read(db: sqlite3.Connection, first_week: str, last_week: str) -> agg.InsightCounts:
    """Every chart's counts; the week charts from `first_week` to `last_week` (Mondays)."""
    end = (date.fromisoformat(last_week) + timedelta(days=7)).isoformat()
    rows: list[tuple[str, str, str, int]] = []
    for chart, (sql, windowed) in QUERIES.items():
        params = (first_week, end) if windowed else ()
        rows += [(chart, r[0], r[1], r[2]) for r in db.execute(sql, params)]
    rows += [(agg.FEEDBACK_TIME, *r) for r in feedback_times.chart_rows(db, first_week, last_week)]
    return agg.cleaned(first_week, last_week, rows)
