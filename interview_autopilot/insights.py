"""The Insights page's numbers, from a bounded read of the status lists (no Streamlit).

What this is, plainly: every status list read newest first through the screens' own list query
(`list_interviews_by_status`, keyset pages: never a table scan), at most PER_STATUS interviews
of each status, then counted in Python, identically on every store. It is not served by
aggregate tables kept by the write path (issue 9 asks for those on Cassandra; not built yet),
and not by SQL on SQLite: with more than PER_STATUS interviews of a status the charts cover
the newest ones only, and `Insights.truncated` says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from .models import InterviewStatus, InterviewSummary, PageCursor, Recommendation
from .store.base import Store

PER_STATUS = 2000
READ_PAGE = 200


@dataclass(frozen=True)
class Insights:
    per_week: pd.DataFrame  # week (Monday, UTC), status, interviews
    pipeline: pd.DataFrame  # stage, interviews (in funnel order)
    by_job: pd.DataFrame  # job title, recommendation, interviews
    interviews: int  # rows read
    truncated: list[str]  # statuses with more than PER_STATUS interviews


STAGES = ("Scheduled (every interview)", "Completed", "Every feedback in", "Recommended")


def read_bounded(
    store: Store, per_status: int = PER_STATUS
) -> tuple[list[InterviewSummary], list[str]]:
    """The newest `per_status` interviews of each status, and the statuses cut short."""
    rows: list[InterviewSummary] = []
    cut: list[str] = []
    for status in InterviewStatus:
        after: PageCursor | None = None
        got = 0
        while True:
            page = store.list_interviews_by_status(status, min(READ_PAGE, per_status - got), after)
            rows += page.rows
            got += len(page.rows)
            after = page.next_cursor
            if after is None:
                break
            if got >= per_status:
                cut.append(status.value)
                break
    return rows, cut


def _week(start: datetime) -> str:
    day = start.date()
    return (day - timedelta(days=day.weekday())).isoformat()


def summarise(rows: list[InterviewSummary], truncated: list[str]) -> Insights:
    weeks = Counter((_week(r.scheduled_start), r.status.label) for r in rows)
    per_week = pd.DataFrame(
        [{"week": w, "status": s, "interviews": n} for (w, s), n in sorted(weeks.items())],
        columns=["week", "status", "interviews"],
    )
    held = [r for r in rows if r.status == InterviewStatus.COMPLETED]
    complete = [r for r in held if r.participant_count and r.feedback_count >= r.participant_count]
    decided = [r for r in held if r.recommendation != Recommendation.PENDING]
    pipeline = pd.DataFrame(
        {"stage": list(STAGES), "interviews": [len(rows), len(held), len(complete), len(decided)]}
    )
    jobs = Counter((r.job_title, r.recommendation.label) for r in rows)
    by_job = pd.DataFrame(
        [
            {"job title": j, "recommendation": k, "interviews": n}
            for (j, k), n in sorted(jobs.items())
        ],
        columns=["job title", "recommendation", "interviews"],
    )
    return Insights(per_week, pipeline, by_job, len(rows), truncated)


def gather(store: Store, per_status: int = PER_STATUS) -> Insights:
    rows, cut = read_bounded(store, per_status)
    return summarise(rows, cut)
