"""Whose week: the viewer's on the Home page, an interviewer's on their page (bounded reads,
see home.py and profiles.py; cached for a minute, cleared by every write)."""

from __future__ import annotations

import uuid
from datetime import datetime

from ...core import domain
from ...core.errors import ValidationError
from ...core.formatting import viewer_zone as _zone_by_name
from ...core.formatting import zone_name
from ...features import home, owed, profiles
from ...features.home import Week as HomeWeek
from ...features.profiles import PersonWeek
from ._cache import cached_read
from .backend import _store, get_store
from .due import scorecard_due_hours
from .moment import _minute, viewer_zone
from .viewing import viewer


def feedback_horizon_days() -> int:
    """How far back (days, by an interview's start) feedback owed is counted, on every page."""
    return owed.HORIZON_DAYS


def home_week() -> HomeWeek:
    """The viewer's upcoming interviews, those waiting for feedback and the decisions pending
    (bounded reads, see home.py; cached for a minute, cleared by every write)."""
    me = viewer().user_id
    get_store()
    return _home_week(str(me), _minute(), scorecard_due_hours())


@cached_read
def _home_week(user_id: str, minute: str, due_hours: float) -> HomeWeek:
    me = _store().get_user(uuid.UUID(user_id))
    if me is None:
        raise ValidationError("viewer", "The person you view as is no longer registered.")
    return home.week(_store(), me, datetime.fromisoformat(minute), due_hours)


def person_week(user_id: str) -> PersonWeek:
    """The interviewer's this week, next week (viewer's weeks), pending feedback, history."""
    key = domain.parse_uuid(user_id, "user")
    get_store()
    zone = viewer_zone()
    return _person_week(str(key), _minute(), zone_name(zone), scorecard_due_hours())


@cached_read
def _person_week(user_id: str, minute: str, zone: str, due_hours: float) -> PersonWeek:
    moment = datetime.fromisoformat(minute)
    local = moment.astimezone(_zone_by_name(zone))
    return profiles.person_week(_store(), uuid.UUID(user_id), moment, local, due_hours)
