"""Filters of the Interviews list: by recruiter or by job title, the same on every store.

A filter is a (kind, value) pair: kind 'recruiter' with the recruiter's id as text, or kind
'job' with the folded job title (`search.fold`: case, accents and spacing ignored, so
'Senior  Engineer' and 'sénior engineer' are one title). Cassandra keys its query table
`interviews_by_filter` and its day counts by it; SQLite matches `recruiter_id` or its stored
`job_key` column. No Streamlit, no store.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .errors import ValidationError
from .models import Interview, User, UserRole
from .search import fold

Kind = Literal["recruiter", "job"]
EVERYONE = "Everyone"
ANY_TITLE = "Any job title"
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
    def of(cls, kind: str, value: str) -> ListFilter:
        """A filter from its stored (kind, value) pair (a cache key, a URL)."""
        if kind == "recruiter":
            return cls.recruiter(value)
        if kind == "job":
            return cls.job(value)
        raise ValidationError("filter", f"Unknown list filter {kind!r}.")

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


# --- the Interviews page's two pickers (the page keeps their choice in the URL) -------------
def recruiter_options(users: Iterable[User]) -> dict[str, str]:
    """'' (everyone) first, then each recruiter's id -> name, by name."""
    recruiters = sorted(
        (u for u in users if u.role is UserRole.RECRUITER), key=lambda u: (fold(u.name), u.name)
    )
    return {"": EVERYONE} | {str(u.user_id): u.name for u in recruiters}


def title_options(titles: Iterable[tuple[str, int]]) -> dict[str, str]:
    """'' (any title) first, then each folded title -> its most used spelling, by title.
    `titles`: (title as stored, interviews with it)."""
    spellings: dict[str, Counter[str]] = {}
    for title, n in titles:
        key = job_key(title)
        if key:
            spellings.setdefault(key, Counter())[title] += n
    shown = {k: min(c.items(), key=lambda t: (-t[1], t[0]))[0] for k, c in spellings.items()}
    return {"": ANY_TITLE} | dict(sorted(shown.items()))


def from_url(recruiter: str, job: str) -> tuple[str, str]:
    """The pickers' values for a link's ?recruiter= and ?job= (the title folded as the picker
    keys it); one filter at a time: a recruiter wins."""
    recruiter = recruiter.strip()
    return (recruiter, "") if recruiter else ("", job_key(job))


def chosen(recruiter: str, job: str) -> ListFilter | None:
    """The filter of the pickers' choice (a recruiter wins over a title; none: no filter).
    One filter at a time: each is read from its own partitions."""
    if recruiter:
        return ListFilter.recruiter(recruiter)
    if job:
        return ListFilter.job(job)
    return None
