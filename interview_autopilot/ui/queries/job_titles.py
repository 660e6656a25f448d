"""The job a free-text title belongs to: the Interviews list and its CSV show the job's title."""

from __future__ import annotations

from ._cache import cached_read
from .backend import get_store


@cached_read
def job_title_of(key: str) -> str | None:
    """The title of the job a folded title belongs to (None: no job has it)."""
    found = get_store().find_job_by_title(key) if key else None
    return found.title if found else None
