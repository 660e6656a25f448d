"""The statements that turn one stored interview state into another, for one logged batch.

Every write of the Cassandra store (create, status change, feedback, delete, rename, bulk load)
reads the interview's old state, computes the new one, and sends `transition(old, new)` as a
single logged batch: the copies in every query table change together or not at all.

All statements of a batch share one write timestamp, and a tombstone wins a tie, so a batch must
never put and delete the same primary key: a copy is deleted only when its key changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from cassandra.query import BatchStatement, BatchType, BoundStatement, PreparedStatement

from .rows import InterviewState

Prepared = Mapping[str, PreparedStatement]


def transition(
    ps: Prepared, old: InterviewState | None, new: InterviewState | None
) -> list[BoundStatement]:
    """The bound statements taking `old` (None: absent) to `new` (None: deleted)."""
    if new is None:
        return _delete_all(ps, old) if old else []
    out: list[BoundStatement] = []
    i = new.interview
    iid, start = i.interview_id, i.scheduled_start
    out.append(
        ps["put_interview"].bind(
            (
                iid,
                i.candidate_id,
                i.recruiter_id,
                i.job_title,
                start,
                i.scheduled_end,
                i.status.value,
                i.video_link,
            )
        )
    )
    old_users = set(old.participants) if old else set()
    for uid, p in new.participants.items():
        out.append(
            ps["put_participant"].bind((iid, uid, p.role.value, p.name, p.email, p.slack_handle))
        )
    out += [ps["del_participant"].bind((iid, uid)) for uid in old_users - set(new.participants)]

    old_feedback = old.feedback if old else {}
    for uid, f in new.feedback.items():
        if old_feedback.get(uid) != f:  # comments can be long: rewrite only what changed
            out.append(
                ps["put_feedback"].bind((iid, uid, f.decision.value, f.comment, f.submitted_at))
            )
    out += [ps["del_feedback"].bind((iid, uid)) for uid in set(old_feedback) - set(new.feedback)]

    if new.ats is not None and (old is None or old.ats != new.ats):
        a = new.ats
        out.append(
            ps["put_ats"].bind(
                (iid, a.status.value, a.recommendation.value, a.summary, a.updated_at)
            )
        )
    elif new.ats is None and old is not None and old.ats is not None:
        out.append(ps["del_ats"].bind((iid,)))

    # The list copies are always rewritten whole (small rows), so no partial row can appear.
    values = new.summary_values()
    status, bucket = i.status.value, new.status_key()[1]
    out.append(ps["put_by_status"].bind((*new.status_key(), *values)))
    out.append(ps["put_bucket"].bind((status, bucket)))
    out.append(ps["put_by_candidate"].bind((i.candidate_id, start, iid, status, *values)))
    out += [ps["put_by_user"].bind((uid, start, iid, status, *values)) for uid in new.participants]
    out.append(ps["put_by_recruiter"].bind((i.recruiter_id, iid)))
    if old is not None:
        out += _stale_copies(ps, old, new)
    return out


def _stale_copies(ps: Prepared, old: InterviewState, new: InterviewState) -> list[BoundStatement]:
    """Deletes of the old list copies whose key the new state no longer has."""
    o, n = old.interview, new.interview
    iid = o.interview_id
    out: list[BoundStatement] = []
    if old.status_key() != new.status_key():
        out.append(ps["del_by_status"].bind(old.status_key()))
    if (o.candidate_id, o.scheduled_start) != (n.candidate_id, n.scheduled_start):
        out.append(ps["del_by_candidate"].bind((o.candidate_id, o.scheduled_start, iid)))
    for uid in old.participants:
        if uid not in new.participants or o.scheduled_start != n.scheduled_start:
            out.append(ps["del_by_user"].bind((uid, o.scheduled_start, iid)))
    if o.recruiter_id != n.recruiter_id:
        out.append(ps["del_by_recruiter"].bind((o.recruiter_id, iid)))
    return out


def _delete_all(ps: Prepared, old: InterviewState) -> list[BoundStatement]:
    """Every copy of the interview, gone. The bucket row stays (other interviews may use it)."""
    i = old.interview
    iid, start = i.interview_id, i.scheduled_start
    out = [
        ps["del_interview"].bind((iid,)),
        ps["del_participants"].bind((iid,)),  # one partition tombstone each
        ps["del_feedback_all"].bind((iid,)),
        ps["del_ats"].bind((iid,)),
        ps["del_by_status"].bind(old.status_key()),
        ps["del_by_candidate"].bind((i.candidate_id, start, iid)),
        ps["del_by_recruiter"].bind((i.recruiter_id, iid)),
    ]
    out += [ps["del_by_user"].bind((uid, start, iid)) for uid in old.participants]
    return out


def logged_batch(statements: list[BoundStatement]) -> BatchStatement:
    """One logged batch: Cassandra applies all of it eventually, even if the coordinator dies."""
    batch = BatchStatement(batch_type=BatchType.LOGGED)
    for statement in statements:
        batch.add(statement)
    batch.is_idempotent = True  # fixed values, no counters: a replay writes the same cells
    return batch


def interview_ids(rows: list[dict[str, object]]) -> list[uuid.UUID]:
    """Distinct interview ids of result rows, first-seen order."""
    return list(dict.fromkeys(row["interview_id"] for row in rows))  # type: ignore[misc]
