"""The interview a message is about, as the store says now: what the worker re-reads before
sending, and what "Add to calendar" on the interview page builds its event from."""

from __future__ import annotations

import uuid

from ...core import audit
from ...core.messages import Source
from ...store.base import Store


def read_source(
    store: Store, interview_id: uuid.UUID, recipient_id: uuid.UUID | None = None
) -> Source:
    """The interview, its panel, its candidate's name, the times it moved, the recipient, who
    gave feedback, and its kit's focus attributes."""
    interview = store.get_interview(interview_id)
    if interview is None:
        return Source(None)
    candidate = store.get_candidate(interview.candidate_id)
    recipient = store.get_user(recipient_id) if recipient_id else None
    participants = store.list_participants(interview_id)
    kit = store.interview_kit(interview_id)
    return Source(
        interview,
        participants,
        candidate.name if candidate else "the candidate",
        audit.moves(store.list_audit(interview_id)),
        recipient,
        frozenset(p.user_id for p in participants if p.has_feedback),
        tuple(kit.names) if kit else (),
    )
