"""The bulk load of applications on Cassandra (`Store.bulk_load_applications`): a fresh load
into a keyspace that does not hold these applications, CHUNK at a time, with the pattern of the
interviews' bulk load (bulk.py). A mixin of CassandraStore.

For each chunk: the jobs are read once each; each application's stage links are checked as
`link_interview_stage` checks them (its candidate's interviews read once, in PREPARED threads at
a time) and the calibration counters its decision moves are computed as `import_application`
computes them (`agreement_deltas`); then every row `import_application` and
`link_interview_stage` write (the source, written plainly at the version's timestamp instead of
conditionally, the copies, the audit trail, the links) goes in logged batches, IN_FLIGHT
unanswered at a time; once all of them succeeded, the chunk's counters (counts by stage, week
counts, calibration counters, and the marks of counted_application_changes) follow, summed, in
counter batches. A failed request stops the load; the doctor's repair then settles the counts
of the chunk it was in.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from cassandra.query import BatchStatement, BatchType, BoundStatement

from ...core import job_kits
from ...core.applications import Application, LoadedApplication
from ...core.jobs import Job
from ...core.kits import InterviewStage
from ...core.models import Interview, InterviewSummary
from ...core.validation import check_text
from ..bulk import chunked
from . import application_stages
from .aggregates import InsightKey
from .application_rows import opt, state_of
from .application_stages import week_of
from .bulk import IN_FLIGHT, _Tally, pack
from .connection import driver_errors
from .session import InFlight, PreparedSession

CHUNK = 500  # applications checked, written and counted together
PREPARED = 16  # applications whose reads (links, calibration) run at once
COUNTERS_PER_BATCH = 100  # counter updates per counter batch


class BulkApplications:
    """Needs the store's session and reads (jobs, interviews, a candidate's interviews) and the
    calibration counters' deltas of a decision (see CassandraStore)."""

    _db: PreparedSession
    get_job: Callable[[uuid.UUID], Job | None]
    get_interview: Callable[[uuid.UUID], Interview | None]
    list_interviews_by_candidate: Callable[[uuid.UUID], list[InterviewSummary]]
    agreement_deltas: Callable[[Application | None, Application], Counter[InsightKey]]

    @driver_errors
    def bulk_load_applications(self, applications: Iterable[LoadedApplication]) -> int:
        done = 0
        jobs: dict[uuid.UUID, Job | None] = {}
        window = InFlight(self._db.session, IN_FLIGHT)
        try:
            with ThreadPoolExecutor(PREPARED) as pool:
                for chunk in chunked(applications, CHUNK):
                    for job_id in {x.application.job_id for x in chunk} - set(jobs):
                        jobs[job_id] = self.get_job(job_id)
                    prepared = list(pool.map(lambda x: self._prepare(x, jobs), chunk))
                    rows = [
                        self._rows(x, links) for x, (links, _i) in zip(chunk, prepared, strict=True)
                    ]
                    counters = self._counters(chunk, [i for _links, i in prepared])
                    batches = pack(rows)
                    tally = _Tally(len(batches), counters)
                    for batch in batches:
                        window.send(batch, tally)
                    done += len(chunk)
            window.wait()
        except BaseException:
            with contextlib.suppress(Exception):
                window.wait()  # settle what is in flight before reporting
            raise
        return done

    def _prepare(
        self, load: LoadedApplication, jobs: dict[uuid.UUID, Job | None]
    ) -> tuple[list[InterviewStage], Counter[InsightKey]]:
        """The application's stage links, checked, and the calibration counters it moves."""
        a = load.application
        links = []
        if load.links:
            titles = {
                r.interview_id: r.job_title
                for r in self.list_interviews_by_candidate(a.candidate_id)
            }
            for interview_id, stage in load.links:
                name = check_text(stage, "stage.name").strip()
                title = titles.get(interview_id)
                if title is None:  # not among the candidate's: as the one-by-one write reads it
                    interview = self.get_interview(interview_id)
                    title = interview.job_title if interview else None
                links.append(job_kits.checked_link(interview_id, title, jobs[a.job_id], name))
        return links, self.agreement_deltas(None, a)

    def _rows(self, load: LoadedApplication, links: list[InterviewStage]) -> list[BoundStatement]:
        """What import_application and link_interview_stage write of one application."""
        a = load.application
        ps, v, key = self._db.ps, a.version, a.application_id
        assert a.created_at is not None
        state = state_of(a)
        out = [
            ps["application_put"].bind((key, a.candidate_id, a.job_id, *state, v, "", v)),
            ps["application_by_candidate_put"].bind((a.candidate_id, a.job_id, key, *state, v)),
            ps["application_by_job_put"].bind(
                (a.job_id, week_of(a.created_at), key, a.candidate_id, *state, v)
            ),
            *application_stages.row_statements(ps, a, state, None, v),
        ]
        last = 0
        for e in load.trail:  # as import_application numbers a trail added to an empty one
            last = max(int(e.at.timestamp() * 1_000_000), last + 1)
            out.append(
                ps["application_audit_put"].bind(
                    (key, last, e.at, opt(e.actor_id), e.action, opt(e.before), e.after)
                )
            )
        for link in links:
            out.append(ps["stage_link_put"].bind((link.interview_id, link.job_id, link.stage)))
        return out

    def _counters(
        self, chunk: list[LoadedApplication], insights: list[Counter[InsightKey]]
    ) -> list[BatchStatement]:
        """The chunk's counter updates, summed, in counter batches."""
        ps = self._db.ps
        counts: Counter[tuple[uuid.UUID, str, str]] = Counter()
        weeks: Counter[tuple[uuid.UUID, str, str]] = Counter()
        calibration: Counter[InsightKey] = Counter()
        for x, moved in zip(chunk, insights, strict=True):
            a = x.application
            assert a.created_at is not None
            for (stage, kind), n in x.counts:
                counts[(a.job_id, kind, stage)] += n
            weeks[(a.job_id, a.stage, week_of(a.created_at))] += 1
            calibration.update(moved)
        updates: list[tuple[str, tuple[object, ...]]] = [
            ("application_count_add", (n, *key)) for key, n in sorted(counts.items()) if n
        ]
        updates += [("application_week_add", (n, *key)) for key, n in sorted(weeks.items())]
        updates += [("add_insight_count", (n, *key)) for key, n in sorted(calibration.items()) if n]
        updates += [
            ("application_counted_add", (x.application.application_id, x.application.version, 0))
            for x in chunk
        ]
        batches = []
        for some in chunked(updates, COUNTERS_PER_BATCH):
            batch = BatchStatement(batch_type=BatchType.COUNTER)
            for name, values in some:
                batch.add(ps[name], values)
            batches.append(batch)
        return batches
