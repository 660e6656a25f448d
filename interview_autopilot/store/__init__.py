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
