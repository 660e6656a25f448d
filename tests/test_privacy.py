"""Who sees an interview's verdicts (feedback, ATS recommendation and summary, hiring decision
and its reason): the one rule in access.py on its own, then the reads that carry verdicts
(candidate page, status export, insights), called as each viewer on SQLite and the node.
The pages themselves are visited in Chromium by tests/test_browser_privacy.py."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
import test_pages as pages
from test_roles import as_viewer, silent_interviewer, someone

from interview_autopilot.core import access
from interview_autopilot.core.access import Viewer
from interview_autopilot.core.models import InterviewStatus, Participant, User, UserRole
from interview_autopilot.store import Store
from interview_autopilot.ui import queries

app_env, at, ref = pages.app_env, pages.at, pages.ref
__all__ = ["app_env", "as_viewer", "at", "ref"]  # the fixtures this module borrows

IID = uuid.uuid4()


def person(role: UserRole) -> User:
    uid = uuid.uuid4()
    return User(uid, f"{role.label} {uid.hex[:4]}", f"{uid.hex[:8]}@example.org", role, "")


def seat(user: User, submitted: bool = False) -> Participant:
    return Participant(IID, user.user_id, user.role, user.name, user.email, "", submitted)


# --- the rule on its own ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "admin", "on_panel", "submitted", "sees"),
    [
        (UserRole.RECRUITER, False, False, False, True),
        (UserRole.INTERVIEWER, True, False, False, True),  # an administrator
        (UserRole.HIRING_MANAGER, False, True, False, True),
        (UserRole.HIRING_MANAGER, False, False, False, False),  # not on this panel
        (UserRole.INTERVIEWER, False, True, True, True),
        (UserRole.INTERVIEWER, False, True, False, False),  # on the panel, not submitted
        (UserRole.INTERVIEWER, False, False, False, False),
    ],
)
def test_one_rule_decides_who_sees_an_interviews_verdicts(role, admin, on_panel, submitted, sees):
    me = person(role)
    panel = [seat(person(UserRole.INTERVIEWER), True)]
    if on_panel:
        panel.append(seat(me, submitted))
    reason = access.verdicts_hidden(Viewer(me, admin), panel, submitted)
    assert (reason is None) is sees
    if not sees:
        assert access.hidden_note(reason)
    if on_panel and not submitted and not sees:
        assert access.hidden_note(reason) == "Hidden until you have submitted your feedback."


def test_lists_and_insights_follow_the_rule():
    assert access.sees_every_recommendation(Viewer(person(UserRole.RECRUITER)))
    assert access.sees_every_recommendation(Viewer(person(UserRole.INTERVIEWER), admin=True))
    assert not access.sees_every_recommendation(Viewer(person(UserRole.HIRING_MANAGER)))
    assert access.sees_verdict_counts(Viewer(person(UserRole.HIRING_MANAGER)))
    assert not access.sees_verdict_counts(Viewer(person(UserRole.INTERVIEWER)))


# --- the reads, as each viewer ------------------------------------------------------------------
def test_the_candidate_page_hides_what_the_interview_page_hides(as_viewer, ref: Store):
    row, waiting = silent_interviewer(ref)
    detail = ref.get_interview_detail(row.interview_id)
    assert detail is not None and detail.ats is not None
    cid = str(detail.candidate.candidate_id)

    as_viewer(ref.get_user(waiting.user_id))
    assert queries.interview_detail(str(row.interview_id)).ats is None
    mine = {i.row.interview_id: i for i in queries.candidate_interviews(cid)}[row.interview_id]
    assert mine.ats is None and mine.hidden == "Hidden until you have submitted your feedback."

    as_viewer(someone(ref, UserRole.RECRUITER))
    seen = {i.row.interview_id: i for i in queries.candidate_interviews(cid)}[row.interview_id]
    assert seen.ats == detail.ats and seen.hidden is None

    as_viewer(ref.get_user(waiting.user_id))
    queries.submit_feedback(str(row.interview_id), str(waiting.user_id), "yes", "Mine, alone.")
    now = {i.row.interview_id: i for i in queries.candidate_interviews(cid)}[row.interview_id]
    assert now.ats is not None and now.hidden is None


def _status_export(status: InterviewStatus) -> list[dict[str, str]]:
    data = queries.view_csv(status.value)()  # the list of that status, as the page exports it
    return list(csv.DictReader(io.StringIO(data.decode())))


def test_the_status_export_hides_the_recommendation_as_the_list_does(as_viewer, ref: Store):
    row, waiting = silent_interviewer(ref)
    completed = InterviewStatus.COMPLETED
    as_viewer(ref.get_user(waiting.user_id))
    rows = _status_export(completed)
    assert rows and {r["ATS recommendation"] for r in rows} == {access.HIDDEN}
    assert str(row.interview_id) in {r["Interview id"] for r in rows}

    as_viewer(someone(ref, UserRole.RECRUITER))
    shown = {r["Interview id"]: r["ATS recommendation"] for r in _status_export(completed)}
    assert shown[str(row.interview_id)] == row.recommendation.label


def test_insights_keep_recommendation_and_decision_counts_from_interviewers(as_viewer, ref):
    as_viewer(someone(ref, UserRole.HIRING_MANAGER))
    full = queries.insights()
    assert not full.by_job.empty  # the sample's recommendations, by job title
    as_viewer(someone(ref, UserRole.INTERVIEWER))
    blind = queries.insights()
    assert blind.by_job.empty and blind.decisions_by_job.empty
    assert blind.recommendation_vs_decision.empty
    assert blind.per_week.equals(full.per_week) and blind.pipeline.equals(full.pipeline)
