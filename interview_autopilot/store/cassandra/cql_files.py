"""Reading the CQL files (cql/schema.cql, cql/migrations/): their statements, comments
stripped, and the tables, indexes and added columns they name."""

from __future__ import annotations

import re

from ...core.errors import ConfigError
from ...core.paths import CQL_SCHEMA

SCHEMA_FILE = CQL_SCHEMA
_KEYSPACE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,47}$")
_CREATE_RE = re.compile(
    r"^(CREATE\s+(?:TABLE|TYPE)\s+IF\s+NOT\s+EXISTS\s+|ALTER\s+TABLE\s+"
    r"|CREATE\s+(?:CUSTOM\s+)?INDEX\s+IF\s+NOT\s+EXISTS\s+\w+\s+ON\s+)(\w+)\b",
    re.I,
)
_INDEX_RE = re.compile(r"CREATE\s+(?:CUSTOM\s+)?INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)", re.I)


def schema_statements(text: str | None = None) -> list[str]:
    """The CQL statements of the schema file, comments stripped, one per item."""
    text = SCHEMA_FILE.read_text(encoding="utf-8") if text is None else text
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # block comments
    lines = [re.split(r"//|--", line, maxsplit=1)[0] for line in text.splitlines()]
    statements = (" ".join(s.split()) for s in "\n".join(lines).split(";"))
    return [s for s in statements if s]


def table_names(text: str | None = None) -> list[str]:
    """The tables the schema file creates, in file order."""
    names = []
    for statement in schema_statements(text):
        match = re.match(r"CREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\s+(\w+)", statement, re.I)
        if match:
            names.append(match.group(1))
    return names


def qualify(statement: str, keyspace: str) -> str:
    """`CREATE TABLE IF NOT EXISTS t` -> `... keyspace.t` (the file names no keyspace)."""
    return _CREATE_RE.sub(lambda m: f"{m.group(1)}{keyspace}.{m.group(2)}", statement, count=1)


def index_names(text: str | None = None) -> list[str]:
    """The indexes the schema file creates, in file order."""
    found = (_INDEX_RE.match(s) for s in schema_statements(text))
    return [m.group(1) for m in found if m]


def added_columns(text: str | None = None) -> list[tuple[str, str]]:
    """(table, column) of every column the schema file's `ALTER TABLE t ADD IF NOT EXISTS`
    statements add (the upgrades of older keyspaces), in file order."""
    out = []
    for statement in schema_statements(text):
        match = re.match(
            r"ALTER\s+TABLE\s+(\w+)\s+ADD\s+IF\s+NOT\s+EXISTS\s+(.*)$", statement, re.I
        )
        if match:
            # commas inside a collection's type (map<uuid, timestamp>) separate no columns
            columns = re.split(r",(?![^<]*>)", match.group(2).strip().strip("()"))
            out += [(match.group(1), c.split()[0]) for c in columns if c.strip()]
    return out


def check_keyspace_name(keyspace: str, setting: str = "The keyspace") -> str:
    """Keyspace names are formatted into CQL, so only plain identifiers are accepted."""
    if not _KEYSPACE_RE.match(keyspace):
        raise ConfigError(
            f"{setting} is '{keyspace}'; a keyspace name is a letter then up to 47 letters, "
            "digits or underscores."
        )
    return keyspace
