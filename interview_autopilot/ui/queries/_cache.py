"""The cached reads: one registry, so a write can never forget one.

Every `st.cache_data` read of the query package is made with `cached_read`, which registers it;
`clear_caches`, called after every write, clears them all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

import streamlit as st

from ...core.logs import timed_read
from ...store import recorder
from ..per_run import forget

TTL_SECONDS = 60  # other processes (the CLI) may write too: let reads go stale for a minute
F = TypeVar("F", bound=Callable[..., Any])
_CACHED_READS: list[Any] = []


class RecordedRead:
    """A cached read that tells "How this was read" whether it ran statements or was served
    from the cache (`recorder.cached_call`); `clear` clears its cache."""

    def __init__(self, cached: Any, name: str) -> None:
        self._cached, self.__name__ = cached, name
        self.__wrapped__ = cached

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with recorder.cached_call(self.__name__):
            return self._cached(*args, **kwargs)

    def clear(self, *args: Any, **kwargs: Any) -> None:
        self._cached.clear(*args, **kwargs)


def cached_read(fn: F) -> F:
    """`st.cache_data` for a store read, registered so `clear_caches` clears it after writes.
    Every cached function of the query package goes through here (a test checks it)."""
    cached = RecordedRead(
        st.cache_data(ttl=TTL_SECONDS, show_spinner=False)(_timed(fn)), fn.__name__
    )
    _CACHED_READS.append(cached)
    return cast(F, cached)


def _timed(fn: F) -> F:
    """`fn`, logged as slow when it takes SLOW_READ_MS or more: inside the cache, so only a
    read that runs (a cache miss) is timed. `wraps` keeps the name and source the cache keys."""

    @wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with timed_read(logging.getLogger(fn.__module__), fn.__name__):
            return fn(*args, **kwargs)

    return cast(F, timed)


def clear_caches() -> None:
    """Forget every cached read: called after each write so the next screen is current."""
    for cached in _CACHED_READS:
        cached.clear()
    forget("viewer")
