"""The records a migration carries besides interviews: jobs (fields, plans and kits, trails),
applications (stage, decision, trail) with each job's counts by stage, and the profile trails
of people and candidates. Each is read from the source by its own point reads and written
through the target's `import_*` methods, which write nothing for a record held as given (a
re-run writes nothing).

Derived tables are not copied: the target's own writes make them (list copies, email claims,
search rows). Two exceptions are kept as the source has them, because their present state
cannot be recomputed: the counts by stage (`reached` counts the applications that ever entered
a stage). Seat claims are not carried: a booking also checks the person's stored interviews,
so a migrated interview keeps its seat without a claim row (cql/migrations/0008).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, replace

from ...core.errors import ValidationError
from ...store import Store
from ...store.bulk import chunked
from . import read

Say = Callable[[str], None]


@dataclass
class Tally:
    read: int = 0
    written: int = 0  # records written (their trail entries aside)
    entries: int = 0  # trail entries added

    def line(self, what: str) -> str:
        return (
            f"{what}: {self.written} written, {self.read - self.written} already identical, "
            f"{self.entries} trail entries added"
        )


def copy_jobs(source: Store, target: Store, problems: list[str], say: Say) -> list[uuid.UUID]:
    """Every job of the source into the target (before interviews: their stage links name
    them); the ids copied."""
    tally, ids = Tally(), []
    for job_id in read.job_ids(source):
        job = source.get_job(job_id)
        if job is None:
            continue
        tally.read += 1
        before = target.get_job(job_id)
        try:
            n = target.import_job(job, source.list_job_audit(job_id))
        except ValidationError as exc:
            problems.append(f"job {job_id}: not carried: {exc}")
            continue
        changed = before is None or target.get_job(job_id) != before
        tally.written += changed
        tally.entries += n - changed
        ids.append(job_id)
    say(tally.line("jobs"))
    return ids


def copy_templates(source: Store, target: Store, say: Say) -> None:
    """The candidate emails' templates (texts, drafts, who saved them last): each written on
    the target's own version, so a re-run finds them identical."""
    tally = Tally()
    held = target.message_templates()
    for name, template in source.message_templates().items():
        tally.read += 1
        mine = held.get(name)
        seen = mine.version if mine else 0
        if mine is not None and replace(mine, version=0) == replace(template, version=0):
            continue
        if target.save_message_template(replace(template, version=seen + 1), seen):
            tally.written += 1
    say(tally.line("candidate email templates"))


def _candidate(source: Store, target: Store, candidate_id: uuid.UUID) -> tuple[Tally, list[str]]:
    """One candidate's applications (with their trails) and profile trail."""
    tally, problems = Tally(), []
    for a in source.list_applications_by_candidate(candidate_id):
        tally.read += 1
        held = target.get_application(a.application_id)
        try:
            n = target.import_application(a, source.list_application_audit(a.application_id))
        except ValidationError as exc:
            problems.append(f"application {a.application_id}: not carried: {exc}")
            continue
        changed = held is None or target.get_application(a.application_id) != held
        tally.written += changed
        tally.entries += n - changed
    return tally, problems


def copy_applications(
    source: Store,
    target: Store,
    job_ids: list[uuid.UUID],
    problems: list[str],
    say: Say,
    pool: Executor,
    chunk: int,
) -> None:
    """Every candidate's applications with their trails (READERS candidates at a time, a chunk
    of ids in memory), then each job's counts by stage; then the profile trails."""
    tally = Tally()
    for part in chunked(read.ids(source, "candidates", "candidate_id"), chunk):
        for one, found in pool.map(lambda c: _candidate(source, target, c), part):
            tally.read += one.read
            tally.written += one.written
            tally.entries += one.entries
            problems += found
    say(tally.line("applications"))
    counted = sum(
        target.import_application_counts(j, source.application_counts(j)) for j in job_ids
    )
    say(f"application counts: {counted} set")
    people = itertools.chain(
        read.ids(source, "users", "user_id"), read.ids(source, "candidates", "candidate_id")
    )
    added = 0
    for part in chunked(people, chunk):
        trails = pool.map(
            lambda p: target.import_profile_audit(p, source.list_profile_audit(p)), part
        )
        added += sum(trails)
    say(f"profile trail entries: {added} added")
