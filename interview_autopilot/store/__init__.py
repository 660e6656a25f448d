"""Stores: one per backend, all implementing `base.Store`. Nothing here imports Streamlit."""

from __future__ import annotations

from ..core.errors import ConfigError
from ..core.settings import Settings
from .base import PAGE_SIZE, Store

__all__ = ["PAGE_SIZE", "Store", "open_store"]


def open_store(settings: Settings) -> Store:
    """Build the store `settings` name (connects, prepares statements). Imports lazily so the
    SQLite default never loads the Cassandra driver."""
    backend = settings.backend
    if backend == "sqlite":
        from .sqlite import SqliteStore

        return SqliteStore(settings.path("SQLITE_PATH"))
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
            store.start_sweeper(settings.number("PENDING_SWEEP_SECONDS"))
