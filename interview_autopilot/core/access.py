"""Who may do what: the roles, checked by the query module's writes and filtered reads.

No Streamlit here: the viewer is given, so every rule is testable on its own.
- Recruiter: changes the status of the interviews they recruit for; sees every feedback and
  the history of every interview.
- Hiring manager: sees every feedback of the interviews they sit on, before giving their own.
- Interviewer (and anyone on a panel): submits and edits only their own feedback, on the
  interviews they sit on; sees the panel's other feedback only once theirs is in
  (independent judgement).
- Administrator (ADMIN_EMAILS, or the demo's switch): the Tables page, the doctor, the settings,
  and every feedback and history.
Scheduling: recruiters and administrators book interviews (the Schedule page); an interview is
moved (rescheduled) and its status changed by its own recruiter only. People (the directory):
administrators add, edit and deactivate people; recruiters and administrators add and edit
candidates (`may_edit_people`). Every write checks its rule again on fresh reads.
Nobody submits feedback under another person's name, recruiters and administrators included.

An interview's verdicts are its feedback, its ATS recommendation and summary, and its hiring
decision with its reason. One rule (`verdicts_hidden`) decides who sees them, and the query
module applies it to every read that carries them (interview, candidate, lists, exports,
insights), so no page decides on its own.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from .errors import Forbidden
from .models import Feedback, Interview, InterviewDetail, Participant, User, UserRole


@dataclass(frozen=True)
class Viewer:
    """The person the app acts for: signed in, or chosen in the demo's "Viewing as"."""

    user: User
    admin: bool = False

    @property
    def user_id(self) -> uuid.UUID:
        return self.user.user_id

    @property
    def role_label(self) -> str:
        return self.user.role.label + (" · Administrator" if self.admin else "")


def find_user(users: list[User], email: str | None) -> User | None:
    """The user registered with `email` (case and surrounding spaces ignored), or None."""
    wanted = (email or "").strip().lower()
    if not wanted:
        return None
    return next((u for u in users if u.email.strip().lower() == wanted), None)


def admin_emails(setting: str) -> set[str]:
    """ADMIN_EMAILS: comma-separated, case-insensitive."""
    return {e.strip().lower() for e in setting.split(",") if e.strip()}


# --- status -----------------------------------------------------------------------------
def may_change_status(viewer: Viewer, interview: Interview) -> bool:
    return viewer.user.holds(UserRole.RECRUITER) and interview.recruiter_id == viewer.user_id


def require_status_change(viewer: Viewer, interview: Interview) -> None:
    if not may_change_status(viewer, interview):
        raise Forbidden("Only the interview's recruiter can change its status.")


# --- scheduling ------------------------------------------------------------------------------
def may_schedule(viewer: Viewer) -> bool:
    """Who books new interviews (and sees the Schedule page): recruiters and administrators."""
    return viewer.admin or viewer.user.holds(UserRole.RECRUITER)


def require_scheduler(viewer: Viewer) -> None:
    if not may_schedule(viewer):
        raise Forbidden("Only recruiters and administrators schedule interviews.")


def may_reschedule(viewer: Viewer, interview: Interview) -> bool:
    """Who moves an interview to another time: its recruiter (as for its status)."""
    return may_change_status(viewer, interview)


def require_reschedule(viewer: Viewer, interview: Interview) -> None:
    if not may_reschedule(viewer, interview):
        raise Forbidden("Only the interview's recruiter can reschedule it.")


# --- feedback -----------------------------------------------------------------------------
def on_panel(viewer: Viewer, participants: list[Participant]) -> bool:
    return any(p.user_id == viewer.user_id for p in participants)


def require_author(viewer: Viewer, participants: list[Participant], author: uuid.UUID) -> None:
    """Feedback is written by its author only, and only by a member of the panel."""
    if author != viewer.user_id:
        raise Forbidden("You can submit and edit only your own feedback.")
    if not on_panel(viewer, participants):
        raise Forbidden("Only the interview's participants give feedback on it.")


def require_own(viewer: Viewer, author: uuid.UUID) -> None:
    if author != viewer.user_id:
        raise Forbidden("You can read another person's feedback only on the interview page.")


def sees_all_feedback(viewer: Viewer, detail: InterviewDetail) -> bool:
    """Recruiters and administrators always; a hiring manager on the interviews they sit on."""
    return _sees_verdicts_anyway(viewer, detail.participants)


def _sees_verdicts_anyway(viewer: Viewer, participants: list[Participant]) -> bool:
    if viewer.admin or viewer.user.holds(UserRole.RECRUITER):
        return True
    return viewer.user.holds(UserRole.HIRING_MANAGER) and on_panel(viewer, participants)


NOT_ON_PANEL = "Feedback is shown to the interview's panel, its recruiters and hiring managers."
NOT_SUBMITTED = (
    "The panel's feedback, the ATS recommendation and the hiring decision show once you have "
    "submitted yours, so that every judgement is made independently."
)


# What a section shows in place of the verdicts it holds (the ATS record, the decision).
_NOTES = {
    NOT_SUBMITTED: "Hidden until you have submitted your feedback.",
    NOT_ON_PANEL: "Hidden: shown to the interview's panel, its recruiters and hiring managers.",
}


def hidden_note(reason: str | None) -> str | None:
    """The short line for a section whose verdicts `verdicts_hidden` hides (None: shown)."""
    return None if reason is None else _NOTES.get(reason, reason)


def verdicts_hidden(viewer: Viewer, participants: list[Participant], submitted: bool) -> str | None:
    """The one rule for an interview's verdicts (feedback, ATS recommendation and summary,
    hiring decision and its reason): why the viewer may not see them, None when they may.

    Administrators and recruiters see them; a hiring manager on the panel sees them; any other
    panel member once their own feedback is in (`submitted`); nobody else."""
    if _sees_verdicts_anyway(viewer, participants):
        return None
    if not on_panel(viewer, participants):
        return NOT_ON_PANEL
    return None if submitted else NOT_SUBMITTED


def feedback_hidden(viewer: Viewer, detail: InterviewDetail) -> str | None:
    """Why the viewer does not see the interview's verdicts (None: they see all of them)."""
    submitted = any(f.user_id == viewer.user_id for f in detail.feedback)
    return verdicts_hidden(viewer, detail.participants, submitted)


def visible(viewer: Viewer, detail: InterviewDetail) -> InterviewDetail:
    """The detail as the viewer may see it: without the feedback, and without the ATS record
    (its recommendation, summary and hiring decision), while `feedback_hidden` gives a reason."""
    if feedback_hidden(viewer, detail) is None:
        return detail
    none: list[Feedback] = []
    return dataclasses.replace(detail, feedback=none, ats=None)


HIDDEN = "Hidden"  # what a list shows instead of a recommendation the viewer may not see


def sees_every_recommendation(viewer: Viewer) -> bool:
    """Those for whom `verdicts_hidden` holds on every interview, whatever the panel:
    recruiters and administrators. Lists and exports of many interviews show them the ATS
    recommendation; others see it on the interview page, when the rule lets them."""
    return viewer.admin or viewer.user.holds(UserRole.RECRUITER)


def sees_verdict_counts(viewer: Viewer) -> bool:
    """The Insights charts of recommendations and hiring decisions (counts over every
    interview, by job title): recruiters, hiring managers and administrators, who may record
    or weigh decisions; never an interviewer, who may still owe feedback on one of them."""
    return sees_every_recommendation(viewer) or viewer.user.holds(UserRole.HIRING_MANAGER)


# --- the hiring decision ----------------------------------------------------------------------
def may_decide(viewer: Viewer, interview: Interview, participants: list[Participant]) -> bool:
    """The interview's recruiter, or a hiring manager on its panel (as `domain` requires of
    the decider; the viewer is the decider: nobody decides under another's name)."""
    if interview.recruiter_id == viewer.user_id:
        return True
    return any(
        p.user_id == viewer.user_id and p.role is UserRole.HIRING_MANAGER for p in participants
    )


def require_decider(viewer: Viewer, interview: Interview, participants: list[Participant]) -> None:
    if not may_decide(viewer, interview, participants):
        raise Forbidden(
            "Only the interview's recruiter or a hiring manager on its panel records the "
            "hiring decision."
        )


# --- history and administration -------------------------------------------------------------
def sees_history(viewer: Viewer) -> bool:
    return viewer.admin or viewer.user.holds(UserRole.RECRUITER)


def require_history(viewer: Viewer) -> None:
    if not sees_history(viewer):
        raise Forbidden("Only recruiters and administrators see an interview's history.")


def require_admin(viewer: Viewer, what: str) -> None:
    if not viewer.admin:
        raise Forbidden(f"Only administrators can {what}.")


# --- the people directory ---------------------------------------------------------------------
def may_edit_people(viewer: Viewer, kind: str = "person") -> bool:
    """Administrators add, edit and deactivate people (`kind` "person"); recruiters and
    administrators add and edit candidates (`kind` "candidate")."""
    if kind == "candidate":
        return viewer.admin or viewer.user.holds(UserRole.RECRUITER)
    return viewer.admin


def require_people_editor(viewer: Viewer, kind: str = "person") -> None:
    if not may_edit_people(viewer, kind):
        what = "recruiters and administrators" if kind == "candidate" else "administrators"
        noun = "candidates" if kind == "candidate" else "people"
        raise Forbidden(f"Only {what} can add and edit {noun}.")


# --- jobs --------------------------------------------------------------------------------
def may_edit_jobs(viewer: Viewer) -> bool:
    """Administrators and recruiters create and edit jobs and their interview plans."""
    return viewer.admin or viewer.user.holds(UserRole.RECRUITER)


def require_job_editor(viewer: Viewer) -> None:
    if not may_edit_jobs(viewer):
        raise Forbidden("Only recruiters and administrators can create and edit jobs.")


# --- applications -----------------------------------------------------------------------------
def may_decide_application(
    viewer: Viewer,
    hiring_manager_id: uuid.UUID | None,
    recruiter_id: uuid.UUID | None,
    interviews: list[tuple[Interview, list[Participant]]],
) -> bool:
    """Who records an application's hiring decision: its job's hiring manager or recruiter,
    and whoever may decide one of its interviews (`may_decide`: the interview's recruiter, a
    hiring manager on its panel)."""
    if viewer.user_id in (hiring_manager_id, recruiter_id):
        return True
    return any(may_decide(viewer, i, panel) for i, panel in interviews)


def require_application_decider(
    viewer: Viewer,
    hiring_manager_id: uuid.UUID | None,
    recruiter_id: uuid.UUID | None,
    interviews: list[tuple[Interview, list[Participant]]],
) -> None:
    if not may_decide_application(viewer, hiring_manager_id, recruiter_id, interviews):
        raise Forbidden(
            "Only the job's hiring manager or recruiter, or the recruiter or a hiring manager "
            "of one of its interviews, records the application's decision."
        )


def application_verdict_hidden(
    viewer: Viewer, deciders: bool, panels: list[tuple[list[Participant], bool]]
) -> str | None:
    """The rule of `verdicts_hidden` for an application's decision, over its interviews
    (`panels`: each interview's panel, and whether the viewer's own feedback is in): shown to
    those who may decide it (`deciders`) and to those who see every verdict; to a panel member
    once their feedback is in on every interview of it they sit on; to nobody else."""
    if deciders or viewer.admin or viewer.user.holds(UserRole.RECRUITER):
        return None
    mine = [(panel, submitted) for panel, submitted in panels if on_panel(viewer, panel)]
    if not mine:
        return NOT_ON_PANEL
    reasons = [verdicts_hidden(viewer, panel, submitted) for panel, submitted in mine]
    return next((r for r in reasons if r is not None), None)


# --- the autopilot ---------------------------------------------------------------------------
def may_run_autopilot(viewer: Viewer) -> bool:
    """Who sees the Autopilot page and its pause switch: recruiters and administrators."""
    return viewer.admin or viewer.user.holds(UserRole.RECRUITER)


def require_autopilot(viewer: Viewer) -> None:
    if not may_run_autopilot(viewer):
        raise Forbidden("Only recruiters and administrators see and pause the autopilot.")


# --- "Send a reminder now" -----------------------------------------------------------------
def may_send_reminders(viewer: Viewer, interview: Interview) -> bool:
    """Who asks for the missing scorecards now (and sees the last reminders): the interview's
    recruiter and administrators."""
    return viewer.admin or may_change_status(viewer, interview)


def require_send_reminders(viewer: Viewer, interview: Interview) -> None:
    if not may_send_reminders(viewer, interview):
        raise Forbidden("Only the interview's recruiter or an administrator sends reminders.")
