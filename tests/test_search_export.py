"""The CSV of a whole candidate search, page by page, on every store: every match once (not only
the first SEARCH_LIMIT), nothing else, whatever the page size; and the Candidates page offers it."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest
from test_pages import APP, visit
from test_pages import app_env as app_env  # the fixture, re-exported

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import Candidate, make_id
from interview_autopilot.core.search import SEARCH_LIMIT
from interview_autopilot.features import export
from interview_autopilot.store.base import Store

FIRST = ["Mara", "Marc", "Marie", "Mårten", "Omar", "Ludmila", "Zoe"]
LAST = ["Martin", "Okafor", "Lind", "Marsh"]


def people() -> list[Candidate]:
    """28 candidates: many match 'mar' by first name, last name, both, or only their email."""
    out = []
    for n, (first, last) in enumerate((f, s) for f in FIRST for s in LAST):
        email = f"{'marathon' if n % 5 == 0 else 'c'}{n}@example.org"
        out.append(Candidate(make_id("export", str(n)), f"{first} {last}", email, "CV"))
    return out


def matches(candidate: Candidate, query: str) -> bool:
    """Independent of the search module: a word of the name, the name or the email starts
    with the query (ASCII folding enough for this world: 'å' folds to 'a')."""
    plain = candidate.name.lower().replace("å", "a")
    return any(t.startswith(query) for t in [plain, *plain.split(), candidate.email])


def exported(store: Store, query: str, size: int) -> list[dict[str, str]]:
    data = export.spool(export.csv_chunks(export.search_pages(store, query, size))).read()
    return list(csv.DictReader(io.StringIO(data.decode())))


@pytest.mark.parametrize("size", [1, 4, 500])
@pytest.mark.parametrize("query", ["mar", "MA", "marsh", "zo", "qq"])
def test_the_whole_result_exports_each_match_once(store: Store, query: str, size: int) -> None:
    store.upsert_candidates(people())
    rows = exported(store, query, size)
    expected = {str(c.candidate_id) for c in people() if matches(c, query.lower())}
    ids = [r["Candidate id"] for r in rows]
    assert len(ids) == len(set(ids))  # once each, though many match by several tokens
    assert set(ids) == expected
    if query == "mar":
        assert len(expected) > SEARCH_LIMIT  # more than the screen lists
    if rows:
        assert list(rows[0]) == ["Name", "Email", "Candidate id"]


def test_a_query_the_search_refuses_is_refused_before_any_read(store: Store) -> None:
    with pytest.raises(ValidationError):
        store.search_candidate_pages("m")


def test_the_candidates_page_offers_the_download(app_env) -> None:
    at = AppTest.from_file(str(APP), default_timeout=30).run(timeout=30)
    visit(at, "pages/candidate.py")
    at.text_input(key="cand_search").input("ma").run(timeout=30)
    assert not at.exception, at.exception
    assert len(at.get("download_button")) == 1
