"""Whether a store can reach its database: the app shows a notice above pages whose reads may
be served from cache while the database is away."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Outage:
    """The store has not answered since `since` (seconds of the epoch), for `reason`."""

    since: float
    reason: str

    def seconds(self, now: float | None = None) -> int:
        return max(0, int((time.time() if now is None else now) - self.since))


class Health:
    """Since when and why a store cannot reach its database, or None while it can. Shared by
    every thread of a process's store."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failing: Outage | None = None

    def failed(self, reason: str) -> None:
        """The database is unreachable; the outage began at the first such report."""
        with self._lock:
            since = self._failing.since if self._failing else time.time()
            self._failing = Outage(since, reason)

    def answered(self) -> None:
        if self._failing is not None:
            with self._lock:
                self._failing = None

    def outage(self) -> Outage | None:
        return self._failing
