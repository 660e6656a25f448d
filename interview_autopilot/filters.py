"""Filters of the Interviews list: by recruiter or by job title, the same on every store.

A filter is a (kind, value) pair: kind 'recruiter' with the recruiter's id as text, or kind
'job' with the folded job title (`search.fold`: case, accents and spacing ignored, so
'Senior  Engineer' and 'sénior engineer' are one title). Cassandra keys its query table
`interviews_by_filter` and its day counts by it; SQLite matches `recruiter_id` or its stored
`job_key` column. No Streamlit, no store.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from .errors import ValidationError
from .models import Interview
from .search import fold

Kind = Literal["recruiter", "job"]
KINDS: tuple[Kind, ...] = ("recruiter", "job")
MAX_TITLE = 200  # a folded title longer than this cannot be a stored one (validation caps it)


def job_key(title: str) -> str:
    """The stored, matched form of a job title."""
    return fold(title)


@dataclass(frozen=True)
class ListFilter:
    """One filter of the list: `kind` and its key `value` (see the module doc)."""

    kind: Kind
    value: str

    @classmethod
    def recruiter(cls, recruiter_id: uuid.UUID | str) -> ListFilter:
        try:
            return cls("recruiter", str(uuid.UUID(str(recruiter_id))))
        except ValueError:
            raise ValidationError("recruiter", "Not a recruiter id.") from None

    @classmethod
    def job(cls, title: str) -> ListFilter:
        key = job_key(title)
        if not key:
            raise ValidationError("job_title", "Give a job title to filter by.")
        if len(key) > MAX_TITLE:
            raise ValidationError("job_title", f"A job title has at most {MAX_TITLE} characters.")
        return cls("job", key)


def filters_of(interview: Interview) -> tuple[ListFilter, ListFilter]:
    """The filters an interview is listed under: its recruiter's and its job title's."""
    return (
        ListFilter("recruiter", str(interview.recruiter_id)),
        ListFilter("job", job_key(interview.job_title)),
    )
