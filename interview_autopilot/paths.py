"""Where the repository's files are: the one home of the repository root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CQL_SCHEMA = ROOT / "cql" / "schema.cql"
CQL_MIGRATIONS = ROOT / "cql" / "migrations"
SAMPLE_DIR = ROOT / "data" / "sample"
