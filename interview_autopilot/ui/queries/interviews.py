"""One interview and the status lists: detail, participants, feedback, history, stage, and
the pickers of the Feedback page (every read cached; who sees what is decided in viewing)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from ...core import access, domain
from ...core.errors import ValidationError
from ...core.formatting import BAD_LINK, UNKNOWN_LINK, detail_choice_label, interview_choice_label
from ...core.lifecycle import stage
from ...core.models import (
    AuditEntry,
    Feedback,
    InterviewDetail,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Participant,
)
from ...features.history import history_table
from ...store import PAGE_SIZE
from ._cache import cached_read
from .backend import _store, get_store
from .moment import _minute, now, viewer_zone
from .viewing import _users, viewer

CHOICES_PER_STATUS = 100  # the feedback picker offers the newest completed + scheduled ones


def status_counts() -> dict[InterviewStatus, int]:
    """Number of interviews per status."""
    get_store()
    return _status_counts()


@cached_read
def _status_counts() -> dict[InterviewStatus, int]:
    return _store().count_by_status()


def interviews_page(status: str, cursor: PageCursor | None = None) -> InterviewPage:
    """One page (PAGE_SIZE rows) of a status, newest first, after `cursor` (keyset paging)."""
    get_store()
    if cursor is None:
        return _interviews_page(str(status), "", "")
    return _interviews_page(
        str(status), cursor.scheduled_start.isoformat(), str(cursor.interview_id)
    )


@cached_read
def _interviews_page(status: str, after_start: str, after_id: str) -> InterviewPage:
    after = None
    if after_start:
        after = PageCursor(datetime.fromisoformat(after_start), uuid.UUID(after_id))
    return _store().list_interviews_by_status(InterviewStatus(status), PAGE_SIZE, after)


def interview_key(interview_id: str) -> str:
    """An interview id from a URL or a widget in its one canonical text (lower case, hyphens):
    '8C1F…', '{8c1f…}' and 'urn:uuid:8c1f…' name one interview. ValidationError if malformed.
    Every public function taking an interview id goes through here (or parses it the same way),
    so cache keys, picker options and links all use the canonical text."""
    return str(domain.parse_uuid(interview_id, "interview"))


def interview_detail(interview_id: str) -> InterviewDetail | None:
    """Everything about one interview; None when unknown, ValidationError when malformed."""
    key = interview_key(interview_id)
    get_store()
    detail = _interview_detail(key)
    return access.visible(viewer(), detail) if detail else None


def linked_detail(link_text: str) -> InterviewDetail:
    """The interview a deep link (?interview=…) names. ValidationError, with the words both the
    Interview and the Feedback page show, when it holds no id or names no stored interview."""
    try:
        detail = interview_detail(link_text)
    except ValidationError:
        raise ValidationError("interview", BAD_LINK) from None
    if detail is None:
        raise ValidationError("interview", UNKNOWN_LINK)
    return detail


@cached_read
def _interview_detail(interview_id: str) -> InterviewDetail | None:
    return _store().get_interview_detail(uuid.UUID(interview_id))


def participants(interview_id: str) -> list[Participant]:
    """The people who take part in an interview (the only valid feedback authors)."""
    key = interview_key(interview_id)
    get_store()
    return _participants(key)


@cached_read
def _participants(interview_id: str) -> list[Participant]:
    return _store().list_participants(uuid.UUID(interview_id))


def existing_feedback(interview_id: str, user_id: str) -> Feedback | None:
    """What this interviewer already said about this interview, to prefill the form."""
    iid = domain.parse_uuid(interview_id, "interview")
    uid = domain.parse_uuid(user_id, "interviewer")
    get_store()
    access.require_own(viewer(), uid)
    return _existing_feedback(str(iid), str(uid))


@cached_read
def _existing_feedback(interview_id: str, user_id: str) -> Feedback | None:
    return _store().get_feedback(uuid.UUID(interview_id), uuid.UUID(user_id))


@cached_read
def _choice_rows(user_id: str, minute: str) -> list[InterviewSummary]:
    """The interviews this person sits on that have taken place: completed ones, and scheduled
    ones that have already started (their status not yet updated), newest first, at most
    CHOICES_PER_STATUS of each (only a panel member gives feedback, see `access`)."""
    now = datetime.fromisoformat(minute)
    rows = _store().list_interviews_by_user(uuid.UUID(user_id))
    started = [r for r in rows if r.scheduled_start <= now]
    chosen = []
    for status in (InterviewStatus.COMPLETED, InterviewStatus.SCHEDULED):
        chosen += [r for r in started if r.status == status][:CHOICES_PER_STATUS]
    return sorted(chosen, key=lambda r: (r.scheduled_start, r.interview_id), reverse=True)


def feedback_interview_choices(preselected: str | None = None) -> dict[str, str]:
    """Interview id → label for the feedback picker: the newest interviews the viewer sits on
    that have taken place, plus `preselected` (from a deep link) wherever it is. Bounded: never
    a full scan. Ids are canonical, so a link spelling an id differently never lists it twice."""
    get_store()
    zone = viewer_zone()
    mine = _choice_rows(str(viewer().user_id), _minute())
    choices = {str(r.interview_id): interview_choice_label(r, zone) for r in mine}
    try:
        key = interview_key(preselected) if preselected else None
        detail = interview_detail(key) if key and key not in choices else None
    except ValidationError:
        detail = None
    if detail is not None:
        choices = {str(detail.interview.interview_id): detail_choice_label(detail, zone), **choices}
    return choices


def feedback_authors(interview_id: str) -> list[Participant]:
    """Whom the Feedback form offers as the author: the viewer, when on the panel."""
    me = viewer().user_id
    return [p for p in participants(interview_id) if p.user_id == me]


def history(interview_id: str) -> Any:  # a pandas DataFrame
    """The interview's audit trail as a table, newest first (recruiters and administrators)."""
    key = interview_key(interview_id)
    access.require_history(viewer())
    get_store()
    return history_table(_audit(key), _users(), viewer_zone())


@cached_read
def _audit(interview_id: str) -> list[AuditEntry]:
    return _store().list_audit(uuid.UUID(interview_id))


def interview_stage(detail: InterviewDetail) -> str:
    """The stage an interview's page shows (e.g. 'Awaiting feedback' once its end passed)."""
    return stage(detail, now())


def feedback_refusal(interview_id: str) -> str | None:
    """Why the interview takes no feedback now (not started, cancelled, no-show), or None."""
    detail = interview_detail(interview_id)
    return domain.feedback_refusal(detail.interview, now()) if detail else None
