"""The Insights page: the aggregates (store/aggregates.py), labelled."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd

from ...core import access
from ...features import calibration as _calibration
from ...features import feedback_time as _feedback_time
from ...features import insights as _insights
from ...features.pass_through import pass_through_table as _pass_through_table
from ._cache import cached_read
from .backend import _store, get_store
from .moment import _minute
from .viewing import viewer

INSIGHTS_PAGE = "pages/insights.py"


def insights() -> _insights.Insights:
    """The Insights page's numbers (cached like the other reads, cleared by every write); the
    recommendation and decision counts emptied for those who may not see them
    (`access.sees_verdict_counts`), the small figures of time to feedback for those who may
    not see each interviewer's (features/feedback_time.py)."""
    get_store()
    data = _insights_data(_minute()[:10])
    who = viewer()
    if not _calibration.sees_team_table(who):  # time to feedback: no one's own time shows
        hours, within, table = _feedback_time.few_left_out(
            data.reminder_hours, data.within, data.feedback_time_table
        )
        data = dataclasses.replace(
            data, reminder_hours=hours, within=within, feedback_time_table=table
        )
    if access.sees_verdict_counts(who):
        return data
    return dataclasses.replace(
        data,
        by_job=data.by_job.iloc[0:0],
        decisions_by_job=data.decisions_by_job.iloc[0:0],
        recommendation_vs_decision=data.recommendation_vs_decision.iloc[0:0],
    )


def feedback_time_note() -> str | None:
    """What the time-to-feedback figures leave out for this viewer (None: nothing)."""
    return None if _calibration.sees_team_table(viewer()) else _feedback_time.FEW_NOTE


@cached_read
def _insights_data(day: str) -> _insights.Insights:
    return _insights.gather(_store(), date.fromisoformat(day))


def chart_empty_note(data: _insights.Insights, chart: str) -> str | None:
    """What the chart of the Insights field `chart` says instead of drawing, when it has
    nothing to draw (None: it draws)."""
    frame = getattr(data, chart)
    return _insights.EMPTY[chart] if _insights.is_empty(frame) else None


def insights_note(data: _insights.Insights) -> str:
    """What the charts cover, in plain words."""
    return (
        f"{data.interviews} interviews. The week charts run from Monday {data.first_week} to "
        f"Monday {data.last_week} (UTC); the other charts cover every interview."
    )


def insights_method() -> str:
    """How the numbers are counted, for administrators (the store's words)."""
    if _store().backend == "sqlite":
        return (
            "Counted by one GROUP BY query per chart over the tables (time to feedback by "
            "reminders: one query of the weeks' scorecards, added up by the rule Cassandra's "
            "counters follow)."
        )
    return (
        "Counted from the counters of insight_counts_by_chart, kept by every write (a slice of "
        "one partition per chart and period, no table scan; `doctor` checks them)."
    )


def load_note(data: _insights.Insights) -> str:
    """What the interviewer load chart shows."""
    shown = min(data.interviewers, _insights.TOP_INTERVIEWERS)
    return (
        f"Scheduled and completed interviews each person sits on, per week: the {shown} "
        f"busiest of the {data.interviewers} with interviews in these weeks."
    )


def pass_through() -> pd.DataFrame:
    """Insights' pass-through by stage per job (features/pass_through.py); empty for those
    who may not see decision counts (`access.sees_verdict_counts`)."""
    get_store()
    table = _pass_through(_minute()[:10])
    return table if access.sees_verdict_counts(viewer()) else table.iloc[0:0]


@cached_read
def _pass_through(day: str) -> pd.DataFrame:
    return _pass_through_table(_store(), date.fromisoformat(day))
