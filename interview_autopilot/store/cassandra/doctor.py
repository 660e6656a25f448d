"""The consistency doctor on Cassandra: every copy compared with the source that implies it.

Pages through the source table (interviews_by_id) and through every copy table with the driver's
paging (bounded memory: a page of rows, the counter values the sources imply, one per counter
row, and a bounded cache of lookups). For each interview it derives the copies its source
version implies (`expected_copies`) and reads them back; every stored copy row must be one its
interview's source implies; the counters (day counts, the filters' day counts, status totals,
the Insights counters) must equal what the sources imply (`count_deltas` from nothing). An
Insights counter in a partition its chart no longer uses (`aggregates.period`: the load counters
of a keyspace written when they were partitioned by month) is reported once per partition.
`repair` rewrites the copies of the interviews that disagree at their version's timestamp,
deletes the copies no source implies, deletes the unused Insights partitions (no write touches
them again) and adds the counter differences: a second run finds nothing. Run `--repair` while
writes are quiet: a write in flight between its source and its copies looks like a disagreement
until it finishes.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from datetime import datetime

from cassandra.query import PreparedStatement, SimpleStatement

from ...core.models import DoctorReport, to_utc
from . import doctor_profiles, doctor_search, rows
from .aggregates import period
from .agreement import ApplicationCalls
from .rows import InterviewState, Row
from .session import PreparedSession
from .transitions import (
    COPY_TABLES,
    SHARED_COPIES,
    CopyKey,
    CountKey,
    count_deltas,
    counter_batches,
    delete_copy,
    expected_copies,
    put_copy,
)

PAGE = 500  # rows per page of every scan
LOOKUPS_KEPT = 10_000  # source lookups remembered while checking the copy tables
Progress = Callable[[str], None]
COUNTER_TABLES = {  # a count key's table by its length (transitions.CountKey)
    2: "interview_counts_by_bucket",
    4: "insight_counts_by_chart",
    5: "interview_counts_by_filter",
}


def _plain(value: object) -> object:
    return to_utc(value) if isinstance(value, datetime) else value


def _scan(db: PreparedSession, table: str) -> Iterator[Row]:
    statement = SimpleStatement(f"SELECT * FROM {db.keyspace}.{table}", fetch_size=PAGE)
    yield from db.session.execute(statement)  # the driver fetches page after page


def _sources(db: PreparedSession) -> Iterator[tuple[uuid.UUID, InterviewState | None, int]]:
    """Every source partition (the rows of one partition arrive together, in token order)."""
    current: list[Row] = []
    for row in _scan(db, "interviews_by_id"):
        if current and row["interview_id"] != current[0]["interview_id"]:
            yield _state(current)
            current = []
        current.append(row)
    if current:
        yield _state(current)


def _state(partition: list[Row]) -> tuple[uuid.UUID, InterviewState | None, int]:
    state, version = rows.source_state(partition)
    return partition[0]["interview_id"], state, version or 0


class Doctor:
    """One run over one keyspace."""

    def __init__(
        self,
        db: PreparedSession,
        progress: Progress | None = None,
        tables: frozenset[str] | None = None,
        calls: ApplicationCalls | None = None,
    ) -> None:
        self.db, self.progress = db, progress or (lambda _line: None)
        self.calls = calls  # the application decisions verdicts count against (agreement.py)
        self.tables = tables  # only these copy tables (None: all of them)
        self.report = DoctorReport()
        self.counts: Counter[CountKey] = Counter()
        # interviews whose copies disagree, with the copy rows as stored (to clear a stale value)
        self.bad: dict[uuid.UUID, tuple[InterviewState, dict[CopyKey, tuple]]] = {}
        self.extra: list[tuple[CopyKey, int]] = []
        self.unused: Counter[tuple[str, str]] = Counter()  # (chart, period): counters stored
        self.lookups: OrderedDict[uuid.UUID, tuple[dict[CopyKey, tuple], int]] = OrderedDict()
        self.get: dict[str, PreparedStatement] = {
            table: db.session.prepare(
                f"SELECT * FROM {db.keyspace}.{table} WHERE "
                + " AND ".join(f"{k} = ?" for k in keys)
            )
            for table, (_put, _del, keys, _values) in COPY_TABLES.items()
        }

    def problem(self, line: str) -> None:
        self.report.problems.append(line)
        self.progress(line)

    def check_sources(self) -> None:
        for iid, state, _version in _sources(self.db):
            if state is None:
                continue
            self.report.interviews += 1
            state = self.db.with_names(state)
            if self.calls is not None:
                state = self.calls.attach(state) or state
            self.counts.update(count_deltas(None, state))  # day counts and Insights counters
            wanted = self._wanted(state)
            futures = {k: self.db.session.execute_async(self.get[str(k[0])], k[1:]) for k in wanted}
            found_rows: dict[CopyKey, tuple] = {}
            for key, values in wanted.items():
                found = futures[key].result().one()
                _p, _d, _keys, columns = COPY_TABLES[str(key[0])]
                stored = tuple(_plain(found[c]) for c in columns) if found else None
                if stored is not None:
                    found_rows[key] = stored
                if stored != tuple(_plain(v) for v in values):
                    what = "missing" if found is None else f"{stored} instead of {values}"
                    self.problem(f"{key[0]}: interview {iid}: copy {what}")
                    self.bad[iid] = (state, found_rows)
            if self.report.interviews % PAGE == 0:
                self.progress(f"... {self.report.interviews} interviews checked")

    def _wanted(self, state: InterviewState) -> dict[CopyKey, tuple]:
        wanted = expected_copies(state)
        if self.tables is None:
            return wanted
        return {k: v for k, v in wanted.items() if k[0] in self.tables}

    def _implied(self, iid: uuid.UUID) -> tuple[dict[CopyKey, tuple], int]:
        if iid not in self.lookups:
            state, version = self.db.read_source(iid, names=True)
            self.lookups[iid] = (expected_copies(state) if state else {}, version or 0)
            if len(self.lookups) > LOOKUPS_KEPT:
                self.lookups.popitem(last=False)
        return self.lookups[iid]

    def check_copies(self) -> None:
        for table, (_put, _del, keys, _values) in COPY_TABLES.items():
            if table in SHARED_COPIES:  # no interview id: each source checks its own
                continue
            for row in _scan(self.db, table):
                key: CopyKey = (table, *(_plain(row[k]) for k in keys))
                implied, version = self._implied(row["interview_id"])
                if key not in {(k[0], *map(_plain, k[1:])) for k in implied}:
                    self.problem(
                        f"{table}: a copy of interview {row['interview_id']} at {key[1:]}"
                        " that its source does not imply"
                    )
                    self.extra.append((key, version or time.time_ns() // 1000))

    def check_counts(self) -> tuple[Counter[CountKey], Counter[str]]:
        stored: Counter[CountKey] = Counter()
        for row in _scan(self.db, "interview_counts_by_bucket"):
            stored[(row["status"], row["bucket"])] = row["n"] or 0
        for row in _scan(self.db, "insight_counts_by_chart"):
            if row["period"] != period(row["chart"], row["a"]):
                self.unused[(row["chart"], row["period"])] += 1
                continue
            stored[(row["chart"], row["period"], row["a"], row["b"])] = row["n"] or 0
        for part, n in sorted(self.unused.items()):
            self.problem(
                f"insight_counts_by_chart {part}: a partition no write uses ({n} counters;"
                " --repair deletes it and writes the counters where they belong)"
            )
        for row in _scan(self.db, "interview_counts_by_filter"):
            key: CountKey = ("filter", row["kind"], row["value"], row["status"], row["bucket"])
            stored[key] = row["n"] or 0
        fix: Counter[CountKey] = Counter()
        for key in sorted(set(stored) | set(self.counts)):
            if stored[key] != self.counts[key]:
                table = COUNTER_TABLES[len(key)]
                self.problem(f"{table} {key}: {stored[key]}, the sources say {self.counts[key]}")
                fix[key] = self.counts[key] - stored[key]
        totals: Counter[str] = Counter()
        for key, n in self.counts.items():
            if len(key) == 2:  # (status, day)
                totals[key[0]] += n
        stored_totals = {r["status"]: r["n"] or 0 for r in self.db.rows("status_counts")}
        total_fix: Counter[str] = Counter()
        for status in sorted(set(totals) | set(stored_totals)):
            if stored_totals.get(status, 0) != totals[status]:
                self.problem(
                    f"interview_counts_by_status {status}: "
                    f"{stored_totals.get(status, 0)}, the sources say {totals[status]}"
                )
                total_fix[status] = totals[status] - stored_totals.get(status, 0)
        return fix, total_fix

    def repair(self, fix: Counter[CountKey], total_fix: Counter[str]) -> None:
        """Rewrite at the current time (a lost copy may have been deleted after its version
        was written); a later version's copies still win, their timestamps being later."""
        now = time.time_ns() // 1000
        for state, stored in self.bad.values():
            wanted = self._wanted(state)
            ts = max(now, state.version)
            self.db.write(
                [put_copy(self.db.ps, k, v, ts, stored.get(k)) for k, v in wanted.items()]
            )
            self.report.repaired += 1
        for key, version in self.extra:
            self.db.session.execute(delete_copy(self.db.ps, key, max(now, version)))
            self.report.repaired += 1
        for chart, part in self.unused:
            self.db.session.execute(self.db.ps["drop_insight_partition"], (chart, part))
            self.report.repaired += 1
        for batch in counter_batches(self.db.ps, fix, total_fix):
            self.db.session.execute(batch)
            self.report.repaired += 1


def run(
    db: PreparedSession,
    repair: bool = False,
    progress: Progress | None = None,
    calls: ApplicationCalls | None = None,
) -> DoctorReport:
    """Check every copy and count against the sources; with `repair`, fix what disagrees.
    `calls`: the lookups of application decisions (agreement.py; None: interviews' own)."""
    doctor = Doctor(db, progress, calls=calls)
    doctor.check_sources()
    doctor.check_copies()
    fix, total_fix = doctor.check_counts()
    if repair:
        doctor.repair(fix, total_fix)
    doctor_search.check(db, doctor.report, doctor.problem, repair)
    doctor_profiles.check(db, doctor.report, doctor.problem, repair)
    return doctor.report


def fill(db: PreparedSession, tables: frozenset[str], progress: Progress | None = None) -> int:
    """Check the copies of `tables` only against every source and repair what is missing or
    differs (a schema migration's data step, for tables new to a keyspace that holds data).
    Returns the number of interviews whose copies were rewritten."""
    doctor = Doctor(db, progress, tables)
    doctor.check_sources()
    doctor.repair(Counter(), Counter())
    return doctor.report.repaired
