"""The Cassandra / Astra DB store: connection, statements, row mapping, write transitions, list
walks, table scans, the schema applier, and `CassandraStore` itself."""

from __future__ import annotations

from .store import CassandraStore

__all__ = ["CassandraStore"]
