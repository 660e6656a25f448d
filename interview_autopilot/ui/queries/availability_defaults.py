"""The organisation's availability defaults from the settings: the zone and working hours of a
profile without them, and the daily and weekly interview limits."""

from __future__ import annotations

from ...features import find_times
from .backend import load_settings


def defaults() -> find_times.Defaults:
    s = load_settings()
    return find_times.Defaults(
        s["AUTOPILOT_TIME_ZONE"] or "UTC",
        s["AUTOPILOT_WORKING_HOURS"] or "09:00-17:00",
        int(s.number("INTERVIEW_DAILY_LIMIT")),
        int(s.number("INTERVIEW_WEEKLY_LIMIT")),
    )
