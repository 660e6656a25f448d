"""Stores: one per backend, all implementing `base.Store`. Nothing here imports Streamlit."""

from __future__ import annotations

from ..errors import ConfigError
from ..settings import SETTINGS, Settings
from .base import PAGE_SIZE, Store

__all__ = ["PAGE_SIZE", "Store", "open_store"]


SQLITE_DEFAULT = next(s.default for s in SETTINGS if s.name == "SQLITE_PATH")


def open_store(settings: Settings) -> Store:
    """Build the store `settings` name (connects, prepares statements). Imports lazily so the
    SQLite default never loads the Cassandra driver."""
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
