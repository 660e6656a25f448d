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
from datetime import UTC, datetime, timedelta

from cassandra.query import (
    UNSET_VALUE,
    BatchStatement,
    BatchType,
    BoundStatement,
    PreparedStatement,
)

from ...core.filters import filters_of
from ...core.kits import ratings_text
from ...core.models import to_utc
from .aggregates import insight_keys
from .rows import HIRING_COLUMNS, InterviewState, hiring_values, month_bucket
from .statements import STATIC_COLUMNS

Prepared = Mapping[str, PreparedStatement]
# (status, day bucket), an Insights key (chart, period, a, b), a filter's day count
# ('filter', kind, value, status, day bucket), or the rows moved out of a day
# ('moved', status, day bucket), those of them moved before their start ('early', ...)
CountKey = tuple[str, ...]


def bind(statement: PreparedStatement, values: tuple[object, ...]) -> BoundStatement:
    """`statement.bind(values)`, each value serialized by its column's type, without the
    driver's per-value column-encryption lookup (a named tuple built for every value, ~40 % of
    the client time a bulk load spends building statements). No encryption policy is ever set
    here; should one be, or the values not match the markers, the driver's own `bind` runs."""
    columns = statement.column_metadata
    if statement.column_encryption_policy is not None or len(values) != len(columns):
        return statement.bind(values)
    bound = BoundStatement(statement)
    version = statement.protocol_version
    bound.raw_values = values
    bound.values = [
        value if value is None or value is UNSET_VALUE else column.type.serialize(value, version)
        for value, column in zip(values, columns, strict=True)
    ]
    return bound


def next_version(old: int | None) -> int:
    """Microseconds since the epoch, strictly after `old`: the new version is also the write
    timestamp of its copies, so it must beat every earlier version's."""
    now = time.time_ns() // 1000
    return max(now, (old or 0) + 1)


def _source_values(state: InterviewState, old: InterviewState | None) -> tuple[object, ...]:
    """The static columns of `state`; a null where `old` had none too is left unset: a null
    would write a tombstone cell that every read of the partition meets (the past-due lookup
    reads a partition per scheduled interview)."""
    return unset_nulls(_static_values(state), _static_values(old) if old is not None else None)


def unset_nulls(
    values: tuple[object, ...], before: tuple[object, ...] | None
) -> tuple[object, ...]:
    """`values` with each null left unset where `before` (the same columns of the row as stored,
    None: no row) has no value either: only a null that clears a stored value is written (as a
    tombstone cell that every later read of the row meets until compaction purges it)."""
    if before is None:
        return tuple(UNSET_VALUE if v is None else v for v in values)
    return tuple(
        UNSET_VALUE if v is None and b is None else v for v, b in zip(values, before, strict=True)
    )


def _static_values(state: InterviewState) -> tuple[object, ...]:
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
        *hiring_values(state.hiring),
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
        # No feedback: a null would write a tombstone per column; leave the cells unset unless
        # there is stored feedback to clear.
        none = None if uid in old_feedback else UNSET_VALUE
        # Ratings likewise: a null only where stored ratings are cleared (kits.py).
        had_ratings = bool(old_feedback.get(uid) and old_feedback[uid].ratings)
        scorecard = ratings_text(f.ratings) if f else None
        before = old_feedback.get(uid)
        first = _kept(f.first_at if f else None, before.first_at if before else None)
        count = _kept(
            f.reminders_before if f else None, before.reminders_before if before else None
        )
        out.append(
            bind(
                ps["put_member"],
                (
                    p.role.value,
                    p.name,
                    p.email,
                    p.slack_handle,
                    f.decision.value if f else none,
                    f.comment if f else none,
                    f.submitted_at if f else none,
                    scorecard if scorecard is not None or had_ratings else UNSET_VALUE,
                    first,
                    count,
                    iid,
                    uid,
                ),
            )
        )
    out += [bind(ps["del_member"], (iid, uid)) for uid in set(old_panel) - set(new_panel)]
    return out


def _kept(value: object, stored: object) -> object:
    """A feedback column's value: unset where there is none to write and none stored to clear
    (a null would write a tombstone cell)."""
    if value is None and stored is None:
        return UNSET_VALUE
    return value


def source_batch(
    ps: Prepared,
    interview_id: uuid.UUID,
    old: InterviewState | None,
    old_version: int | None,
    new: InterviewState | None,
    new_version: int,
    pending: tuple[str, uuid.UUID] | None = None,
) -> BatchStatement:
    """The conditional batch taking the source partition from `old_version` to `new_version`
    (`new` None: deleted, only the version stays), recording the change to finish (`pending`:
    its JSON and its owner, pending.py) in the same batch."""
    batch = BatchStatement(batch_type=BatchType.LOGGED)
    if new is not None:
        values = _source_values(new, old)
    else:  # deleted: clear the statics that hold a value
        cleared = (None,) * len(STATIC_COLUMNS)
        values = (new_version, *unset_nulls(cleared, _static_values(old)[1:] if old else None))
    text, owner = pending if pending is not None else (None, None)
    todo = (new_version, text, owner) if pending is not None else (UNSET_VALUE,) * 3
    batch.add(ps["cas_source"], (*values, *todo, interview_id, old_version))
    for statement in _members(ps, old, new):
        batch.add(statement)
    return batch


def put_source(
    ps: Prepared, old: InterviewState | None, new: InterviewState
) -> list[BoundStatement]:
    """The unconditional source writes of a bulk load (no concurrent writer expected)."""
    iid = new.interview.interview_id
    return [bind(ps["put_source"], (*_source_values(new, old), iid)), *_members(ps, old, new)]


# Each copy table: its put and delete statements, key columns, and the other columns, in the
# order the put statement binds them (key first, then the rest, then the timestamp).
CopyKey = tuple[object, ...]  # (table, *primary key)
SUMMARY = [
    "candidate_name",
    "job_title",
    "recruiter_name",
    "feedback_count",
    "participant_count",
    "recommendation",
]
COPY_TABLES: dict[str, tuple[str, str, list[str], list[str]]] = {
    "interviews_by_status": (
        "put_by_status",
        "del_by_status",
        ["status", "bucket", "scheduled_start", "interview_id"],
        SUMMARY,
    ),
    "interviews_by_candidate": (
        "put_by_candidate",
        "del_by_candidate",
        ["candidate_id", "scheduled_start", "interview_id"],
        ["status", *SUMMARY],
    ),
    "interviews_by_user_month": (
        "put_by_user",
        "del_by_user",
        ["user_id", "month", "scheduled_start", "interview_id"],
        ["status", *SUMMARY],
    ),
    "interview_ids_by_recruiter_month": (
        "put_by_recruiter",
        "del_by_recruiter",
        ["recruiter_id", "month", "interview_id"],
        [],
    ),
    "interview_months_by_person": (
        "put_month",
        "del_month",
        ["person_id", "kind", "month"],
        [],
    ),
    "interviews_by_filter": (
        "put_by_filter",
        "del_by_filter",
        ["kind", "value", "status", "bucket", "scheduled_start", "interview_id"],
        SUMMARY,
    ),
    "ats_by_interview": (
        "put_ats",
        "del_ats",
        ["interview_id"],
        ["status", "recommendation", "summary", "updated_at", *HIRING_COLUMNS],
    ),
}


# Copy rows shared by several interviews (a person's month): written with each interview's
# copies, never deleted with one (a month whose interviews all left reads empty), nor checked
# by the doctor's scan for rows no source implies.
SHARED_COPIES = frozenset({"interview_months_by_person"})


def expected_copies(state: InterviewState) -> dict[CopyKey, tuple[object, ...]]:
    """Every copy row `state` implies: (table, *primary key) -> its other columns."""
    i = state.interview
    iid, start, status = i.interview_id, i.scheduled_start, i.status.value
    month = month_bucket(start)
    summary = state.summary_values()
    out: dict[CopyKey, tuple[object, ...]] = {
        ("interviews_by_status", *state.status_key()): summary,
        ("interviews_by_candidate", i.candidate_id, start, iid): (status, *summary),
        ("interview_ids_by_recruiter_month", i.recruiter_id, month, iid): (),
        ("interview_months_by_person", i.recruiter_id, "recruiter", month): (),
    }
    for uid in state.participants:
        out[("interviews_by_user_month", uid, month, start, iid)] = (status, *summary)
        out[("interview_months_by_person", uid, "user", month)] = ()
    for f in filters_of(i):
        out[("interviews_by_filter", f.kind, f.value, *state.status_key())] = summary
    ats = state.ats
    if ats is not None:
        values = (
            ats.status.value,
            ats.recommendation.value,
            ats.summary,
            ats.updated_at,
            *hiring_values(ats.decision),
        )
        out[("ats_by_interview", iid)] = values
    return out


def put_copy(
    ps: Prepared,
    key: CopyKey,
    values: tuple[object, ...],
    ts: int,
    before: tuple[object, ...] | None = None,
) -> BoundStatement:
    """The copy row `key` with `values`; `before`: the row's values as stored (None: no row),
    so that a null is written only where it clears one (`unset_nulls`)."""
    values = unset_nulls(values, before)
    return bind(ps[COPY_TABLES[str(key[0])][0]], (*key[1:], *values, ts))


def delete_copy(ps: Prepared, key: CopyKey, ts: int) -> BoundStatement:
    return bind(ps[COPY_TABLES[str(key[0])][1]], (ts, *key[1:]))


def copy_statements(
    ps: Prepared,
    old: InterviewState | None,
    new: InterviewState | None,
    ts: int,
    shared_written: set[CopyKey] | None = None,
    before: dict[CopyKey, tuple[object, ...]] | None = None,
) -> list[BoundStatement]:
    """The copies of `new` (None: deleted) replacing those of `old`, all at timestamp `ts`:
    every copy `new` implies, and a delete of each copy of `old` whose key `new` lacks.
    `shared_written`: the SHARED_COPIES rows already written by the same load (skipped, and
    the ones written here added). `before`: the copies of `old` when only they are known."""
    wanted = expected_copies(new) if new else {}
    if shared_written is not None:
        wanted = {k: v for k, v in wanted.items() if k not in shared_written}
        shared_written.update(k for k in wanted if k[0] in SHARED_COPIES)
    if before is None:  # else: the copy rows of the state before, as recorded (pending.py)
        before = expected_copies(old) if old else {}
    stale = {key for key in set(before) - set(wanted) if key[0] not in SHARED_COPIES}
    out = [put_copy(ps, key, values, ts, before.get(key)) for key, values in wanted.items()]
    return out + [delete_copy(ps, key, ts) for key in sorted(stale, key=str)]


EARLY_MARGIN = timedelta(minutes=10)  # a row removed later than this before its start is early


def count_deltas(
    old: InterviewState | None, new: InterviewState | None, now: datetime | None = None
) -> Counter[CountKey]:
    """How the counters change from `old` to `new` (zero entries dropped): the (status, day)
    count, the filters' day counts, and every Insights counter (`aggregates.insight_keys`),
    each -1 for the state before and +1 for the state after; and +1 `moved` for the (status,
    day) whose interviews_by_status row the change deletes (its key changes or goes), +1
    `early` too when that row's start is still ahead of `now` (the wall clock) less
    EARLY_MARGIN."""
    deltas: Counter[CountKey] = Counter()
    if old is not None and (new is None or new.status_key() != old.status_key()):
        deltas[("moved", *old.status_key()[:2])] += 1
        now = now or datetime.now(UTC)
        if to_utc(old.interview.scheduled_start) > now - EARLY_MARGIN:
            deltas[("early", *old.status_key()[:2])] += 1
    for state, sign in ((old, -1), (new, 1)):
        if state is not None:
            deltas[state.status_key()[:2]] += sign
            for f in filters_of(state.interview):
                deltas[("filter", f.kind, f.value, *state.status_key()[:2])] += sign
            for key, n in insight_keys(state).items():
                deltas[key] += sign * n
    return Counter({k: v for k, v in deltas.items() if v})


COUNTERS_PER_BATCH = 100  # a counter batch stays far under batch_size_fail_threshold (50 KB)


def counter_batches(
    ps: Prepared, deltas: Mapping[CountKey, int], totals: Mapping[str, int] | None = None
) -> list[BatchStatement]:
    """Counter batches applying `deltas` (a (status, day) key: the day counts, with the day's
    `moved` in the same statement; an Insights key: insight_counts_by_chart) and the status
    totals (the sum of the day deltas per status, unless `totals` says otherwise),
    COUNTERS_PER_BATCH updates each; empty if nothing changes."""
    per_status: Counter[str] = Counter()
    statements: list[tuple[PreparedStatement, tuple[object, ...]]] = []
    for key, n in sorted(deltas.items()):
        if not n:
            continue
        if len(key) == 2:  # (status, day)
            per_status[key[0]] += n
            moved = deltas.get(("moved", *key), 0)
            if moved:
                early = deltas.get(("early", *key), 0)
                statements.append((ps["add_bucket_count_moved"], (n, moved, early, *key)))
            else:
                statements.append((ps["add_bucket_count"], (n, *key)))
        elif key[0] == "moved" and len(key) == 3:  # alone when the day's n is unchanged
            if not deltas.get(key[1:], 0):
                early = deltas.get(("early", *key[1:]), 0)
                statements.append((ps["add_bucket_count_moved"], (0, n, early, *key[1:])))
        elif len(key) == 5:  # ('filter', kind, value, status, day)
            statements.append((ps["add_filter_count"], (n, *key[1:])))
        elif len(key) == 4:  # (chart, period, a, b)
            statements.append((ps["add_insight_count"], (n, *key)))
    chosen = per_status if totals is None else totals
    statements += [(ps["add_status_count"], (n, st)) for st, n in chosen.items() if n]
    batches: list[BatchStatement] = []
    for start in range(0, len(statements), COUNTERS_PER_BATCH):
        batch = BatchStatement(batch_type=BatchType.COUNTER)
        for statement, values in statements[start : start + COUNTERS_PER_BATCH]:
            batch.add(statement, values)
        batch.is_idempotent = False  # a replay would count twice
        batches.append(batch)
    return batches


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
