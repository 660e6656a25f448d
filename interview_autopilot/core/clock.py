"""The app's clock: the real time, unless a test clock is explicitly configured. No Streamlit.

`AUTOPILOT_CLOCK_FILE` names a file holding one ISO-8601 instant with its zone
(`2026-11-28T10:00:00+00:00`). When it is set, the screens' "now" (the list views, the stages,
scorecards due, the home page) and the time written with a feedback or a hiring decision are
that instant, read again on every call: a test moves a running server's clock by rewriting
the file (`set_clock`). Guards against turning it on by accident:
- it is read from the process environment only, never from `.env` or `secrets.toml` (a
  copied configuration file cannot carry it);
- a set variable whose file is missing, unreadable or holds no zoned instant is a
  configuration error shown on every page, never a silent fall-back to the real time;
- the query module refuses it when sign-in is configured (`[auth]`: real use), and the
  sidebar says "Test clock" whenever it is on.
Stores keep their own real time for what the user does not see as "now" (versions, audit).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from .errors import ConfigError
from .models import to_utc, utc_now

CLOCK_FILE = "AUTOPILOT_CLOCK_FILE"


def clock_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The test clock's file when the process environment sets one, else None."""
    value = (os.environ if env is None else env).get(CLOCK_FILE, "").strip()
    return Path(value) if value else None


def read_clock(path: Path) -> datetime:
    """The instant a clock file holds, as aware UTC; ConfigError naming the setting if not."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"{CLOCK_FILE} names {path}, which cannot be read ({exc}).") from None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ConfigError(
            f"{CLOCK_FILE}: {path} must hold one ISO-8601 time with its zone "
            "(e.g. 2026-11-28T10:00:00+00:00)."
        )
    return to_utc(moment)


def now(env: Mapping[str, str] | None = None) -> datetime:
    """The current time (aware UTC, milliseconds): the test clock's when one is configured."""
    path = clock_file(env)
    return utc_now() if path is None else read_clock(path)


def set_clock(path: Path, moment: datetime) -> None:
    """Move a test clock to `moment` (written whole, then renamed: a reader never sees half)."""
    if moment.tzinfo is None:
        raise ValueError("a test clock needs an aware datetime")
    partial = path.with_name(path.name + ".partial")
    partial.write_text(to_utc(moment).isoformat(), encoding="utf-8")
    partial.replace(path)
