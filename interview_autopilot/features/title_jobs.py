"""The move from free-text job titles to jobs (`interview-autopilot jobs from-titles`): every
title the interviews carry, folded (case, accents, spacing), becomes one job, or joins the job
that already has its folded title. Every merge of several spellings is reported; interviews
are not rewritten (they are filed under the folded title, which the job now owns), and their
count is compared before and after. The hiring decisions recorded on interviews are then carried
to their applications (store/interview_decisions.py). Running it again changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.jobs import Job, JobTitleTaken, TitleGroup, group_titles, job_id_for
from ..store import interview_decisions
from ..store.base import Store
from ..store.jobs import unfiled_titles


@dataclass
class TitleMove:
    groups: list[TitleGroup] = field(default_factory=list)
    created: list[Job] = field(default_factory=list)
    interviews_before: int = 0
    interviews_after: int = 0
    unfiled: list[str] = field(default_factory=list)  # the doctor's lines afterwards
    decisions: int = 0  # hiring decisions recorded on interviews, carried to applications
    refused: list[str] = field(default_factory=list)  # decisions an application refused

    @property
    def merges(self) -> list[TitleGroup]:
        return [g for g in self.groups if len(g.spellings) > 1]

    @property
    def ok(self) -> bool:
        return (
            self.interviews_before == self.interviews_after
            and not self.unfiled
            and not self.refused
        )


def merge_line(group: TitleGroup) -> str:
    spellings = ", ".join(f"{t!r} ({n})" for t, n in group.spellings.items())
    return f"merged {spellings} into the job {group.title!r}: {group.interviews} interviews"


def make_jobs_from_titles(
    store: Store, *, dry_run: bool = False, say: Callable[[str], None] = lambda _: None
) -> TitleMove:
    """Make the jobs (nothing written with `dry_run`), saying what happens to each title."""
    counts = store.job_title_counts()
    existing = [j for j in (store.find_job_by_title(t) for t in counts) if j is not None]
    move = TitleMove(group_titles(counts, existing), interviews_before=sum(counts.values()))
    for group in move.groups:
        if group.job_id is not None:
            say(f"{group.title!r}: already a job ({group.interviews} interviews)")
        else:
            job = Job(job_id_for(group.key), group.title)
            if not dry_run:
                try:
                    move.created.append(store.add_job(job))
                except JobTitleTaken:
                    say(f"{group.title!r}: made a job meanwhile by someone else")
                    continue
            verb = "would become" if dry_run else "became"
            say(f"{group.title!r} {verb} a job ({group.interviews} interviews)")
        if len(group.spellings) > 1:
            say(merge_line(group))
    after = store.job_title_counts()
    move.interviews_after = sum(after.values())
    if not dry_run:
        jobs = [j for j in (store.find_job_by_title(g.key) for g in move.groups) if j]
        move.unfiled = unfiled_titles(after, jobs) if move.groups else []
        lines, move.decisions = interview_decisions.carry(store, repair=True)
        move.refused = [line for line in lines if ": cannot be carried: " in line]
    return move
