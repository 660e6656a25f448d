"""Calibration's agreement on Cassandra: the final decision an interview's verdicts are compared
with is its application's (the Interview page and the debrief decide the application), else the
interview's own (core/calibration.py, `final_call`). A mixin of CassandraStore.

The agreement counters are calibration counters of `insight_counts_by_chart`, so two writes
move them:
- an interview's change counts its feedback against the final decision read just before its
  conditional write (`attach_application_calls`: the application of the state before and of the
  state after, read once each; only for states with feedback);
- an application's change whose decision differs moves the agreement of every verdict on its
  interviews from the old decision to the new (`agreement_deltas`), in the application's own
  marked counter batch (applications.py), so a roll-forward counts it once.
A feedback and a decision written at the same instant may each miss the other (each read
before the other's write landed); the doctor recomputes every counter from the sources, with
the same lookups, and repairs that.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from collections.abc import Callable

from ...core.applications import Application, application_id_for
from ...core.calibration import final_call
from ...core.filters import job_key
from ...core.jobs import Job
from ...core.models import HiringCall, InterviewSummary
from .aggregates import InsightKey, calibration_keys
from .rows import InterviewState
from .session import PreparedSession

KEPT = 10_000  # application decisions remembered by one ApplicationCalls


def decision_call(application: Application | None) -> HiringCall | None:
    if application is None or application.decision is None:
        return None
    return application.decision.call


class ApplicationCalls:
    """Looks up the application decision of interview states, each job title and application
    read once (one change, one bulk chunk, one doctor run)."""

    def __init__(
        self,
        find_job_by_title: Callable[[str], Job | None],
        get_application: Callable[[uuid.UUID], Application | None],
    ) -> None:
        self._find_job, self._get_application = find_job_by_title, get_application
        self._jobs: dict[str, uuid.UUID | None] = {}
        self._calls: dict[uuid.UUID, HiringCall | None] = {}

    def call_of(self, candidate_id: uuid.UUID, job_title: str) -> HiringCall | None:
        key = job_key(job_title)
        if key not in self._jobs:
            job = self._find_job(job_title)
            self._jobs[key] = job.job_id if job else None
        job_id = self._jobs[key]
        if job_id is None:
            return None
        app = application_id_for(candidate_id, job_id)
        if app not in self._calls:
            if len(self._calls) >= KEPT:  # a doctor run over every interview: bounded memory
                self._calls.clear()
            self._calls[app] = decision_call(self._get_application(app))
        return self._calls[app]

    def attach(self, state: InterviewState | None) -> InterviewState | None:
        """`state` with its application's decision (states without feedback: unchanged, no
        verdict to compare)."""
        if state is None or not state.feedback:
            return state
        i = state.interview
        call = self.call_of(i.candidate_id, i.job_title)
        return dataclasses.replace(state, application_call=call)


class AgreementMixin:
    """Needs the store's session and its reads of jobs, applications and lists."""

    _db: PreparedSession
    find_job_by_title: Callable[[str], Job | None]
    get_application: Callable[[uuid.UUID], Application | None]
    get_job: Callable[[uuid.UUID], Job | None]
    list_interviews_by_candidate: Callable[[uuid.UUID], list[InterviewSummary]]

    def application_calls(self) -> ApplicationCalls:
        return ApplicationCalls(self.find_job_by_title, self.get_application)

    def agreement_deltas(self, old: Application | None, new: Application) -> Counter[InsightKey]:
        """How the calibration counters move when an application's decision goes from `old`'s
        to `new`'s: each verdict on its interviews, -1 against the final decision before, +1
        against the one after (empty when the decision's call did not change)."""
        before, after = decision_call(old), decision_call(new)
        deltas: Counter[InsightKey] = Counter()
        if before == after:
            return deltas
        job = self.get_job(new.job_id)
        if job is None:
            return deltas
        for row in self.list_interviews_by_candidate(new.candidate_id):
            if job_key(row.job_title) != job.title_key:
                continue
            state, _version = self._db.read_source(row.interview_id)
            if state is None or not state.feedback:
                continue
            if job_key(state.interview.job_title) != job.title_key:
                continue  # retitled since its list row was written
            own = state.hiring.call if state.hiring is not None else None
            end = state.interview.scheduled_end
            given = list(state.feedback.values())
            deltas.update(calibration_keys(given, end, final_call(after, own)))
            deltas.subtract(calibration_keys(given, end, final_call(before, own)))
        return Counter({k: n for k, n in deltas.items() if n})
