"""The embedded SQLite store: schema and row mapping, table scans, and `SqliteStore` itself."""

from __future__ import annotations

from .store import SqliteStore

__all__ = ["SqliteStore"]
