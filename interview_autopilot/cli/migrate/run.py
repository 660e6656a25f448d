"""One migration: people, jobs, templates and availability (blocks, limits, pools), then
interviews a chunk at a time (with their stage links and reminder logs), then the audit trails,
the applications and the profile trails (records.py), the candidates' messages and the
autopilot's pause switch (autopilot_records.py), then the verification.

Resumable: after each chunk the checkpoint file records the route, how many interviews are done
and the last one's id; a later run over the same route skips the source scan up to that id
(reads only: the scan's own page tokens do not outlive a Cassandra store, so the position is an
id, not a token). Idempotent: an interview the target already holds exactly as the source is
not written again; one it holds differently is deleted there and loaded afresh.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ...core.errors import ConfigError, ValidationError
from ...store import Store
from ...store.bulk import chunked
from . import autopilot_records, availability, read, records
from .verify import verify

Say = Callable[[str], None]
READERS = 8  # interviews read from both ends at once (point reads: latency, not volume)
T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    checkpoint: Path
    chunk: int = 200  # interviews read, compared and loaded together
    sample: int = 100  # interviews (and users, candidates) compared field by field at the end
    max_chunks: int | None = None  # stop after this many chunks (resume later)
    restart: bool = False  # ignore an existing checkpoint
    verify_only: bool = False  # copy nothing: compare the two ends as they are


@dataclass
class Outcome:
    people: tuple[int, int] = (0, 0)  # users, candidates copied (0, 0 when resumed past them)
    interviews: int = 0  # interviews read from the source in this run
    written: int = 0  # of which loaded into the target
    identical: int = 0  # of which the target held already
    skipped: int = 0  # interviews passed over to resume after the checkpoint
    audit: int = 0  # audit entries added to the target
    reminder_logs: tuple[int, int] = (0, 0)  # interviews' reminder logs written, identical
    stopped: bool = False  # stopped by max_chunks before the end
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Checkpoint:
    """Where a migration stands, saved after each chunk (written whole, then renamed)."""

    path: Path
    route: str
    people_done: bool = False
    done: int = 0
    last: str | None = None

    @classmethod
    def load(cls, path: Path, route: str, restart: bool) -> Checkpoint:
        if restart or not path.exists():
            return cls(path, route)
        try:
            data = json.loads(path.read_text())
            if data["route"] != route:
                raise ConfigError(
                    f"The checkpoint {path} is for {data['route']}, not {route}: "
                    "use --restart (or another --checkpoint)."
                )
            return cls(path, route, bool(data["people_done"]), int(data["done"]), data["last"])
        except (OSError, ValueError, KeyError, TypeError):
            raise ConfigError(f"The checkpoint {path} is unreadable: use --restart.") from None

    def save(self) -> None:
        data = {"route": self.route, "people_done": self.people_done, "done": self.done}
        scratch = self.path.with_name(self.path.name + ".tmp")
        scratch.write_text(json.dumps(data | {"last": self.last}) + "\n")
        os.replace(scratch, self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _counted(items: Iterator[T], tally: list[int]) -> Iterator[T]:
    for item in items:
        tally[0] += 1
        yield item


def _after(ids: Iterator[uuid.UUID], last: str | None, outcome: Outcome) -> Iterator[uuid.UUID]:
    """The ids after `last` (all of them without one); ConfigError when `last` is not met."""
    if last is not None:
        for iid in ids:
            outcome.skipped += 1
            if str(iid) == last:
                break
        else:
            raise ConfigError(
                f"The checkpoint's last interview {last} is no longer in the source: use --restart."
            )
    yield from ids


def _load_chunk(
    source: Store, target: Store, ids: list[uuid.UUID], outcome: Outcome, pool: Executor
) -> None:
    """Copy the interviews of `ids` the target lacks or holds differently."""
    fresh: list[read.Copy] = []

    def both(iid: uuid.UUID) -> tuple[uuid.UUID, read.Copy | None, read.Copy | None]:
        return iid, read.copy_of(source, iid), read.copy_of(target, iid)

    for iid, copy, held in pool.map(both, ids):  # READERS interviews read at a time
        if copy is None:  # deleted from the source while migrating
            continue
        if held == copy:
            outcome.identical += 1
            continue
        if held is not None:  # a load keeps some of what it finds: start from nothing
            target.delete_interview(iid)
        fresh.append(copy)
    target.bulk_load_stream((), (), (c.record() for c in fresh))
    for c in fresh:
        if c.decision is not None:  # the bulk path keeps decisions but never writes one
            d = c.decision
            try:
                target.record_decision(  # its audit entry comes with the source's trail
                    c.interview.interview_id,
                    d.decided_by,
                    d.call.value,
                    d.reason,
                    d.decided_at,
                    trail=False,
                )
            except ValidationError as exc:
                outcome.problems.append(
                    f"interview {c.interview.interview_id}: decision not carried: {exc}"
                )
    for c in fresh:
        if c.stage is not None:  # the bulk path links no interview to a plan stage
            try:
                target.link_interview_stage(c.stage.interview_id, c.stage.job_id, c.stage.stage)
            except ValidationError as exc:
                outcome.problems.append(
                    f"interview {c.interview.interview_id}: stage link not carried: {exc}"
                )
    outcome.written += len(fresh)

    def reminders(iid: uuid.UUID) -> tuple[int, int]:
        return autopilot_records.copy_reminder_logs(source, target, [iid], outcome.problems)

    for logs_written, logs_same in pool.map(reminders, ids):
        before = outcome.reminder_logs
        outcome.reminder_logs = (before[0] + logs_written, before[1] + logs_same)


def migrate(source: Store, target: Store, route: str, options: Options, say: Say) -> Outcome:
    """Copy `source` into `target`, then verify; see the module docstring."""
    started = time.monotonic()
    outcome = Outcome()
    if options.verify_only:
        say(f"verifying only: counts, and a sample of {options.sample} rows of each kind")
        outcome.problems = verify(source, target, options.sample)
        outcome.seconds = time.monotonic() - started
        return outcome
    point = Checkpoint.load(options.checkpoint, route, options.restart)
    if not point.people_done:
        users, candidates = [0], [0]
        target.bulk_load_stream(
            _counted(read.users(source), users), _counted(read.candidates(source), candidates), ()
        )
        outcome.people = (users[0], candidates[0])
        say(f"users: {users[0]}, candidates: {candidates[0]} copied")
        point.people_done = True
        point.save()
    job_ids = records.copy_jobs(source, target, outcome.problems, say)
    records.copy_templates(source, target, say)
    availability.copy_pools(source, target, say)
    availability.copy_limits(source, target, say)
    availability.copy_busy_blocks(source, target, say)
    total = sum(source.count_by_status().values())
    ids = _after(read.interview_ids(source), point.last, outcome)
    if point.last is not None:
        say(f"resuming after interview {point.last} ({point.done} done before)")
    with ThreadPoolExecutor(READERS, thread_name_prefix="migrate-read") as pool:
        for chunks, chunk in enumerate(chunked(ids, options.chunk), start=1):
            _load_chunk(source, target, chunk, outcome, pool)
            outcome.interviews += len(chunk)
            point.done += len(chunk)
            point.last = str(chunk[-1])
            point.save()
            rate = outcome.interviews / max(time.monotonic() - started, 1e-9)
            say(
                f"interviews: {point.done}/{total} ({outcome.written} written, "
                f"{outcome.identical} already identical), {rate:.0f}/s"
            )
            if options.max_chunks is not None and chunks >= options.max_chunks:
                outcome.stopped = True
                break
    if not outcome.stopped:
        for iid in read.audited_ids(source):
            outcome.audit += target.import_audit(iid, source.list_audit(iid))
        say(f"audit entries: {outcome.audit} added")
        with ThreadPoolExecutor(READERS, thread_name_prefix="migrate-records") as pool:
            records.copy_applications(
                source, target, job_ids, outcome.problems, say, pool, options.chunk
            )
        autopilot_records.copy_candidate_messages(source, target, say)
        written, same = outcome.reminder_logs
        say(f"reminder logs: {written} written, {same} already identical")
        autopilot_records.copy_pause(source, target, say)
        say(f"verifying: counts, and a sample of {options.sample} rows of each kind")
        outcome.problems += verify(source, target, options.sample)
        if not outcome.problems:
            point.remove()
    outcome.seconds = time.monotonic() - started
    return outcome
