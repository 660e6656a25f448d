"""Interviewer calibration: a person's figures on their page, the team's table on Insights
(features/calibration.py; cached like the other reads, cleared by every write)."""

from __future__ import annotations

import pandas as pd

from ...core import domain
from ...features import calibration as _calibration
from ...features.calibration import PersonCalibration
from ._cache import cached_read
from .backend import _store, get_store
from .viewing import viewer


def person_calibration(user_id: str, owes_feedback: bool) -> PersonCalibration | None:
    """The person's figures beside the team's, or None when the viewer may not see them."""
    key = domain.parse_uuid(user_id, "user")
    get_store()
    return _calibration.person_calibration(_store(), viewer(), key, owes_feedback)


def team_calibration() -> pd.DataFrame | None:
    """The table per interviewer (None: the viewer is no recruiter or administrator)."""
    if not _calibration.sees_team_table(viewer()):
        return None
    get_store()
    return _team_table()


@cached_read
def _team_table() -> pd.DataFrame:
    return _calibration.team_table(_store())
