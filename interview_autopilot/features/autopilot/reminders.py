"""Scorecard reminders and escalation: placeholder until the policy is built."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...core.messages import Links, Source, Verdict
from ...core.outbox import Message
from ...core.settings import Settings
from ...store.base import Store


@dataclass(frozen=True)
class ReminderPolicy:
    pass


def policy_of(settings: Settings) -> ReminderPolicy:
    return ReminderPolicy()


def verdict(
    message: Message,
    source: Source,
    now: datetime,
    links: Links,
    rules: ReminderPolicy,
    store: Store,
) -> Verdict:
    return Verdict(skip="scorecard reminders are not built yet")


def follow_up(
    message: Message, now: datetime, rules: ReminderPolicy, source: Source
) -> list[Message]:
    return []
