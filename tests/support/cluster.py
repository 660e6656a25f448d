"""The three-node cluster's test keyspace (scripts/cassandra-cluster, `make test-cluster`).

Making a keyspace's schema on the cluster waits for all three nodes to agree on every table, so
its test files (tests/test_cluster.py, then tests/test_booking_races_cluster.py) share one
keyspace per run: replicated on all three nodes (NetworkTopologyStrategy {'datacenter1': 3}),
made once by the app's `schema apply` function and dropped at the end of the run. A file that
needs it empty (the fault tests compare every screen with the sample) empties it first when
another file wrote to it; the booking races only read back their own people's interviews.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cassandra.cluster import Session

from interview_autopilot.core.settings import Settings
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.migrations import TABLE as MIGRATIONS_TABLE
from interview_autopilot.store.cassandra.schema import apply_schema

HOSTS = ["127.0.0.1", "127.0.0.2", "127.0.0.3"]
PORT = int(os.environ.get("CASSANDRA_CLUSTER_PORT", "9042"))
KEYSPACE = f"autopilot_cluster_{os.getpid()}"
DDL_SECONDS = 60.0


def cluster_settings(**env: str) -> Settings:
    """The settings a deployment on the cluster would use (the three contact points, the
    datacenter, the shared keyspace), with `env`'s additions."""
    return Settings.load(
        env={
            "DB_BACKEND": "cassandra",
            "CASSANDRA_CONTACT_POINTS": ",".join(HOSTS),
            "CASSANDRA_PORT": str(PORT),
            "CASSANDRA_USERNAME": "cassandra",
            "CASSANDRA_PASSWORD": "cassandra",
            "CASSANDRA_KEYSPACE": KEYSPACE,
            "CASSANDRA_LOCAL_DC": "datacenter1",
        }
        | env,
        dotenv_path=Path("/nonexistent"),
    )


@dataclass
class ClusterKeyspace:
    """The run's keyspace on the cluster, its schema applied. `written` is set by a test file
    that writes to it, so that the next file needing it empty empties it."""

    name: str
    session: Session
    written: bool = False

    def empty(self) -> None:
        """Truncate every table but the migrations' record, if a file wrote to it (every node
        must be up: a TRUNCATE needs all replicas)."""
        if not self.written:
            return
        rows = self.session.execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = %s", (self.name,)
        )
        for table in sorted(row["table_name"] for row in rows):
            if table != MIGRATIONS_TABLE:
                self.session.execute(f"TRUNCATE {self.name}.{table}", timeout=DDL_SECONDS)
        self.written = False


def shared_keyspace() -> Iterator[ClusterKeyspace]:
    """Create the keyspace (RF 3 in datacenter1) with the app's schema; drop it afterwards."""
    cluster = build_cluster(cluster_settings())
    try:
        session = connect(cluster)
        try:
            apply_schema(
                session,
                KEYSPACE,
                create_keyspace=True,
                replication_factor=3,
                local_dc="datacenter1",
            )
            yield ClusterKeyspace(KEYSPACE, session)
        finally:
            session.execute(f"DROP KEYSPACE IF EXISTS {KEYSPACE}", timeout=DDL_SECONDS)
    finally:
        cluster.shutdown()
