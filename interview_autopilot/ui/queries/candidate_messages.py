"""The candidate page's messages: every email the autopilot sent the candidate (or that
failed), newest first, in the viewer's zone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ...core import domain
from ...core.candidate_messages import SentLine, sent_text
from ...core.formatting import local_time
from ._cache import cached_read
from .backend import _store, get_store, load_settings
from .moment import viewer_zone


@dataclass(frozen=True)
class SentRow:
    """One message as the candidate's page lists it."""

    when: str
    what: str  # e.g. "Candidate email", "Interview reminder"
    subject: str
    outcome: str  # "sent", or why it failed


def messages_to_candidate(candidate_id: str) -> list[SentRow]:
    """Every message sent to the candidate, newest first (read cached for a minute: the
    worker sending them may be another process)."""
    key = domain.parse_uuid(candidate_id, "candidate")
    get_store()
    zone = viewer_zone()
    return [
        SentRow(local_time(line.at, zone), line.kind.label, line.subject, sent_text(line))
        for line in _messages_to_candidate(str(key))
    ]


@cached_read
def _messages_to_candidate(candidate_id: str) -> list[SentLine]:
    return _store().candidate_messages(uuid.UUID(candidate_id))


def candidate_emails_on() -> bool:
    """CANDIDATE_EMAILS: whether the autopilot emails candidates at all."""
    return load_settings().flag("CANDIDATE_EMAILS")
