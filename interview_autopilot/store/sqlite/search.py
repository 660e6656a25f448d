"""Candidate search on SQLite: one indexed row per (folded token, candidate), kept with the
candidate profile; a search is one range read of that index (see interview_autopilot.core.search).
The table is created and filled by a schema step (migrations.py)."""

from __future__ import annotations

import sqlite3

from ...core import search
from ...core.models import Candidate
from . import counts
from .rows import candidate_row

DDL = """
CREATE TABLE IF NOT EXISTS candidate_prefixes (
    token TEXT NOT NULL,
    candidate_id TEXT NOT NULL REFERENCES candidates(candidate_id) ON DELETE CASCADE,
    PRIMARY KEY (token, candidate_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS candidate_prefixes_by_candidate
    ON candidate_prefixes(candidate_id);
"""


def create_and_fill(db: sqlite3.Connection) -> None:
    """The table, and its rows for the candidates already stored (a schema step: inside the
    caller's transaction)."""
    for statement in counts.statements(DDL):
        db.execute(statement)
    put(db, [candidate_row(r) for r in db.execute("SELECT * FROM candidates").fetchall()])


def put(db: sqlite3.Connection, candidates: list[Candidate]) -> None:
    """Replace the tokens of these candidates (inside the caller's transaction)."""
    db.executemany(
        "DELETE FROM candidate_prefixes WHERE candidate_id = ?",
        [(str(c.candidate_id),) for c in candidates],
    )
    db.executemany(
        "INSERT OR IGNORE INTO candidate_prefixes VALUES (?, ?)",
        [(t, str(c.candidate_id)) for c in candidates for t in search.tokens(c)],
    )


def find(db: sqlite3.Connection, query: str, limit: int) -> list[Candidate]:
    """Candidates with a token starting with the folded query, by name (at most `limit`)."""
    q = search.query_key(query)
    rows = db.execute(
        "SELECT c.* FROM (SELECT candidate_id FROM candidate_prefixes "
        "WHERE token >= ? AND token < ? ORDER BY token LIMIT ?) p "
        "JOIN candidates c ON c.candidate_id = p.candidate_id",
        (q, q + search.END, limit * search.ROWS_PER_RESULT),
    ).fetchall()
    return search.ranked([candidate_row(r) for r in rows], limit)


def pages(
    db: sqlite3.Connection, query: str, page_size: int, after: tuple[str, str] | None
) -> tuple[list[Candidate], tuple[str, str] | None]:
    """One page of a whole search result in index order (token, id), each candidate once
    (`search.first_match`), after the key `after`; and the key of the next page (None: done).
    A page may hold fewer than `page_size` candidates (a repeated one is skipped)."""
    q = search.query_key(query)
    start = after or (q, "")
    rows = db.execute(
        "SELECT p.token, c.* FROM candidate_prefixes p "
        "JOIN candidates c ON c.candidate_id = p.candidate_id "
        "WHERE (p.token, p.candidate_id) > (?, ?) AND p.token < ? "
        "ORDER BY p.token, p.candidate_id LIMIT ?",
        (*start, q + search.END, page_size),
    ).fetchall()
    found = [(r["token"], candidate_row(r)) for r in rows]
    listed = [c for token, c in found if search.first_match(c, q, token)]
    last = (rows[-1]["token"], rows[-1]["candidate_id"]) if len(rows) == page_size else None
    return listed, last
