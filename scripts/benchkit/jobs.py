"""Jobs and applications on the loaded data, and the job page's figures.

Each of the bench's job titles (data.JOBS, the titles its interviews carry) becomes an open job
with a three-stage plan, its hiring manager and recruiter taken from the bench's people in turn.
Each candidate has one application, to the job of their interviews, following them: each
interview is booked for the stage the application is at, and once an interview that took place
has feedback, the job's hiring manager decides as the feedback recommends (advance on a hire,
reject on a no hire) an hour after the last of it, when that is before the anchor. So the
applications stand at their stages in proportion to the interviews, and a job's counts by stage
agree with them. They are written through the app's own path for jobs and applications given
whole (features/sample_team.py's `load_applications`: the one the sample and `migrate` use), in
a fresh load, so through the stores' bulk path (`bulk_load_applications`), streamed as the
records are read.

Then, interleaved as the screen calls are: the job page as it opens (features/applications.py's
`pipeline`: the job, its counts by stage, the newest applications of the first stage holding
some, a full page at every size, and each listed one's candidate), the applications-by-stage
counts alone, the first stage's page alone (without the job and its counts), and the open jobs'
list, on the job with the most applications; and what one job page read (statements, rows).
`across_sizes`: the job pages of every size's data, timed in the same interleaved rounds.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from benchkit import scheduling, screens, server
from benchkit.data import ANCHOR, BOOKED_AHEAD, JOBS, BenchData
from benchkit.target import Target
from interview_autopilot.core import applications as rules
from interview_autopilot.core import jobs as job_rules
from interview_autopilot.core.access import Viewer
from interview_autopilot.core.domain import recommend
from interview_autopilot.core.jobs import Job, JobStatus, PanelSeat, PlanStage
from interview_autopilot.core.models import (
    Candidate,
    HiringCall,
    InterviewRecord,
    Recommendation,
    UserRole,
    make_id,
)
from interview_autopilot.features import applications
from interview_autopilot.features.sample_team import (
    SampleApplication,
    SampleDecision,
    load_applications,
)
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra.tracing import driver_session

PLAN = (("Technical screen", 45), ("System design", 60), ("Onsite", 90))
DECIDED_AFTER = timedelta(hours=1)  # after the last feedback of an interview
JOB_PAGE = "job page (applications by stage)"
STAGE_PAGE = "a stage's first page (50 applications and their names)"
COUNTS = "applications-by-stage counts"
OPEN_JOBS = "jobs list: open"
HIRE = (Recommendation.HIRE, Recommendation.STRONG_HIRE)
NO_HIRE = (Recommendation.NO_HIRE, Recommendation.STRONG_NO_HIRE)


def jobs(data: BenchData) -> list[Job]:
    """One open job per title, each with the three-stage plan (two named seats: any
    interviewer)."""
    users = data.users()
    managers = [u.user_id for u in users if u.role is UserRole.HIRING_MANAGER]
    recruiters = [u.user_id for u in users if u.role is UserRole.RECRUITER]
    seats = (PanelSeat(UserRole.INTERVIEWER, None), PanelSeat(UserRole.INTERVIEWER, None))
    plan = tuple(PlanStage(name, minutes, seats) for name, minutes in PLAN)
    return [
        Job(
            make_id("bench-job", title),
            title,
            "Engineering",
            "Remote",
            managers[n % len(managers)],
            recruiters[n % len(recruiters)],
            JobStatus.OPEN,
            plan,
            created_at=data.start - timedelta(days=60),
        )
        for n, title in enumerate(JOBS)
    ]


def _by_candidate(data: BenchData) -> Iterator[list[InterviewRecord]]:
    """The records of each candidate in turn (data.records() yields them candidate by
    candidate)."""
    group: list[InterviewRecord] = []
    for record in data.records():
        if group and group[0].interview.candidate_id != record.interview.candidate_id:
            yield group
            group = []
        group.append(record)
    if group:
        yield group


def application_of(job: Job, records: list[InterviewRecord]) -> SampleApplication:
    """A candidate's application to `job`, from their interviews (see the module doc)."""
    assert job.hiring_manager_id is not None and job.recruiter_id is not None
    order = [name for name, _ in PLAN]
    first = records[0].interview
    created = first.scheduled_start - BOOKED_AHEAD
    stage: str = order[0]
    decisions: list[SampleDecision] = []
    linked: list[tuple[Any, str]] = []
    last = created
    for record in records:
        i = record.interview
        linked.append((i.interview_id, stage if stage in order else order[-1]))
        if stage not in order or not record.feedback:
            continue
        verdict = recommend([f.decision for f in record.feedback])
        at = max(max(f.submitted_at for f in record.feedback) + DECIDED_AFTER, last)
        if at > ANCHOR or verdict not in HIRE + NO_HIRE:
            continue
        call = HiringCall.ADVANCE if verdict in HIRE else HiringCall.REJECT
        reason = "Strong panel; next stage." if verdict in HIRE else "Below the bar for now."
        decisions.append(SampleDecision(call, reason, job.hiring_manager_id, at, verdict, ""))
        last = at + timedelta(seconds=1)
        if call is HiringCall.REJECT:
            stage = rules.REJECTED
        else:
            following = order.index(stage) + 1
            stage = order[following] if following < len(order) else rules.OFFER
    return SampleApplication(
        first.candidate_id,
        job.job_id,
        created,
        job.recruiter_id,
        tuple(decisions),
        tuple(linked),
    )


def applications_of(data: BenchData, by_title: dict[str, Job]) -> Iterator[SampleApplication]:
    for records in _by_candidate(data):
        yield application_of(by_title[records[0].interview.job_title], records)


def load(store: Store, data: BenchData) -> dict[str, Any]:
    """Store the jobs, then the applications (streamed; a fresh load: the bulk path), through
    the app's own path."""
    made = jobs(data)
    began = time.perf_counter()
    written = 0
    for job in made:
        added = job_rules.audit_entry(job.created_at or ANCHOR, None, None, job)
        written += store.import_job(job, [added])
    count = 0

    def counted() -> Iterator[SampleApplication]:
        nonlocal count
        for a in applications_of(data, {j.title: j for j in made}):
            count += 1
            yield a

    written += load_applications(store, made, counted(), fresh=True)
    seconds = time.perf_counter() - began
    return {
        "jobs": len(made),
        "applications": count,
        "writes": written,
        "seconds": seconds,
        "applications_per_s": count / seconds if seconds else 0.0,
    }


def busiest(store: Store, made: list[Job]) -> tuple[Job, int]:
    """The job with the most applications (those that reached its first stage)."""
    first = PLAN[0][0]
    sized = [(store.application_counts(j.job_id).get((first, rules.REACHED), 0), j) for j in made]
    size, job = max(sized, key=lambda t: t[0])
    return job, size


def manager_of(store: Store, job: Job) -> Viewer:
    """The job's hiring manager, who sees its decisions on the job page."""
    assert job.hiring_manager_id is not None
    manager = store.get_user(job.hiring_manager_id)
    assert manager is not None
    return Viewer(manager)


def calls(store: Store, job: Job) -> list[screens.Call]:
    """The job page as its hiring manager sees it, its counts alone, and the open jobs'
    list."""
    viewer = manager_of(store, job)
    return [
        (JOB_PAGE, lambda: applications.pipeline(store, viewer, job.job_id)),
        (COUNTS, lambda: rules.stage_counts(job, store.application_counts(job.job_id))),
        (STAGE_PAGE, lambda: first_page(store, job)),
        (OPEN_JOBS, lambda: store.list_jobs(JobStatus.OPEN)),
    ]


def first_page(store: Store, job: Job) -> dict[uuid.UUID, Candidate]:
    """What the job page reads for its first stage: the stage's newest applications (a page)
    and their candidates. The same work at every size, whatever the other stages hold."""
    apps = store.list_applications_by_stage(job.job_id, PLAN[0][0], rules.APPLICATIONS_PAGE)
    return store.get_candidates([a.candidate_id for a in apps])


def measure(
    store: Store,
    data: BenchData,
    rounds: int,
    note: Callable[[str], None],
    keyspace: str | None = None,
) -> dict[str, Any]:
    """`keyspace`: on the node, the bench's, whose jobs' and applications' tables are then
    scanned for their largest partition."""
    note("jobs: the jobs and every candidate's application")
    loaded = load(store, data)
    job, size = busiest(store, jobs(data))
    page = applications.pipeline(store, manager_of(store, job), job.job_id)
    assert page is not None
    note(f"jobs: the job page of {job.title} ({size} applications) and its counts")
    timed = screens.timed(calls(store, job), rounds)
    page_call = calls(store, job)[0][1]
    partitions = None
    if keyspace is not None:
        note("jobs: the largest partition of each jobs' and applications' table")
        partitions = server.largest_partitions(
            driver_session(store), keyspace, ("application", "job")
        )
    return {
        "largest_partition": partitions,
        "loaded": loaded,
        "job": job.title,
        "job_applications": size,
        "listed": len(page.rows),
        "first_stage_listed": len(first_page(store, job)),
        "counts": {c.stage: c.now for c in page.counts},
        "calls": timed,
        "page_reads": scheduling.reads(page_call, False),
    }


def across_sizes(kept: dict[str, tuple[Target, int]], rounds: int) -> dict[str, Any]:
    """The job page (as in `calls`) of each size's busiest job, every size's in each of
    `rounds` rounds, their order reversed every other round: p50 and p95 per size, and each
    size's over the smallest's."""
    stores = {label: target.open() for label, (target, _size) in kept.items()}
    try:
        pages: list[screens.Call] = []
        for label, store in stores.items():
            job, _n = busiest(store, jobs(BenchData(kept[label][1])))
            viewer = manager_of(store, job)
            pages.append((label, _page(store, viewer, job.job_id)))
        timed = screens.timed(pages, rounds, alternate=True)
    finally:
        for store in stores.values():
            store.close()
    smallest = timed[pages[0][0]]
    return {
        "rounds": rounds,
        "sizes": timed,
        "ratios": {
            label: {q: found[q] / smallest[q] for q in ("p50_ms", "p95_ms")}
            for label, found in timed.items()
        },
    }


def _page(store: Store, viewer: Viewer, job_id: uuid.UUID) -> Callable[[], object]:
    return lambda: applications.pipeline(store, viewer, job_id)
