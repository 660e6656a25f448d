"""A job's applications at one stage on Cassandra (the job page lists each stage's newest).

`applications_by_job_stage` holds a copy of each application in the partition of its job, its
stage and the ISO week it was opened (`week_of`); `application_weeks_by_job_stage` counts, per
job, stage and week, the applications at that stage now, so a page reads only the weeks that
hold some, newest first. Both are kept by the application's write path (applications.py): the
row goes with the other copies at the version's timestamp, and a stage move deletes the row of
the stage left at the same timestamp; the week counts go in the counter batch of the change's
counts, marked with them, so a roll-forward never counts twice. The doctor checks both against
the applications stored (`stage_problems`); its repair is also migration 0020's data step.

A page of one stage reads the stage's week counts (one partition), then the weeks that hold
applications, WEEKS_IN_FLIGHT at a time, until it has `limit` rows: each of those weeks holds
at least one, so at most 1 + `limit` rounded up to WEEKS_IN_FLIGHT partitions, whatever the
job's age or size.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from cassandra.query import BoundStatement, PreparedStatement

from ...core import applications as rules
from ...core.applications import Application
from ...core.models import to_utc
from .application_rows import application_of, state_of
from .rows import Row
from .session import PreparedSession

WEEKS_IN_FLIGHT = 8  # week partitions of a job's page read at once
# the fields a copy holds of its application (besides its key), compared by the doctor
COPY_FIELDS = (
    "candidate_id",
    "left_stage",
    "decision_call",
    "decision_reason",
    "decided_by",
    "decided_at",
    "decision_recommendation",
    "decision_against",
    "updated_at",
    "version",
)
WeekKey = tuple[uuid.UUID, str, str]  # (job, stage, week)


def week_of(moment: datetime) -> str:
    """The week partition of an application opened at `moment` ('2026-W49')."""
    iso = to_utc(moment).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def weeks_back(now: datetime, since: datetime) -> list[str]:
    """The week partitions from `now`'s back to `since`'s, newest first."""
    out: list[str] = []
    at = to_utc(now)
    first = to_utc(since) - timedelta(days=7)
    while at > first:
        out.append(week_of(at))
        at -= timedelta(days=7)
    return list(dict.fromkeys(out)) or [week_of(now)]


def stage_moves(deltas: Counter[tuple[str, str]]) -> Counter[str]:
    """What a change's count deltas do to the applications at each stage (`now` only)."""
    return Counter({stage: n for (stage, kind), n in deltas.items() if kind == rules.NOW and n})


def moves_between(old: Application | None, new: Application) -> Counter[str]:
    """The stage moves of going from `old` to `new` (nothing when the stage stays)."""
    moves: Counter[str] = Counter()
    if old is None or old.stage != new.stage:
        moves[new.stage] += 1
        if old is not None:
            moves[old.stage] -= 1
    return moves


def stage_left(moves: Counter[str]) -> str | None:
    """The stage a change moved its application out of (None: it entered or stayed)."""
    return next((stage for stage, n in moves.items() if n < 0), None)


def row_statements(
    ps: dict[str, PreparedStatement],
    a: Application,
    state: tuple[object, ...],
    left: str | None,
    at: int,
) -> list[BoundStatement]:
    """The row of `a` at its stage, and the deletion of its row at the stage it `left`, both at
    timestamp `at`. `state`: the application's state columns (application_rows.state_of)."""
    assert a.created_at is not None
    week = week_of(a.created_at)
    out = [
        ps["application_by_stage_put"].bind(
            (a.job_id, week, a.application_id, a.candidate_id, *state, at)
        )
    ]
    if left is not None and left != a.stage:
        out.append(
            ps["application_by_stage_del"].bind(
                (at, a.job_id, left, week, a.created_at, a.application_id)
            )
        )
    return out


def week_counts(
    ps: dict[str, PreparedStatement], a: Application, moves: Counter[str]
) -> list[tuple[PreparedStatement, tuple[object, ...]]]:
    """The counter updates of the weeks for `moves` (to add to the change's counter batch)."""
    assert a.created_at is not None
    week = week_of(a.created_at)
    return [
        (ps["application_week_add"], (n, a.job_id, stage, week))
        for stage, n in sorted(moves.items())
        if n
    ]


def read_stage(db: PreparedSession, job_id: uuid.UUID, stage: str, limit: int) -> list[Row]:
    """A page of the rows of a job's stage, newest first: first the newest weeks whose counts
    hold `limit` rows (all in flight at once), then, should the counts have said too many,
    the following weeks WEEKS_IN_FLIGHT at a time until `limit` rows are found."""
    weeks = [(r["week"], r["n"]) for r in db.rows("application_weeks", job_id, stage) if r["n"]]
    out: list[Row] = []
    start = 0
    while start < len(weeks) and len(out) < limit:
        size, held = 0, len(out)
        while start + size < len(weeks) and size < WEEKS_IN_FLIGHT and held < limit:
            held += weeks[start + size][1]
            size += 1
        chunk = [w for w, _n in weeks[start : start + size]]
        futures = [db.future("applications_of_stage", job_id, stage, w, limit) for w in chunk]
        for future in futures:
            out.extend(future.result())
        start += size
    return out[:limit]


def stage_problems(
    db: PreparedSession,
    apps: dict[uuid.UUID, Application],
    sources: dict[uuid.UUID, Row],
    repair: bool,
) -> tuple[list[str], int]:
    """The doctor's lines on both tables against the applications stored (`apps`, with their
    source rows): a row missing or differing from its application, a row at a stage (or for an
    application) it is not at, a week count that differs from the applications of that week
    at that stage. `repair` writes the missing and differing rows and deletes the others at
    the present time (or the version's, when later: a tampered copy is overwritten), and adds
    the differences to the counts. Returns the lines and the number of repairs."""
    ps, session = db.ps, db.session
    problems: list[str] = []
    now = time.time_ns() // 1000
    fixes: list[BoundStatement] = []
    held: dict[uuid.UUID, Row] = {}
    for row in session.execute(ps["application_by_stage_all"]):
        key = row["application_id"]
        a, source = apps.get(key), sources.get(key)
        place = (row["job_id"], row["stage"], row["week"], row["created_at"])
        if (
            a is not None
            and source is not None
            and a.created_at is not None
            and place == (a.job_id, a.stage, week_of(a.created_at), source["created_at"])
            and key not in held
        ):
            held[key] = row
            continue
        where = f"at {row['stage']} (week {row['week']})"
        if a is None:
            problems.append(f"applications_by_job_stage: application {key} {where} is not stored")
        else:
            problems.append(
                f"applications_by_job_stage: application {key} listed {where}, it is at {a.stage}"
            )
        fixes.append(
            ps["application_by_stage_del"].bind(
                (
                    max(now, a.version if a else 0),
                    row["job_id"],
                    row["stage"],
                    row["week"],
                    row["created_at"],
                    key,
                )
            )
        )
    for key, a in apps.items():
        row, source = held.get(key), sources[key]
        if row is not None and all(row[f] == source[f] for f in COPY_FIELDS):
            continue
        what = "is not listed" if row is None else "differs from its source"
        problems.append(f"applications_by_job_stage: application {key} at {a.stage} {what}")
        fixes += row_statements(ps, a, state_of(a), None, max(now, a.version))
    counted = _week_problems(db, apps.values())
    problems += [line for line, _change in counted]
    if repair:
        for statement in fixes:
            session.execute(statement)
        for _line, (n, job_id, stage, week) in counted:
            session.execute(ps["application_week_add"], (n, job_id, stage, week))
    return problems, (len(fixes) + len(counted)) if repair else 0


def _week_problems(
    db: PreparedSession, apps: Iterable[Application]
) -> list[tuple[str, tuple[int, uuid.UUID, str, str]]]:
    """Each week count that differs from the applications, with the change that corrects it."""
    wanted: Counter[WeekKey] = Counter()
    for a in apps:
        assert a.created_at is not None
        wanted[(a.job_id, a.stage, week_of(a.created_at))] += 1
    stored: Counter[WeekKey] = Counter()
    for r in db.session.execute(db.ps["application_weeks_all"]):
        stored[(r["job_id"], r["stage"], r["week"])] = r["n"] or 0
    out = []
    for key in sorted(set(wanted) | set(stored), key=lambda k: (str(k[0]), k[1], k[2])):
        if wanted[key] != stored[key]:
            job_id, stage, week = key
            line = (
                f"application_weeks_by_job_stage ({job_id}, {stage}, {week}): {stored[key]}, "
                f"the applications say {wanted[key]}"
            )
            out.append((line, (wanted[key] - stored[key], job_id, stage, week)))
    return out


def fill_stage_copies(db: PreparedSession) -> int:
    """The by-stage rows and week counts of every application stored, where missing or wrong
    (migration 0020's data step: the doctor's repair of these two tables). How many writes."""
    sources = {r["application_id"]: r for r in db.session.execute(db.ps["application_all"])}
    apps = {k: a for k, r in sources.items() if (a := application_of(r)) is not None}
    return stage_problems(db, apps, sources, True)[1]
