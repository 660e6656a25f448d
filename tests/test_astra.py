"""DB_BACKEND=astra end to end on the local node, the way the driver talks to Astra.

The contract suite runs on the `astra` store too (conftest); these tests prove the path really
is Astra's (bundle, metadata endpoint, SNI endpoints, client-certificate TLS, `token` login)
and that every way it goes wrong gives a one-line error naming the setting, never the token.
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from cassandra.connection import SniEndPoint
from support.astra_emulation import FAKE_TOKEN, ROOT, AstraEmulation, make_test_certs

from interview_autopilot.core.errors import ConfigError, StoreError, StoreUnavailable
from interview_autopilot.store.cassandra import CassandraStore
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from interview_autopilot.store.cassandra.schema import apply_schema

pytestmark = pytest.mark.cassandra
WRONG_TOKEN = "AstraCS:wrong:" + "f" * 64


def one_line(exc: BaseException) -> str:
    message = str(exc)
    assert message and "\n" not in message, message
    return message


def test_the_store_goes_through_the_bundle_over_client_certificate_tls(
    astra: AstraEmulation, astra_session_store: CassandraStore
) -> None:
    cluster = astra_session_store.session.cluster
    node_id = str(astra.admin.execute("SELECT host_id FROM system.local").one()["host_id"])
    # The driver took its contact points from the metadata endpoint: one SNI endpoint per node,
    # the proxy address from the bundle's metadata, the node named by its host id.
    endpoints = [host.endpoint for host in cluster.metadata.all_hosts()]
    assert endpoints and all(isinstance(e, SniEndPoint) for e in endpoints)
    assert {(e.address, e.port, e.ssl_options["server_hostname"]) for e in endpoints} == {
        ("127.0.0.1", 9042, node_id)
    }
    assert astra.server.requests >= 1
    # Client side: every connection is a TLS socket that sent the host id as SNI.
    session = astra_session_store.session.session
    sockets = [cluster.control_connection._connection._socket]
    sockets += [pool._connection._socket for pool in session.get_pools()]
    for sock in sockets:
        assert isinstance(sock, ssl.SSLSocket)
        assert sock.version() in ("TLSv1.2", "TLSv1.3") and sock.server_hostname == node_id
    # Server side: the node sees the `token` role logged in over TLS only, on protocol v4.
    clients = [
        r
        for r in astra.admin.execute("SELECT * FROM system_views.clients")
        if r["username"] == "token"
    ]
    assert len(clients) >= len(sockets)
    assert all(r["ssl_enabled"] and r["protocol_version"] == 4 for r in clients), clients
    # And `token` is an ordinary role with rights on the app's keyspace only, as on Astra.
    role = astra.admin.execute("SELECT is_superuser FROM system_auth.roles WHERE role = 'token'")
    assert role.one() == {"is_superuser": False}


def test_schema_apply_on_astra_never_creates_the_keyspace(astra: AstraEmulation) -> None:
    missing = f"{astra.keyspace}_missing"
    # Let the token create keyspaces, so a CREATE KEYSPACE would succeed if it were issued.
    astra.admin.execute('GRANT CREATE ON ALL KEYSPACES TO "token"')
    cluster = build_cluster(astra.settings(ASTRA_KEYSPACE=missing))
    try:
        with pytest.raises(ConfigError) as raised:
            apply_schema(connect(cluster), missing, create_keyspace=False)
    finally:
        cluster.shutdown()
        astra.admin.execute('REVOKE CREATE ON ALL KEYSPACES FROM "token"')
    message = one_line(raised.value)
    assert f"'{missing}' does not exist" in message and "Astra UI" in message
    assert "ASTRA_KEYSPACE" in message
    astra.admin.cluster.refresh_schema_metadata()
    assert missing not in astra.admin.cluster.metadata.keyspaces


def run_cli(astra: AstraEmulation, *args: str, **overrides: str) -> subprocess.CompletedProcess:
    """`python -m interview_autopilot ARGS` with the emulation's astra settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASTRA_", "CASSANDRA_", "DB_"))}
    env |= dict(astra.settings(**overrides).values)
    return subprocess.run(
        [sys.executable, "-m", "interview_autopilot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_schema_apply_and_smoke_test_on_astra(astra: AstraEmulation) -> None:
    applied = run_cli(astra, "schema", "apply")
    assert applied.returncode == 0, applied.stderr
    assert f"schema applied to keyspace {astra.keyspace}" in applied.stdout
    assert "CREATE KEYSPACE" not in applied.stdout + applied.stderr
    smoke = run_cli(astra, "smoke-test")
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert smoke.stdout.rstrip().endswith("smoke test passed")
    missing = run_cli(astra, "schema", "apply", ASTRA_KEYSPACE=f"{astra.keyspace}_missing")
    assert missing.returncode != 0
    assert "create it in the Astra UI" in missing.stderr + missing.stdout
    assert "Traceback" not in missing.stderr


def test_a_wrong_token_is_one_line_without_the_token(astra: AstraEmulation) -> None:
    with pytest.raises(ConfigError) as raised:
        CassandraStore.from_settings(astra.settings(ASTRA_DB_TOKEN=WRONG_TOKEN))
    message = one_line(raised.value)
    assert "ASTRA_DB_TOKEN" in message and WRONG_TOKEN not in message
    assert FAKE_TOKEN not in message
    cli = run_cli(astra, "smoke-test", ASTRA_DB_TOKEN=WRONG_TOKEN)
    output = cli.stdout + cli.stderr
    assert cli.returncode != 0 and "ASTRA_DB_TOKEN" in output
    assert WRONG_TOKEN not in output and "Traceback" not in output


@pytest.fixture(scope="module")
def rogue_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A client certificate signed by another CA than the bundle's (a bundle of another DB)."""
    return make_test_certs(tmp_path_factory.mktemp("rogue-pki"))


def test_a_client_cert_from_another_ca_is_refused_by_the_metadata_endpoint(
    astra: AstraEmulation, rogue_client: Path
) -> None:
    bundle = astra.make_bundle(
        "rogue.zip", cert=rogue_client / "client.crt", key=rogue_client / "client.key"
    )
    refused_before = len(astra.server.refused)
    with pytest.raises(StoreUnavailable) as raised:
        CassandraStore.from_settings(astra.settings(ASTRA_SECURE_CONNECT_BUNDLE_PATH=str(bundle)))
    message = one_line(raised.value)
    assert "metadata service" in message and "ASTRA_SECURE_CONNECT_BUNDLE_PATH" in message
    # The server thread records the refused handshake; the client may see it fail first.
    deadline = time.monotonic() + 5
    while len(astra.server.refused) <= refused_before and time.monotonic() < deadline:
        time.sleep(0.05)
    refusals = astra.server.refused[refused_before:]
    assert refusals and "certificate" in refusals[-1].lower()


def test_a_client_cert_from_another_ca_is_refused_by_the_node(
    astra: AstraEmulation, rogue_client: Path
) -> None:
    # A metadata endpoint that lets anyone in: the node's own TLS check must still refuse.
    with astra.metadata_server(verify_client=False) as lax:
        bundle = astra.make_bundle(
            "rogue-lax.zip",
            port=lax.port,
            cert=rogue_client / "client.crt",
            key=rogue_client / "client.key",
        )
        with pytest.raises(StoreUnavailable) as raised:
            CassandraStore.from_settings(
                astra.settings(ASTRA_SECURE_CONNECT_BUNDLE_PATH=str(bundle))
            )
        assert lax.requests == 1  # the metadata was served; the node said no
    message = one_line(raised.value)
    assert "ASTRA_SECURE_CONNECT_BUNDLE_PATH" in message
    assert "certificate" in message.lower() or "ssl" in message.lower(), message


def test_a_stopped_metadata_endpoint_is_store_unavailable(astra: AstraEmulation) -> None:
    stopped = astra.metadata_server().start()
    bundle = astra.make_bundle("stopped.zip", port=stopped.port)
    stopped.stop()
    with pytest.raises(StoreUnavailable) as raised:
        CassandraStore.from_settings(astra.settings(ASTRA_SECURE_CONNECT_BUNDLE_PATH=str(bundle)))
    assert "ASTRA_SECURE_CONNECT_BUNDLE_PATH" in one_line(raised.value)


@pytest.mark.parametrize("defect", ["no key", "key of another cert", "not json"])
def test_a_broken_bundle_is_a_config_error(
    astra: AstraEmulation, rogue_client: Path, defect: str
) -> None:
    bundle = astra.work_dir / f"broken-{defect.replace(' ', '-')}.zip"
    with zipfile.ZipFile(astra.bundle) as good, zipfile.ZipFile(bundle, "w") as bad:
        for item in good.namelist():
            data = good.read(item)
            if item == "key" and defect == "no key":
                continue
            if item == "key" and defect == "key of another cert":
                data = (rogue_client / "client.key").read_bytes()
            if item == "config.json" and defect == "not json":
                data = b"{not json"
            bad.writestr(item, data)
    with pytest.raises(StoreError) as raised:
        CassandraStore.from_settings(astra.settings(ASTRA_SECURE_CONNECT_BUNDLE_PATH=str(bundle)))
    assert isinstance(raised.value, ConfigError)
    message = one_line(raised.value)
    assert "ASTRA_SECURE_CONNECT_BUNDLE_PATH" in message and "secure connect bundle" in message
