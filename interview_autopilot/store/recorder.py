"""What a screen read, statement by statement: "How this was read" (no Streamlit here).

A recording is a list held in a context variable: the query module starts one per rerun on the
script thread, and the stores append to it as they run statements (SQLite: its connection's
cursors; Cassandra: a request-init listener on the session). Nothing is recorded outside a
recording, and a thread other than the one that started it (the driver's own event loop
issuing the next requests of a concurrent bulk write) records nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

MAX_STATEMENTS = 300  # kept per recording; the rest are counted (a fragment reruns often)
MAX_VALUE = 80  # characters of a bound value shown


@dataclass
class TraceSummary:
    """A Cassandra query trace, summarised (see `cassandra/recording.py`)."""

    partitions: int  # single-partition reads the coordinator ran
    live_rows: int
    tombstones: int
    coordinator_us: int | None  # the coordinator's time for the request


@dataclass
class Statement:
    """One statement run: its text, bound values (shown as text), rows returned, time."""

    text: str
    values: tuple[str, ...]
    started: float = field(default_factory=time.perf_counter)
    rows: int | None = None  # None: not known yet (or a write)
    seconds: float | None = None
    via: str | None = None  # the cached read that ran it, when one did
    trace: TraceSummary | None = None
    handle: object | None = field(default=None, repr=False)  # the driver's future (traces)

    def done(self, rows: int | None) -> None:
        self.rows, self.seconds = rows, time.perf_counter() - self.started


@dataclass
class CacheHit:
    """A cached read answered from st.cache_data: no statement ran for it in this rerun."""

    name: str


@dataclass
class Recording:
    entries: list[Statement | CacheHit] = field(default_factory=list)
    dropped: int = 0  # statements past the limit
    trace: bool = False  # Cassandra: ask the server for a trace of each request
    limit: int | None = MAX_STATEMENTS  # None: keep every statement (a traced call)

    def add(self, entry: Statement | CacheHit) -> None:
        if self.limit is None or len(self.entries) < self.limit:
            self.entries.append(entry)
        else:
            self.dropped += 1

    @property
    def statements(self) -> list[Statement]:
        return [e for e in self.entries if isinstance(e, Statement)]


_CURRENT: ContextVar[Recording | None] = ContextVar("autopilot_recording", default=None)


def start(trace: bool = False) -> Recording:
    """A new recording for this thread's context (replacing the previous rerun's)."""
    recording = Recording(trace=trace)
    _CURRENT.set(recording)
    return recording


@contextmanager
def recording(trace: bool = False, limit: int | None = MAX_STATEMENTS) -> Iterator[Recording]:
    """A recording of what runs inside, in this context only; the one before (if any) is
    current again after it."""
    started = Recording(trace=trace, limit=limit)
    token = _CURRENT.set(started)
    try:
        yield started
    finally:
        _CURRENT.reset(token)


def stop() -> None:
    """No recording in this context any more."""
    _CURRENT.set(None)


def current() -> Recording | None:
    return _CURRENT.get()


@contextmanager
def paused() -> Iterator[None]:
    """Nothing recorded inside (reading the traces runs statements of its own)."""
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def shown(value: object) -> str:
    """A bound value as text, shortened."""
    text = repr(value) if isinstance(value, str | bytes) else str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def begin(text: str, values: object) -> Statement | None:
    """Record the start of a statement (None when no recording is on)."""
    recording = _CURRENT.get()
    if recording is None:
        return None
    seq = values if isinstance(values, list | tuple) else ([] if values is None else [values])
    statement = Statement(" ".join(text.split()), tuple(shown(v) for v in seq))
    recording.add(statement)
    return statement


@contextmanager
def cached_call(name: str) -> Iterator[None]:
    """Around a cached read: the statements it ran are marked with its name; when it ran
    none, it was served from the cache, and that is recorded instead."""
    recording = _CURRENT.get()
    before = len(recording.entries) + recording.dropped if recording else 0
    yield
    if recording is None:
        return
    ran = recording.entries[before:]
    if not ran and len(recording.entries) + recording.dropped == before:
        recording.add(CacheHit(name))
    for entry in ran:
        if isinstance(entry, Statement) and entry.via is None:
            entry.via = name
