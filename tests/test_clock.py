"""The test clock (interview_autopilot.core.clock): off unless the process environment names a file;
a named file that cannot be used is an error, never the real time in disguise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from interview_autopilot.core.clock import CLOCK_FILE, clock_file, now, read_clock, set_clock
from interview_autopilot.core.errors import ConfigError
from interview_autopilot.core.models import utc_now

MOMENT = datetime(2026, 11, 30, 9, 15, 0, 123000, tzinfo=UTC)


def test_without_the_setting_it_is_the_real_time() -> None:
    before = utc_now()
    assert before <= now({}) <= utc_now()
    assert clock_file({CLOCK_FILE: "  "}) is None


def test_a_clock_file_is_read_again_on_every_call(tmp_path) -> None:
    path = tmp_path / "clock"
    env = {CLOCK_FILE: str(path)}
    set_clock(path, MOMENT)
    assert now(env) == MOMENT
    set_clock(path, MOMENT + timedelta(days=2))
    assert now(env) == MOMENT + timedelta(days=2)
    set_clock(path, MOMENT.astimezone(timezone(timedelta(hours=9))))  # any zone, read as UTC
    assert now(env) == MOMENT and now(env).tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    ["", "tomorrow", "2026-11-30T09:15:00", "2026-11-30"],  # no zone is no instant
)
def test_a_file_without_a_zoned_instant_is_a_configuration_error(tmp_path, text) -> None:
    path = tmp_path / "clock"
    path.write_text(text)
    with pytest.raises(ConfigError, match=CLOCK_FILE):
        read_clock(path)


def test_a_missing_file_is_a_configuration_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match=CLOCK_FILE):
        now({CLOCK_FILE: str(tmp_path / "nowhere")})


def test_dotenv_and_secrets_cannot_turn_it_on(tmp_path, monkeypatch) -> None:
    """Only the process environment is read: a .env line is ignored by the clock."""
    monkeypatch.delenv(CLOCK_FILE, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"{CLOCK_FILE}={tmp_path / 'clock'}\n")
    set_clock(tmp_path / "clock", MOMENT)
    assert clock_file() is None and now() != MOMENT


def test_set_clock_refuses_a_naive_time(tmp_path) -> None:
    with pytest.raises(ValueError):
        set_clock(tmp_path / "clock", datetime(2026, 1, 1))
