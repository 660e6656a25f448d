"""The writes of the Interview and Feedback pages: a status change, a feedback. Each checks
who may (on fresh reads, not cached ones) and clears every cached read once it has landed. The
Status menu offers what `lifecycle` allows, and the write checks the same rule again."""

from __future__ import annotations

from ...core import access, domain, lifecycle
from ...core.errors import ValidationError
from ...core.models import Feedback, InterviewDetail, InterviewStatus, Rating
from ...core.validation import TEXT_RULES
from ...features.autopilot import invites
from ._cache import clear_caches
from .backend import get_store
from .moment import now
from .viewing import acting_viewer, logged_write

COMMENT_LIMIT = TEXT_RULES["feedback.comment"].limit  # characters of a feedback comment
REASON_LIMIT = domain.MAX_REASON  # characters of a hiring decision's reason


def over_limit(text: str | None, limit: int, what: str) -> str | None:
    """What to say under a text field holding more than `limit` characters (None: it fits).
    The field keeps the text (a browser field with a limit drops a longer paste whole)."""
    size = len((text or "").strip())  # counted as the write counts it
    if size <= limit:
        return None
    return (
        f"The {what} is {size:,} characters long; the limit is {limit:,}. "
        f"Shorten it by {size - limit:,} to save it."
    )


def status_choices(detail: InterviewDetail) -> list[InterviewStatus]:
    """The statuses the Status menu offers now (a future interview: not completed, not
    no-show); the write refuses any other."""
    return lifecycle.status_choices(detail.interview, now())


def status_confirmation(detail: InterviewDetail, new: InterviewStatus) -> str | None:
    """The sentence a person ticks before this change, or None when none is needed."""
    return lifecycle.status_confirmation(detail.interview.status, new)


@logged_write
def change_status(interview_id: str, status: InterviewStatus) -> None:
    """Move an interview to another status (every list copy, and its ATS record), recorded in
    its history. Only its recruiter may (Forbidden otherwise, nothing written), and only to a
    status `lifecycle.status_refusal` allows now (ValidationError otherwise)."""
    iid = domain.parse_uuid(interview_id, "interview")
    store = get_store()
    who = acting_viewer(store)  # fresh, not cached: who they are now
    interview = store.get_interview(iid)  # fresh, not cached: whose interview it is now
    if interview is None:
        raise ValidationError("interview", "That interview does not exist.")
    access.require_status_change(who, interview)
    new = domain.require_status(status)
    refusal = lifecycle.status_refusal(interview, new, now())
    if refusal:
        raise ValidationError("status", refusal)
    with invites.queued(store, invites.for_status(store, iid, new, now())):  # sent if it lands
        store.change_status(iid, new, actor=who.user_id)
    clear_caches()  # only after a write: a failed one changed nothing the screens show


@logged_write
def submit_feedback(
    interview_id: str,
    user_id: str | None,
    decision: str | None,
    comment: str,
    ratings: tuple[Rating, ...] = (),
) -> Feedback:
    """Store (or edit) one interviewer's feedback, with its scorecard (`ratings`, on the kit
    of the interview's stage); ValidationError with `.field` if refused."""
    iid = domain.parse_uuid(interview_id, "interview")
    if not user_id:
        raise ValidationError("interviewer", "Choose who is giving the feedback.")
    if not decision:
        raise ValidationError("decision", "Choose a decision.")
    uid = domain.parse_uuid(user_id, "interviewer")
    store = get_store()
    who = acting_viewer(store)
    access.require_author(who, store.list_participants(iid), uid)  # fresh, not cached
    saved = store.submit_feedback(
        iid, uid, decision, comment, now(), actor=who.user_id, ratings=ratings
    )
    # Cleared only after a write that landed: clearing after a failed one (the database down)
    # made the next rerun fail before the form was drawn, and Streamlit then dropped what was
    # typed. A refused or failed write changed nothing the cached screens show.
    clear_caches()
    return saved
