"""Interviewer calibration as the screens show it (no Streamlit): a person's figures beside
the team's on their page, and the team's table on Insights.

Who sees what (core/calibration.py says what each figure is):
- a person's figures: that person, recruiters and administrators (`may_see`). They come from
  that person's own scorecards only: leniency compares their scores with the panel's mean on
  the interviews they scored, whose colleagues' scorecards they may already see (the rule of
  sign-in.md: one's own feedback in, the panel's shown);
- the team's figures, pooled over every scorecard and never per person, beside them: shown to
  an interviewer only while they owe no feedback (owed.py), so that no figure moves with a
  colleague's scorecard on an interview they still have to score; recruiters and
  administrators always see them, and the table per interviewer on Insights.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pandas as pd

from ..core.access import Viewer
from ..core.calibration import FIGURE_ROWS, Figures, figure_cells
from ..core.models import UserRole
from ..store.base import Store

TEAM_HIDDEN = (
    "The team's figures show once you have submitted every scorecard you owe, so that no "
    "colleague's ratings on an interview you still have to score can move them."
)
TABLE_COLUMNS = ["Interviewer", *FIGURE_ROWS]


def may_see(viewer: Viewer, user_id: uuid.UUID) -> bool:
    """A person's calibration figures: themselves, recruiters and administrators."""
    return viewer.user_id == user_id or sees_team_table(viewer)


def sees_team_table(viewer: Viewer) -> bool:
    return viewer.admin or viewer.user.holds(UserRole.RECRUITER)


@dataclass(frozen=True)
class PersonCalibration:
    own: Figures
    team: Figures | None  # None: hidden (`team_note` says why)
    team_note: str | None = None

    def frame(self) -> pd.DataFrame:
        """Figure, this person, the team."""
        own = figure_cells(self.own)
        team = figure_cells(self.team, team=True) if self.team else ["—"] * len(own)
        return pd.DataFrame({"Figure": FIGURE_ROWS, "Theirs": own, "Team": team})


def person_calibration(
    store: Store, viewer: Viewer, user_id: uuid.UUID, owes_feedback: bool
) -> PersonCalibration | None:
    """The person's figures beside the team's (None: the viewer may not see them)."""
    if not may_see(viewer, user_id):
        return None
    own = Figures.of(store.calibration_sums(user_id))
    if owes_feedback and not sees_team_table(viewer):
        return PersonCalibration(own, None, TEAM_HIDDEN)
    return PersonCalibration(own, Figures.of(store.calibration_sums(None)))


def team_table(store: Store) -> pd.DataFrame:
    """One row per interviewer with a scorecard, by name (TABLE_COLUMNS)."""
    rows = []
    for uid, sums in store.calibration_table().items():
        user = store.get_user(uid)
        rows.append([user.name if user else str(uid), *figure_cells(Figures.of(sums))])
    rows.sort(key=lambda r: r[0].casefold())
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
