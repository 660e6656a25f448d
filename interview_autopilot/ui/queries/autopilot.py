"""The Autopilot page: what goes out next, what went, what fails, the policy, the pause switch
(recruiters and administrators; `access.may_run_autopilot`)."""

from __future__ import annotations

from datetime import timedelta

from ...core import access
from ...features.autopilot import overview
from ...features.autopilot.overview import Overview
from .backend import get_store, load_settings
from .moment import now, viewer_zone
from .viewing import acting_viewer, viewer


def may_run_autopilot() -> bool:
    return access.may_run_autopilot(viewer())


def autopilot_overview() -> Overview:
    access.require_autopilot(viewer())
    settings = load_settings()
    lookback = timedelta(hours=settings.number("AUTOPILOT_LOOKBACK_HOURS"))
    return overview.overview(get_store(), now(), viewer_zone(), lookback)


def autopilot_policy() -> list[tuple[str, str, str]]:
    return overview.policy(load_settings())


def pause_autopilot(paused: bool) -> None:
    """Turn the pause switch on or off (every worker reads it before each pass)."""
    store = get_store()
    who = acting_viewer(store)
    access.require_autopilot(who)
    store.set_autopilot_paused(paused, actor=who.user_id, now=now())
