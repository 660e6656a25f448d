"""Who may write what, through the query functions, on every store: schedule, reschedule, status
(cancel, complete), the hiring decision, and the directory (`access.may_edit_people`). Each
role tries every write; the refused ones raise Forbidden and change nothing (every table read
before and after), the allowed ones land. The rules are judged on fresh reads: a role changed
in the store a moment ago counts at once, whatever the cached directory still says.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import test_pages as pages
import test_roles as roles
from support.table_snapshot import diff, snapshot

from interview_autopilot.core import access
from interview_autopilot.core.access import Viewer
from interview_autopilot.core.errors import Forbidden
from interview_autopilot.core.lifecycle import ListView
from interview_autopilot.core.models import InterviewStatus, User, UserRole
from interview_autopilot.store import Store
from interview_autopilot.ui import queries

app_env, at, ref, as_viewer = pages.app_env, pages.at, pages.ref, roles.as_viewer
someone = roles.someone


def _attempts(ref: Store, recruiter: User):
    """Every write a page offers, on interviews of `recruiter`: name -> call."""
    upcoming = next(
        r for r in pages.view_page(ref, ListView.UPCOMING).rows
        if ref.get_interview(r.interview_id).recruiter_id == recruiter.user_id
    )  # fmt: skip
    done = next(
        r for r in ref.list_interviews_by_status(InterviewStatus.COMPLETED).rows
        if ref.get_interview(r.interview_id).recruiter_id == recruiter.user_id
    )  # fmt: skip
    moved = ref.get_interview(upcoming.interview_id)
    start = moved.scheduled_start + timedelta(days=1)
    candidate = ref.get_interview(done.interview_id).candidate_id
    panel_user = next(u for u in ref.list_users() if u.role is UserRole.INTERVIEWER)
    book_start = queries.now() + timedelta(days=40)
    return {
        "schedule": lambda: queries.schedule_interview(
            str(candidate), None, "Permissions Engineer", str(recruiter.user_id),
            book_start, book_start + timedelta(hours=1), "",
            [(str(panel_user.user_id), "interviewer")], str(uuid.uuid4()),
        ),
        "reschedule": lambda: queries.reschedule_interview(
            str(moved.interview_id), start, start + (moved.scheduled_end - moved.scheduled_start)
        ),
        "cancel": lambda: queries.change_status(
            str(upcoming.interview_id), InterviewStatus.CANCELLED
        ),
        "decide": lambda: queries.record_decision(str(done.interview_id), "hold", "Wait and see."),
    }  # fmt: skip


# Who may, among: the interviews' own recruiter, another recruiter, an interviewer, a hiring
# manager (not on those panels), an administrator who is an interviewer.
ALLOWED = {
    "own recruiter": {"schedule", "reschedule", "cancel", "decide"},
    "another recruiter": {"schedule"},
    "interviewer": set(),
    "hiring manager": set(),
    "administrator": {"schedule"},
}


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_each_role_may_make_exactly_its_writes(as_viewer, ref, who):
    recruiter = someone(ref, UserRole.RECRUITER)
    people = {
        "own recruiter": (recruiter, False),
        "another recruiter": (someone(ref, UserRole.RECRUITER, not_in={recruiter.user_id}), False),
        "interviewer": (someone(ref, UserRole.INTERVIEWER), False),
        "hiring manager": (someone(ref, UserRole.HIRING_MANAGER), False),
        "administrator": (someone(ref, UserRole.INTERVIEWER), True),
    }
    user, admin = people[who]
    as_viewer(user, admin)
    for name, write in _attempts(ref, recruiter).items():
        before = snapshot(ref)
        if name in ALLOWED[who]:
            write()
            assert diff(before, snapshot(ref)), f"{who}: {name} wrote nothing"
        else:
            with pytest.raises(Forbidden):
                write()
            assert diff(before, snapshot(ref)) == [], f"{who}: a refused {name} wrote"


def test_the_rules_are_judged_on_a_fresh_read_of_the_viewer(as_viewer, ref):
    """A recruiter demoted to interviewer a moment ago (the cached directory still says
    recruiter) may no longer schedule, reschedule or cancel."""
    recruiter = someone(ref, UserRole.RECRUITER)
    as_viewer(recruiter)
    attempts = _attempts(ref, recruiter)
    ref.upsert_users([User(**{**recruiter.__dict__, "role": UserRole.INTERVIEWER})])
    for name in ("schedule", "reschedule", "cancel"):
        before = snapshot(ref)
        with pytest.raises(Forbidden):
            attempts[name]()
        assert diff(before, snapshot(ref)) == [], name


def _viewer(role: UserRole, admin: bool = False) -> Viewer:
    return Viewer(User(uuid.uuid4(), "A", "a@example.com", role, ""), admin)


@pytest.mark.parametrize(
    ("role", "admin", "kind", "allowed"),
    [
        (UserRole.INTERVIEWER, True, "person", True),
        (UserRole.INTERVIEWER, True, "candidate", True),
        (UserRole.RECRUITER, False, "person", False),
        (UserRole.RECRUITER, False, "candidate", True),
        (UserRole.HIRING_MANAGER, False, "person", False),
        (UserRole.HIRING_MANAGER, False, "candidate", False),
        (UserRole.INTERVIEWER, False, "person", False),
        (UserRole.INTERVIEWER, False, "candidate", False),
    ],
)
def test_who_may_edit_people(role, admin, kind, allowed):
    """Administrators add, edit and deactivate people; recruiters and administrators add and
    edit candidates."""
    viewer = _viewer(role, admin)
    assert access.may_edit_people(viewer, kind) is allowed
    if allowed:
        access.require_people_editor(viewer, kind)
    else:
        with pytest.raises(Forbidden):
            access.require_people_editor(viewer, kind)
