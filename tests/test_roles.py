"""Roles, independent feedback and the history: every forbidden action tried through the page
(AppTest, the demo's "Viewing as") and through the query functions themselves.

The pages hide or disable what a viewer may not do, but the query module's writes are what
enforce it: a disabled button clicked anyway still ends in a plain "not allowed" message.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
import test_pages as pages
from streamlit.testing.v1 import AppTest
from support.payloads import shown

from interview_autopilot.core.access import Viewer
from interview_autopilot.core.errors import Forbidden, ValidationError
from interview_autopilot.core.lifecycle import ListView
from interview_autopilot.core.models import (
    AuditAction,
    InterviewStatus,
    InterviewSummary,
    Participant,
    User,
    UserRole,
)
from interview_autopilot.store import Store
from interview_autopilot.ui import queries
from interview_autopilot.ui.queries import viewing

app_env, at, ref, visit, view_as = (
    pages.app_env,
    pages.at,
    pages.ref,
    pages.visit,
    pages.view_as,
)
INTERVIEW, FEEDBACK, TABLES = pages.INTERVIEW, pages.FEEDBACK, "pages/tables.py"


def partly_reviewed(ref: Store) -> InterviewSummary:
    return pages.with_feedback(ref, complete=False)


def silent_interviewer(ref: Store) -> tuple[InterviewSummary, Participant]:
    """A completed interview with some feedback and an interviewer who has given none."""
    for row in ref.list_interviews_by_status(InterviewStatus.COMPLETED).rows:
        if not row.feedback_count:
            continue
        for p in ref.list_participants(row.interview_id):
            if p.role == UserRole.INTERVIEWER and not p.has_feedback:
                return row, p
    raise AssertionError("the sample has no such interview")


def someone(ref: Store, role: UserRole, *, not_in: set | None = None) -> User:
    return next(u for u in ref.list_users() if u.role == role and u.user_id not in (not_in or ()))


def panel_ids(ref: Store, interview_id) -> set:
    return {p.user_id for p in ref.list_participants(interview_id)}


# --- through the page ---------------------------------------------------------------------------
def test_the_demo_says_so_and_offers_every_user_in_the_sidebar(at, ref):
    app = AppTest.from_file(str(pages.APP), default_timeout=30).run()  # app.py's sidebar
    note = app.sidebar.info[0].value
    assert note.startswith("Demo without sign-in")
    picker = app.selectbox(key="viewer_pick")
    assert picker.label == "Viewing as" and len(picker.options) == len(ref.list_users())
    assert not app.sidebar.expander  # the settings are for administrators


def test_an_administrator_sees_the_settings(app_env):
    app = AppTest.from_file(str(pages.APP), default_timeout=30)
    app.session_state["viewer_admin"] = True
    app.run(timeout=30)
    assert [e.label for e in app.sidebar.expander] == ["Settings"]
    shown = "\n".join(m.value for m in app.sidebar.markdown)
    assert "**DB_BACKEND**" in shown  # each setting the backend reads, by name, in words
    assert not app.sidebar.json  # no raw JSON


@pytest.mark.parametrize("who", ["interviewer", "another recruiter"])
def test_only_the_interviews_recruiter_changes_its_status(at, ref, who, as_viewer):
    row = partly_reviewed(ref)
    interview = ref.get_interview(row.interview_id)
    if who == "interviewer":
        viewer = someone(ref, UserRole.INTERVIEWER)
    else:
        viewer = someone(ref, UserRole.RECRUITER, not_in={interview.recruiter_id})
    view_as(at, viewer.user_id)
    as_viewer(viewer)  # the page and the query functions (called below) act for the same person
    visit(at, INTERVIEW, interview=str(row.interview_id))
    assert "Only the interview's recruiter can change its status." in [c.value for c in at.caption]
    assert not [b for b in at.selectbox if b.key == "new_status"]  # no menu where Save is refused
    assert not [b for b in at.button if b.key in ("save_status", "save_reschedule")]
    # Tried anyway (a stale page, a crafted request): the write itself refuses.
    with pytest.raises(Forbidden, match="Only the interview's recruiter can change its status"):
        queries.change_status(str(row.interview_id), InterviewStatus.CANCELLED)
    assert ref.get_interview(row.interview_id).status is InterviewStatus.COMPLETED
    assert ref.list_audit(row.interview_id) == []


def test_someone_off_the_panel_gets_no_feedback_form(at, ref):
    row = partly_reviewed(ref)
    outsider = someone(ref, UserRole.INTERVIEWER, not_in=panel_ids(ref, row.interview_id))
    view_as(at, outsider.user_id)
    visit(at, FEEDBACK, interview=str(row.interview_id))
    assert "not on this interview's panel" in pages.page_warnings(at)[0].value
    assert not at.get("form")


def test_the_tables_page_and_the_doctor_are_for_administrators(at, ref):
    visit(at, TABLES)
    assert "Only administrators can inspect the tables." in shown(at.error[0].value)
    assert not at.dataframe and not at.expander
    view_as(at, someone(ref, UserRole.INTERVIEWER).user_id, admin=True)
    assert at.dataframe and "Consistency doctor" in [e.label for e in at.expander]


def test_an_interviewer_sees_the_panels_feedback_only_after_giving_theirs(at, ref):
    row, waiting = silent_interviewer(ref)
    detail = ref.get_interview_detail(row.interview_id)
    view_as(at, waiting.user_id)
    visit(at, INTERVIEW, interview=str(row.interview_id))
    texts = [t.value for t in at.text]
    assert not any(f.comment in texts for f in detail.feedback)
    assert "once you have submitted yours" in at.main.info[-1].value
    captions = [c.value for c in at.caption]  # the ATS summary has decisions: hidden, said so
    assert "No ATS record yet." not in captions and "No decision yet." not in captions
    assert sum("Hidden until you have submitted your feedback." in c for c in captions) == 2
    assert "History" not in [s.value for s in at.subheader]

    pages.pick(at, str(row.interview_id), str(waiting.user_id))
    pages.submit(at, "yes", "My own view, formed alone.")
    visit(at, INTERVIEW, interview=str(row.interview_id))
    texts = [t.value for t in at.text]
    assert all(f.comment in texts for f in detail.feedback)
    assert "My own view, formed alone." in texts


def test_a_hiring_manager_on_the_panel_and_a_recruiter_see_all_feedback(at, ref):
    for row in ref.list_interviews_by_status(InterviewStatus.COMPLETED).rows:
        detail = ref.get_interview_detail(row.interview_id)
        managers = [
            p
            for p in detail.participants
            if p.role == UserRole.HIRING_MANAGER and not p.has_feedback
        ]
        if detail.feedback and managers:
            break
    else:
        pytest.skip("no sample interview with a silent hiring manager")
    recruiter = someone(ref, UserRole.RECRUITER)
    for viewer_id in (managers[0].user_id, recruiter.user_id):
        view_as(at, viewer_id)
        visit(at, INTERVIEW, interview=str(row.interview_id))
        texts = [t.value for t in at.text]
        assert all(f.comment in texts for f in detail.feedback)


def test_recruiters_see_who_changed_what_in_the_history(at, ref):
    row = partly_reviewed(ref)
    recruiter = ref.get_user(ref.get_interview(row.interview_id).recruiter_id)
    author = next(p for p in ref.list_participants(row.interview_id) if not p.has_feedback)
    pages.pick(at, str(row.interview_id), str(author.user_id))
    pages.submit(at, "no", "Not this time.")
    view_as(at, recruiter.user_id)
    visit(at, INTERVIEW, interview=str(row.interview_id))
    at.selectbox(key="new_status").set_value(InterviewStatus.CANCELLED).run()
    at.checkbox(key="confirm_status").check().run()  # cancelling asks for a confirmation
    at.button(key="save_status").click().run()
    assert not at.exception
    history = at.dataframe[-1].value  # after the participants (a plain grid has no key here)
    assert list(history["Who"]) == [recruiter.name, author.name]  # newest first
    assert list(history["What"]) == ["Status", f"Feedback of {author.name}"]
    assert list(history["Before"]) == ["Completed", ""]
    assert list(history["After"]) == ["Cancelled", "No: Not this time."]


# --- through the query functions ----------------------------------------------------------------
@pytest.fixture
def as_viewer(at, monkeypatch) -> Iterator:
    """Call the query functions directly (bare mode) as a given viewer."""
    current: list[Viewer] = []
    # Patched where it lives: every query function finds the viewer through viewing.viewer().
    monkeypatch.setattr(viewing, "_current_viewer", lambda: current[0] if current else None)

    def use(user: User, admin: bool = False) -> None:
        current[:] = [Viewer(user, admin)]

    yield use
    st.cache_data.clear()


def test_nobody_signed_in_may_do_anything(as_viewer, ref):
    row = partly_reviewed(ref)
    with pytest.raises(Forbidden, match="Sign in"):
        queries.interview_detail(str(row.interview_id))
    with pytest.raises(Forbidden):
        queries.change_status(str(row.interview_id), InterviewStatus.CANCELLED)


def test_forbidden_writes_through_the_query_functions_write_nothing(as_viewer, ref):
    row = partly_reviewed(ref)
    iid = str(row.interview_id)
    interview = ref.get_interview(row.interview_id)
    panel = ref.list_participants(row.interview_id)
    member = next(p for p in panel if not p.has_feedback)
    other = next(p for p in panel if p.user_id != member.user_id)
    member_user = ref.get_user(member.user_id)
    other_recruiter = someone(ref, UserRole.RECRUITER, not_in={interview.recruiter_id})
    outsider = someone(ref, UserRole.INTERVIEWER, not_in={p.user_id for p in panel})
    before = ref.get_interview_detail(row.interview_id)

    for user in (member_user, other_recruiter, outsider):
        as_viewer(user, admin=True)  # an administrator is not the recruiter either
        with pytest.raises(Forbidden, match="recruiter"):
            queries.change_status(iid, InterviewStatus.CANCELLED)
    as_viewer(member_user)
    with pytest.raises(Forbidden, match="only your own feedback"):
        queries.submit_feedback(iid, str(other.user_id), "yes", "Under another's name.")
    with pytest.raises(Forbidden):
        queries.existing_feedback(iid, str(other.user_id))
    recruiter = ref.get_user(interview.recruiter_id)
    for user in (outsider, recruiter):
        as_viewer(user, admin=True)
        with pytest.raises(Forbidden):
            queries.submit_feedback(iid, str(member.user_id), "yes", "Not mine to give.")
        with pytest.raises(Forbidden, match="participants"):
            queries.submit_feedback(iid, str(user.user_id), "yes", "Not on the panel.")
    plain = ref.get_user(next(p.user_id for p in panel if p.role is UserRole.INTERVIEWER))
    for user in (plain, other_recruiter, outsider):
        as_viewer(user, admin=True)  # neither its recruiter nor a hiring manager on its panel
        with pytest.raises(Forbidden, match="hiring decision"):
            queries.record_decision(iid, "advance", "Not mine to decide.")
    assert ref.get_interview_detail(row.interview_id) == before
    assert ref.list_audit(row.interview_id) == []


def test_the_status_write_refuses_what_the_lifecycle_does_not_offer(as_viewer, ref):
    """The menu offers `lifecycle.status_choices`; the write checks the same rule again (a
    stale menu, a crafted request): no completed or no-show before the start, nothing to the
    same status. Nothing is written or recorded."""
    future = pages.view_page(ref, ListView.UPCOMING).rows[0]
    iid = str(future.interview_id)
    before = ref.get_interview_detail(future.interview_id)
    as_viewer(ref.get_user(before.interview.recruiter_id))
    assert queries.status_choices(before) == [InterviewStatus.CANCELLED]
    for refused in (InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW, InterviewStatus.SCHEDULED):
        with pytest.raises(ValidationError) as caught:
            queries.change_status(iid, refused)
        assert caught.value.field == "status"
    assert ref.get_interview_detail(future.interview_id) == before
    assert ref.list_audit(future.interview_id) == []
    queries.change_status(iid, InterviewStatus.CANCELLED)  # what it offers, it saves
    assert ref.get_interview(future.interview_id).status is InterviewStatus.CANCELLED


def test_administration_is_for_administrators(as_viewer, ref):
    as_viewer(someone(ref, UserRole.RECRUITER))
    for call in (
        queries.table_names,
        lambda: queries.table_page("users"),
        queries.doctor,
        lambda: queries.doctor(repair=True),
        queries.settings_description,
    ):
        with pytest.raises(Forbidden, match="Only administrators"):
            call()
    as_viewer(someone(ref, UserRole.INTERVIEWER), admin=True)
    assert queries.table_names() == ref.list_tables()
    assert "DB_BACKEND" in queries.settings_description()


def test_the_history_is_for_recruiters_and_administrators(as_viewer, ref):
    row = partly_reviewed(ref)
    as_viewer(someone(ref, UserRole.HIRING_MANAGER))
    with pytest.raises(Forbidden, match="history"):
        queries.history(str(row.interview_id))
    as_viewer(someone(ref, UserRole.INTERVIEWER), admin=True)
    assert queries.history(str(row.interview_id)).empty


def test_allowed_writes_record_the_viewer_as_actor(as_viewer, ref):
    row, member = silent_interviewer(ref)
    iid = str(row.interview_id)
    as_viewer(ref.get_user(member.user_id))
    hidden = queries.interview_detail(iid)
    assert hidden.feedback == [] and hidden.ats is None
    queries.submit_feedback(iid, str(member.user_id), "yes", "Mine.")
    assert len(queries.interview_detail(iid).feedback) == row.feedback_count + 1
    recruiter = ref.get_user(ref.get_interview(row.interview_id).recruiter_id)
    as_viewer(recruiter)
    queries.change_status(iid, InterviewStatus.NO_SHOW)
    entries = ref.list_audit(row.interview_id)
    assert [(e.action, e.actor_id) for e in entries] == [
        (AuditAction.FEEDBACK, member.user_id),
        (AuditAction.STATUS, recruiter.user_id),
    ]


# --- the rules on their own ---------------------------------------------------------------------
def test_sign_in_is_configured_by_an_auth_table_and_names_its_providers():
    from interview_autopilot.ui import identity

    assert not identity.sign_in_configured({}) and identity.providers({}) == []
    assert not identity.sign_in_configured({"auth": "yes"})
    one = {"auth": {"client_id": "x", "redirect_uri": "r", "cookie_secret": "c"}}
    assert identity.sign_in_configured(one) and identity.providers(one) == [None]
    named = {"auth": {"redirect_uri": "r", "google": {"client_id": "g"}, "okta": {"a": 1}}}
    assert identity.providers(named) == ["google"]


def test_emails_match_registered_users_whatever_their_case():
    from interview_autopilot.core.access import admin_emails, find_user
    from interview_autopilot.features.sample import read_sample_data

    users = read_sample_data().users
    assert find_user(users, f"  {users[0].email.upper()} ") == users[0]
    assert find_user(users, "nobody@example.com") is None
    assert find_user(users, "") is None and find_user(users, None) is None
    assert admin_emails(" A@x.com, ,b@Y.com") == {"a@x.com", "b@y.com"}


def test_the_list_shows_recommendations_only_to_who_sees_every_feedback(at, ref):
    at.segmented_control(key="status").set_value(ListView.COMPLETED).run()
    shown_now = list(at.dataframe(key="interviews_table").value["ATS recommendation"])
    rows = ref.list_interviews_by_status(InterviewStatus.COMPLETED).rows
    assert shown_now == [r.recommendation.label for r in rows]  # the demo starts as a recruiter
    for role in (UserRole.INTERVIEWER, UserRole.HIRING_MANAGER):
        view_as(at, someone(ref, role).user_id)
        column = at.dataframe(key="interviews_table").value["ATS recommendation"]
        assert set(column) == {"Hidden"}
