"""The test node: its settings for a keyspace, and the rule for a missing node (skip locally,
fail under REQUIRE_CASSANDRA=1, as `make test` runs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interview_autopilot.core.settings import Settings

BACKENDS = ["sqlite", "cassandra", "astra"]
NODE_BACKENDS = ["cassandra", "astra"]  # the node, directly and through the Astra path


def cassandra_missing(reason: str) -> None:
    """Skip locally, fail in CI: a CI run must never pass without the real node."""
    if os.environ.get("REQUIRE_CASSANDRA") == "1":
        pytest.fail(f"Cassandra is required (REQUIRE_CASSANDRA=1) but {reason}")
    pytest.skip(reason)


def cassandra_test_settings(keyspace: str) -> Settings:
    """Settings for the test node: CASSANDRA_* from the environment (your own cluster), else
    the local node of scripts/cassandra (cassandra/cassandra); `.env` is ignored on purpose."""
    env = {k: v for k, v in os.environ.items() if k.startswith("CASSANDRA_")}
    if not env.get("CASSANDRA_USERNAME"):
        env |= {"CASSANDRA_USERNAME": "cassandra", "CASSANDRA_PASSWORD": "cassandra"}
    env |= {"DB_BACKEND": "cassandra", "CASSANDRA_KEYSPACE": keyspace}
    return Settings.load(env=env, dotenv_path=Path("/nonexistent"))
