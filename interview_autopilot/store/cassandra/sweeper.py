"""The background thread of each app process that finishes changes whose writer died.

Every PENDING_SWEEP_SECONDS it asks the store to roll forward the changes recorded in the last
RECENT_SPAN (store.py, `roll_forward_pending`); its first run looks a week back (changes left by
a process that died while no other was running). Any app process may run one: the store's
conditional writes let exactly one of them send a change's counts. A failed run (the cluster
unreachable) is logged and tried again at the next interval.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

RECENT_SPAN = timedelta(hours=1)  # what each run looks back over
STARTUP_SPAN = timedelta(days=7)  # what the first run looks back over (a setting)

log = logging.getLogger(__name__)


class Sweeper(threading.Thread):
    """Calls `sweep(span)` every `interval` seconds until `stop()`."""

    def __init__(
        self,
        sweep: Callable[[timedelta], int],
        interval: float,
        startup_span: timedelta = STARTUP_SPAN,
    ) -> None:
        super().__init__(name="pending-change-sweeper", daemon=True)
        self._sweep = sweep
        self._interval = interval
        self._startup_span = startup_span
        self._stopped = threading.Event()
        self.runs = 0  # sweeps completed (tests, diagnostics)
        self.finished = 0  # changes it finished

    def run(self) -> None:
        span = self._startup_span
        while not self._stopped.is_set():
            try:
                self.finished += self._sweep(span)
                span = RECENT_SPAN
                self.runs += 1
            except Exception:  # the next run tries again; the app keeps serving
                log.warning("finishing pending changes failed; trying again", exc_info=True)
            self._stopped.wait(self._interval)

    def stop(self) -> None:
        self._stopped.set()
