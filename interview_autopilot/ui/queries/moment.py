"""The app's clock and the viewer's time zone, as every screen reads them."""

from __future__ import annotations

from datetime import datetime, tzinfo

import streamlit as st

from ...core import clock
from ...core.formatting import viewer_zone as _zone_by_name


def now() -> datetime:
    """The current time (UTC, milliseconds); the one clock the screens read (a test clock
    when AUTOPILOT_CLOCK_FILE is set, see clock.py)."""
    return clock.now()


def _minute() -> str:
    """Now to the minute: the cache key of reads that depend on the time (a minute's reuse)."""
    return now().replace(second=0, microsecond=0).isoformat()


def viewer_zone() -> tzinfo:
    """The viewer's time zone from the browser; UTC when it is not known."""
    return _zone_by_name(st.context.timezone)
