"""The bulk load under test, and the synchronous baseline it is compared with.

The load runs the app's own path (`Store.bulk_load_stream`) in a child process, so its peak RSS
(`ru_maxrss`) is the load's own. The child is forked by a forkserver started while the bench is
still small (`start_loader`): a process made by fork+exec from the bench itself would inherit the
bench's own peak in its `ru_maxrss` (Linux keeps the larger across exec). The baseline writes the
rows of a sample of the same records one statement at a time, waiting for each, into a scratch
namespace of the same backend: once before the load and once after (the next sample), so a
machine busier during one of them weighs on both sides.
"Rows" are the rows each backend stores (Cassandra: the source partition's rows and every copy,
counters aside; SQLite: interviews, participants, feedback and ATS records), people included.
"""

from __future__ import annotations

import itertools
import multiprocessing
import resource
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from benchkit.data import BenchData
from benchkit.target import Target
from interview_autopilot.core import domain
from interview_autopilot.core.models import InterviewRecord


def rows_of(record: InterviewRecord, backend: str) -> int:
    """The rows one loaded interview stores on `backend` (a first load)."""
    panel, feedback = len(record.participants), len(record.feedback)
    ats = int(domain.has_ats(record.interview.status, feedback))
    if backend == "sqlite":
        return 1 + panel + feedback + ats
    # source: static row + one per participant; copies: by status, by candidate, by recruiter,
    # one by user per participant, the ATS record
    return 1 + panel + 3 + panel + ats


class ProgressBar:
    """`progress(done, total)` drawn on stderr at most a few times a second."""

    def __init__(self, label: str, every: float = 0.5) -> None:
        self.label, self.every = label, every
        self.began = self.last = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self.last < self.every:
            return
        self.last = now
        filled = 30 * done // max(total, 1)
        rate = done / max(now - self.began, 1e-9)
        sys.stderr.write(
            f"\r  {self.label:<16} [{'#' * filled}{'.' * (30 - filled)}] "
            f"{done:,}/{total:,} interviews, {rate:,.0f}/s"
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _load(target: Target, size: int, label: str) -> dict[str, float]:
    """In the child: load the bench data through the store's bulk path."""
    data = BenchData(size)
    store = target.open()
    users = data.users()
    rows = len(users) + data.candidate_count

    def counted(records: Iterable[InterviewRecord]) -> Iterator[InterviewRecord]:
        nonlocal rows
        for record in records:
            rows += rows_of(record, target.backend)
            yield record

    bar = ProgressBar(f"{target.backend} {label}")
    began = time.perf_counter()
    cpu = time.process_time()
    try:
        store.bulk_load_stream(users, data.candidates(), counted(data.records()), bar, size)
    finally:
        store.close()
    seconds = time.perf_counter() - began
    return {
        "interviews": size,
        "rows": rows,
        "seconds": seconds,
        "client_cpu_seconds": time.process_time() - cpu,
        "interviews_per_s": size / seconds,
        "rows_per_s": rows / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


LOADER = multiprocessing.get_context("forkserver")


def _nothing() -> None:
    return None


def start_loader() -> None:
    """Start the forkserver now, while this process is small (see the module doc), preloading
    nothing (by default it imports the bench's own modules, pandas included)."""
    LOADER.set_forkserver_preload([])
    with ProcessPoolExecutor(1, mp_context=LOADER) as pool:
        pool.submit(_nothing).result()


def load_in_child(target: Target, size: int, label: str) -> dict[str, float]:
    """The load's figures, measured in a fresh process."""
    with ProcessPoolExecutor(1, mp_context=LOADER) as pool:
        return pool.submit(_load, target, size, label).result()


def _sample(
    data: BenchData, size: int, skip: int = 0
) -> tuple[list[InterviewRecord], dict[object, str]]:
    """`size` records after the first `skip`, validated, and their candidates' names."""
    chosen = itertools.islice(data.records(), skip, skip + size)
    records = [domain.validate_record(r) for r in chosen]
    wanted = {r.interview.candidate_id for r in records}
    names: dict[object, str] = {}
    for candidate in data.candidates():
        if candidate.candidate_id in wanted:
            names[candidate.candidate_id] = candidate.name
            if len(names) == len(wanted):
                break
    return records, names


def _result(rows: int, seconds: float, records: int) -> dict[str, float]:
    return {"records": records, "rows": rows, "seconds": seconds, "rows_per_s": rows / seconds}


def sync_cassandra(scratch: Target, data: BenchData, size: int, skip: int) -> dict[str, float]:
    """Each row of `size` records (after `skip`) written by one synchronous `execute` into the
    `scratch` keyspace: the same statements the bulk load builds, from the same records."""
    from interview_autopilot.store.cassandra import CassandraStore, bulk

    records, names = _sample(data, size, skip)
    users = {u.user_id: u for u in data.users()}
    store = scratch.open()
    assert isinstance(store, CassandraStore)
    try:
        db, rows = store.session, 0
        began = time.perf_counter()
        for record in records:
            name = names[record.interview.candidate_id]
            state = bulk.record_state(record, None, None, users, name)
            for statement in bulk.record_statements(db, None, state):
                db.session.execute(statement)
                rows += 1
        return _result(rows, time.perf_counter() - began, len(records))
    finally:
        store.close()


def sync_sqlite(scratch: Target, data: BenchData, size: int, skip: int) -> dict[str, float]:
    """Each row of `size` records (after `skip`) written by its own INSERT, committed one by
    one, into the `scratch` file (their people written first, untimed)."""
    from interview_autopilot.store.sqlite import rows as sql

    records, _names = _sample(data, size, skip)
    candidates = {r.interview.candidate_id for r in records}
    store = scratch.open()
    store.upsert_users(data.users())
    store.upsert_candidates([c for c in data.candidates() if c.candidate_id in candidates])
    store.close()
    db = sqlite3.connect(scratch.name, isolation_level=None)  # autocommit: one per row
    try:
        db.execute("PRAGMA foreign_keys=ON")
        rows = 0
        began = time.perf_counter()
        for record in records:
            i = record.interview
            statements = [(sql.INTERVIEW_UPSERT, sql.interview_values(i))]
            statements += [
                (sql.PARTICIPANT_UPSERT, v)
                for v in sql.participant_values(i.interview_id, record.participants)
            ]
            statements += [(sql.FEEDBACK_UPSERT, sql.feedback_values(f)) for f in record.feedback]
            ats = domain.bulk_ats(record)
            if ats is not None:
                statements.append((sql.ATS_UPSERT, sql.ats_values(ats)))
            for text, values in statements:
                db.execute(text, values)
                rows += 1
        return _result(rows, time.perf_counter() - began, len(records))
    finally:
        db.close()


def both_sides(before: dict[str, float], after: dict[str, float]) -> dict[str, object]:
    """The baseline measured before and after the load, as one figure (rows over seconds)."""
    rows, seconds = before["rows"] + after["rows"], before["seconds"] + after["seconds"]
    return {
        "records": before["records"] + after["records"],
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "before_rows_per_s": before["rows_per_s"],
        "after_rows_per_s": after["rows_per_s"],
    }
