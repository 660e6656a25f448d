"""Stores: one per backend, all implementing `base.Store`. Nothing here imports Streamlit."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from ..core.errors import ConfigError, StoreError
from ..core.settings import SETTINGS, Settings
from .base import PAGE_SIZE, Store

__all__ = ["PAGE_SIZE", "Store", "describe_target", "open_store"]
log = logging.getLogger(__name__)


def describe_target(settings: Settings) -> str:
    """Where the settings point, for the logs: the file, or the contact points and keyspace,
    or the Astra bundle and keyspace. Never a credential (only whether a username is set)."""
    backend = settings.backend
    if backend == "sqlite":
        return f"sqlite file {settings.path('SQLITE_PATH')}"
    if backend == "astra":
        return (
            f"astra bundle {settings['ASTRA_SECURE_CONNECT_BUNDLE_PATH'] or '(none)'} "
            f"keyspace {settings['ASTRA_KEYSPACE']}"
        )
    user = "with a username" if settings["CASSANDRA_USERNAME"] else "without credentials"
    return (
        f"cassandra contact points {settings['CASSANDRA_CONTACT_POINTS']} port "
        f"{settings['CASSANDRA_PORT']} keyspace {settings['CASSANDRA_KEYSPACE']} "
        f"local dc {settings['CASSANDRA_LOCAL_DC']} ({user})"
    )


SQLITE_DEFAULT = next(s.default for s in SETTINGS if s.name == "SQLITE_PATH")


def open_store(settings: Settings) -> Store:
    """Build the store `settings` name (connects, prepares statements). Imports lazily so the
    SQLite default never loads the Cassandra driver."""
    target = describe_target(settings)
    log.info("opening the store: %s", target)
    started = time.perf_counter()
    try:
        store = _open(settings)
    except StoreError as exc:  # its message names settings, never a secret
        log.error("the store did not open (%s): %s: %s", target, type(exc).__name__, exc)
        raise
    log.info("store open in %.0f ms: %s", (time.perf_counter() - started) * 1000, target)
    return store


def _open(settings: Settings) -> Store:
    backend = settings.backend
    if backend == "sqlite":
        from .sqlite import SqliteStore

        path = settings.path("SQLITE_PATH")
        if settings["SQLITE_PATH"] == SQLITE_DEFAULT:  # the default's folder: made on first run
            path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStore(path)
    if backend in ("cassandra", "astra"):
        from .cassandra import CassandraStore

        return CassandraStore.from_settings(settings)
    raise ConfigError(f"DB_BACKEND '{backend}' is not supported.")  # unreachable: validated


def start_background_work(store: Store, settings: Settings) -> None:
    """What an app process runs beside its requests for the store it caches: on Cassandra and
    Astra the sweeper that finishes changes whose writer died (every PENDING_SWEEP_SECONDS;
    stopped by `store.close()`); nothing on SQLite, whose transactions finish or roll back."""
    if settings.backend in ("cassandra", "astra"):
        from .cassandra import CassandraStore

        if isinstance(store, CassandraStore):
            store.start_sweeper(
                settings.number("PENDING_SWEEP_SECONDS"),
                timedelta(hours=settings.number("PENDING_SWEEP_STARTUP_HOURS")),
            )
