"""The bulk load on Cassandra as `Store` methods: the in-memory load checked whole, and the
streaming load of users, candidates and interviews a chunk at a time (`bulk` holds its
statements, chunks and profile cache). A mixin of CassandraStore."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

from ...core import domain
from ...core.models import Candidate, InterviewRecord, SampleData, User
from ..base import Progress
from ..bulk import check_sample_references, chunked
from . import bulk, rows
from .agreement import ApplicationCalls
from .connection import driver_errors
from .session import InFlight, PreparedSession


class BulkLoad:
    """Needs the store's session, its emptiness check, its profile upserts and the final
    decisions' lookup (see CassandraStore)."""

    _db: PreparedSession
    is_empty: Callable[[], bool]
    upsert_users: Callable[[list[User]], None]
    upsert_candidates: Callable[[list[Candidate]], None]
    application_calls: Callable[[], ApplicationCalls]

    @driver_errors
    def bulk_load(self, data: SampleData, progress: Progress | None = None) -> None:
        """The in-memory load: checked whole (records and references) before anything is
        written, then streamed (`bulk_load_stream`)."""
        data = domain.validate_sample(data)
        check_sample_references(
            data,
            lambda ids: set(self._db.get_many("user", ids, rows.user)),
            lambda ids: set(self._db.get_many("candidate", ids, rows.candidate)),
        )
        records = domain.sample_records(data)
        self.bulk_load_stream(data.users, data.candidates, records, progress, len(records))

    @driver_errors
    def bulk_load_stream(
        self,
        users: Iterable[User],
        candidates: Iterable[Candidate],
        interviews: Iterable[InterviewRecord],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Users, candidates, then interviews, a chunk at a time with a bounded number of
        requests in flight (see `bulk`). The same final state as one-by-one writes; re-running
        the same stream rewrites the same values and changes no count. Meant for an empty store
        or a maintenance window: it does not wait for app writers of the same interviews. A
        failed request stops the load: re-run it, then `doctor --repair` settles the counts of
        the chunk it was in."""
        empty = self.is_empty()  # a first load has no old state to look up or remove
        profiles = bulk.Profiles(self._db)
        window = InFlight(self._db.session, bulk.IN_FLIGHT)
        try:
            for some_users in chunked(users, bulk.PEOPLE_CHUNK):
                people = domain.validate_users(some_users)
                if empty:
                    bulk.put_users(self._db, window, people)
                else:  # a changed profile must reach the copies that carry it
                    self.upsert_users(people)
                profiles.wrote_users(people)
            for some_candidates in chunked(candidates, bulk.PEOPLE_CHUNK):
                checked = domain.validate_candidates(some_candidates)
                if empty:
                    bulk.put_candidates(self._db, window, checked)
                else:
                    self.upsert_candidates(checked)
                profiles.wrote_candidates(checked)
            window.wait()  # the profiles exist before any interview names them
            any_application = self._db.rows("application_any")
            return bulk.load_interviews(
                self._db,
                window,
                interviews,
                profiles,
                empty,
                progress,
                total,
                self.application_calls if any_application else None,
            )
        except BaseException:
            with contextlib.suppress(Exception):
                window.wait()  # settle what is in flight before reporting
            raise
