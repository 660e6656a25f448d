"""The Autopilot page with AppTest on every backend (the sample data): a recruiter sees the
messages and the pause switch, which pauses the worker; an interviewer is told it is not for
them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_pages import app_env as app_env  # the fixture, re-exported
from test_pages import at as at  # the fixture, re-exported
from test_pages import ref as ref  # the fixture, re-exported
from test_pages import view_as, visit

from interview_autopilot.core.models import UserRole
from interview_autopilot.store.base import Store

AUTOPILOT = "pages/autopilot.py"


def test_autopilot_page_for_a_recruiter_and_an_interviewer(at: AppTest, ref: Store) -> None:
    users = ref.list_users()
    recruiter = next(u for u in users if u.role is UserRole.RECRUITER and not u.admin)
    interviewer = next(u for u in users if u.role is UserRole.INTERVIEWER and not u.admin)
    view_as(at, recruiter.user_id)
    visit(at, AUTOPILOT)
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Next", "Sent", "Failed"]
    (switch,) = [t for t in at.toggle if t.key == "ap_paused"]
    assert switch.value is False
    switch.set_value(True).run()
    assert ref.autopilot_paused()
    assert any("paused" in w.value for w in at.warning)
    view_as(at, interviewer.user_id)
    visit(at, AUTOPILOT)
    assert [i.value for i in at.main.info] == [
        "The Autopilot page is for recruiters and administrators."
    ]
    assert not [t for t in at.toggle if t.key == "ap_paused"]
