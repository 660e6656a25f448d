"""The Insights page's numbers as chart-ready frames (no Streamlit).

Every number comes from `Store.insight_counts` (store/aggregates.py says what each counts): on
Cassandra the counters of `insight_counts_by_chart`, kept current by every write and read a
partition slice at a time (no scan); on SQLite one GROUP BY query per chart. Here they only get
labels, an order, and the names of the busiest interviewers (a point read each).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from ..core.filters import job_key
from ..core.models import HiringCall, InterviewStatus, Recommendation, utc_now
from ..store import aggregates as agg
from ..store.base import Store
from . import feedback_time

WEEKS_BACK = 26  # the week charts: this many weeks before the current one...
WEEKS_AHEAD = 8  # ...and this many after it
TOP_INTERVIEWERS = 12  # interviewer load: the busiest of the window, by name

# One palette for every chart, by label: hire shades green, no-hire shades red and orange,
# what is still open (pending, on hold, cancelled) neutral grey; the lifecycle in blues, a
# no-show orange. Each list is also the legend's order.
RECOMMENDATION_COLOURS = {
    Recommendation.STRONG_HIRE.label: "#1a7f37",
    Recommendation.HIRE.label: "#7cc47f",
    Recommendation.PENDING.label: "#a8a8a8",
    Recommendation.NO_HIRE.label: "#f08c3a",
    Recommendation.STRONG_NO_HIRE.label: "#c62828",
}
DECISION_COLOURS = {
    HiringCall.ADVANCE.label: "#1a7f37",
    HiringCall.HOLD.label: "#a8a8a8",
    HiringCall.REJECT.label: "#c62828",
}
STATUS_COLOURS = {
    InterviewStatus.SCHEDULED.label: "#9ecae1",
    InterviewStatus.COMPLETED.label: "#2166ac",
    InterviewStatus.NO_SHOW.label: "#f08c3a",
    InterviewStatus.CANCELLED.label: "#a8a8a8",
}
COUNT_COLOUR = "#2166ac"  # bars of one series (pipeline, time to feedback)
COUNT_SCHEME = "blues"  # counts on a grid (recommendation vs decision, interviewer load)

# What a chart with nothing to draw says instead, by the Insights field it draws.
EMPTY = {
    "per_week": "No interviews in these weeks yet.",
    "pipeline": "No interviews yet.",
    "by_job": "No ATS recommendations yet.",
    "decisions_by_job": "No hiring decisions recorded yet.",
    "recommendation_vs_decision": "No hiring decisions recorded yet: nothing to compare with "
    "the ATS recommendations.",
    "time_to_feedback": "No feedback submitted yet.",
    "load": "No interviewer has interviews in these weeks.",
    "reminder_hours": feedback_time.EMPTY,
    "within": feedback_time.EMPTY,
}

STAGE_LABELS = {
    "scheduled": "Scheduled (every interview)",
    "completed": "Completed",
    "feedback_in": "Every feedback in",
    "decided": "Decided (hiring decision)",
}


@dataclass(frozen=True)
class Insights:
    first_week: str  # the week charts' window (Mondays, UTC)
    last_week: str
    per_week: pd.DataFrame  # week, status, interviews
    pipeline: pd.DataFrame  # stage, interviews (funnel order)
    by_job: pd.DataFrame  # job title, recommendation, interviews
    decisions_by_job: pd.DataFrame  # job title, decision, interviews
    recommendation_vs_decision: pd.DataFrame  # recommendation, decision, interviews
    time_to_feedback: pd.DataFrame  # after the end, feedback (bucket order)
    load: pd.DataFrame  # week, interviewer, interviews
    interviews: int  # every interview stored
    interviewers: int  # interviewers with a load in the window (the chart shows the busiest)
    # time to feedback by reminders received, week by week (feedback_time.py)
    reminder_hours: pd.DataFrame = field(default_factory=pd.DataFrame)
    within: pd.DataFrame = field(default_factory=pd.DataFrame)
    feedback_time_table: pd.DataFrame = field(default_factory=pd.DataFrame)


def is_empty(frame: pd.DataFrame) -> bool:
    """Nothing to draw: no row, or only zero counts (the frame's last column)."""
    return frame.empty or not frame.iloc[:, -1].astype(int).any()


def window(today: date) -> tuple[str, str]:
    """The first and last week (Mondays) of the week charts around `today`."""
    monday = today - timedelta(days=today.weekday())
    first = monday - timedelta(weeks=WEEKS_BACK)
    return first.isoformat(), (monday + timedelta(weeks=WEEKS_AHEAD)).isoformat()


def _frame(rows: Sequence[tuple[object, ...]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _load(store: Store, counts: agg.Counts) -> tuple[pd.DataFrame, int]:
    """The busiest interviewers' weeks, by name (point reads of at most TOP_INTERVIEWERS)."""
    totals: dict[str, int] = {}
    for (_week, uid), n in counts.items():
        totals[uid] = totals.get(uid, 0) + n
    top = sorted(totals, key=lambda u: (-totals[u], u))[:TOP_INTERVIEWERS]
    names = {}
    for uid in top:
        found = store.get_user(uuid.UUID(uid))
        names[uid] = found.name if found else uid[:8]
    rows = [(w, names[u], n) for (w, u), n in sorted(counts.items()) if u in names]
    return _frame(rows, ["week", "interviewer", "interviews"]), len(totals)


def fold_by_job(store: Store, chart: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """A chart keyed by free-text job title, keyed by job instead: titles that fold alike
    ("product manager", "Product  Manager") are one bar, named by their job's title (before
    any job exists: by their most used spelling). One point read per folded title."""
    spellings: dict[str, dict[str, int]] = {}
    for (title, _), n in chart.items():
        key = job_key(title)
        spellings.setdefault(key, {})
        spellings[key][title] = spellings[key].get(title, 0) + n
    names = {}
    for key, seen in spellings.items():
        job = store.find_job_by_title(key) if key else None
        most_used = min(seen.items(), key=lambda t: (-t[1], t[0]))[0]
        names[key] = job.title if job else " ".join(most_used.split())
    out: dict[tuple[str, str], int] = {}
    for (title, b), n in chart.items():
        shown = (names[job_key(title)], b)
        out[shown] = out.get(shown, 0) + n
    return out


def build(store: Store, counts: agg.InsightCounts) -> Insights:
    """The frames of every chart from the store's counts."""
    weeks = counts.chart(agg.WEEK_STATUS)
    per_week = _frame(
        [(w, InterviewStatus(s).label, n) for (w, s), n in sorted(weeks.items())],
        ["week", "status", "interviews"],
    )
    stages = counts.chart(agg.PIPELINE)
    pipeline = _frame(
        [(STAGE_LABELS[s], stages.get((s, ""), 0)) for s in agg.STAGES], ["stage", "interviews"]
    )
    by_job = _frame(
        [
            (j, Recommendation(r).label, n)
            for (j, r), n in sorted(
                fold_by_job(store, counts.chart(agg.JOB_RECOMMENDATION)).items()
            )
        ],
        ["job title", "recommendation", "interviews"],
    )
    decisions = _frame(
        [
            (j, HiringCall(c).label, n)
            for (j, c), n in sorted(fold_by_job(store, counts.chart(agg.JOB_DECISION)).items())
        ],
        ["job title", "decision", "interviews"],
    )
    versus = _frame(
        [
            (Recommendation(r).label, HiringCall(c).label, n)
            for (r, c), n in sorted(counts.chart(agg.RECOMMENDATION_DECISION).items())
        ],
        ["recommendation", "decision", "interviews"],
    )
    hours = counts.chart(agg.FEEDBACK_HOURS)
    feedback = _frame(
        [(label, hours.get((label, ""), 0)) for label, _bound in agg.FEEDBACK_BUCKETS],
        ["after the end", "feedback"],
    )
    load, interviewers = _load(store, counts.chart(agg.LOAD))
    reminder_hours, within, feedback_table = feedback_time.frames(counts)
    return Insights(
        counts.first_week,
        counts.last_week,
        per_week,
        pipeline,
        by_job,
        decisions,
        versus,
        feedback,
        load,
        stages.get(("scheduled", ""), 0),
        interviewers,
        reminder_hours,
        within,
        feedback_table,
    )


def gather(store: Store, today: date | None = None) -> Insights:
    """Every chart's frame, the week charts around `today` (default: the current UTC day)."""
    first, last = window(today or utc_now().date())
    return build(store, store.insight_counts(first, last))
