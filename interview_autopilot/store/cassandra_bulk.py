"""Bulk load for the Cassandra store: the same final state as one-by-one writes, concurrently.

Each interview becomes one logged batch (cassandra_batches.transition from its stored state, if
any, to the loaded one); batches run concurrently, 50 at a time, reporting progress after each
group like SQLite does. Reloading the same data rewrites the same values: idempotent.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from .. import domain
from ..errors import ValidationError
from ..models import Feedback, SampleData, UserRole, to_utc
from . import cassandra_rows as rows
from .base import Progress
from .cassandra_batches import logged_batch, transition
from .cassandra_rows import InterviewState, ats_for, normalized

if TYPE_CHECKING:
    from .cassandra import CassandraStore

GROUP = 50  # interviews per progress step (SQLite reports every 50 too)


def bulk_load(store: CassandraStore, data: SampleData, progress: Progress | None) -> None:
    """Load users, candidates, interviews with participants, feedback and ATS records."""
    empty = store.is_empty()  # a first load has no old copies to look up or remove
    interviews = {i.interview_id: normalized(i) for i in data.interviews}
    panels: dict[uuid.UUID, dict[uuid.UUID, UserRole]] = {}
    for interview_id, user_id, role in data.participants:
        panels.setdefault(interview_id, {})[user_id] = role  # repeated: last role wins
    domain.check_sample_feedback(data)
    loaded: dict[uuid.UUID, dict[uuid.UUID, Feedback]] = {}
    for f in data.feedback:
        f = Feedback(f.interview_id, f.user_id, f.decision, f.comment, to_utc(f.submitted_at))
        loaded.setdefault(f.interview_id, {})[f.user_id] = f

    users = {u.user_id: u for u in data.users}
    wanted = {i.recruiter_id for i in interviews.values()}
    wanted |= {u for panel in panels.values() for u in panel}
    users |= store._get_many("user", [u for u in wanted if u not in users], rows.user)
    candidates = {c.candidate_id: c for c in data.candidates}
    missing = [i.candidate_id for i in interviews.values() if i.candidate_id not in candidates]
    candidates |= store._get_many("candidate", missing, rows.candidate)
    for iid, interview in interviews.items():  # refuse bad references before writing anything
        _check_refs(interview.candidate_id in candidates, interview.recruiter_id in users,
                    [u for u in panels.get(iid, {}) if u not in users])

    store.upsert_users(data.users)
    store.upsert_candidates(data.candidates)
    old = {} if empty else store._read_states(list(interviews))
    times = domain.bulk_ats_times(data)
    batches = []
    for iid, interview in interviews.items():
        panel = panels.get(iid, {})
        before = old.get(iid)
        # As SQLite: feedback of a participant who stays is kept; the loaded one overrides it.
        feedback = {u: f for u, f in (before.feedback if before else {}).items() if u in panel}
        feedback |= loaded.get(iid, {})
        new = InterviewState(
            interview,
            {u: rows.participant_of(iid, users[u], role) for u, role in panel.items()},
            feedback,
            ats_for(interview, len(panel), feedback, times[iid]),
            candidates[interview.candidate_id].name,
            users[interview.recruiter_id].name,
        )
        batches.append(logged_batch(transition(store._ps, before, new)))

    total = len(batches)
    for start in range(0, total, GROUP):
        store._concurrent((b, None) for b in batches[start:start + GROUP])
        if progress:
            progress(min(start + GROUP, total), total)


def _check_refs(candidate_ok: bool, recruiter_ok: bool, unknown_users: list[uuid.UUID]) -> None:
    if not candidate_ok:
        raise ValidationError("candidate", "That candidate does not exist.")
    if not recruiter_ok:
        raise ValidationError("recruiter", "That recruiter does not exist.")
    if unknown_users:
        raise ValidationError("participants", f"User {unknown_users[0]} does not exist.")
