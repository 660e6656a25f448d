"""The processes the race and crash tests start as app servers or workers: each one a real
process of its own that opens its own store from `Settings`, as a second app server would.

They are forked from a fork server (multiprocessing's `forkserver`), one per test process,
which imported the app's stores and the Cassandra driver once, with no thread and no
connection open: a writer starts in a fraction of a second instead of importing them again as a
fresh interpreter (`spawn`) does. What a writer shares with the server ends at the fork: it
connects, takes its locks and leases, and dies (a `kill -9` included) on its own. Its
environment is the test process's when the server started (tests hand their settings over as
arguments, never through the environment)."""

from __future__ import annotations

import multiprocessing

# Imported by the fork server before it forks anything; what a writer imports beyond them
# (its test module) it imports itself.
PRELOADED = [
    "interview_autopilot.core.settings",
    "interview_autopilot.store",
    "interview_autopilot.store.sqlite",
    "interview_autopilot.store.cassandra",
    "interview_autopilot.features.scheduling",
    "interview_autopilot.features.autopilot.worker",
    "cassandra.cluster",
    "pytest",
]

PROCESSES = multiprocessing.get_context("forkserver")
PROCESSES.set_forkserver_preload(PRELOADED)
