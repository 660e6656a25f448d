"""The statements that turn one stored interview state into another.

A change is two steps (see cql/schema.cql, "The write model"):
1. `source_batch`: one conditional batch on the interview's source partition, applied only if
   the partition is still at the version the writer read (a lightweight transaction);
2. `copy_statements`: the copies of the new version in every query table, one logged batch
   written `USING TIMESTAMP new.version`, and `count_deltas` for the counters.

Inside one copy batch every statement has the same timestamp and a tombstone wins a tie, so a
batch never puts and deletes the same primary key: a copy is deleted only when its key changes.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Mapping

from cassandra.query import BatchStatement, BatchType, BoundStatement, PreparedStatement

from .rows import InterviewState

Prepared = Mapping[str, PreparedStatement]
CountKey = tuple[str, str]  # (status, day bucket)


def next_version(old: int | None) -> int:
    """Microseconds since the epoch, strictly after `old`: the new version is also the write
    timestamp of its copies, so it must beat every earlier version's."""
    now = time.time_ns() // 1000
    return max(now, (old or 0) + 1)


def _source_values(state: InterviewState) -> tuple[object, ...]:
    i = state.interview
    return (
        state.version,
        i.candidate_id,
        i.recruiter_id,
        i.job_title,
        i.scheduled_start,
        i.scheduled_end,
        i.status.value,
        i.video_link,
        state.ats_at,
    )


def _members(
    ps: Prepared, old: InterviewState | None, new: InterviewState | None
) -> list[BoundStatement]:
    """Participant rows (with their feedback) that differ between the two states."""
    out: list[BoundStatement] = []
    old_panel = old.participants if old else {}
    old_feedback = old.feedback if old else {}
    iid = (new or old).interview.interview_id  # type: ignore[union-attr]
    new_panel = new.participants if new else {}
    new_feedback = new.feedback if new else {}
    for uid, p in new_panel.items():
        f = new_feedback.get(uid)
        if old_panel.get(uid) == p and old_feedback.get(uid) == f and uid in old_panel:
            continue  # unchanged: comments can be long, rewrite only what changed
        out.append(
            ps["put_member"].bind(
                (
                    p.role.value,
                    p.name,
                    p.email,
                    p.slack_handle,
                    f.decision.value if f else None,
                    f.comment if f else None,
                    f.submitted_at if f else None,
                    iid,
                    uid,
                )
            )
        )
    out += [ps["del_member"].bind((iid, uid)) for uid in set(old_panel) - set(new_panel)]
    return out


def source_batch(
    ps: Prepared,
    interview_id: uuid.UUID,
    old: InterviewState | None,
    old_version: int | None,
    new: InterviewState | None,
    new_version: int,
) -> BatchStatement:
    """The conditional batch taking the source partition from `old_version` to `new_version`
    (`new` None: deleted, only the version stays)."""
    batch = BatchStatement(batch_type=BatchType.LOGGED)
    if new is not None:
        values = _source_values(new)
    else:
        values = (new_version, None, None, None, None, None, None, None, None)
    batch.add(ps["cas_source"], (*values, interview_id, old_version))
    for statement in _members(ps, old, new):
        batch.add(statement)
    return batch


def put_source(
    ps: Prepared, old: InterviewState | None, new: InterviewState
) -> list[BoundStatement]:
    """The unconditional source writes of a bulk load (no concurrent writer expected)."""
    iid = new.interview.interview_id
    return [ps["put_source"].bind((*_source_values(new), iid)), *_members(ps, old, new)]


def copy_statements(
    ps: Prepared, old: InterviewState | None, new: InterviewState | None, ts: int
) -> list[BoundStatement]:
    """The copies of `new` (None: deleted) replacing those of `old`, all at timestamp `ts`."""
    if new is None:
        return _delete_copies(ps, old, ts) if old else []
    out: list[BoundStatement] = []
    i = new.interview
    iid, start = i.interview_id, i.scheduled_start
    ats = new.ats
    if ats is not None:
        values = (iid, ats.status.value, ats.recommendation.value, ats.summary, ats.updated_at)
        out.append(ps["put_ats"].bind((*values, ts)))
    elif old is not None:
        out.append(ps["del_ats"].bind((ts, iid)))
    summary = new.summary_values()
    status = i.status.value
    out.append(ps["put_by_status"].bind((*new.status_key(), *summary, ts)))
    out.append(ps["put_by_candidate"].bind((i.candidate_id, start, iid, status, *summary, ts)))
    out += [
        ps["put_by_user"].bind((uid, start, iid, status, *summary, ts)) for uid in new.participants
    ]
    out.append(ps["put_by_recruiter"].bind((i.recruiter_id, iid, ts)))
    if old is not None:
        out += _stale_copies(ps, old, new, ts)
    return out


def _stale_copies(
    ps: Prepared, old: InterviewState, new: InterviewState, ts: int
) -> list[BoundStatement]:
    """Deletes of the old copies whose key the new state no longer has."""
    o, n = old.interview, new.interview
    iid = o.interview_id
    out: list[BoundStatement] = []
    if old.status_key() != new.status_key():
        out.append(ps["del_by_status"].bind((ts, *old.status_key())))
    if (o.candidate_id, o.scheduled_start) != (n.candidate_id, n.scheduled_start):
        out.append(ps["del_by_candidate"].bind((ts, o.candidate_id, o.scheduled_start, iid)))
    for uid in old.participants:
        if uid not in new.participants or o.scheduled_start != n.scheduled_start:
            out.append(ps["del_by_user"].bind((ts, uid, o.scheduled_start, iid)))
    if o.recruiter_id != n.recruiter_id:
        out.append(ps["del_by_recruiter"].bind((ts, o.recruiter_id, iid)))
    return out


def _delete_copies(ps: Prepared, old: InterviewState, ts: int) -> list[BoundStatement]:
    """Every copy of the interview, gone."""
    i = old.interview
    iid, start = i.interview_id, i.scheduled_start
    out = [
        ps["del_ats"].bind((ts, iid)),
        ps["del_by_status"].bind((ts, *old.status_key())),
        ps["del_by_candidate"].bind((ts, i.candidate_id, start, iid)),
        ps["del_by_recruiter"].bind((ts, i.recruiter_id, iid)),
    ]
    out += [ps["del_by_user"].bind((ts, uid, start, iid)) for uid in old.participants]
    return out


def count_deltas(old: InterviewState | None, new: InterviewState | None) -> Counter[CountKey]:
    """How the (status, day) counts change from `old` to `new` (zero entries dropped)."""
    deltas: Counter[CountKey] = Counter()
    if old is not None:
        deltas[old.status_key()[:2]] -= 1
    if new is not None:
        deltas[new.status_key()[:2]] += 1
    return Counter({k: v for k, v in deltas.items() if v})


def counter_batch(ps: Prepared, deltas: Mapping[CountKey, int]) -> BatchStatement | None:
    """One counter batch applying `deltas` to the day and status counts (None if nothing)."""
    per_status: Counter[str] = Counter()
    batch = BatchStatement(batch_type=BatchType.COUNTER)
    added = 0
    for (status, bucket), n in deltas.items():
        if n:
            batch.add(ps["add_bucket_count"], (n, status, bucket))
            per_status[status] += n
            added += 1
    for status, n in per_status.items():
        if n:
            batch.add(ps["add_status_count"], (n, status))
    if not added:
        return None
    batch.is_idempotent = False  # a replay would count twice
    return batch


def logged_batch(statements: list[BoundStatement]) -> BatchStatement:
    """One logged batch: Cassandra applies all of it eventually, even if the coordinator dies."""
    batch = BatchStatement(batch_type=BatchType.LOGGED)
    for statement in statements:
        batch.add(statement)
    batch.is_idempotent = True  # fixed values and timestamps: a replay writes the same cells
    return batch


def interview_ids(rows: list[dict[str, object]]) -> list[uuid.UUID]:
    """Distinct interview ids of result rows, first-seen order."""
    return list(dict.fromkeys(row["interview_id"] for row in rows))  # type: ignore[misc]
