"""How an interview changes on Cassandra: the conditional write on the source partition, then
its copies, counts and audit entry, and the roll-forward of a change whose writer stopped
half-way (by the next writer, a read, or the sweeper). A mixin of CassandraStore.

A write reads the interview's source partition, computes the next state with the same `domain`
rules as SQLite, and applies it as a conditional batch on the version it read
(`transitions.source_batch`); a writer that loses re-reads and tries again. The winner then
writes the copies of its version at that version's timestamp, and the count changes.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cassandra.query import BoundStatement

from ...core.errors import StoreUnavailable
from ...core.models import AuditEntry
from .agreement import ApplicationCalls
from .connection import driver_errors
from .pending import (
    OWNER_SECONDS,
    Change,
    Pending,
    at_version,
    bucket_of,
    buckets_back,
    owner_age,
)
from .rows import Audit, InterviewState
from .session import RETRYABLE, PreparedSession
from .sweeper import RECENT_SPAN, STARTUP_SPAN, Sweeper
from .transitions import (
    copy_statements,
    count_deltas,
    counter_batches,
    expected_copies,
    next_version,
    source_batch,
    unset_nulls,
)

MAX_ATTEMPTS = 30  # conditional-write attempts before a write gives up as "busy"
COPY_RETRIES = 3  # resends of an idempotent copy batch the cluster did not confirm
log = logging.getLogger(__name__)


class InterviewChanges:
    """Needs the store's session, its sweepers and the roll-forwards of applications and
    profiles (see CassandraStore)."""

    _db: PreparedSession
    _sweepers: list[Sweeper]
    application_calls: Callable[[], ApplicationCalls]
    roll_forward_applications: Callable[[timedelta], int]
    roll_forward_profiles: Callable[[timedelta], int]

    def _change(
        self,
        interview_id: uuid.UUID,
        compute: Callable[[InterviewState | None], InterviewState | None],
        force: bool = False,
        audit: Audit | None = None,
    ) -> InterviewState | None:
        """Apply `compute(current) -> next` to one interview as a conditional write on the
        version read, retrying from a fresh read when another writer got there first. Returns
        the state written (or the current one when `compute` changes nothing and `force`,
        which rewrites the copies with current names, is not set). `audit` gives the audit
        entry of the winning version, written with its copies (same key on a resend).

        The conditional write also records the change (pending.py), so that whoever comes
        next can finish it should this writer die before it has; a change of this interview
        that is still recorded there is finished first."""
        for attempt in range(MAX_ATTEMPTS):
            old, version, pending = self._db.read_source_pending(
                interview_id, names=True, serial=attempt > 0
            )
            if pending is not None:  # an earlier change is not finished (or is finishing)
                self._finish(interview_id, old, pending, wait=True)
                continue
            new = compute(old)
            if new == old and not (force and old is not None):
                return old
            calls = self.application_calls()  # the final decisions its verdicts count against
            old, new = calls.attach(old), calls.attach(new)
            new_version = next_version(version)
            if new is not None:
                new = dataclasses.replace(new, version=new_version)
            at = at_version(new_version)
            change = Change(
                new_version,
                expected_copies(old) if old else {},
                count_deltas(old, new, at),
                audit(old, new, at) if audit else None,
            )
            owner = uuid.uuid1()
            # Findable by the sweeper before the change exists (pending_changes_by_bucket).
            self._db.session.execute(
                self._db.ps["put_pending_index"],
                (bucket_of(new_version), interview_id, new_version, new_version),
            )
            batch = source_batch(
                self._db.ps, interview_id, old, version, new, new_version, (change.to_json(), owner)
            )
            if self._db.compare_and_set(batch, interview_id, new_version):
                if attempt:
                    log.info(
                        "conditional write applied after %d attempts: interview %s",
                        attempt + 1,
                        interview_id,
                    )
                try:
                    self._write_copies(old, new, new_version, change)
                    self._count(interview_id, change, fresh=True)
                    self._clear(interview_id, new_version)
                except RETRYABLE as exc:  # the change is recorded: the sweeper finishes it
                    log.warning(
                        "change of interview %s left to the sweeper: %s",
                        interview_id,
                        type(exc).__name__,
                    )
                return new
            log.debug(
                "conditional write lost to another writer: interview %s, attempt %d",
                interview_id,
                attempt + 1,
            )
            # Let the winner finish: random, growing, capped waits keep 24 writers of one
            # interview from colliding again in step.
            time.sleep(random.uniform(0, min(0.1, 0.004 * 2**attempt)))
        log.warning(
            "conditional write gave up after %d attempts: interview %s", MAX_ATTEMPTS, interview_id
        )
        raise StoreUnavailable(
            "The interview is being changed by others at this moment; try again."
        )

    def _write_copies(
        self,
        old: InterviewState | None,
        new: InterviewState | None,
        version: int,
        change: Change,
    ) -> None:
        """The copies of a won version and its audit entry, keyed by the version (idempotent:
        retried, and sent again by whoever finishes the change)."""
        statements = copy_statements(self._db.ps, old, new, version, before=change.before)
        if change.entry is not None:
            statements.append(self._audit_statement(change.entry, version))
        self._db.write(statements, retries=COPY_RETRIES)

    def _count(self, interview_id: uuid.UUID, change: Change, fresh: bool) -> None:
        """The count changes of a won version. Counters add again on a resend, so each counter
        batch also adds 1 to its own row of counted_changes (same batch): a roll-forward sends
        only the batches not marked there. `fresh`: sent by the writer that won, right after
        its conditional write (nothing can be marked yet)."""
        done = (
            set()
            if fresh
            else {r["part"] for r in self._db.rows("counted", interview_id, change.version)}
        )
        for part, batch in enumerate(counter_batches(self._db.ps, change.deltas)):
            if part in done:
                continue
            batch.add(self._db.ps["add_counted"], (interview_id, change.version, part))
            self._db.session.execute(batch)

    def _clear(self, interview_id: uuid.UUID, version: int) -> None:
        """The change at `version` is finished: clear it from the source (only if it is still
        the recorded one) and its row from the sweeper's index."""
        self._db.session.execute(self._db.ps["clear_pending"], (interview_id, version))
        self._db.session.execute(
            self._db.ps["del_pending_index"],
            (version, bucket_of(version), interview_id, version),
        )

    def _finish(
        self,
        interview_id: uuid.UUID,
        state: InterviewState | None,
        pending: Pending,
        wait: bool,
    ) -> bool:
        """Roll the recorded change forward; `state` is the source at its version (read with
        names). The copies and the audit entry at once (idempotent); the counts only by the
        change's owner: its writer for OWNER_SECONDS, then whoever takes it over with a
        conditional write. `wait`: wait for the owner (a next write of the interview), else
        leave it to the owner or the sweeper (a read). True when the change is finished."""
        change = pending.change
        self._write_copies(None, state, pending.version, change)
        owner = pending.owner
        while owner_age(owner) < OWNER_SECONDS:
            if not wait:
                return False
            time.sleep(0.05)
            _, _, now = self._db.read_source_pending(interview_id, serial=True)
            if now is None or now.version != pending.version:
                return True  # its owner finished it
            owner = now.owner
        mine = uuid.uuid1()
        taken = self._db.session.execute(
            self._db.ps["take_pending"], (mine, interview_id, pending.version, owner)
        )
        if not taken.was_applied:
            return False  # finished, or taken over by another
        self._count(interview_id, change, fresh=False)
        self._clear(interview_id, pending.version)
        return True

    @driver_errors
    def roll_forward_pending(self, span: timedelta = RECENT_SPAN) -> int:
        """Finish the changes recorded in the last `span` whose writer is gone (found through
        pending_changes_by_bucket, never by scanning interviews), the applications' and the
        profiles' (their interview copies); forget the index rows of changes that are finished
        or never happened. Returns how many it finished."""
        finished = 0
        now = datetime.now(UTC)
        buckets = buckets_back(now, span)
        for start in range(0, len(buckets), 64):
            futures = [self._db.future("pending_in_bucket", b) for b in buckets[start : start + 64]]
            for bucket, future in zip(buckets[start : start + 64], futures, strict=True):
                for row in future.result():
                    iid, version = row["interview_id"], row["version"]
                    if (now - at_version(version)).total_seconds() < OWNER_SECONDS:
                        continue  # its writer may still be at it
                    state, _, pending = self._db.read_source_pending(iid, names=True, serial=True)
                    if pending is None or pending.version != version:
                        self._db.session.execute(
                            self._db.ps["del_pending_index"], (version, bucket, iid, version)
                        )
                    elif self._finish(iid, state, pending, wait=False):
                        finished += 1
        return finished + self.roll_forward_applications(span) + self.roll_forward_profiles(span)

    def start_sweeper(self, interval: float, startup_span: timedelta = STARTUP_SPAN) -> Sweeper:
        """A daemon thread finishing abandoned changes every `interval` seconds (`startup_span`
        back on its first run, then RECENT_SPAN); stopped by `close()`."""
        sweeper = Sweeper(self.roll_forward_pending, interval, startup_span)
        self._sweepers.append(sweeper)
        sweeper.start()
        return sweeper

    def _audit_statement(self, entry: AuditEntry, version: int) -> BoundStatement:
        values = (
            entry.interview_id,
            version,
            entry.at,
            entry.actor_id,
            entry.action.value,
            entry.subject_id,
            entry.before,
            entry.after,
            version,
        )
        return self._db.ps["put_audit"].bind(unset_nulls(values, None))  # a new row: no nulls
