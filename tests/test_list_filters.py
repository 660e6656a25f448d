"""The Interviews list filtered by recruiter and by job title: the same rows, order, paging and
counts on every store (see conftest `store`), whatever writes came before."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, timedelta

import pytest
from support.world import ALICE, DAVE, PANEL, RECRUITER, T0, add, interview, seed_people

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.filters import ListFilter, from_url, title_options
from interview_autopilot.core.models import InterviewRecord, InterviewStatus
from interview_autopilot.core.search import fold
from interview_autopilot.features import export
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

S = InterviewStatus
TITLES = ["Backend Engineer", "backend  ENGINEER", "Bäckend Engineer", "Data Scientist"]
FILTERS = [
    ListFilter.recruiter(RECRUITER.user_id),
    ListFilter.recruiter(DAVE.user_id),
    ListFilter.job("backend engineer"),
    ListFilter.job("backend engineer "),
    ListFilter.job("bäckend engineer"),
    ListFilter.job("Data Scientist"),
    ListFilter.job("Nobody Hires This"),
]


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def ids(rows) -> list:
    return [r.interview_id for r in rows]


def walked(read, limit: int) -> list:
    """Every row of a list, page after page (`read(after)` gives a page)."""
    found, cursor = [], None
    while True:
        page = read(cursor)
        assert len(page.rows) <= limit
        found += page.rows
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def matches(store: Store, f: ListFilter, row) -> bool:
    if f.kind == "job":
        return fold(row.job_title) == f.value
    return row.recruiter_name == store.get_user(uuid.UUID(f.value)).name  # the world's names differ


def check_every_filter(store: Store) -> None:
    """Each filter's pages (2 rows each) hold exactly the unfiltered list's rows it matches, in
    the same order, and its counts are theirs; upcoming likewise (soonest first from T0)."""
    for f in FILTERS:
        counts = store.count_filtered(f)
        for status in S:
            every = walked(lambda a, s=status: store.list_interviews_by_status(s, 2, a), 2)
            want = [r for r in every if matches(store, f, r)]
            got = walked(lambda a, s=status, f=f: store.list_filtered(f, s, 2, a), 2)
            assert got == want, (f, status)
            assert counts[status] == len(want), (f, status)
        every = walked(lambda a: store.list_upcoming(2, a, now=T0), 2)
        got = walked(lambda a, f=f: store.list_upcoming_filtered(f, 2, a, now=T0), 2)
        assert got == [r for r in every if matches(store, f, r)], f


def history(store: Store) -> list:
    """Interviews of two recruiters and four spellings of two titles over several days."""
    made = []
    for n in range(12):
        i = replace(
            interview(f"f{n}", start=T0 + timedelta(days=n % 5 - 2, hours=n)),
            job_title=TITLES[n % 4],
            recruiter_id=(RECRUITER if n % 3 else DAVE).user_id,
        )
        store.create_interview(i, PANEL)
        made.append(i)
    return made


def test_filters_agree_with_the_list_after_every_kind_of_write(people: Store) -> None:
    made = history(people)
    check_every_filter(people)
    assert people.count_filtered(ListFilter.job("BACKEND engineer"))[S.SCHEDULED] == 9
    people.change_status(made[0].interview_id, S.COMPLETED)
    people.change_status(made[1].interview_id, S.CANCELLED)
    people.submit_feedback(made[0].interview_id, ALICE.user_id, "yes", "Good.")
    check_every_filter(people)
    people.upsert_users([replace(RECRUITER, name="Rita Renamed")])  # copies carry the name
    check_every_filter(people)
    retitled = replace(made[2], job_title="Data  Scientist", recruiter_id=DAVE.user_id)
    people.create_interview(retitled, PANEL)  # an edit: new title, new recruiter
    moved = made[3]
    people.create_interview(
        replace(
            moved,
            scheduled_start=T0 + timedelta(days=9),
            scheduled_end=T0 + timedelta(days=9, hours=1),
        ),
        PANEL,
    )  # rescheduled to another day
    people.delete_interview(made[4].interview_id)
    check_every_filter(people)
    data = people.list_filtered(ListFilter.job("data scientist"), S.SCHEDULED).rows
    assert made[2].interview_id in ids(data)
    assert people.doctor().ok


def test_bulk_load_run_twice_gives_the_same_filters(people: Store) -> None:
    records = [
        InterviewRecord(
            replace(
                interview(f"b{n}", start=T0 + timedelta(days=n % 3, hours=n)),
                job_title=TITLES[n % 4],
                recruiter_id=(RECRUITER if n % 2 else DAVE).user_id,
                status=S.COMPLETED if n % 5 == 0 else S.SCHEDULED,
            ),
            tuple(PANEL),
        )
        for n in range(10)
    ]
    people.bulk_load_stream([], [], records)
    check_every_filter(people)
    first = {f: people.count_filtered(f) for f in FILTERS}
    people.bulk_load_stream([], [], records)
    check_every_filter(people)
    assert {f: people.count_filtered(f) for f in FILTERS} == first
    assert sum(first[ListFilter.recruiter(DAVE.user_id)].values()) == 5


def test_job_filter_ignores_case_accents_and_spacing(people: Store) -> None:
    history(people)
    spellings = ["  BACKEND   engineer", "Bäckend Engineer", "backend engineer"]
    pages = [people.list_filtered(ListFilter.job(t), S.SCHEDULED).rows for t in spellings]
    assert pages[0] == pages[1] == pages[2] and len(pages[0]) == 9
    assert {r.job_title for r in pages[0]} == set(TITLES[:3])


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_blank_or_overlong_title_is_refused(title: str) -> None:
    with pytest.raises(ValidationError):
        ListFilter.job(title)


def test_a_bad_recruiter_id_is_refused() -> None:
    with pytest.raises(ValidationError):
        ListFilter.recruiter("not-an-id")


def test_a_filtered_page_below_one_row_is_refused(people: Store) -> None:
    add(people, "one")
    with pytest.raises(ValueError):
        people.list_filtered(ListFilter.recruiter(RECRUITER.user_id), S.SCHEDULED, limit=0)


def test_an_older_sqlite_file_gains_the_job_key_at_open(tmp_path) -> None:
    path = tmp_path / "old.db"
    store = SqliteStore(path)
    seed_people(store)
    history(store)
    later = [
        r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    ]
    store._db.executescript(  # as a file from before the filters: no index, no column (and
        # none of the later steps' triggers, which name the column)
        "".join(f"DROP TRIGGER {name}; " for name in later)
        + "DROP INDEX interviews_by_job; DROP INDEX interviews_by_recruiter; "
        "ALTER TABLE interviews DROP COLUMN job_key; "
        "PRAGMA user_version = 0;"  # such files predate the numbered schema steps
    )
    store.close()
    store = SqliteStore(path)
    try:
        assert len(store.list_filtered(ListFilter.job("BACKEND engineer"), S.SCHEDULED).rows) == 9
        for column, index in (("job_key", "interviews_by_job"), ("recruiter_id", "_recruiter")):
            plan = store._db.execute(
                "EXPLAIN QUERY PLAN SELECT interview_id FROM interviews i "
                f"WHERE i.{column} = ? AND i.status = ? ORDER BY scheduled_start DESC",
                ("x", "scheduled"),
            ).fetchall()
            assert index in " ".join(str(tuple(r)) for r in plan)
        check_every_filter(store)
    finally:
        store.close()


def test_the_title_picker_offers_each_folded_title_once_in_its_most_used_spelling() -> None:
    seen = [("Backend Engineer", 5), ("backend  engineer", 2), ("Bäckend Engineer", 1)]
    options = title_options([*seen, ("Data Scientist", 1), ("Backend Engineer", 1)])
    assert options == {
        "": "Any job title",
        "backend engineer": "Backend Engineer",
        "data scientist": "Data Scientist",
    }
    assert from_url("", "  BÄCKEND engineer ") == ("", "backend engineer")
    assert from_url(str(DAVE.user_id), "x") == (str(DAVE.user_id), "")


def test_the_csv_of_a_filtered_status_holds_every_row_of_the_filter(people: Store) -> None:
    history(people)
    f = ListFilter.recruiter(DAVE.user_id)
    frame = export.status_frame(UTC, None)
    pages = list(export.status_pages(people, S.SCHEDULED, frame, 1, list_filter=f))
    want = walked(lambda a: people.list_filtered(f, S.SCHEDULED, 1, a), 1)
    assert len(pages) == len(want) == 4
    assert [p.iloc[0].tolist() for p in pages] == [frame([r]).iloc[0].tolist() for r in want]
