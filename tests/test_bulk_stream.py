"""The streaming bulk load (`Store.bulk_load_stream`) on every backend: the same result as the
in-memory load whatever the chunking, idempotent, lazy, refusing a bad chunk; and the bounded
window of requests it sends on Cassandra."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from cassandra import WriteTimeout
from support.world import ALICE, PANEL, T0, interview, seed_people

from interview_autopilot.core import domain
from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import (
    Decision,
    Feedback,
    InterviewRecord,
    InterviewStatus,
    SampleData,
    make_id,
)
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra import bulk as cassandra_bulk
from interview_autopilot.store.cassandra.session import InFlight
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.store.sqlite import bulk_load as sqlite_store


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few records, tiny batches and a profile cache smaller than the people, so
    every boundary (chunks, batches split inside an interview, evicted profiles read back) is
    crossed by the 400 sample interviews."""
    monkeypatch.setattr(sqlite_store, "CHUNK", 7)
    monkeypatch.setattr(sqlite_store, "PEOPLE_CHUNK", 11)
    monkeypatch.setattr(cassandra_bulk, "CHUNK", 7)
    monkeypatch.setattr(cassandra_bulk, "PEOPLE_CHUNK", 11)
    monkeypatch.setattr(cassandra_bulk, "BATCH_BYTES", 700)
    monkeypatch.setattr(cassandra_bulk, "PROFILES_KEPT", 5)
    monkeypatch.setattr(cassandra_bulk, "IN_FLIGHT", 3)


def everything(store: Store, data: SampleData) -> tuple:
    """All a screen can show of the data: counts, every list page, every interview's detail."""
    pages = {}
    for status in InterviewStatus:
        cursor, rows = None, []
        while True:
            page = store.list_interviews_by_status(status, limit=40, after=cursor)
            rows += page.rows
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        pages[status] = rows
    details = [store.get_interview_detail(i.interview_id) for i in data.interviews]
    return store.count_by_status(), pages, details


def stream(data: SampleData) -> Iterator[InterviewRecord]:
    yield from domain.sample_records(data)


def test_stream_in_small_chunks_equals_the_in_memory_load(
    store: Store, small_chunks: None, tmp_path
) -> None:
    data = read_sample_data()
    reference = SqliteStore(tmp_path / "reference.db")
    try:
        reference.bulk_load(data)
        seen: list[tuple[int, int]] = []
        loaded = store.bulk_load_stream(
            iter(data.users), iter(data.candidates), stream(data), lambda *p: seen.append(p), 400
        )
        assert loaded == len(data.interviews) == 400
        assert seen[0] == (7, 400) and seen[-1] == (400, 400)
        expected = everything(reference, data)
        assert everything(store, data) == expected
        # Re-running the same stream over the loaded store changes nothing.
        store.bulk_load_stream(data.users, data.candidates, stream(data))
        assert everything(store, data) == expected
        report = store.doctor()
        assert report.ok, report.problems[:5]
    finally:
        reference.close()


def test_the_stream_is_read_a_chunk_at_a_time(store: Store, small_chunks: None) -> None:
    data = read_sample_data()
    read = 0

    def counted() -> Iterator[InterviewRecord]:
        nonlocal read
        for record in domain.sample_records(data):
            read += 1
            yield record

    first_report: list[int] = []
    store.bulk_load_stream(
        data.users,
        data.candidates,
        counted(),
        lambda done, _total: first_report.append(read) if not first_report else None,
    )
    assert first_report == [7]  # one chunk read when the first chunk was written


def test_a_refused_chunk_stops_the_load_after_the_earlier_chunks(
    store: Store, small_chunks: None
) -> None:
    seed_people(store)
    good = [interview(f"stream-{n}", start=T0.replace(hour=9 + n)) for n in range(8)]
    ghost = replace(interview("stream-ghost"), candidate_id=make_id("x", "ghost"))
    records = [InterviewRecord(i, tuple(PANEL)) for i in good]
    records.insert(10 - 3, InterviewRecord(ghost, tuple(PANEL)))  # in the second chunk of 7
    with pytest.raises(ValidationError):
        store.bulk_load_stream([], [], records)
    written = [store.get_interview(i.interview_id) is not None for i in good]
    assert written == [True] * 7 + [False]  # the first chunk stays, none of the second
    assert store.count_by_status()[InterviewStatus.SCHEDULED] == 7
    assert store.doctor().ok


def test_a_record_with_feedback_of_a_stranger_is_refused(store: Store) -> None:
    seed_people(store)
    i = interview("stranger")
    feedback = Feedback(i.interview_id, ALICE.user_id, Decision.YES, "Not on the panel.", T0)
    with pytest.raises(ValidationError):
        store.bulk_load_stream([], [], [InterviewRecord(i, (PANEL[1],), (feedback,))])
    assert store.is_empty()


# --- the window of requests in flight (no database needed) ----------------------------------
class FakeFuture:
    def __init__(self, session: FakeSession, outcome: object) -> None:
        self.session, self.outcome = session, outcome

    def add_callbacks(self, callback, errback, callback_args=(), errback_args=()) -> None:
        def finish() -> None:
            time.sleep(0.002)
            with self.session.lock:
                self.session.open -= 1
            if isinstance(self.outcome, BaseException):
                errback(self.outcome, *errback_args)
            else:
                callback(self.outcome, *callback_args)

        threading.Thread(target=finish).start()


class FakeSession:
    """Answers every request on another thread; fails the ones named in `failures` (as many
    times as listed); records how many were unanswered at once."""

    def __init__(self, failures: dict[str, list[BaseException]] | None = None) -> None:
        self.failures = failures or {}
        self.sent: list[str] = []
        self.open = self.most_open = 0
        self.lock = threading.Lock()

    def execute_async(self, statement) -> FakeFuture:
        with self.lock:
            self.sent.append(statement.name)
            self.open += 1
            self.most_open = max(self.most_open, self.open)
            errors = self.failures.get(statement.name) or []
            outcome = errors.pop(0) if errors else "ok"
        return FakeFuture(self, outcome)


class Named:
    def __init__(self, name: str, is_idempotent: bool = True) -> None:
        self.name, self.is_idempotent = name, is_idempotent


def test_in_flight_keeps_at_most_its_limit_and_sends_follow_ups_after_success() -> None:
    session = FakeSession()
    window = InFlight(session, limit=4)  # type: ignore[arg-type]
    for n in range(40):
        window.send(Named(f"rows-{n}"), (lambda n=n: Named(f"count-{n}")) if n % 10 == 9 else None)
    window.wait()
    assert session.most_open <= 4
    assert len(session.sent) == 44
    for n in (9, 19, 29, 39):
        assert session.sent.index(f"count-{n}") > session.sent.index(f"rows-{n}")


def test_in_flight_sends_a_list_of_follow_ups_one_after_the_other_in_the_slot() -> None:
    session = FakeSession()
    window = InFlight(session, limit=1)  # type: ignore[arg-type]
    window.send(Named("rows"), lambda: [Named("counts-1"), Named("counts-2"), Named("counts-3")])
    window.send(Named("next"))  # waits for the slot: after the whole chain
    window.wait()
    assert session.sent == ["rows", "counts-1", "counts-2", "counts-3", "next"]
    assert session.most_open == 1


def test_in_flight_retries_an_idempotent_request_and_raises_other_failures() -> None:
    timeout = WriteTimeout("slow", write_type=0)
    session = FakeSession({"rows": [timeout, timeout], "counts": [timeout]})
    window = InFlight(session, limit=2, retries=3)  # type: ignore[arg-type]
    window.send(Named("rows"))
    window.wait()  # retried twice, then answered
    assert session.sent == ["rows"] * 3
    window.send(Named("counts", is_idempotent=False))
    with pytest.raises(WriteTimeout):
        window.wait()  # a counter batch is never sent again


def test_cassandra_profiles_keep_a_bounded_number(cassandra_store_factory) -> None:
    store: CassandraStore = cassandra_store_factory()
    seed_people(store)
    profiles = cassandra_bulk.Profiles(store.session, capacity=2)
    users = [u for u, _role in PANEL]
    assert set(profiles.users(users)) == set(users)
    assert profiles.reads == 3
    assert set(profiles.users(users[-2:])) == set(users[-2:])
    assert profiles.reads == 3  # the last two are kept
    profiles.users(users[:1])
    assert profiles.reads == 4  # the first was dropped: read again
