"""The sample team's jobs and applications (data/sample/jobs.json, applications.json) and their
loader: the same records, through the same store writes, on every store.

The files hold what happened: each job with its plan, and for each application the stage each
interview was booked for and the decisions taken on it. The application as stored (its stage,
the stage it left, its latest decision), its audit trail and its job's counts by stage are
replayed from those decisions by the application rules (core/applications.py), so they agree
with what the app's own writes would have left. Loading writes through the stores' copy path
(`import_job`, `import_application`, `import_application_counts`: the one `migrate` uses),
which writes nothing that is already held as given. A fresh load (`fresh`, and none of the
jobs holds an application yet) goes through the stores' bulk path instead
(`bulk_load_applications`), which writes the same with plain concurrent writes.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import applications as rules
from ..core import jobs as job_rules
from ..core.applications import Application, ApplicationAuditEntry, LoadedApplication
from ..core.jobs import Job, JobStatus, PanelSeat, PlanStage
from ..core.kits import FocusAttribute
from ..core.models import HiringCall, Recommendation, UserRole, to_utc
from ..core.paths import SAMPLE_DIR

if TYPE_CHECKING:
    from ..store.base import Store

IN_FLIGHT = 8  # applications written at once
HELD = 4  # applications waiting to be written, per one in flight


@dataclasses.dataclass(frozen=True)
class SampleDecision:
    call: HiringCall
    reason: str
    decided_by: uuid.UUID
    decided_at: datetime
    recommendation: Recommendation
    against_reason: str


@dataclasses.dataclass(frozen=True)
class SampleApplication:
    candidate_id: uuid.UUID
    job_id: uuid.UUID
    created_at: datetime
    opened_by: uuid.UUID
    decisions: tuple[SampleDecision, ...]
    interviews: tuple[tuple[uuid.UUID, str], ...]  # (interview, the stage it was booked for)


@dataclasses.dataclass(frozen=True)
class SampleTeam:
    jobs: list[Job]
    applications: list[SampleApplication]


def _time(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text))


def _read(path: Path, name: str) -> list[dict[str, Any]]:
    return json.loads((path / name).read_text(encoding="utf-8"))


def _stage(s: dict[str, Any]) -> PlanStage:
    return PlanStage(
        s["name"],
        s["duration_minutes"],
        tuple(PanelSeat(UserRole(role), uuid.UUID(u) if u else None) for role, u in s["panel"]),
        tuple(
            FocusAttribute(a["name"], tuple(a["rubric"]), tuple(a["questions"])) for a in s["kit"]
        ),
    )


def read_sample_team(path: Path = SAMPLE_DIR) -> SampleTeam:
    """Parse jobs.json and applications.json in `path`."""
    jobs = [
        Job(
            uuid.UUID(j["job_id"]),
            j["title"],
            j["department"],
            j["location"],
            uuid.UUID(j["hiring_manager_id"]),
            uuid.UUID(j["recruiter_id"]),
            JobStatus(j["status"]),
            tuple(_stage(s) for s in j["plan"]),
            created_at=_time(j["created_at"]),
        )
        for j in _read(path, "jobs.json")
    ]
    applications = [
        SampleApplication(
            uuid.UUID(a["candidate_id"]),
            uuid.UUID(a["job_id"]),
            _time(a["created_at"]),
            uuid.UUID(a["opened_by"]),
            tuple(
                SampleDecision(
                    HiringCall(d["call"]),
                    d["reason"],
                    uuid.UUID(d["decided_by"]),
                    _time(d["decided_at"]),
                    Recommendation(d["recommendation"]),
                    d["against_reason"],
                )
                for d in a["decisions"]
            ),
            tuple((uuid.UUID(i["interview_id"]), i["stage"]) for i in a["interviews"]),
        )
        for a in _read(path, "applications.json")
    ]
    return SampleTeam(jobs, applications)


def team_shifted(team: SampleTeam, shift: timedelta) -> SampleTeam:
    """`team` with every time moved by `shift` (the sample's move to today)."""
    if not shift:
        return team
    jobs = [
        dataclasses.replace(j, created_at=j.created_at + shift if j.created_at else None)
        for j in team.jobs
    ]
    applications = [
        dataclasses.replace(
            a,
            created_at=a.created_at + shift,
            decisions=tuple(
                dataclasses.replace(d, decided_at=d.decided_at + shift) for d in a.decisions
            ),
        )
        for a in team.applications
    ]
    return SampleTeam(jobs, applications)


def _version(at: datetime) -> int:
    return int(at.timestamp() * 1_000_000)


def replayed(
    job: Job, sample: SampleApplication
) -> tuple[Application, list[ApplicationAuditEntry], Counter[tuple[str, str]]]:
    """The application as its decisions leave it (core/applications.py's rules), its audit
    trail, and what it adds to its job's counts by stage."""
    current = rules.opened(sample.candidate_id, job, sample.created_at)
    trail = [rules.audit_entry(sample.created_at, sample.opened_by, None, current)]
    counts = rules.count_deltas(None, current)
    for d in sample.decisions:
        after = rules.decided(
            current,
            job,
            d.decided_by,
            d.call,
            d.reason,
            current.stage,
            d.decided_at,
            d.recommendation,
            d.against_reason,
        )
        trail.append(rules.audit_entry(d.decided_at, d.decided_by, current, after))
        counts.update(rules.count_deltas(current, after))  # negative changes kept
        current = after
    last = current.updated_at or sample.created_at
    return dataclasses.replace(current, version=_version(last)), trail, counts


def _load_application(
    store: Store, job: Job, sample: SampleApplication, fresh: bool
) -> tuple[int, Counter[tuple[str, str]]]:
    """Write one application as replayed, with its trail and its interviews' stages: the
    number of writes, and what it adds to its job's counts by stage."""
    application, trail, counts = replayed(job, sample)
    written = store.import_application(application, trail)
    for interview_id, stage in sample.interviews:
        held = None if fresh else store.get_interview_stage(interview_id)
        if held is None or (held.job_id, held.stage) != (job.job_id, stage):
            store.link_interview_stage(interview_id, job.job_id, stage)
            written += 1
    return written, counts


def load_sample_team(store: Store, team: SampleTeam, fresh: bool = False) -> int:
    """Write the team's jobs (with an "added" entry in their trail), the applications as
    replayed with their trails, the interviews' stages and the counts by stage. Idempotent:
    what is held as given is not written again (`fresh`: the interviews were just loaded into
    an empty store, so their stage links are written without looking for them first). The
    number of writes."""
    written = 0
    for job in team.jobs:
        added = job_rules.audit_entry(job.created_at or datetime.min, None, None, job)
        written += store.import_job(job, [added])
    return written + load_applications(store, team.jobs, team.applications, fresh)


def load_applications(
    store: Store,
    jobs: Iterable[Job],
    applications: Iterable[SampleApplication],
    fresh: bool = False,
) -> int:
    """Write `applications` (to `jobs`, already stored) as `load_sample_team` does, read as
    they come: their trails and interviews' stages, then every job's counts by stage (each of
    `jobs` named, a job without an application at 0). The number of writes.

    Applications are independent of each other: IN_FLIGHT of them are written at once (a
    store's writes may be called from several threads), and no more than a few times that
    are held waiting, however many the iterable yields. With `fresh`, when none of `jobs`
    holds an application yet, they go through the store's bulk path
    (`Store.bulk_load_applications`, for applications the store does not hold), which
    writes the same."""
    by_id = {j.job_id: j for j in jobs}
    if fresh and not any(store.list_applications_by_job(j, limit=1) for j in by_id):
        return _bulk_load(store, by_id, applications)
    counts: dict[uuid.UUID, Counter[tuple[str, str]]] = {j: Counter() for j in by_id}
    written = 0
    waiting: deque[tuple[uuid.UUID, Future[tuple[int, Counter[tuple[str, str]]]]]] = deque()

    def collect() -> None:
        nonlocal written
        job_id, future = waiting.popleft()
        wrote, deltas = future.result()
        written += wrote
        counts[job_id].update(deltas)  # negative changes kept

    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        for a in applications:
            future = pool.submit(_load_application, store, by_id[a.job_id], a, fresh)
            waiting.append((a.job_id, future))
            if len(waiting) > IN_FLIGHT * HELD:
                collect()
        while waiting:
            collect()
    for job_id, by_stage in counts.items():
        written += store.import_application_counts(job_id, dict(by_stage))
    return written


def _bulk_load(
    store: Store, jobs: dict[uuid.UUID, Job], applications: Iterable[SampleApplication]
) -> int:
    """`load_applications` through the bulk path; the number of writes counted as the
    one-by-one path counts them (an application, each entry of its trail, each stage link,
    each count by stage set)."""
    counts: dict[uuid.UUID, Counter[tuple[str, str]]] = {j: Counter() for j in jobs}
    written = 0

    def loads() -> Iterator[LoadedApplication]:
        nonlocal written
        for sample in applications:
            application, trail, deltas = replayed(jobs[sample.job_id], sample)
            counts[sample.job_id].update(deltas)  # negative changes kept
            written += 1 + len(trail) + len(sample.interviews)
            yield LoadedApplication(
                application, tuple(trail), sample.interviews, tuple(deltas.items())
            )

    store.bulk_load_applications(loads())
    return written + sum(1 for by_stage in counts.values() for n in by_stage.values() if n)
