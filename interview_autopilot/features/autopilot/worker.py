"""The autopilot's worker: one pass sends what is due, on any store, beside any number of others.

A pass reads the hour buckets of its look-back (never the interviews), and for each attempt not
yet ended: claims it (a message is held by one worker at a time), re-reads the interview it is
about, and sends it, skips it (the source no longer calls for it) or records the failure
(retried later with a doubling wait, until AUTOPILOT_MAX_ATTEMPTS). See core/outbox.py for the
guarantee in the window between a claim and its recorded outcome.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ...core import messages, outbox, reminder_log
from ...core.candidate_messages import sent_line
from ...core.messages import Links, Source, Verdict
from ...core.outbox import Channel, Claim, Kind, Message, Policy, State
from ...core.settings import Settings
from ...store.base import Store
from . import candidate_messages, interview_reminders, nudges, reminders
from .channels import ChannelError, Channels
from .source import read_source

log = logging.getLogger(__name__)


@dataclass
class PassReport:
    paused: bool = False
    due: int = 0
    sent: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    held: int = 0  # held by another worker (or already ended)
    queued: int = 0  # follow-up messages queued (the next reminder)

    def line(self) -> str:
        if self.paused:
            return "paused (the Autopilot page's switch): nothing sent"
        return (
            f"{self.due} due: {self.sent} sent, {self.skipped} skipped, {self.retried} to retry, "
            f"{self.failed} failed, {self.held} held elsewhere"
        )


def policy_of(settings: Settings) -> Policy:
    return Policy(
        lease=timedelta(seconds=settings.number("AUTOPILOT_LEASE_SECONDS")),
        lookback=timedelta(hours=settings.number("AUTOPILOT_LOOKBACK_HOURS")),
        max_attempts=int(settings.number("AUTOPILOT_MAX_ATTEMPTS")),
        first_retry=timedelta(seconds=settings.number("AUTOPILOT_RETRY_SECONDS")),
    )


def links_of(settings: Settings) -> Links:
    return Links(settings["AUTOPILOT_APP_URL"], settings["SMTP_FROM"])


def worker_name() -> str:
    """This worker's name in the claims: its host, process and a random tail."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Worker:
    store: Store
    channels: Channels
    policy: Policy
    links: Links
    rules: reminders.ReminderPolicy
    name: str
    before: interview_reminders.BeforePolicy
    candidate_emails: bool

    @classmethod
    def from_settings(cls, store: Store, settings: Settings, name: str = "") -> Worker:
        return cls(
            store,
            Channels.from_settings(settings),
            policy_of(settings),
            links_of(settings),
            reminders.policy_of(settings),
            name or worker_name(),
            interview_reminders.policy_of(settings),
            settings.flag("CANDIDATE_EMAILS"),
        )

    def run_pass(self, now: datetime, clock: Callable[[], datetime] | None = None) -> PassReport:
        """Send what is due at `now`. `clock` (default: `now`) is read before each send: a
        send starts only while the claim's lease has more than the policy's margin left."""
        report = PassReport()
        if self.store.autopilot_paused():
            report.paused = True
            return report
        due = self.store.due_messages(now, self.policy.lookback, self.policy.batch)
        report.due = len(due)
        for message in due:
            claim = self.store.claim_message(message, self.name, now, self.policy.lease)
            if claim is None:
                report.held += 1
                continue
            log.debug("claimed %s attempt %d", message.message_id, message.attempt)
            self._handle(message, claim, now, clock or (lambda: now), report)
        log.info("autopilot pass: %s", report.line())
        return report

    def _handle(
        self,
        message: Message,
        claim: Claim,
        now: datetime,
        clock: Callable[[], datetime],
        report: PassReport,
    ) -> None:
        if message.kind is Kind.PLAN:
            self._plan(message, claim, now, report)
            return
        if message.kind is Kind.BEFORE_PLAN:
            self._plan_before(message, claim, now, report)
            return
        verdict = self._judge(message, now)
        if verdict.wait and verdict.until is not None:
            nxt = outbox.next_attempt(message, verdict.until)
            self.store.settle_message(message, claim, State.RETRY, verdict.wait, now, retry=nxt)
            report.retried += 1
            return
        if verdict.skip:
            self.store.settle_message(message, claim, State.SKIPPED, verdict.skip, now)
            report.skipped += 1
            return
        if verdict.wait or verdict.outgoing is None:
            self._failed(message, claim, now, verdict.wait or "nothing to send", True, report)
            return
        subject = verdict.outgoing.subject
        channel = self.channels.email if message.channel is Channel.EMAIL else self.channels.slack
        if channel is None:
            setting = (
                "SMTP_HOST"
                if message.channel is Channel.EMAIL
                else "SLACK_WEBHOOK_URL or SLACK_BOT_TOKEN"
            )
            self._failed(message, claim, now, f"{setting} is not set", False, report, subject)
            return
        if clock() >= claim.lease_until - self.policy.margin:
            report.held += 1  # too late to start: another worker takes it over after the lease
            return
        log.debug("handing %s attempt %d to its channel", message.message_id, message.attempt)
        try:
            channel.send(verdict.outgoing)
        except ChannelError as exc:
            self._failed(message, claim, now, exc.reason, exc.retry, report, subject)
            return
        if self.store.settle_message(message, claim, State.SENT, "", now):
            log.debug("sent %s attempt %d: recorded", message.message_id, message.attempt)
            self._note(message, State.SENT, "", now, subject)
        else:  # past the lease, another worker took it over: it may send it again
            log.warning(
                "sent %s attempt %d: outcome refused, the claim was taken over",
                message.message_id,
                message.attempt,
            )
        report.sent += 1
        follow = reminders.follow_up(message, now, self.rules, self._source(message))
        if follow:
            self.store.enqueue_messages(follow)
            report.queued += len(follow)

    def _plan(self, message: Message, claim: Claim, now: datetime, report: PassReport) -> None:
        source = self._source(message)
        why = reminders.plan_verdict(message, source)
        if why:
            self.store.settle_message(message, claim, State.SKIPPED, why, now)
            report.skipped += 1
            return
        planned = reminders.plan(self.store, message, source, self.rules, now)
        self.store.enqueue_messages(planned)  # before the plan ends: a crash re-plans, the same ids
        self.store.settle_message(
            message, claim, State.PLANNED, f"{len(planned)} reminders and escalations queued", now
        )
        report.queued += len(planned)

    def _plan_before(
        self, message: Message, claim: Claim, now: datetime, report: PassReport
    ) -> None:
        source = self._source(message)
        wait, skip = interview_reminders.plan_check(message, source, now)
        if wait:
            nxt = outbox.next_attempt(message, now + timedelta(seconds=30))
            self.store.settle_message(message, claim, State.RETRY, wait, now, retry=nxt)
            report.retried += 1
            return
        if skip:
            self.store.settle_message(message, claim, State.SKIPPED, skip, now)
            report.skipped += 1
            return
        planned = interview_reminders.plan(self.store, source, self.before, now)
        self.store.enqueue_messages(planned)  # before the plan ends: a crash re-plans, same ids
        self.store.settle_message(
            message, claim, State.PLANNED, f"{len(planned)} reminders before it queued", now
        )
        report.queued += len(planned)

    def _failed(
        self,
        message: Message,
        claim: Claim,
        now: datetime,
        reason: str,
        retry: bool,
        report: PassReport,
        subject: str = "",
    ) -> None:
        at = self.policy.retry_at(message.attempt, now) if retry else None
        if at is None:
            if self.store.settle_message(message, claim, State.FAILED, reason, now):
                self._note(message, State.FAILED, reason, now, subject)
            report.failed += 1
            log.warning("message %s failed for good: %s", message.message_id, reason)
        else:
            nxt = outbox.next_attempt(message, at)
            if self.store.settle_message(message, claim, State.RETRY, reason, now, retry=nxt):
                self._note(message, State.RETRY, reason, now, subject)
            report.retried += 1

    def _note(
        self, message: Message, state: State, detail: str, now: datetime, subject: str = ""
    ) -> None:
        """A reminder's outcome becomes the last reminder its person got (interview page); a
        message to a candidate's outcome is listed on the candidate's page."""
        line = reminder_log.line_of(message, state, detail, now)
        if line is not None:
            self.store.record_reminder(message.interview_id, line)
        sent = sent_line(message, state, detail, subject, now)
        if sent is not None and message.recipient_id is not None:
            self.store.record_candidate_message(message.recipient_id, sent)

    def _source(self, message: Message) -> Source:
        """The interview the message is about, as the store says now."""
        return read_source(self.store, message.interview_id, message.recipient_id)

    def _judge(self, message: Message, now: datetime) -> Verdict:
        source = self._source(message)
        if message.kind in (Kind.INVITE, Kind.CANCEL):
            return messages.invite_verdict(message, source, now, self.links)
        if message.kind is Kind.CANDIDATE_MESSAGE:
            on, zone = self.candidate_emails, self.before.default_zone
            templates = self.store.message_templates()  # read as it goes: the text in use now
            return candidate_messages.verdict(message, source, now, self.links, on, zone, templates)
        if message.kind is Kind.INTERVIEW_REMINDER:
            return interview_reminders.verdict(
                message, source, now, self.links, self.before, self.candidate_emails
            )
        if message.kind is Kind.NUDGE:
            log = self.store.reminder_log(message.interview_id)
            return nudges.verdict(message, source, log, now, self.links)
        return reminders.verdict(message, source, now, self.links, self.rules, self.store)
