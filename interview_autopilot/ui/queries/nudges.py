"""The interview page's reminders: the last reminder each person whose feedback is missing got,
and "Send a reminder now" (the interview's recruiter and administrators;
`access.may_send_reminders`). The click goes through the autopilot's outbox, exactly once per
click (features/autopilot/nudges.py)."""

from __future__ import annotations

from ...core import access, domain
from ...core.errors import ValidationError
from ...core.models import InterviewDetail
from ...features.autopilot import nudges
from ...features.autopilot.nudges import Reminders
from ._cache import clear_caches
from .backend import get_store
from .moment import now, viewer_zone
from .viewing import acting_viewer, logged_write, viewer


def interview_reminders(detail: InterviewDetail) -> Reminders | None:
    """The reminders the page shows, read fresh (they change as the worker sends); None for
    a viewer who may not send them."""
    if not access.may_send_reminders(viewer(), detail.interview):
        return None
    return nudges.reminders(
        get_store(), detail.interview, detail.participants, now(), viewer_zone()
    )


@logged_write
def send_reminders_now(interview_id: str, seen: int) -> int:
    """Queue a reminder to everyone whose feedback is missing, as the click made on a page that
    showed `seen` clicks: the number queued, 0 when that page's click already landed."""
    iid = domain.parse_uuid(interview_id, "interview")
    store = get_store()
    who = acting_viewer(store)  # fresh: who they are now
    interview = store.get_interview(iid)
    if interview is None:
        raise ValidationError("interview", "That interview does not exist.")
    access.require_send_reminders(who, interview)
    queued = nudges.send_now(store, iid, seen, who.user_id, now())
    clear_caches()
    return queued
