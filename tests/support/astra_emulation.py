"""Astra DB, emulated on the local node the way the driver really talks to Astra.

The driver (cassandra-driver 3.30, `cassandra/datastax/cloud`) unzips the secure connect bundle,
reads `config.json` (`host`, `port`), trusts `ca.crt`, presents `cert`/`key`, fetches
`GET https://host:port/metadata` and then reaches every node through `sni_proxy_address` over
TLS, naming the node by SNI = its host id. Here: a bundle made from the test PKI
(scripts/make-test-certs), a metadata endpoint on loopback that requires the client certificate,
and the node's native port with client-certificate TLS (scripts/cassandra with
CASSANDRA_CLIENT_TLS_DIR). A single node needs no SNI routing: it ignores the server name.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import threading
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cassandra.cluster import Cluster, Session

from interview_autopilot.core.errors import StoreError
from interview_autopilot.core.settings import Settings
from interview_autopilot.store.cassandra.connection import build_cluster, connect
from support.keyspace_reset import empty_tables
from support.node import without_commit_log

ROOT = Path(__file__).resolve().parents[2]  # the checkout
LOCAL_DC = "datacenter1"  # SimpleSnitch's datacenter
# Astra tokens look like AstraCS:<id>:<hex>; this one only exists on the test node.
FAKE_TOKEN = "AstraCS:test:" + uuid.uuid5(uuid.NAMESPACE_URL, "interview-autopilot/astra").hex


def default_tls_dir() -> Path:
    """Where scripts/test keeps the test PKI (outside the repo), unless the env says otherwise."""
    if os.environ.get("CASSANDRA_CLIENT_TLS_DIR"):
        return Path(os.environ["CASSANDRA_CLIENT_TLS_DIR"])
    default = Path.home() / ".cache" / "interview-autopilot" / "cassandra"
    return Path(os.environ.get("CASSANDRA_CACHE_DIR") or default) / "tls"


def make_test_certs(directory: Path) -> Path:
    """Run scripts/make-test-certs into `directory` (idempotent) and return it."""
    subprocess.run(
        [str(ROOT / "scripts" / "make-test-certs"), str(directory)],
        check=True,
        capture_output=True,
        text=True,
    )
    return directory


def make_bundle(
    path: Path,
    host: str,
    port: int,
    ca: Path,
    cert: Path,
    key: Path,
    keyspace: str,
    local_dc: str = LOCAL_DC,
) -> Path:
    """Write a secure connect bundle laid out like Astra's (what the driver reads, plus the
    fields it parses but does not use)."""
    config = {
        "host": host,  # the metadata service
        "port": port,
        "keyspace": keyspace,
        "localDC": local_dc,
        "caCertLocation": "./ca.crt",
        "keyLocation": "./key",
        "certLocation": "./cert",
    }
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("config.json", json.dumps(config, indent=2))
        bundle.write(ca, "ca.crt")
        bundle.write(cert, "cert")
        bundle.write(key, "key")
    return path


def metadata_document(host_ids: list[str], sni_proxy: str, local_dc: str = LOCAL_DC) -> dict:
    """The JSON Astra's metadata service answers (the fields the driver reads, and region)."""
    return {
        "region": "local-loopback",
        "contact_info": {
            "type": "sni_proxy",
            "local_dc": local_dc,
            "contact_points": host_ids,
            "sni_proxy_address": sni_proxy,
        },
    }


@dataclass
class MetadataServer:
    """`GET /metadata` over HTTPS on 127.0.0.1 (a free port), in a daemon thread.

    `verify_client` requires a client certificate signed by `ca`, as Astra does; the peers it
    refused are kept in `refused` so a test can tell who said no.
    """

    document: Mapping[str, object]
    cert: Path
    key: Path
    ca: Path
    verify_client: bool = True
    refused: list[str] = field(default_factory=list)
    requests: int = 0
    _httpd: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._httpd is not None, "not started"
        return self._httpd.server_address[1]

    def start(self) -> MetadataServer:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        if self.verify_client:
            context.load_verify_locations(self.ca)
            context.verify_mode = ssl.CERT_REQUIRED
        body = json.dumps(self.document).encode()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests += 1
                found = self.path.split("?")[0] == "/metadata"
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body) if found else 0))
                self.end_headers()
                if found:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep pytest output clean

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def finish_request(self, request, client_address) -> None:  # type: ignore[override]
                # The TLS handshake runs here, in the request's thread, so a client that
                # stalls or fails it never blocks the accept loop.
                request.settimeout(10)
                try:
                    tls = context.wrap_socket(request, server_side=True)
                except (ssl.SSLError, OSError) as exc:
                    owner.refused.append(f"{client_address[0]}: {exc}")
                    return
                try:
                    Handler(tls, client_address, self)
                finally:
                    tls.close()

            def handle_error(self, request, client_address) -> None:  # type: ignore[override]
                pass  # a client gone mid-request is not the test's business

        self._httpd = Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._httpd.serve_forever, daemon=True, name="astra-metadata"
        ).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> MetadataServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def client_tls_problem(tls_dir: Path, host: str, port: int) -> str | None:
    """None when the node at host:port completes a TLS handshake with the test client
    certificate (i.e. scripts/cassandra ran with CASSANDRA_CLIENT_TLS_DIR=tls_dir), else why not."""
    for name in ("ca.crt", "client.crt", "client.key"):
        if not (tls_dir / name).is_file():
            return f"no test certificates in {tls_dir} (run scripts/make-test-certs {tls_dir})"
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(tls_dir / "ca.crt")
    context.load_cert_chain(tls_dir / "client.crt", tls_dir / "client.key")
    # A node without client TLS reads our ClientHello as a broken CQL frame and closes. With
    # TLS 1.3 the node judges our certificate after the handshake, so ask for a real answer:
    # a CQL OPTIONS frame (v4 header, opcode 0x05) must come back as SUPPORTED (0x06).
    try:
        with (
            socket.create_connection((host, port), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            tls.sendall(bytes([4, 0, 0, 0, 5, 0, 0, 0, 0]))
            header = tls.recv(9)
            if len(header) < 5 or header[4] != 6:
                raise ssl.SSLError(f"no CQL SUPPORTED answer over TLS (got {header!r})")
    except ssl.SSLCertVerificationError as exc:
        return f"the node at {host}:{port} has a certificate not signed by {tls_dir}/ca.crt ({exc})"
    except (ssl.SSLError, OSError) as exc:
        return (
            f"the node at {host}:{port} does not accept client-certificate TLS ({exc}); start it "
            f"with CASSANDRA_CLIENT_TLS_DIR={tls_dir} scripts/cassandra up (scripts/test does)"
        )
    return None


def host_ids(session) -> list[str]:
    """Every node's host id: Astra's metadata lists them as the SNI names of the contact points."""
    local = session.execute("SELECT host_id FROM system.local").one()
    peers = session.execute("SELECT host_id FROM system.peers_v2")
    return [str(_value(row)) for row in [local, *peers]]


def ensure_token_role(session, keyspace: str, token: str = FAKE_TOKEN) -> None:
    """The role Astra's `token` username maps to: login with the token as password, full rights
    on the app's keyspace and nothing else (not a superuser)."""
    password = token.replace("'", "''")
    # `token` is a CQL keyword (the token() function): the role name must be quoted.
    session.execute(
        f"CREATE ROLE IF NOT EXISTS \"token\" WITH PASSWORD = '{password}' AND LOGIN = true "
        "AND SUPERUSER = false"
    )
    # No ALTER ROLE to re-set the password: 5.0 refuses a password change within 5 s of the last
    # (an overload error), and FAKE_TOKEN never changes.
    session.execute(f'GRANT ALL PERMISSIONS ON KEYSPACE {keyspace} TO "token"')


def _value(row: object) -> object:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]  # type: ignore[index]


@dataclass
class AstraEmulation:
    """Everything a test needs to be "on Astra": the bundle, its metadata endpoint, the keyspace
    made beforehand (as in the Astra UI), the token role; plus a superuser session to inspect."""

    admin: Session  # superuser, plaintext: what the Astra UI would do, and the test's eyes
    admin_cluster: Cluster
    tls_dir: Path
    work_dir: Path
    keyspace: str
    server: MetadataServer
    bundle: Path

    def settings(self, **overrides: str) -> Settings:
        """DB_BACKEND=astra settings for this emulation (no .env, no secrets file)."""
        env = {
            "DB_BACKEND": "astra",
            "ASTRA_SECURE_CONNECT_BUNDLE_PATH": str(self.bundle),
            "ASTRA_DB_TOKEN": FAKE_TOKEN,
            "ASTRA_KEYSPACE": self.keyspace,
            **overrides,
        }
        return Settings.load(env=env, dotenv_path=self.work_dir / "no.env")

    def make_bundle(
        self, name: str, port: int | None = None, cert: Path | None = None, key: Path | None = None
    ) -> Path:
        """Another bundle: the same CA, optionally another metadata port or client cert."""
        return make_bundle(
            self.work_dir / name,
            "127.0.0.1",
            port or self.server.port,
            self.tls_dir / "ca.crt",
            cert or self.tls_dir / "client.crt",
            key or self.tls_dir / "client.key",
            self.keyspace,
        )

    def metadata_server(self, verify_client: bool = True) -> MetadataServer:
        """Another metadata endpoint for the same node (not started)."""
        tls = self.tls_dir
        return MetadataServer(
            self.server.document,
            tls / "server.crt",
            tls / "server.key",
            tls / "ca.crt",
            verify_client,
        )

    def truncate(self) -> None:
        """Empty the app's keyspace (the schema stays; see support.keyspace_reset)."""
        empty_tables(self.admin, self.keyspace)

    def close(self) -> None:
        self.server.stop()
        self.admin_cluster.shutdown()


def start_emulation(
    work_dir: Path, keyspace: str = "autopilot_astra_test", env: Mapping[str, str] | None = None
) -> AstraEmulation | str:
    """Set Astra up on the local node; the reason as a string when the node cannot do it.

    The node comes from CASSANDRA_CONTACT_POINTS/PORT, the superuser from CASSANDRA_USERNAME/
    PASSWORD (default cassandra/cassandra, the local node's); the certificates from
    CASSANDRA_CLIENT_TLS_DIR (see default_tls_dir)."""
    env = dict(os.environ if env is None else env)
    env["DB_BACKEND"] = "cassandra"
    if not env.get("CASSANDRA_USERNAME"):
        env["CASSANDRA_USERNAME"], env["CASSANDRA_PASSWORD"] = "cassandra", "cassandra"
    admin_settings = Settings.load(env=env, dotenv_path=work_dir / "no.env")
    host, port = "127.0.0.1", int(admin_settings["CASSANDRA_PORT"])
    tls_dir = default_tls_dir()
    problem = client_tls_problem(tls_dir, host, port)
    if problem:
        return problem
    admin_cluster = build_cluster(admin_settings)
    try:
        admin = connect(admin_cluster)
    except StoreError as exc:
        admin_cluster.shutdown()
        return f"no superuser session on {host}:{port}: {exc}"
    # Astra never creates keyspaces from CQL: the "UI" (here the superuser) makes it first.
    admin.execute(
        f"CREATE KEYSPACE IF NOT EXISTS {keyspace} WITH replication = "
        "{'class': 'NetworkTopologyStrategy', 'datacenter1': 1}",
        timeout=60,
    )
    without_commit_log(admin, keyspace)
    ensure_token_role(admin, keyspace)
    tls = tls_dir
    server = MetadataServer(
        metadata_document(host_ids(admin), f"{host}:{port}"),
        tls / "server.crt",
        tls / "server.key",
        tls / "ca.crt",
    ).start()
    bundle = make_bundle(
        work_dir / "secure-connect-test.zip",
        host,
        server.port,
        tls / "ca.crt",
        tls / "client.crt",
        tls / "client.key",
        keyspace,
    )
    return AstraEmulation(admin, admin_cluster, tls_dir, work_dir, keyspace, server, bundle)
