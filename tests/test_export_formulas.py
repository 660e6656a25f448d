"""Exports safe to open in a spreadsheet, on every store: a cell that begins with =, +, -, @, a
tab or a carriage return is written behind a single quote (OWASP's advice against CSV
injection), and a plain CSV reader still gets the text back. Each export's bytes are read with
`csv.reader`: the table scan, the candidate search and the Interviews lists."""

from __future__ import annotations

import csv
import io
from datetime import UTC, timedelta

import pandas as pd
import pytest
from support.world import RECRUITER, T0, add, seed_people

from interview_autopilot.core.lifecycle import ListView
from interview_autopilot.core.models import Candidate, InterviewStatus, User, UserRole, make_id
from interview_autopilot.features import export
from interview_autopilot.store.base import Store

# What a hostile candidate, recruiter or title could store, each a live formula in Excel/Sheets.
PAYLOADS = [
    '=HYPERLINK("http://phish.example/x","click")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
]
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(), newline="")))


def safe(cell: str) -> bool:
    """A spreadsheet takes the cell for text: it does not begin with a formula character."""
    return not cell.startswith(FORMULA)


def as_text(cell: str) -> str:
    """What a reader recovers: the quote in front of a formula start dropped."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA) else cell


def test_every_formula_start_is_neutralised_and_the_rest_left_alone() -> None:
    plain = ["Ada Lovelace", "it's fine", "a=b", "", "2026-11-10 15:00", "😄 ok"]
    frame = pd.DataFrame(
        {
            "Text": PAYLOADS + plain,
            "Number": list(range(-6, 6)),
            "=Header": ["x"] * 12,
        }
    )
    rows = cells(b"".join(export.csv_chunks([frame, frame])))
    assert rows[0] == ["Text", "Number", "'=Header"]
    body = rows[1:]
    assert len(body) == 24
    for row in body:
        assert all(safe(c) for c in row[:1] + row[2:])
    texts = [r[0] for r in body[:12]]
    assert texts == ["'" + p for p in PAYLOADS] + plain  # only the formula starts change
    assert [as_text(t) for t in texts] == PAYLOADS + plain  # and come back as they were
    assert [r[1] for r in body[:12]] == [str(n) for n in range(-6, 6)]  # numbers stay numbers


HOSTILE = [p for p in PAYLOADS if p[0] in "=+-@"]  # what the stores accept in a name or title


def hostile_world(store: Store) -> list[Candidate]:
    """Candidates named with each payload (and a word the search finds), a recruiter whose name
    is one, and an interview of each candidate whose title is one: completed, and upcoming."""
    seed_people(store)
    mallory = User(
        make_id("test-user", "mallory"),
        "=1+1 Mallory",
        "m@example.com",
        UserRole.RECRUITER,
        "@mallory",
    )
    store.upsert_users([mallory])
    people = [
        Candidate(make_id("formula", str(n)), f"{p} Mara", f"f{n}@example.org", "CV")
        for n, p in enumerate(HOSTILE)
    ]
    store.upsert_candidates(people)
    for n, c in enumerate(people):
        add(
            store,
            f"done {n}",
            start=T0 - timedelta(days=n + 1),
            candidate=c,
            status=InterviewStatus.COMPLETED,
            job_title=HOSTILE[n] + " Engineer",
        )
        add(
            store,
            f"next {n}",
            start=T0 + timedelta(days=n + 1),
            candidate=c,
            job_title=HOSTILE[n] + " Engineer",
        )
    return people


def check(data: bytes, wanted: list[str]) -> list[list[str]]:
    """Every cell safe; every wanted text recovered from some cell."""
    rows = cells(data)
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            assert safe(cell), cell
    found = {as_text(c) for row in rows for c in row}
    for text in wanted:
        assert text in found, text
    return rows


def test_the_table_export_is_safe(store: Store) -> None:
    people = hostile_world(store)
    names = [c.name for c in people]
    for table in ("candidates", "users"):
        data = export.csv_file(export.csv_chunks(export.table_pages(store, table, None, 2)))
        check(data, names if table == "candidates" else ["=1+1 Mallory", "@mallory", "@rita"])


def test_the_search_export_is_safe(store: Store) -> None:
    people = hostile_world(store)
    data = export.csv_file(export.csv_chunks(export.search_pages(store, "ma", 2)))
    rows = check(data, [c.name for c in people])
    assert len(rows) - 1 == len(people)


@pytest.mark.parametrize(
    ("view", "days"),
    [(ListView.COMPLETED, 0), (ListView.UPCOMING, 0), (ListView.PAST_DUE, 30)],
)
def test_the_interview_list_export_is_safe(store: Store, view: ListView, days: int) -> None:
    people = hostile_world(store)
    now = T0 + timedelta(days=days)  # past due: after every upcoming interview
    frame = export.status_frame(UTC, None, now)
    data = export.csv_file(export.csv_chunks(export.view_pages(store, view, now, frame, 2)))
    titles = [p + " Engineer" for p in HOSTILE]
    rows = check(data, [c.name for c in people] + titles)
    assert len(rows) - 1 == len(people)
    assert {r[rows[0].index("Recruiter")] for r in rows[1:]} == {RECRUITER.name}
