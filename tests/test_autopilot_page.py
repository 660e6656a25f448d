"""The Autopilot page with AppTest on every backend (the sample data): a recruiter sees the
messages and the pause switch, which pauses the worker, and saves a draft of a candidate
email's template; an interviewer is told it is not for them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_pages import app_env as app_env  # the fixture, re-exported
from test_pages import at as at  # the fixture, re-exported
from test_pages import ref as ref  # the fixture, re-exported
from test_pages import view_as, visit

from interview_autopilot.core.message_templates import TemplateName
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
    assert [h.value for h in at.subheader] == ["Next", "Sent", "Failed", "Candidate emails"]
    assert [e.label for e in at.expander][:3] == [
        "Interview scheduled",
        "Interview moved",
        "Interview cancelled",
    ]
    subject = next(t for t in at.text_input if t.key == "tpl_subject_moved")
    subject.set_value("Moved: {job_title}, now {when}")
    next(b for b in at.button if b.label == "Save draft" and "moved" in str(b.form_id)).click()
    at.run()
    assert not at.exception
    draft = ref.message_templates()[TemplateName.MOVED]
    assert draft.draft_subject == "Moved: {job_title}, now {when}" and draft.subject == ""
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
