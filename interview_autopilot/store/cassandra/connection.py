"""Building the driver's `Cluster` from settings, for a local/own Cassandra or for Astra DB.

Kept apart from the store so the cluster a configuration builds can be tested on its own, and
so every bad setting becomes a one-line ConfigError naming the setting (never the token).
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

from cassandra import (
    AuthenticationFailed,
    ConsistencyLevel,
    DriverException,
    OperationTimedOut,
    ProtocolVersion,
    RequestExecutionException,
    RequestValidationException,
)
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import (
    EXEC_PROFILE_DEFAULT,
    Cluster,
    ExecutionProfile,
    NoHostAvailable,
    Session,
)
from cassandra.connection import ConnectionException
from cassandra.policies import (
    DCAwareRoundRobinPolicy,
    ExponentialReconnectionPolicy,
    TokenAwarePolicy,
)
from cassandra.query import dict_factory

from ...core.errors import ConfigError, StoreError, StoreUnavailable
from ...core.settings import Settings
from . import cas_write_unknown  # noqa: F401  (registers the CAS_WRITE_UNKNOWN error's reader)
from .request_log import summary
from .retries import StoreRetryPolicy
from .schema import check_keyspace_name

try:  # libev ships inside the driver's wheels; asyncore (the driver's old default) left in 3.12.
    from cassandra.io.libevreactor import LibevConnection as _Connection
except ImportError:  # e.g. a source build without libev headers
    from cassandra.io.asyncioreactor import AsyncioConnection as _Connection

CONNECTION_CLASS = _Connection
P = ParamSpec("P")
T = TypeVar("T")
_CLOUD_LOG = logging.getLogger("cassandra.datastax.cloud")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClusterConfig:
    """What a store needs besides the Cluster: where its tables are and how long to wait."""

    backend: str  # "cassandra" or "astra"
    keyspace: str
    keyspace_setting: str  # the setting to name in error messages
    request_timeout: float


def cluster_config(settings: Settings) -> ClusterConfig:
    """Validate the settings of the chosen Cassandra backend (no network)."""
    backend = settings.backend
    if backend not in ("cassandra", "astra"):
        raise ConfigError(
            f"DB_BACKEND is '{backend}'; the Cassandra store serves cassandra or astra."
        )
    prefix = backend.upper()  # CASSANDRA_* or ASTRA_*: the same four settings each
    settings.number(f"{prefix}_CONNECT_TIMEOUT_SECONDS")
    return ClusterConfig(
        backend,
        check_keyspace_name(settings[f"{prefix}_KEYSPACE"], f"{prefix}_KEYSPACE"),
        f"{prefix}_KEYSPACE",
        settings.number(f"{prefix}_REQUEST_TIMEOUT_SECONDS"),
    )


def build_cluster(settings: Settings) -> Cluster:
    """The Cluster the settings describe (not yet connected, except Astra's bundle metadata
    request, which the driver makes in the constructor)."""
    config = cluster_config(settings)
    if config.backend == "astra":
        return _astra_cluster(settings, config)
    return _cassandra_cluster(settings, config)


def _profile(config: ClusterConfig, local_dc: str | None) -> ExecutionProfile:
    # Apache Cassandra does not announce itself as Astra, so the driver would default to
    # LOCAL_ONE there: set LOCAL_QUORUM for both. Rows as dicts: picklable, easy to map.
    return ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=local_dc)),
        consistency_level=ConsistencyLevel.LOCAL_QUORUM,
        serial_consistency_level=ConsistencyLevel.LOCAL_SERIAL,  # conditional writes
        request_timeout=config.request_timeout,
        retry_policy=StoreRetryPolicy(),
        row_factory=dict_factory,
    )


def _reconnection() -> ExponentialReconnectionPolicy:
    # A dashboard should come back within seconds of the database: the driver's default waits
    # up to 10 minutes between attempts to a node it saw go down. And never give up: its
    # default stops after 64 attempts (about 10 minutes at this cap), after which a node that
    # returns is never used again and every page stays "not reachable" until a restart.
    return ExponentialReconnectionPolicy(base_delay=0.5, max_delay=10.0, max_attempts=None)


def _cassandra_cluster(settings: Settings, config: ClusterConfig) -> Cluster:
    port = _port(settings["CASSANDRA_PORT"], "CASSANDRA_PORT")
    points = _contact_points(settings["CASSANDRA_CONTACT_POINTS"], port)
    username, password = settings["CASSANDRA_USERNAME"], settings["CASSANDRA_PASSWORD"]
    if password and not username:
        raise ConfigError("CASSANDRA_PASSWORD is set but CASSANDRA_USERNAME is empty.")
    if username and not password:
        raise ConfigError("CASSANDRA_USERNAME is set but CASSANDRA_PASSWORD is empty.")
    auth = PlainTextAuthProvider(username, password) if username else None
    local_dc = settings["CASSANDRA_LOCAL_DC"] or None
    return Cluster(
        contact_points=points,
        port=port,
        auth_provider=auth,
        # Apache Cassandra 4.0+ speaks v5; without this the driver starts at a DSE version
        # and downgrades with warnings on every connect.
        protocol_version=ProtocolVersion.V5,
        connection_class=CONNECTION_CLASS,
        connect_timeout=settings.number("CASSANDRA_CONNECT_TIMEOUT_SECONDS"),
        # The driver's own schema and topology queries get as long as a connection (its
        # default, 2 s, fails the connect of a busy node that holds many tables).
        control_connection_timeout=settings.number("CASSANDRA_CONNECT_TIMEOUT_SECONDS"),
        reconnection_policy=_reconnection(),
        execution_profiles={EXEC_PROFILE_DEFAULT: _profile(config, local_dc)},
    )


def _astra_cluster(settings: Settings, config: ClusterConfig) -> Cluster:
    bundle = astra_bundle_path(settings)
    token = settings["ASTRA_DB_TOKEN"]
    if not token:
        raise ConfigError(
            "ASTRA_DB_TOKEN is empty: create an application token in the Astra UI and set it."
        )
    connect_timeout = settings.number("ASTRA_CONNECT_TIMEOUT_SECONDS")
    # The driver logs a full traceback when the metadata request fails; we raise one line.
    _CLOUD_LOG.disabled = True
    try:
        return Cluster(
            cloud={"secure_connect_bundle": str(bundle), "connect_timeout": connect_timeout},
            # Astra's CQL username is the literal "token"; the password is the token itself.
            auth_provider=PlainTextAuthProvider("token", token),
            # Astra serves native protocol v4 (and DSE's); pinning v4 skips the negotiation
            # from DSE_V2 down and works unchanged against an Apache Cassandra node.
            protocol_version=ProtocolVersion.V4,
            connection_class=CONNECTION_CLASS,
            connect_timeout=connect_timeout,
            control_connection_timeout=connect_timeout,
            reconnection_policy=_reconnection(),
            # The local DC comes from the bundle's metadata service (the only contact points).
            execution_profiles={EXEC_PROFILE_DEFAULT: _profile(config, None)},
        )
    except DriverException:
        # The driver fetches the bundle's metadata endpoint over HTTPS in the constructor.
        raise StoreUnavailable(
            "Could not reach the Astra metadata service named in the secure connect bundle; "
            "check the database is active and ASTRA_SECURE_CONNECT_BUNDLE_PATH is its bundle."
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        # Missing config.json / ca.crt / cert / key, bad JSON, a key that does not match.
        raise ConfigError(
            f"ASTRA_SECURE_CONNECT_BUNDLE_PATH: {bundle} is not a valid secure connect bundle "
            f"({type(exc).__name__}); download it again from the Astra UI."
        ) from None
    finally:
        _CLOUD_LOG.disabled = False


def astra_bundle_path(settings: Settings) -> Path:
    """The secure connect bundle, checked to exist, be readable and be a zip."""
    name = "ASTRA_SECURE_CONNECT_BUNDLE_PATH"
    if not settings[name]:
        raise ConfigError(f"{name} is empty: download the secure connect bundle from the Astra UI.")
    path = settings.path(name)
    if not path.is_file():
        raise ConfigError(f"{name}: no file at {path}.")
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise ConfigError(f"{name}: {path} cannot be read ({exc.strerror or exc}).") from None
    if not zipfile.is_zipfile(path):
        raise ConfigError(f"{name}: {path} is not a zip file (a secure connect bundle is one).")
    return path


def _port(text: str, name: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise ConfigError(f"{name} must be a port number (1-65535), not '{text}'.")
    return port


def _contact_points(text: str, default_port: int) -> list[str | tuple[str, int]]:
    """`host` or `host:port` items, comma-separated (a bare IPv6 address keeps its colons)."""
    points: list[str | tuple[str, int]] = []
    for item in (p.strip() for p in text.split(",")):
        if not item:
            continue
        host, sep, port = item.rpartition(":")
        if sep and host and ":" not in host and port.isdigit():
            p = _port(port, "CASSANDRA_CONTACT_POINTS")
            points.append(host if p == default_port else (host, p))
        else:
            points.append(item)
    if not points:
        raise ConfigError("CASSANDRA_CONTACT_POINTS is empty: give at least one host.")
    return points


def connect(cluster: Cluster, backend: str | None = None) -> Session:
    """Open the session; a refused login is a ConfigError naming the credential settings.

    `backend` ("cassandra" or "astra") only picks the settings named in errors; by default it
    is read off the cluster (a cloud config means Astra)."""
    if backend is None:
        backend = "astra" if getattr(cluster, "cloud", None) else "cassandra"
    try:
        return cluster.connect()
    except NoHostAvailable as exc:
        failed = [e for e in host_errors(exc) if isinstance(e, AuthenticationFailed)]
        if failed and all(_quorum_lost(e) for e in failed):  # too few nodes to check the login
            raise StoreUnavailable(
                "Too few Cassandra nodes answered to check the login; retry in a moment."
            ) from None
        if failed:
            names = (
                "ASTRA_DB_TOKEN"
                if backend == "astra"
                else "CASSANDRA_USERNAME and CASSANDRA_PASSWORD"
            )
            raise ConfigError(f"Cassandra refused the login: check {names}.") from None
        where = (
            "ASTRA_SECURE_CONNECT_BUNDLE_PATH"
            if backend == "astra"
            else "CASSANDRA_CONTACT_POINTS and CASSANDRA_PORT"
        )
        raise StoreUnavailable(
            f"No Cassandra node answered ({first_error(exc)}); is it running? Check {where}."
        ) from None


def driver_errors(fn: Callable[P, T]) -> Callable[P, T]:
    """Turn the driver's outage errors into StoreUnavailable with a plain message, and log
    which store operation failed (the failed request itself is logged by `request_log`)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return fn(*args, **kwargs)
        except NoHostAvailable as exc:
            log.error("store operation %s failed: %s", fn.__name__, summary(exc))
            raise StoreUnavailable(f"No Cassandra node answered ({first_error(exc)}).") from exc
        except (RequestExecutionException, ConnectionException) as exc:
            # Unavailable, Read/WriteTimeout, Read/WriteFailure, a dropped connection.
            log.error("store operation %s failed: %s", fn.__name__, summary(exc))
            raise StoreUnavailable(
                f"Cassandra could not serve the request ({type(exc).__name__})."
            ) from exc
        except OperationTimedOut as exc:  # the client-side request timeout
            log.error("store operation %s failed: %s", fn.__name__, summary(exc))
            raise StoreUnavailable(
                "Cassandra did not answer within the request timeout "
                "(CASSANDRA_REQUEST_TIMEOUT_SECONDS, or ASTRA_REQUEST_TIMEOUT_SECONDS on Astra)."
            ) from exc
        except RequestValidationException as exc:  # InvalidRequest, Unauthorized: not an outage
            log.error("store operation %s failed: %s", fn.__name__, summary(exc))
            if _quorum_lost(exc):  # the server re-checks a role's permissions at QUORUM
                raise StoreUnavailable(
                    "Too few Cassandra nodes answered to check the login's permissions."
                ) from exc
            raise StoreError(f"Cassandra refused the request: {exc}") from exc

    return wrapper


def _quorum_lost(exc: BaseException) -> bool:
    """An auth or permission check that failed because too few replicas answered."""
    return "Cannot achieve consistency level" in str(exc)


def host_errors(exc: NoHostAvailable) -> list[object]:
    """The hosts' errors of a NoHostAvailable. The driver mostly gives a dict host -> error;
    when the session's pools all fail after the control connection came up, a list of the
    hosts' addresses, with no error to give."""
    errors = getattr(exc, "errors", None)
    return list(errors.values()) if isinstance(errors, dict) else []


def first_error(exc: NoHostAvailable) -> str:
    """The first host's error of a NoHostAvailable, short."""
    errors = host_errors(exc)
    if isinstance(exc.errors, list) and exc.errors:  # the pools failed: addresses only
        return "no connection could be opened to " + ", ".join(map(str, exc.errors))
    if not errors:  # every known host is marked down; the driver keeps reconnecting
        return "every node is marked down; reconnecting"
    return f"{type(errors[0]).__name__}: {errors[0]}"
