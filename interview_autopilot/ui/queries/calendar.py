""" "Add to calendar" on the interview page: the interview as the same calendar event its
panel's invites carry (same UID, SEQUENCE the times it moved), so a calendar that already holds
it replaces it."""

from __future__ import annotations

import uuid

from ...core import invites, messages
from ...core.lifecycle import is_closed
from ...core.models import InterviewDetail
from ...features.autopilot.source import read_source
from ...features.autopilot.worker import links_of
from ._cache import cached_read
from .backend import _store, get_store, load_settings
from .moment import now


def calendar_file(detail: InterviewDetail) -> bytes | None:
    """The interview's .ics file; None once it is cancelled or closed (nothing to attend)."""
    if is_closed(detail.interview.status):
        return None
    get_store()
    return _calendar_file(str(detail.interview.interview_id), detail.interview.scheduled_start)


@cached_read
def _calendar_file(interview_id: str, start: object) -> bytes | None:
    source = read_source(_store(), uuid.UUID(interview_id))
    if source.interview is None:
        return None
    event = messages.panel_event(source.interview, source, links_of(load_settings()))
    return invites.build_ics(event, now())
