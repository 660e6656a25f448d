"""What the Autopilot page shows: the messages due next, those that went (to whom, when, by
which channel, the outcome), those failing and why, and the policy in force. No Streamlit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

import pandas as pd

from ...core.formatting import local_time
from ...core.outbox import Message, State
from ...core.settings import SETTINGS, Settings
from ...store.base import Store

AHEAD = timedelta(hours=24)  # how far ahead "next" looks (hour partitions)
SHOWN = 500  # messages one view lists at most
POLICY = (
    "AUTOPILOT_INTERVAL_SECONDS",
    "AUTOPILOT_LEASE_SECONDS",
    "AUTOPILOT_MAX_ATTEMPTS",
    "CANDIDATE_EMAILS",
    "INTERVIEW_REMINDER_HOURS",
    "SCORECARD_REMINDER_FIRST_HOURS",
    "SCORECARD_REMINDER_LIMIT",
    "SCORECARD_ESCALATE_AFTER_DAYS",
    "AUTOPILOT_WORKING_HOURS",
    "AUTOPILOT_TIME_ZONE",
)
OUTCOMES = {
    State.DUE: "Due",
    State.CLAIMED: "Sending",
    State.SENT: "Sent",
    State.RETRY: "Failed: retried",
    State.FAILED: "Failed",
    State.SKIPPED: "Not sent",
    State.PLANNED: "Planned",
}


@dataclass(frozen=True)
class Overview:
    paused: bool
    upcoming: pd.DataFrame
    went: pd.DataFrame
    failing: pd.DataFrame
    counts: dict[str, int]


def _frame(
    rows: list[Message], names: dict[uuid.UUID, str], zone: tzinfo, when: str
) -> pd.DataFrame:
    def who(m: Message) -> str:
        name = names.get(m.recipient_id) if m.recipient_id else None
        if m.channel.value == "slack":
            return "Slack"
        return f"{name} <{m.address}>" if name else (m.address or "the job's hiring manager")

    return pd.DataFrame(
        {
            when: [
                local_time(m.settled_at if when == "When" and m.settled_at else m.due_at, zone)
                for m in rows
            ],
            "What": [m.kind.label for m in rows],
            "To": [who(m) for m in rows],
            "Channel": [m.channel.value.capitalize() for m in rows],
            "Outcome": [OUTCOMES[m.state] for m in rows],
            "Why": [m.detail for m in rows],
            "Attempt": [m.attempt for m in rows],
            "Interview": [str(m.interview_id) for m in rows],
        },
        columns=[when, "What", "To", "Channel", "Outcome", "Why", "Attempt", "Interview"],
    )


def overview(store: Store, now: datetime, zone: tzinfo, lookback: timedelta) -> Overview:
    """The messages due from `now - lookback` to `now + AHEAD` (their hour partitions)."""
    found = store.list_messages(now - lookback, now + AHEAD, SHOWN)
    ids = {m.recipient_id for m in found if m.recipient_id}
    names = {i: u.name for i in ids if (u := store.get_user(i)) is not None}
    upcoming = [m for m in found if m.state in (State.DUE, State.CLAIMED)]
    went = sorted(
        (m for m in found if m.state in (State.SENT, State.SKIPPED)),
        key=lambda m: m.settled_at or m.due_at,
        reverse=True,
    )
    failing = [m for m in found if m.state in (State.RETRY, State.FAILED)][::-1]
    return Overview(
        store.autopilot_paused(),
        _frame(upcoming, names, zone, "Due"),
        _frame(went, names, zone, "When"),
        _frame(failing, names, zone, "When"),
        {
            "due": len(upcoming),
            "sent": sum(1 for m in went if m.state is State.SENT),
            "failing": len(failing),
        },
    )


def policy(settings: Settings) -> list[tuple[str, str, str]]:
    """The policy settings in force: name, value, meaning."""
    meaning = {s.name: s.help for s in SETTINGS}
    return [(name, settings[name], meaning[name]) for name in POLICY]
