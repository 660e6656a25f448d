"""Candidate and interviewer pages (deep links ?candidate=<id>, ?user=<id>) and the candidate
search."""

from __future__ import annotations

import dataclasses
import uuid

from ...core import access, domain, search
from ...core.models import Candidate, User
from ...features import profiles
from ...features.profiles import CandidateInterview
from ._cache import cached_read
from .backend import _store, get_store
from .interviews import _existing_feedback, _participants
from .viewing import viewer


def candidate(candidate_id: str) -> Candidate | None:
    """A candidate's profile; None when unknown, ValidationError when malformed."""
    key = domain.parse_uuid(candidate_id, "candidate")
    get_store()
    return _candidate(str(key))


@cached_read
def _candidate(candidate_id: str) -> Candidate | None:
    return _store().get_candidate(uuid.UUID(candidate_id))


def candidate_interviews(candidate_id: str) -> list[CandidateInterview]:
    """Every interview of the candidate, newest first, with its ATS record and decision where
    the viewer may see them (`access.verdicts_hidden`, interview by interview), else a note."""
    key = domain.parse_uuid(candidate_id, "candidate")
    get_store()
    who = viewer()
    found = _candidate_interviews(str(key))
    if access.sees_every_recommendation(who):
        return found
    return [_as_seen(who, item) for item in found]


def _as_seen(who: access.Viewer, item: CandidateInterview) -> CandidateInterview:
    """The item without its ATS record when the rule hides this interview's verdicts."""
    iid = str(item.row.interview_id)
    panel = _participants(iid)
    mine = access.on_panel(who, panel) and _existing_feedback(iid, str(who.user_id)) is not None
    reason = access.verdicts_hidden(who, panel, mine)
    if reason is None:
        return item
    return dataclasses.replace(item, ats=None, hidden=access.hidden_note(reason))


@cached_read
def _candidate_interviews(candidate_id: str) -> list[CandidateInterview]:
    return profiles.candidate_interviews(_store(), uuid.UUID(candidate_id))


def user(user_id: str) -> User | None:
    """A user's profile; None when unknown, ValidationError when malformed."""
    key = domain.parse_uuid(user_id, "user")
    get_store()
    return _user(str(key))


@cached_read
def _user(user_id: str) -> User | None:
    return _store().get_user(uuid.UUID(user_id))


def search_candidates(query: str) -> list[Candidate]:
    """Candidates by name or email prefix (case- and accent-insensitive), by name; a bounded
    read of the store's prefix index. ValidationError for a query under two characters."""
    key = search.query_key(query)
    get_store()
    return _search_candidates(key)


@cached_read
def _search_candidates(folded: str) -> list[Candidate]:
    return _store().search_candidates(folded)


def search_result_caption(shown: int) -> str:
    """What the search lists, and that its CSV holds every match."""
    if shown >= search.SEARCH_LIMIT:
        return f"The first {search.SEARCH_LIMIT} matches; the CSV holds every one."
    return f"{shown} candidate{'' if shown == 1 else 's'} match."
