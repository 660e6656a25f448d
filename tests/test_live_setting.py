"""LIVE_REFRESH_SECONDS: 0 is off, a bad value is a plain message and the page still works."""

from __future__ import annotations

import pytest
import test_pages as pages

from interview_autopilot.core.errors import ConfigError
from interview_autopilot.core.settings import SETTINGS

app_env, visit, at = pages.app_env, pages.visit, pages.at


def test_the_default_is_documented_and_positive() -> None:
    (live,) = [s for s in SETTINGS if s.name == "LIVE_REFRESH_SECONDS"]
    assert float(live.default) > 0


@pytest.mark.parametrize(("value", "every"), [("0", None), ("15", 15.0), ("2.5", 2.5)])
def test_values(monkeypatch, value: str, every: float | None) -> None:
    from interview_autopilot.ui import queries as q

    monkeypatch.setenv("LIVE_REFRESH_SECONDS", value)
    assert q.live_every() == every


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_a_bad_value_is_refused(monkeypatch, value: str) -> None:
    from interview_autopilot.ui import queries as q

    monkeypatch.setenv("LIVE_REFRESH_SECONDS", value)
    with pytest.raises(ConfigError, match="LIVE_REFRESH_SECONDS"):
        q.live_every()


def test_a_bad_value_shows_a_message_and_the_list_still_works(app_env, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LIVE_REFRESH_SECONDS", "soon")
    app = AppTest.from_file(str(pages.APP), default_timeout=30).run(timeout=30)
    app.switch_page(pages.INTERVIEWS).run(timeout=30)  # the home page is the default
    assert not app.exception, app.exception
    shown = [e.value for e in app.error] + [w.value for w in app.warning]
    assert any("LIVE_REFRESH_SECONDS" in text.replace("\\", "") for text in shown), shown
    assert app.dataframe(key="interviews_table").value.shape[0] > 0
