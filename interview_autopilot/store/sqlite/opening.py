"""What the SQLite store checks in a file before it writes anything to it: that the file is
whole, and that it is this app's database or a new one. Messages name the SQLITE_PATH setting,
never the server's paths (they reach the page)."""

from __future__ import annotations

import sqlite3
from functools import cache

from ...core.errors import ConfigError
from .rows import SCHEMA, TABLES

# The result codes of a file SQLite cannot read as a database (any extended code of these).
_DAMAGED_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_USER_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """Whether `exc` says the file is damaged ("database disk image is malformed"), not busy,
    locked or refused by a constraint."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _DAMAGED_CODES


def damaged(detail: str) -> ConfigError:
    """The one message for a damaged file, found on opening it or later by any read."""
    detail = " ".join(detail.split())[:200]
    return ConfigError(
        f"The SQLite file at SQLITE_PATH is damaged ({detail}); restore it from a backup "
        "or point SQLITE_PATH elsewhere."
    )


def check_file(db: sqlite3.Connection) -> None:
    """Refuse a damaged file or another application's database (ConfigError), before the
    store switches it to WAL or creates its tables in it. quick_check reads every page once:
    milliseconds for this app's data, paid once per process when the store opens."""
    try:
        problems = [r[0] for r in db.execute("PRAGMA quick_check(1)")]  # "ok", or the first
        tables = [r[0] for r in db.execute(_USER_TABLES)]
        foreign = _foreign(db, tables)
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_CORRUPT:
            raise damaged(str(exc)) from None
        raise  # "file is not a database", locked: the store's "Cannot open" message
    if problems != ["ok"]:
        lines = [line for p in problems for line in p.splitlines() if not line.startswith("***")]
        raise damaged("integrity check: " + "; ".join(lines))
    if foreign:
        raise ConfigError(
            "The SQLite file at SQLITE_PATH holds another application's tables "
            f"({', '.join(foreign[:5])}{', …' if len(foreign) > 5 else ''}), not Interview "
            "Autopilot's; point SQLITE_PATH at a new file (the app creates it) or at the app's "
            "own database."
        )


def _foreign(db: sqlite3.Connection, tables: list[str]) -> list[str]:
    """The file's tables when the file is another application's, else []: a file with tables,
    none of them the app's, or one named like the app's but without its columns."""
    expected = _expected_columns()
    ours = [t for t in tables if t in expected]
    if not tables or (ours and all(expected[t] <= _columns(db, t) for t in ours)):
        return []
    return sorted(t for t in tables if t not in expected or not expected[t] <= _columns(db, t))


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}  # one of TABLES


@cache
def _expected_columns() -> dict[str, set[str]]:
    """Each of the app's tables with its columns, as SCHEMA creates them."""
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.executescript(SCHEMA)
        return {t: _columns(scratch, t) for t in TABLES}
    finally:
        scratch.close()
