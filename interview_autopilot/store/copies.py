"""What both backends share about copying records from another store (the `migrate` command):
whether a job as held already equals the source's, which trail entries the target lacks, and
the validation a copied job passes.

A copy is written only when the target lacks it or holds it differently (a re-run writes
nothing); a trail entry already held, field for field, is never added twice.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from collections.abc import Callable, Hashable
from typing import TypeVar

from ..core import job_kits, jobs
from ..core.jobs import Job
from ..core.models import User
from .jobs import named_people

E = TypeVar("E", bound=Hashable)


def missing(held: list[E], given: list[E]) -> list[E]:
    """The entries of `given` that `held` lacks, in `given`'s order."""
    left = Counter(held)
    out = []
    for entry in given:
        if left[entry]:
            left[entry] -= 1
        else:
            out.append(entry)
    return out


def same_job(held: Job | None, job: Job) -> bool:
    """Whether the target's job reads as the source's (each store sets its own version; the
    creation time is kept by the copy)."""
    return (
        held is not None
        and dataclasses.replace(held, version=0) == dataclasses.replace(job, version=0)
        and held.created_at == job.created_at
    )


def checked_copy(job: Job, get_user: Callable[[uuid.UUID], User | None]) -> Job:
    """`job` validated as any job is, except that a person it names who was deactivated since
    it was saved stays named (the source holds it so; a new job could not name them), and its
    stages keep their former names."""
    people = {
        k: dataclasses.replace(u, active=True) for k, u in named_people(job, get_user).items()
    }
    checked = dataclasses.replace(jobs.validate_job(job, people), created_at=job.created_at)
    return job_kits.keep_former_names(job, checked)  # its renamed stages keep their kits
