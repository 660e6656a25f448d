"""The autopilot's outbox: messages due at a time, each claimed by one worker before it is sent.

A message is stored once per attempt, in the hour bucket of the attempt's due time (a worker's
pass reads a fixed number of hour buckets, never the interviews). Its claim (one per message)
says which worker holds it, until when (the lease), and how it ended. The rules here decide, for
an attempt and the claim found, what a worker may do; both stores apply them inside their
conditional write (Cassandra) or transaction (SQLite), so the same message is never held by two
workers at once.

The guarantee: at least once. A worker that dies after claiming and before the receiver took
the message leaves a claim that another worker takes over when its lease ends, and sends. A
worker that dies (or stalls past its lease) after the receiver took the message and before the
outcome was recorded makes that message go out twice: the duplicate window is one lease.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .models import to_utc

# Names the ids of messages (uuid5): one change of one interview for one person is one message.
MESSAGES = uuid.UUID("0b7f3e61-5d2a-5c4e-8f7b-6a1d2c3e4f50")
BUCKET = timedelta(hours=1)


class Channel(StrEnum):
    EMAIL = "email"
    SLACK = "slack"


class Kind(StrEnum):
    INVITE = "invite"  # a calendar invite (new or moved interview): METHOD:REQUEST
    CANCEL = "cancel"  # the cancellation of an invite: METHOD:CANCEL
    SCORECARD_REMINDER = "scorecard_reminder"
    ESCALATION = "escalation"  # a scorecard still missing, told to the job's hiring manager
    PLAN = "plan"  # at an interview's end: the worker plans its reminders (nothing is sent)
    NUDGE = "nudge"  # a scorecard reminder asked for on the interview page ("Send now")
    BEFORE_PLAN = "before_plan"  # at a booking or a move: the worker queues the reminders before
    INTERVIEW_REMINDER = "interview_reminder"  # before the interview, to the panel and candidate
    CANDIDATE_MESSAGE = "candidate_message"  # to the candidate: scheduled, moved or cancelled

    @property
    def label(self) -> str:
        return {
            "invite": "Invite",
            "cancel": "Cancellation",
            "scorecard_reminder": "Scorecard reminder",
            "escalation": "Escalation",
            "plan": "Reminder plan",
            "nudge": "Scorecard reminder (sent now)",
            "before_plan": "Reminders before: plan",
            "interview_reminder": "Interview reminder",
            "candidate_message": "Candidate email",
        }[self.value]


class State(StrEnum):
    DUE = "due"  # waiting for a worker
    CLAIMED = "claimed"  # a worker holds it until its lease ends
    SENT = "sent"
    RETRY = "retry"  # this attempt failed; the next attempt is queued
    FAILED = "failed"  # the last attempt failed: nothing more is tried
    SKIPPED = "skipped"  # not sent: the source no longer calls for it (the reason is kept)
    PLANNED = "planned"  # a reminder plan whose reminders were queued

    @property
    def final(self) -> bool:
        return self not in (State.DUE, State.CLAIMED)


@dataclass(frozen=True)
class Message:
    """One attempt of one message. `expect` is what the message announces, as the source must
    still say it when the message goes (JSON: e.g. the interview's start, end and status)."""

    message_id: uuid.UUID
    attempt: int
    due_at: datetime
    kind: Kind
    channel: Channel
    interview_id: uuid.UUID
    recipient_id: uuid.UUID | None
    address: str  # the email address ('' for Slack: the webhook names the channel)
    expect: str = "{}"
    created_at: datetime | None = None
    state: State = State.DUE
    detail: str = ""  # why it failed or was skipped
    worker: str = ""
    settled_at: datetime | None = None

    @property
    def bucket(self) -> datetime:
        return bucket_of(self.due_at)

    @property
    def expected(self) -> dict[str, str]:
        return dict(json.loads(self.expect or "{}"))


@dataclass(frozen=True)
class Claim:
    """Who holds a message (`attempt` is the attempt held), until when, and how it ended."""

    message_id: uuid.UUID
    attempt: int
    state: State
    worker: str
    lease_until: datetime
    detail: str = ""


class Action(StrEnum):
    NEW = "new"  # no claim yet: take it (insert if not exists / unique key)
    TAKE_OVER = "take_over"  # the holder's lease ended: take it, conditional on that holder
    RESUME = "resume"  # the previous attempt failed and queued this one: take it
    WAIT = "wait"  # held by a live lease, or its previous attempt is still in flight
    DONE = "done"  # nothing to send: record this attempt's end on its row


@dataclass(frozen=True)
class Decision:
    action: Action
    row_state: State = State.DUE  # with DONE: the state this attempt's row ends in
    detail: str = ""


def decide(message: Message, claim: Claim | None, now: datetime) -> Decision:
    """What a worker may do with this attempt, given the claim found."""
    if claim is None:
        return Decision(Action.NEW)
    if message.attempt < claim.attempt:
        return Decision(Action.DONE, State.RETRY, "a later attempt was made")
    if message.attempt == claim.attempt:
        if claim.state is State.CLAIMED:
            return Decision(Action.TAKE_OVER if claim.lease_until <= now else Action.WAIT)
        return Decision(Action.DONE, claim.state, claim.detail)
    # a later attempt than the one the claim holds
    if message.attempt == claim.attempt + 1 and claim.state is State.RETRY:
        return Decision(Action.RESUME)
    if claim.state is State.CLAIMED:
        return Decision(Action.WAIT)  # the attempt before is in flight (or will be taken over)
    return Decision(Action.DONE, State.SKIPPED, f"the message already ended: {claim.state}")


@dataclass(frozen=True)
class Policy:
    """How the worker treats leases and failures (from the AUTOPILOT_* settings)."""

    lease: timedelta = timedelta(minutes=2)
    lookback: timedelta = timedelta(hours=48)
    max_attempts: int = 6
    first_retry: timedelta = timedelta(minutes=1)
    most_retry: timedelta = timedelta(hours=1)
    batch: int = 500  # messages one pass handles at most

    @property
    def margin(self) -> timedelta:
        """The lease a send needs left to start (a quarter of it, at most 5 s)."""
        return min(timedelta(seconds=5), self.lease / 4)

    def retry_at(self, attempt: int, now: datetime) -> datetime | None:
        """When attempt `attempt + 1` is due after attempt `attempt` failed (doubling each
        time, at most `most_retry`), or None when no attempt is left."""
        if attempt >= self.max_attempts:
            return None
        wait = min(self.first_retry * 2 ** (attempt - 1), self.most_retry)
        return to_utc(now + wait)


def bucket_of(moment: datetime) -> datetime:
    """The hour bucket (UTC) a due time falls in."""
    return to_utc(moment).replace(minute=0, second=0, microsecond=0)


def buckets(start: datetime, end: datetime) -> list[datetime]:
    """Every hour bucket from `start`'s to `end`'s, in order: a bounded number of partitions."""
    first, last = bucket_of(start), bucket_of(end)
    out = []
    while first <= last:
        out.append(first)
        first += BUCKET
    return out


def message_id(*parts: object) -> uuid.UUID:
    """The id of a message named by its parts (kind, interview, person, what it announces):
    enqueuing the same message twice stores it once."""
    return uuid.uuid5(MESSAGES, "|".join(str(p) for p in parts))


def next_attempt(message: Message, due_at: datetime) -> Message:
    """The message's next attempt, due at `due_at`."""
    return Message(
        message.message_id,
        message.attempt + 1,
        to_utc(due_at),
        message.kind,
        message.channel,
        message.interview_id,
        message.recipient_id,
        message.address,
        message.expect,
        message.created_at,
    )
