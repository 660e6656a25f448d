"""Live updates: how often the live parts refresh, and forgetting their cached reads when a
refresh is due (so another process's writes show within LIVE_REFRESH_SECONDS)."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import Any, cast

import streamlit as st

from ...core.errors import ConfigError, ValidationError
from .backend import load_settings
from .due import _scorecards_due
from .interviews import _audit, _interview_detail, _participants, _status_counts, interview_key
from .lists import _filtered_counts, _view_page


def live_every() -> float | None:
    """`st.fragment(run_every=...)` of the live parts: LIVE_REFRESH_SECONDS, None when 0 (off).
    A write through this server clears the cached reads, so the next refresh shows it; one
    through another process shows once the cached read expires (TTL_SECONDS)."""
    text = load_settings()["LIVE_REFRESH_SECONDS"]
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise ConfigError(
            f"LIVE_REFRESH_SECONDS must be 0 (off) or a number of seconds, not '{text}'."
        )
    return seconds or None


def _live_due(key: str) -> bool:
    """Whether this session's live view `key` last re-read the store at least a refresh period
    ago (so only the timer's reruns, not every click, go to the store)."""
    try:
        every = live_every()
    except ConfigError:  # the page has said so once; the view works, not live
        return False
    if every is None:
        return False
    now = monotonic()
    stamps: dict[str, float] = st.session_state.setdefault("_live_read_at", {})
    if now - stamps.get(key, float("-inf")) < every * 0.8:
        return False
    stamps[key] = now
    return True


def _forget(cached: Callable[..., Any], *args: str) -> None:
    """Clear one entry of a `cached_read` function (all of them without `args`)."""
    cast(Any, cached).clear(*args)


def live_refresh_detail(interview_id: str) -> None:
    """Forget this interview's cached reads when its live refresh is due: changes made through
    another process then show within LIVE_REFRESH_SECONDS too, not only after TTL_SECONDS."""
    try:
        key = interview_key(interview_id)
    except ValidationError:
        return  # the page says what is wrong with the link
    if _live_due(f"detail:{key}"):
        _forget(_interview_detail, key)
        _forget(_participants, key)
        _forget(_audit, key)


def live_refresh_list(view: str) -> None:
    """The same for the list: its counts and pages are read again once per period."""
    if not _live_due(f"list:{view}"):
        return
    _forget(_status_counts)
    _forget(_view_page)
    _forget(_filtered_counts)


def live_refresh_scorecards() -> None:
    """The same for the Scorecards due board: read again once per period (a colleague's
    feedback takes its line off the board)."""
    if _live_due("scorecards"):
        _forget(_scorecards_due)
