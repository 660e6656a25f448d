"""The bulk load of applications on SQLite (`Store.bulk_load_applications`): a fresh load, one
transaction per chunk (executemany), writing what `import_application`, `link_interview_stage`
and `import_application_counts` write for the same applications. A mixin of SqliteStore."""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager

from ...core import job_kits
from ...core.applications import LoadedApplication
from ...core.jobs import Job
from ...core.kits import InterviewStage
from ...core.validation import check_text
from ..bulk import chunked
from .applications import APPLICATION_ROW, application_values
from .copies import trail_row
from .jobs import _read as read_job

CHUNK = 2000  # applications per transaction


def checked_links(
    db: sqlite3.Connection, loads: list[LoadedApplication], jobs: dict[uuid.UUID, Job | None]
) -> list[InterviewStage]:
    """The chunk's stage links, each checked as `link_interview_stage` checks it (the jobs read
    once each, kept in `jobs`)."""
    out = []
    for load in loads:
        job_id = load.application.job_id
        if job_id not in jobs:
            jobs[job_id] = read_job(db, job_id)
        for interview_id, stage in load.links:
            row = db.execute(
                "SELECT job_title FROM interviews WHERE interview_id = ?", (str(interview_id),)
            ).fetchone()
            name = check_text(stage, "stage.name").strip()
            title = row["job_title"] if row else None
            out.append(job_kits.checked_link(interview_id, title, jobs[job_id], name))
    return out


class BulkApplications:
    """Needs the store's transaction (see SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def bulk_load_applications(self, applications: Iterable[LoadedApplication]) -> int:
        done = 0
        jobs: dict[uuid.UUID, Job | None] = {}
        for chunk in chunked(applications, CHUNK):
            with self._tx() as db:
                links = checked_links(db, chunk, jobs)
                db.executemany(
                    f"INSERT {APPLICATION_ROW}", [application_values(x.application) for x in chunk]
                )
                db.executemany(
                    "INSERT INTO application_audit (application_id, at, actor_id, action, "
                    "before, after) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (str(x.application.application_id), *trail_row(e))
                        for x in chunk
                        for e in x.trail
                    ],
                )
                db.executemany(
                    "INSERT INTO interview_stages (interview_id, job_id, stage) VALUES (?, ?, ?) "
                    "ON CONFLICT(interview_id) DO UPDATE SET job_id = excluded.job_id, "
                    "stage = excluded.stage",
                    [(str(k.interview_id), str(k.job_id), k.stage) for k in links],
                )
                counts: Counter[tuple[str, str, str]] = Counter()
                for x in chunk:
                    for (stage, kind), n in x.counts:
                        counts[(str(x.application.job_id), stage, kind)] += n
                db.executemany(
                    "INSERT INTO application_counts (job_id, stage, kind, n) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (job_id, stage, kind) DO UPDATE SET n = n + excluded.n",
                    [(*key, n) for key, n in sorted(counts.items()) if n],
                )
            done += len(chunk)
        return done
