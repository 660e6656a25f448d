"""What the Insights aggregates count, the same on every store (no database here).

Each chart is a set of counts keyed by two labels `(a, b)`:

| chart | a | b | counts |
|---|---|---|---|
| week_status | week (Monday of the UTC start day) | status | interviews |
| load | week | participant's user id | scheduled or completed interviews they sit on |
| pipeline | stage (STAGES) | "" | interviews at that stage |
| job_recommendation | job title | ATS recommendation ("pending" without one) | interviews |
| job_decision | job title | hiring call | interviews with a hiring decision |
| recommendation_decision | ATS recommendation | hiring call | interviews with a decision |
| feedback_hours | hours bucket (FEEDBACK_BUCKETS) | "" | feedback, by time from end |
| feedback_time | week of the end | reminders group, metric | core/feedback_times.py |

The week charts are read for a window of weeks; the others cover every interview stored.
Cassandra keeps them as counters changed by each write (store/cassandra/aggregates.py), SQLite
answers them with GROUP BY queries (store/sqlite/aggregates.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..core.models import InterviewStatus, to_utc

WEEK_STATUS = "week_status"
LOAD = "load"
PIPELINE = "pipeline"
JOB_RECOMMENDATION = "job_recommendation"
JOB_DECISION = "job_decision"
RECOMMENDATION_DECISION = "recommendation_decision"
FEEDBACK_HOURS = "feedback_hours"
FEEDBACK_TIME = "feedback_time"
WEEK_CHARTS = (WEEK_STATUS, LOAD, FEEDBACK_TIME)
CHARTS = (
    WEEK_STATUS,
    LOAD,
    PIPELINE,
    JOB_RECOMMENDATION,
    JOB_DECISION,
    RECOMMENDATION_DECISION,
    FEEDBACK_HOURS,
    FEEDBACK_TIME,
)

# The pipeline's stages, in funnel order: every interview; completed; completed with every
# participant's feedback in; completed with a hiring decision.
STAGES = ("scheduled", "completed", "feedback_in", "decided")
# Interviews that count as an interviewer's load (not cancelled, not a no-show).
LOAD_STATUSES = (InterviewStatus.SCHEDULED, InterviewStatus.COMPLETED)
# Time from an interview's end to a feedback, whole seconds: (label, upper bound exclusive).
HOUR = 3600
FEEDBACK_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("before the end", 0),
    ("under 4 h", 4 * HOUR),
    ("4-24 h", 24 * HOUR),
    ("1-2 days", 48 * HOUR),
    ("2-7 days", 168 * HOUR),
    ("over 7 days", None),
)


def week_of(moment: datetime) -> str:
    """The Monday of `moment`'s UTC day, 'YYYY-MM-DD'."""
    day = to_utc(moment).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since 1970 (SQLite's strftime('%s'): millisecond part dropped)."""
    return int(to_utc(moment).timestamp())


def feedback_bucket(seconds: int) -> str:
    """The FEEDBACK_BUCKETS label of a feedback given `seconds` after the interview's end."""
    for label, bound in FEEDBACK_BUCKETS:
        if bound is None or seconds < bound:
            return label
    raise AssertionError("the last bucket has no bound")


def weeks_between(first: str, last: str) -> list[str]:
    """Every week from `first` to `last` (Mondays, 'YYYY-MM-DD'), inclusive."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(weeks=n)).isoformat() for n in range((end - start).days // 7 + 1)]


Counts = dict[tuple[str, str], int]


@dataclass(frozen=True)
class InsightCounts:
    """Every chart's counts: chart -> {(a, b): n}, zero counts left out. The week charts hold
    the weeks `first_week` to `last_week` only."""

    first_week: str
    last_week: str
    charts: dict[str, Counts] = field(default_factory=dict)

    def chart(self, name: str) -> Counts:
        return self.charts.get(name, {})


def cleaned(first: str, last: str, rows: list[tuple[str, str, str, int]]) -> InsightCounts:
    """InsightCounts from (chart, a, b, n) rows: zeros dropped, the same key summed."""
    charts: dict[str, Counts] = {name: {} for name in CHARTS}
    for chart, a, b, n in rows:
        if chart in WEEK_CHARTS and not first <= a <= last:
            continue
        counts = charts[chart]
        counts[(a, b)] = counts.get((a, b), 0) + int(n)
    return InsightCounts(
        first, last, {c: {k: n for k, n in v.items() if n} for c, v in charts.items()}
    )
