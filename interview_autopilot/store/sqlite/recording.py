"""The SQLite connection that tells the recorder what it ran ("How this was read"): every
`execute` (SQL, bound values, rows fetched, time) while a recording is on; nothing otherwise."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from .. import recorder


class RecordingCursor(sqlite3.Cursor):
    """Counts the rows fetched into its statement, and the time until the last fetch."""

    statement: recorder.Statement | None = None

    def _fetched(self, n: int) -> None:
        if self.statement is not None:
            self.statement.rows = (self.statement.rows or 0) + n
            self.statement.seconds = time.perf_counter() - self.statement.started

    def fetchone(self) -> Any:
        row = super().fetchone()
        self._fetched(0 if row is None else 1)
        return row

    def fetchmany(self, size: int | None = None) -> list[Any]:
        rows = super().fetchmany(self.arraysize if size is None else size)
        self._fetched(len(rows))
        return rows

    def fetchall(self) -> list[Any]:
        rows = super().fetchall()
        self._fetched(len(rows))
        return rows

    def __next__(self) -> Any:
        row = super().__next__()
        self._fetched(1)
        return row


class RecordingConnection(sqlite3.Connection):
    """`sqlite3.connect(..., factory=RecordingConnection)`."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        statement = recorder.begin(sql, parameters)
        if statement is None:
            return super().execute(sql, parameters)
        cursor = self.cursor(RecordingCursor)
        cursor.execute(sql, parameters)
        cursor.statement = statement
        reads = cursor.description is not None  # a SELECT (or RETURNING): rows to fetch
        statement.done(0 if reads else None)
        return cursor

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        if recorder.current() is None:
            return super().executemany(sql, parameters)
        seq = list(parameters)
        statement = recorder.begin(sql, [f"{len(seq)} rows of values"])
        cursor = super().executemany(sql, seq)
        if statement is not None:
            statement.done(None)
        return cursor
