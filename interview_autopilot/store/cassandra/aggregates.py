"""The Insights counters on Cassandra: which counter rows an interview state adds to, and the
reads that serve the Insights page (a few partition slices, never a scan).

`insight_counts_by_chart` holds every chart of store/aggregates.py as counters keyed
`((chart, period), a, b)`. A transition adds -1 to the keys of the state before and +1 to
those of the state after (`transitions.count_deltas`), so a retried copy batch, a bulk load
re-run or a no-op change moves nothing. The period bounds each partition: the year of the week
for week_status and feedback_time (at most 53 weeks x 6 reminder groups x 4 sums a year), the
week itself for load (one row per interviewer active that week; a month was too large a
partition: docs/data-model.md), "all" for the small charts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from cassandra.cluster import ResponseFuture

from ...core import calibration, feedback_times
from ...core.models import Feedback, HiringCall, InterviewStatus
from .. import aggregates as agg
from .rows import InterviewState


class Reads(Protocol):
    """What `read` needs of `session.PreparedSession` (which imports transitions, which imports
    this module: named by shape, not imported)."""

    def future(self, name: str, *params: object) -> ResponseFuture: ...


InsightKey = tuple[str, str, str, str]  # (chart, period, a, b)
ALL = "all"
# Interviewer calibration (core/calibration.py): per interviewer, partitioned by a shard of
# their id (a = the id, b = the metric: ~10 rows each, so a shard stays far under 10k rows up to
# ~60k interviewers); the team's sums in one small partition (a = the metric).
CALIBRATION, CALIBRATION_TEAM = "calibration", "calibration_team"
CALIBRATION_SHARDS = 64


def calibration_shard(user_id: str) -> str:
    return f"{int(user_id[:2], 16) % CALIBRATION_SHARDS:02d}"


def period(chart: str, a: str) -> str:
    """The partition of a chart's row: week_status by year, load by week (its Monday, `a`
    itself), the rest "all". The doctor deletes counters stored under any other period."""
    if chart in (agg.WEEK_STATUS, agg.FEEDBACK_TIME):
        return a[:4]
    if chart == agg.LOAD:
        return a
    if chart == CALIBRATION:
        return calibration_shard(a)
    return ALL


def _key(chart: str, a: str, b: str = "") -> InsightKey:
    return (chart, period(chart, a), a, b)


def insight_keys(state: InterviewState) -> Counter[InsightKey]:
    """The counter rows one interview state counts in, each with its multiplicity."""
    i = state.interview
    week = agg.week_of(i.scheduled_start)
    recommendation = state.recommendation.value
    keys: Counter[InsightKey] = Counter()
    keys[_key(agg.WEEK_STATUS, week, i.status.value)] += 1
    keys[_key(agg.JOB_RECOMMENDATION, i.job_title, recommendation)] += 1
    completed = i.status is InterviewStatus.COMPLETED
    all_in = bool(state.participants) and len(state.feedback) >= len(state.participants)
    stages = (True, completed, completed and all_in, completed and state.hiring is not None)
    for stage, reached in zip(agg.STAGES, stages, strict=True):
        if reached:
            keys[_key(agg.PIPELINE, stage)] += 1
    if state.hiring is not None:
        call = state.hiring.call.value
        keys[_key(agg.JOB_DECISION, i.job_title, call)] += 1
        keys[_key(agg.RECOMMENDATION_DECISION, recommendation, call)] += 1
    if i.status in agg.LOAD_STATUSES:
        for uid in state.participants:
            keys[_key(agg.LOAD, week, str(uid))] += 1
    end = agg.epoch_seconds(i.scheduled_end)
    for f in state.feedback.values():
        bucket = agg.feedback_bucket(agg.epoch_seconds(f.submitted_at) - end)
        keys[_key(agg.FEEDBACK_HOURS, bucket)] += 1
    for f in state.feedback.values():
        for (week, b), n in feedback_times.contributions(i.scheduled_end, f).items():
            keys[_key(agg.FEEDBACK_TIME, week, b)] += n
    keys.update(calibration_keys(state.feedback.values(), i.scheduled_end, state.final_call))
    return keys


def calibration_keys(
    feedback: Iterable[Feedback], end: datetime, call: HiringCall | None
) -> Counter[InsightKey]:
    """The calibration counters one interview's feedback adds to, given its final decision."""
    keys: Counter[InsightKey] = Counter()
    for (uid, metric), n in calibration.contributions(feedback, end, call).items():
        keys[_key(CALIBRATION, str(uid), metric)] += n
        keys[_key(CALIBRATION_TEAM, metric)] += n
    return keys


def read(db: Reads, first_week: str, last_week: str) -> agg.InsightCounts:
    """Every chart: the week charts' partitions covering the window (a clustering slice of
    each: the window's years for week_status, each of its weeks for load), the other charts'
    single partitions. Every read is sent (execute_async) before any result is awaited: the
    ~35 weekly load partitions cost one round trip, not one each."""
    weeks = agg.weeks_between(first_week, last_week)
    futures = []
    for chart in agg.CHARTS:
        if chart in agg.WEEK_CHARTS:
            for part in dict.fromkeys(period(chart, w) for w in weeks):
                futures.append(
                    (chart, db.future("insight_slice", chart, part, first_week, last_week + "~"))
                )
        else:
            futures.append((chart, db.future("insight_all", chart, ALL)))
    rows = [(chart, r["a"], r["b"], r["n"] or 0) for chart, f in futures for r in f.result()]
    return agg.cleaned(first_week, last_week, rows)
