"""The bulk load on SQLite as `Store` methods: the in-memory load checked whole, and the
streaming load of users, candidates and interviews, one transaction per chunk. A mixin of
SqliteStore."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime

from ...core import domain
from ...core.models import Candidate, Interview, InterviewRecord, SampleData, User
from ..base import Progress
from ..bulk import check_sample_references, chunked
from .rows import ATS_UPSERT, ats_values, put_records

CHUNK = 2000  # interviews per bulk-load transaction
PEOPLE_CHUNK = 5000  # users or candidates per bulk-load transaction


class BulkLoad:
    """Needs the store's transaction, its reads, its profile upserts and the ATS refresh (see
    SqliteStore)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _rows: Callable[..., list[sqlite3.Row]]
    _integrity: Callable[[], AbstractContextManager[None]]
    _refresh_ats: Callable[[sqlite3.Connection, Interview, datetime | None], None]
    is_empty: Callable[[], bool]
    upsert_users: Callable[[list[User]], None]
    upsert_candidates: Callable[[list[Candidate]], None]

    def bulk_load(self, data: SampleData, progress: Progress | None = None) -> None:
        """The in-memory load: checked whole (records and references) before anything is
        written, then streamed (`bulk_load_stream`)."""
        data = domain.validate_sample(data)
        check_sample_references(
            data, self._found("users", "user_id"), self._found("candidates", "candidate_id")
        )
        records = domain.sample_records(data)
        self.bulk_load_stream(data.users, data.candidates, records, progress, len(records))

    def _found(self, table: str, column: str) -> Callable[[list[uuid.UUID]], set[uuid.UUID]]:
        """Which of some ids `table` holds (`table` and `column` are ours, never input)."""

        def found(ids: list[uuid.UUID]) -> set[uuid.UUID]:
            marks = ",".join("?" * len(ids))
            sql = f"SELECT {column} FROM {table} WHERE {column} IN ({marks})"
            return {uuid.UUID(r[0]) for r in self._rows(sql, *map(str, ids))}

        return found

    def bulk_load_stream(
        self,
        users: Iterable[User],
        candidates: Iterable[Candidate],
        interviews: Iterable[InterviewRecord],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Users, candidates, then interviews, one transaction per chunk (executemany): memory
        and the time the write lock is held stay bounded. A refused chunk is rolled back, the
        earlier ones stay (re-run after fixing: nothing is duplicated)."""
        for some_users in chunked(users, PEOPLE_CHUNK):
            self.upsert_users(some_users)
        for some_candidates in chunked(candidates, PEOPLE_CHUNK):
            self.upsert_candidates(some_candidates)
        fresh = self.is_empty()
        done = 0
        for chunk in chunked(interviews, CHUNK):
            done += len(chunk)
            checked = {r.interview.interview_id: r for r in map(domain.validate_record, chunk)}
            records = list(checked.values())
            with self._tx() as db, self._integrity():
                put_records(db, records, fresh)
                if fresh:  # the ATS records follow from the records alone
                    found = [domain.bulk_ats(r) for r in records]
                    db.executemany(ATS_UPSERT, [ats_values(a) for a in found if a])
                else:  # kept feedback counts too: read it back
                    for r in records:
                        self._refresh_ats(db, r.interview, domain.bulk_ats_time(r))
            if progress:
                progress(done, total or 0)
        return done
