"""Driver checks behind scripts/cassandra and scripts/cassandra-cluster (login cassandra/cassandra).

    cassandra_probe.py login PORT TIMEOUT HOST
        a login works and a query answers; prints release_version
    cassandra_probe.py ready PORT TIMEOUT HOST...
        the driver sees every HOST up with its token (UP/NORMAL), and every HOST, as
        coordinator, reads system_auth.roles at consistency ALL: it sees every replica alive
    cassandra_probe.py down PORT TIMEOUT GONE[,GONE...] HOST...
        every HOST, as coordinator, counts GONE down: an ALL read is refused as Unavailable
        (and, for several, gossip shows each GONE cleanly shut down)
    cassandra_probe.py status PORT HOST...
        one line per HOST: up or down as the driver sees it

Exit 0 when the check holds, 1 when it does not within TIMEOUT seconds (the last reason on
stderr), 3 when cassandra-driver is not importable by this Python. Only the given hosts are
contacted. Uses the stdlib and the driver only (it runs before any app code is installed).
"""

from __future__ import annotations

import logging
import sys
import time

logging.disable(logging.CRITICAL)  # the driver logs every refused connection while nodes start
try:
    from cassandra import ConsistencyLevel, Unavailable
    from cassandra.auth import PlainTextAuthProvider
    from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, Session
    from cassandra.policies import (
        ConstantReconnectionPolicy,
        FallthroughRetryPolicy,
        WhiteListRoundRobinPolicy,
    )
    from cassandra.query import SimpleStatement
except ImportError:
    sys.exit(3)

# Replicated on every node (system_auth RF 3 on the cluster): a read at ALL needs them all.
ROLE_AT_ALL = SimpleStatement(
    "SELECT role FROM system_auth.roles WHERE role = 'cassandra'",
    consistency_level=ConsistencyLevel.ALL,
)
QUERY_TIMEOUT = 6.0  # above the server's 5 s read timeout, so a stuck replica shows as such


def open_cluster(hosts: list[str], port: int) -> Cluster:
    return Cluster(
        hosts,
        port=port,
        protocol_version=5,
        connect_timeout=5,
        control_connection_timeout=5,
        auth_provider=PlainTextAuthProvider("cassandra", "cassandra"),
        # Retry a node marked down every second (nodes come up during the wait).
        reconnection_policy=ConstantReconnectionPolicy(1.0, max_attempts=None),
        execution_profiles={
            EXEC_PROFILE_DEFAULT: ExecutionProfile(
                # Only the given hosts: never wander off to a peer not asked about.
                load_balancing_policy=WhiteListRoundRobinPolicy(hosts),
                retry_policy=FallthroughRetryPolicy(),  # errors as they are: Unavailable stays one
                request_timeout=QUERY_TIMEOUT,
            )
        },
    )


def by_address(cluster: Cluster) -> dict[str, object]:
    return {h.endpoint.address: h for h in cluster.metadata.all_hosts()}


def check_login(cluster: Cluster, session: Session, hosts: list[str]) -> str:
    return str(session.execute("SELECT release_version FROM system.local").one()[0])


def check_ready(cluster: Cluster, session: Session, hosts: list[str]) -> str:
    known = by_address(cluster)
    down = [a for a in hosts if a not in known or not known[a].is_up]
    if down:
        raise RuntimeError(f"driver does not see {', '.join(down)} up yet")
    ring = cluster.metadata.token_map.token_to_host_owner
    owners = {str(h.endpoint.address) for h in ring.values()}
    if not set(hosts) <= owners:
        raise RuntimeError(f"token ring has {sorted(owners)}, not yet every node NORMAL")
    for a in hosts:  # each node as coordinator: every replica alive in its view
        session.execute(ROLE_AT_ALL, host=known[a], timeout=QUERY_TIMEOUT).one()
    versions = {
        a: session.execute("SELECT release_version FROM system.local", host=known[a]).one()[0]
        for a in hosts
    }
    return ", ".join(f"{a} {v}" for a, v in versions.items())


def check_down(gone: list[str]):
    def check(cluster: Cluster, session: Session, hosts: list[str]) -> str:
        known = by_address(cluster)
        for a in hosts:
            if a not in known or not known[a].is_up:
                raise RuntimeError(f"driver does not see {a} up")
            try:
                session.execute(ROLE_AT_ALL, host=known[a], timeout=QUERY_TIMEOUT)
            except Unavailable:
                pass  # the coordinator counts a replica down without asking it
            else:
                raise RuntimeError(f"{a} still counts every replica alive")
            if len(gone) > 1:  # one refusal proves one node down; gossip tells them apart
                states = {
                    str(r.address): r.status_with_port or ""
                    for r in session.execute(
                        "SELECT address, status_with_port FROM system_views.gossip_info",
                        host=known[a],
                    )
                }
                alive = [g for g in gone if not states.get(g, "").startswith("shutdown")]
                if alive:
                    raise RuntimeError(f"{a} has no clean shutdown of {', '.join(alive)} yet")
        return f"{', '.join(hosts)} see {', '.join(gone)} down"

    return check


def wait_for(check, port: int, timeout: float, hosts: list[str]) -> int:
    deadline, reason = time.monotonic() + timeout, "no attempt"
    cluster: Cluster | None = None
    try:
        while True:
            try:
                if cluster is None:
                    fresh = open_cluster(hosts, port)
                    try:
                        session = fresh.connect()
                    except Exception:
                        fresh.shutdown()
                        raise
                    cluster = fresh
                print(check(cluster, session, hosts))
                return 0
            except Exception as exc:  # nodes starting: refused, unavailable, timeouts
                reason = f"{type(exc).__name__}: {exc}"[:300]
                # Start again from the contact points: the driver stops reconnecting to a host
                # that refused a login (the superuser appears only once a quorum is up).
                if cluster is not None:
                    cluster.shutdown()
                    cluster = None
            if time.monotonic() > deadline:
                print(reason, file=sys.stderr)
                return 1
            time.sleep(1)
    finally:
        if cluster is not None:
            cluster.shutdown()


def status(port: int, hosts: list[str]) -> int:
    cluster = open_cluster(hosts, port)
    try:
        cluster.connect()
    except Exception as exc:
        print(f"driver: no node answered ({type(exc).__name__})")
        return 1
    try:
        time.sleep(0.5)  # pools to the other hosts open in the background
        known = by_address(cluster)
        states = [f"{a} {'UP' if a in known and known[a].is_up else 'DOWN'}" for a in hosts]
        print("driver sees: " + ", ".join(states))
        return 0
    finally:
        cluster.shutdown()


def main(argv: list[str]) -> int:
    mode, port = argv[0], int(argv[1])
    if mode == "status":
        return status(port, argv[2:])
    timeout = float(argv[2])
    if mode == "login":
        return wait_for(check_login, port, timeout, argv[3:])
    if mode == "ready":
        return wait_for(check_ready, port, timeout, argv[3:])
    if mode == "down":
        return wait_for(check_down(argv[3].split(",")), port, timeout, argv[4:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
