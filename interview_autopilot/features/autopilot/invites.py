"""The invites a change of an interview queues for its panel: on scheduling, on each reschedule
and on a cancel. Called by the write paths just before the store's write: a message names what
the write will leave (start, end, status), and the worker sends it only once the interview says
that (core/messages.py), so a write that fails or never happens sends nothing, and a write
that lands always has its messages queued (they were stored first). A write the store refuses
takes its messages back (`queued`): a refused write leaves nothing behind (if taking them back
fails too, the write's own refusal is still what the caller gets: a message left behind names
a state the interview never reached, so the worker never sends it)."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from ...core import audit, candidate_messages, clock, interview_reminders, messages
from ...core.errors import StoreError
from ...core.models import Interview, InterviewStatus, User
from ...core.outbox import Message
from ...core.settings import Settings
from ...store.base import Store

log = logging.getLogger(__name__)


def _panel(store: Store, user_ids: list[uuid.UUID]) -> list[User]:
    people = [store.get_user(u) for u in dict.fromkeys(user_ids)]
    return [p for p in people if p is not None and p.email]


def _moves(store: Store, interview_id: uuid.UUID) -> int:
    return audit.moves(store.list_audit(interview_id))


@contextmanager
def queued(store: Store, batch: list[Message]) -> Iterator[None]:
    """Queue `batch` around a write: taken back when the write raises."""
    store.enqueue_messages(batch)
    try:
        yield
    except BaseException:
        try:
            store.drop_messages(batch)
        except StoreError:
            log.warning("a refused write's %d queued messages were not taken back", len(batch))
        raise


def for_new(
    store: Store, interview: Interview, user_ids: list[uuid.UUID], now: datetime | None = None
) -> list[Message]:
    """The invites of a new interview, to every participant."""
    at = now or clock.now()
    panel = _panel(store, user_ids)
    return [
        *messages.invite_messages(interview, panel, at, 0),
        *_to_candidate(store, interview, at, 0),
        messages.plan_message(interview, at),
        interview_reminders.plan_message(interview, at),
    ]


def for_move(
    store: Store,
    interview_id: uuid.UUID,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
) -> list[Message]:
    """The updated invites of a reschedule (none when the interview is unknown: the write
    will refuse it)."""
    current = store.get_interview(interview_id)
    if current is None:
        return []
    moved = dataclasses.replace(current, scheduled_start=start, scheduled_end=end)
    at = now or clock.now()
    plans = [messages.plan_message(moved, at), interview_reminders.plan_message(moved, at)]
    return [*_messages(store, moved, _moves(store, interview_id) + 1, now), *plans]


def for_status(
    store: Store, interview_id: uuid.UUID, status: InterviewStatus, now: datetime | None = None
) -> list[Message]:
    """The cancellations of a cancel (other status changes send no invite)."""
    current = store.get_interview(interview_id)
    if current is None or status is not InterviewStatus.CANCELLED:
        return []
    if current.status is InterviewStatus.CANCELLED:
        return []
    cancelled = dataclasses.replace(current, status=InterviewStatus.CANCELLED)
    return _messages(store, cancelled, _moves(store, interview_id) + 1, now)


def _messages(
    store: Store, interview: Interview, sequence: int, now: datetime | None
) -> list[Message]:
    panel = [p.user_id for p in store.list_participants(interview.interview_id)]
    at = now or clock.now()
    return [
        *messages.invite_messages(interview, _panel(store, panel), at, sequence),
        *_to_candidate(store, interview, at, sequence),
    ]


def _to_candidate(store: Store, interview: Interview, at: datetime, sequence: int) -> list[Message]:
    """The candidate's email about this change, when CANDIDATE_EMAILS is on (read from the
    environment and .env, as the worker reads it; the worker checks it again before sending)."""
    if not Settings.load().flag("CANDIDATE_EMAILS"):
        return []
    candidate = store.get_candidate(interview.candidate_id)
    return candidate_messages.candidate_message(interview, candidate, at, sequence)
