"""Insights' pass-through by stage, per job: for each stage of a job's process, how many
applications reached it and how many went on to the next one. Read from the counts by stage
the application writes keep (`Store.application_counts`: one small partition per job on
Cassandra), never from the applications themselves."""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..core import applications as rules
from ..core.jobs import Job, JobStatus
from ..store.base import Store

COLUMNS = ["job", "stage", "reached", "went on", "pass-through"]


def jobs_shown(store: Store, today: date) -> list[Job]:
    """The open and on-hold jobs, and those closed this year, by title."""
    jobs = store.list_jobs(JobStatus.OPEN) + store.list_jobs(JobStatus.ON_HOLD)
    jobs += store.list_jobs(JobStatus.CLOSED, today.year)
    return sorted(jobs, key=lambda j: (j.title_key, str(j.job_id)))


def rate_text(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def pass_through_table(store: Store, today: date) -> pd.DataFrame:
    """One row per job and stage of its process (its plan, then Offer): the applications that
    reached the stage, those that reached the next one, and the share that did."""
    rows = []
    for listed in jobs_shown(store, today):
        job = store.get_job(listed.job_id) or listed  # a list's copy may not carry the plan
        counts = rules.stage_counts(job, store.application_counts(job.job_id))
        for stage, reached, went_on, rate in rules.pass_through(counts):
            rows.append([job.title, stage, reached, went_on, rate_text(rate)])
    return pd.DataFrame(rows, columns=COLUMNS)
