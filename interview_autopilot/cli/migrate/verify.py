"""The check at the end of a migration: counts, then a sample of rows compared field by field.

Counts: interviews per status (each store's own count, Cassandra's counters included), and the
users, candidates, jobs and interviews a full scan of each end finds. Sample: up to `size`
interviews, users and candidates drawn from the source scan (reservoir sampling, a fixed seed),
each read from both ends and compared field by field: the interview, its candidate and
recruiter, its participants, their feedback, the ATS record (all but `updated_at`), the hiring
decision, the plan stage and the audit trail; each sampled candidate's applications and their
trails; each sampled person's own interview limits, each sampled candidate's messages and each
sampled interview's reminder log. Every job is compared (its plan and kits; its version aside),
with its counts of applications by stage, and the interviewer pools and the autopilot's pause
switch.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from ...core.jobs import Job
from ...store import Store
from . import read

T = TypeVar("T")
SEED = 42


def differences(where: str, source: object, target: object) -> list[str]:
    """One line per field that differs, named by its path (`feedback[1].comment`)."""
    if source == target:
        return []
    if (
        dataclasses.is_dataclass(source)
        and type(source) is type(target)
        and not isinstance(source, type)
    ):
        lines = []
        for f in dataclasses.fields(source):
            lines += differences(
                f"{where}.{f.name}", getattr(source, f.name), getattr(target, f.name)
            )
        return lines
    if isinstance(source, tuple) and isinstance(target, tuple) and len(source) == len(target):
        lines = []
        for n, (a, b) in enumerate(zip(source, target, strict=True)):
            lines += differences(f"{where}[{n}]", a, b)
        return lines
    return [f"{where}: source {_show(source)}, target {_show(target)}"]


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


class Reservoir:
    """A uniform sample of up to `size` items of a stream read once (Algorithm R)."""

    def __init__(self, size: int, seed: int = SEED) -> None:
        self.size, self.items, self.seen = size, list[uuid.UUID](), 0
        self._random = random.Random(seed)

    def offer(self, item: uuid.UUID) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
        elif (slot := self._random.randrange(self.seen)) < self.size:
            self.items[slot] = item


def _sampled(items: Iterable[T], key: Callable[[T], uuid.UUID], sample: Reservoir) -> Iterator[T]:
    for item in items:
        sample.offer(key(item))
        yield item


def _count(items: Iterable[T]) -> int:
    return sum(1 for _ in items)


def _job(store: Store, job_id: uuid.UUID) -> Job | None:
    """A job as it reads, its version aside (each store sets its own)."""
    job = store.get_job(job_id)
    return dataclasses.replace(job, version=0) if job else None


def verify(source: Store, target: Store, size: int) -> list[str]:
    """Every difference found between the two ends (empty: they agree)."""
    problems: list[str] = []
    by_status = source.count_by_status(), target.count_by_status()
    for status in by_status[0]:
        n, m = by_status[0][status], by_status[1].get(status, 0)
        if n != m:
            problems.append(f"count of {status.value} interviews: source {n}, target {m}")
    people = Reservoir(size), Reservoir(size), Reservoir(size)
    counts = {
        "users": (
            _count(_sampled(read.users(source), lambda u: u.user_id, people[0])),
            _count(read.users(target)),
        ),
        "candidates": (
            _count(_sampled(read.candidates(source), lambda c: c.candidate_id, people[1])),
            _count(read.candidates(target)),
        ),
        "audit entries": (_count(read.audit_entries(source)), _count(read.audit_entries(target))),
        "interviews": (
            _count(_sampled(read.interview_ids(source), lambda i: i, people[2])),
            _count(read.interview_ids(target)),
        ),
    }
    job_ids = list(read.job_ids(source))  # jobs are few (hundreds): each one is compared
    counts["jobs"] = (len(job_ids), _count(read.job_ids(target)))
    for what, (n, m) in counts.items():
        if n != m:
            problems.append(f"count of {what}: source {n}, target {m}")
    for uid in people[0].items:
        problems += differences(f"user {uid}", source.get_user(uid), target.get_user(uid))
    for cid in people[1].items:
        problems += differences(
            f"candidate {cid}", source.get_candidate(cid), target.get_candidate(cid)
        )
    for jid in job_ids:
        problems += differences(f"job {jid}", _job(source, jid), _job(target, jid))
        problems += differences(
            f"job {jid}.counts", source.application_counts(jid), target.application_counts(jid)
        )
    for cid in people[1].items:
        for a in source.list_applications_by_candidate(cid):
            problems += differences(
                f"application {a.application_id}", a, target.get_application(a.application_id)
            )
            problems += differences(
                f"application {a.application_id}.audit",
                tuple(source.list_application_audit(a.application_id)),
                tuple(target.list_application_audit(a.application_id)),
            )
    for iid in people[2].items:
        problems += differences(
            f"interview {iid}", read.copy_of(source, iid), read.copy_of(target, iid)
        )
        trails = tuple(source.list_audit(iid)), tuple(target.list_audit(iid))
        problems += differences(f"interview {iid}.audit", *trails)
    return problems + _availability_and_messages(source, target, people)


def _availability_and_messages(
    source: Store, target: Store, sampled: tuple[Reservoir, Reservoir, Reservoir]
) -> list[str]:
    """The pools (members a set) and the pause switch; each sampled person's own limits, each
    sampled candidate's messages and each sampled interview's reminder log."""
    problems: list[str] = []

    def pools(store: Store) -> dict[uuid.UUID, tuple[str, frozenset[uuid.UUID]]]:
        return {p.pool_id: (p.name, frozenset(p.members)) for p in store.list_pools()}

    problems += differences(
        "pools", tuple(sorted(pools(source).items())), tuple(sorted(pools(target).items()))
    )
    problems += differences(
        "autopilot paused", source.autopilot_paused(), target.autopilot_paused()
    )
    for uid in sampled[0].items:
        problems += differences(
            f"user {uid}.limits", source.interview_limits(uid), target.interview_limits(uid)
        )
    for cid in sampled[1].items:
        problems += differences(
            f"candidate {cid}.messages",
            tuple(source.candidate_messages(cid)),
            tuple(target.candidate_messages(cid)),
        )
    for iid in sampled[2].items:
        problems += differences(
            f"interview {iid}.reminders", source.reminder_log(iid), target.reminder_log(iid)
        )
    return problems
