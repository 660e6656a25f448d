"""Does the reminder policy work? The Insights frames of time to feedback by reminders received
(core/feedback_times.py says what is counted), week by week of the interviews' end: team
figures only, never per person.

- `chart`: one row per week and reminder group with scorecards ("reminders received" 0, 1, ...,
  5+): the mean hours from the interview's end to the first submission;
- `shares`: one row per week and threshold: the share of that week's scorecards in within 24 h
  and within 48 h;
- `table`: the same as text, one row per week (every reminder group together) and one per week
  and reminder group under it.

Who sees what: recruiters and administrators, who see each interviewer's calibration (their
hours to submit among it), see every figure. Others see only the figures of at least
MIN_SCORECARDS scorecards (`few_left_out`): a week or reminder count with one or two
scorecards would show a colleague's own time to submit and the reminders they got.
"""

from __future__ import annotations

import pandas as pd

from ..core.feedback_times import REMINDER_GROUPS, Cell, cells
from ..store import aggregates as agg

CHART_COLUMNS = ["week", "reminders received", "mean hours", "scorecards"]
SHARE_COLUMNS = ["week", "within", "share", "scorecards"]
TABLE_COLUMNS = [
    "Week",
    "Reminders received",
    "Scorecards",
    "Mean hours to feedback",
    "Within 24 h",
    "Within 48 h",
]
ALL_GROUPS = "any"
MIN_SCORECARDS = 3
FEW_NOTE = (
    f"Weeks and reminder counts with fewer than {MIN_SCORECARDS} scorecards are left out, so "
    "that no one's own time to submit shows; recruiters and administrators see every one."
)
WITHIN = ("24 h", "48 h")
EMPTY = "No scorecard on the interviews of these weeks yet."


def _share(n: int, of: int) -> str:
    return f"{n / of:.0%}" if of else "—"


def _row(week: str, group: str, c: Cell) -> list[object]:
    hours = c.mean_hours
    return [
        week,
        group,
        c.scorecards,
        "—" if hours is None else f"{hours:.1f}",
        _share(c.in_24h, c.scorecards),
        _share(c.in_48h, c.scorecards),
    ]


def frames(counts: agg.InsightCounts) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(chart, shares, table) from the chart's counts."""
    by_cell = cells(counts.chart(agg.FEEDBACK_TIME))
    weeks = sorted({w for w, _g in by_cell})
    chart, shares, table = [], [], []
    for week in weeks:
        total = Cell()
        groups = [(g, by_cell[(week, g)]) for g in REMINDER_GROUPS if (week, g) in by_cell]
        for group, c in groups:
            total = total.plus(c)
            chart.append([week, group, c.mean_hours, c.scorecards])
        shares += [
            [week, WITHIN[0], total.in_24h / total.scorecards, total.scorecards],
            [week, WITHIN[1], total.in_48h / total.scorecards, total.scorecards],
        ]
        table.append(_row(week, ALL_GROUPS, total))
        table += [_row(week, g, c) for g, c in groups]
    return (
        pd.DataFrame(chart, columns=CHART_COLUMNS),
        pd.DataFrame(shares, columns=SHARE_COLUMNS),
        pd.DataFrame(table, columns=TABLE_COLUMNS),
    )


def few_left_out(
    chart: pd.DataFrame, shares: pd.DataFrame, table: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The frames without the figures of fewer than MIN_SCORECARDS scorecards."""
    return (
        chart[chart["scorecards"] >= MIN_SCORECARDS].reset_index(drop=True),
        shares[shares["scorecards"] >= MIN_SCORECARDS].reset_index(drop=True),
        table[table["Scorecards"] >= MIN_SCORECARDS].reset_index(drop=True),
    )
