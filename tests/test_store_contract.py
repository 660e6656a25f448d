"""The store contract: every test runs against every backend, the Astra path included (the
other suites' `store` fixture runs SQLite and the node: conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.node import EVERY_BACKEND, open_empty_store
from support.world import (
    ALICE,
    BOB,
    CANDIDATE,
    CAROL,
    DAVE,
    OTHER_CANDIDATE,
    PANEL,
    RECRUITER,
    T0,
    add,
    interview,
    seed_people,
)

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import (
    AtsStatus,
    Decision,
    InterviewStatus,
    PageCursor,
    Recommendation,
    UserRole,
    make_id,
)
from interview_autopilot.store.base import Store

S = InterviewStatus


@pytest.fixture(params=EVERY_BACKEND)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_empty_store(request, tmp_path)


@pytest.fixture
def people(store: Store) -> Store:
    seed_people(store)
    return store


def ids(rows) -> list:
    return [r.interview_id for r in rows]


def walk(store: Store, status: InterviewStatus, limit: int) -> list[list]:
    """Every page of a status list, following next_cursor to the end."""
    pages, cursor = [], None
    while True:
        page = store.list_interviews_by_status(status, limit=limit, after=cursor)
        pages.append(ids(page.rows))
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


def snapshot(store: Store, interview_id) -> tuple:
    """Everything a screen can see of one interview, to prove a refused write changed nothing."""
    return (
        store.get_interview_detail(interview_id),
        store.count_by_status(),
        store.list_interviews_by_status(S.SCHEDULED).rows,
        store.list_interviews_by_status(S.COMPLETED).rows,
    )


def test_empty_store(store: Store) -> None:
    assert store.is_empty()
    assert store.count_by_status() == dict.fromkeys(InterviewStatus, 0)
    page = store.list_interviews_by_status(S.SCHEDULED)
    assert page.rows == [] and page.next_cursor is None
    assert store.get_interview_detail(make_id("x", "missing")) is None


def test_people_round_trip(people: Store) -> None:
    assert people.get_user(ALICE.user_id) == ALICE
    assert people.get_candidate(CANDIDATE.candidate_id) == CANDIDATE
    people.upsert_users([replace(ALICE, name="Alice Renamed")])
    assert people.get_user(ALICE.user_id).name == "Alice Renamed"
    assert people.get_user(make_id("x", "nobody")) is None


def test_counts_by_status(people: Store) -> None:
    add(people, "a")
    add(people, "b", start=T0 + timedelta(days=40))
    add(people, "c", status=S.COMPLETED)
    add(people, "d", status=S.CANCELLED)
    assert not people.is_empty()
    assert people.count_by_status() == {
        S.SCHEDULED: 2,
        S.COMPLETED: 1,
        S.CANCELLED: 1,
        S.NO_SHOW: 0,
    }


def test_list_is_newest_first_with_summary_columns(people: Store) -> None:
    old = add(people, "old", start=T0 - timedelta(days=3))
    new = add(people, "new", start=T0 + timedelta(days=2), job_title="Data Engineer")
    add(people, "other-status", status=S.COMPLETED)
    page = people.list_interviews_by_status(S.SCHEDULED)
    assert ids(page.rows) == [new.interview_id, old.interview_id]
    row = page.rows[0]
    assert row.scheduled_start == T0 + timedelta(days=2)
    assert row.scheduled_start.tzinfo is not None
    assert (row.candidate_name, row.job_title, row.recruiter_name) == (
        CANDIDATE.name,
        "Data Engineer",
        RECRUITER.name,
    )
    assert (row.feedback_count, row.participant_count) == (0, 3)
    assert row.recommendation is Recommendation.PENDING
    assert row.status is S.SCHEDULED


@pytest.mark.parametrize("count", [0, 1, 4, 5, 6, 11])
def test_paging_boundaries(people: Store, count: int) -> None:
    """Pages of 5 cover every row once, in order; the last page has no next cursor."""
    made = [add(people, f"p{n}", start=T0 + timedelta(hours=n)) for n in range(count)]
    expected = [i.interview_id for i in sorted(made, key=lambda i: i.scheduled_start, reverse=True)]
    chunks = [expected[k : k + 5] for k in range(0, count, 5)] or [[]]
    assert walk(people, S.SCHEDULED, limit=5) == chunks


def test_paging_across_months_and_equal_start_times(people: Store) -> None:
    """Keyset paging on (start, id): rows sharing a start time are neither lost nor repeated,
    and a page can span calendar months (Cassandra's partition buckets)."""
    starts = [datetime(2026, m, 28, 9, tzinfo=UTC) for m in (8, 9, 10, 11, 12)]
    made = [add(people, f"m{m}-{k}", start=s) for m, s in enumerate(starts) for k in range(3)]
    expected = sorted(made, key=lambda i: (i.scheduled_start, i.interview_id.bytes), reverse=True)
    for limit in (1, 2, 4, 7, 15, 50):
        pages = walk(people, S.SCHEDULED, limit=limit)
        assert [x for p in pages for x in p] == [i.interview_id for i in expected], limit


def test_equal_start_times_order_like_cassandra_uuids(people: Store) -> None:
    """Ids of different versions at one start time: version first, then the bytes (unsigned),
    which is how Cassandra orders a uuid clustering column."""
    import uuid as _uuid

    ids_ = [
        _uuid.UUID("ffffffff-0000-4000-8000-000000000000"),
        _uuid.UUID("00000000-0000-5000-8000-000000000000"),
        _uuid.UUID("80000000-0000-4000-8000-000000000000"),
        _uuid.UUID("7fffffff-0000-5000-8000-000000000000"),
    ]
    for n, iid in enumerate(ids_):
        people.create_interview(replace(interview(f"v{n}"), interview_id=iid), PANEL)
    expected = sorted(ids_, key=lambda u: (u.int >> 76 & 0xF, u.int), reverse=True)
    for limit in (1, 3, 50):
        assert [x for p in walk(people, S.SCHEDULED, limit) for x in p] == expected


def test_cursor_past_the_end_gives_an_empty_page(people: Store) -> None:
    add(people, "only")
    after = PageCursor(T0 - timedelta(days=365), make_id("x", "cursor"))
    page = people.list_interviews_by_status(S.SCHEDULED, after=after)
    assert page.rows == [] and page.next_cursor is None


def test_detail_assembles_everything(people: Store) -> None:
    i = add(people, "detail", status=S.COMPLETED)
    people.submit_feedback(
        i.interview_id,
        BOB.user_id,
        "yes",
        "Solid design skills.",
        submitted_at=T0 + timedelta(hours=2),
    )
    people.submit_feedback(
        i.interview_id, ALICE.user_id, "strong_yes", "Great.", submitted_at=T0 + timedelta(hours=3)
    )
    d = people.get_interview_detail(i.interview_id)
    assert d.interview == i
    assert d.candidate == CANDIDATE and d.recruiter == RECRUITER
    assert [(p.name, p.role, p.has_feedback) for p in d.participants] == [
        ("Alice", UserRole.INTERVIEWER, True),
        ("Bob", UserRole.INTERVIEWER, True),
        ("Carol", UserRole.HIRING_MANAGER, False),
    ]
    assert d.participants[0].email == ALICE.email
    assert d.participants[0].slack_handle == ALICE.slack_handle
    assert [(f.user_id, f.decision) for f in d.feedback] == [
        (BOB.user_id, Decision.YES),
        (ALICE.user_id, Decision.STRONG_YES),
    ]
    assert d.ats.status is AtsStatus.AWAITING_FEEDBACK
    assert d.ats.recommendation is Recommendation.STRONG_HIRE
    assert d.ats.summary.startswith("2 of 3 interviewers")
    assert people.list_participants(i.interview_id) == d.participants


def test_scheduled_interview_without_feedback_has_no_ats(people: Store) -> None:
    i = add(people, "fresh")
    assert people.get_interview_detail(i.interview_id).ats is None
    assert people.get_ats(i.interview_id) is None


def test_feedback_is_one_per_interviewer_and_resubmit_edits(people: Store) -> None:
    i = add(people, "edit", status=S.COMPLETED)
    first = people.submit_feedback(i.interview_id, ALICE.user_id, "no", "  Weak on SQL.  ")
    assert first.comment == "Weak on SQL."  # trimmed
    assert first.submitted_at.tzinfo is not None
    assert people.get_ats(i.interview_id).recommendation is Recommendation.NO_HIRE
    people.submit_feedback(i.interview_id, ALICE.user_id, "strong_yes", "Changed my mind.")
    d = people.get_interview_detail(i.interview_id)
    assert len(d.feedback) == 1
    assert (d.feedback[0].decision, d.feedback[0].comment) == (
        Decision.STRONG_YES,
        "Changed my mind.",
    )
    assert people.get_feedback(i.interview_id, ALICE.user_id) == d.feedback[0]
    assert people.get_feedback(i.interview_id, BOB.user_id) is None
    assert d.ats.recommendation is Recommendation.STRONG_HIRE
    row = people.list_interviews_by_status(S.COMPLETED).rows[0]
    assert (row.feedback_count, row.recommendation) == (1, Recommendation.STRONG_HIRE)


def test_all_feedback_completes_the_ats_record(people: Store) -> None:
    i = add(people, "full", status=S.COMPLETED)
    for u, decision in ((ALICE, "no"), (BOB, "strong_no"), (CAROL, "no")):
        people.submit_feedback(i.interview_id, u.user_id, decision, "Not this time.")
    ats = people.get_ats(i.interview_id)
    assert ats.status is AtsStatus.FEEDBACK_COMPLETE
    assert ats.recommendation is Recommendation.NO_HIRE
    assert ats.summary == "3 of 3 interviewers submitted feedback: 2 no, 1 strong no."


@pytest.mark.parametrize(
    ("user", "decision", "comment", "field"),
    [
        ("alice", "yes", "", "comment"),
        ("alice", "yes", "   \n ", "comment"),
        ("alice", "yes", "x" * 5001, "comment"),
        ("alice", "maybe", "Fine.", "decision"),
        ("dave", "yes", "Not on the panel.", "interviewer"),
        ("nobody", "yes", "Unknown user.", "interviewer"),
    ],
)
def test_bad_feedback_is_refused_and_changes_nothing(
    people: Store, user: str, decision: str, comment: str, field: str
) -> None:
    i = add(people, "guarded", status=S.COMPLETED)
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Original comment.")
    before = snapshot(people, i.interview_id)
    user_id = {"alice": ALICE.user_id, "dave": DAVE.user_id}.get(user, make_id("x", user))
    with pytest.raises(ValidationError) as err:
        people.submit_feedback(i.interview_id, user_id, decision, comment)
    assert err.value.field == field and err.value.message
    assert snapshot(people, i.interview_id) == before


def test_feedback_on_unknown_interview_is_refused(people: Store) -> None:
    with pytest.raises(ValidationError) as err:
        people.submit_feedback(make_id("x", "ghost"), ALICE.user_id, "yes", "Hello.")
    assert err.value.field == "interview"
    assert people.is_empty()


def test_comment_of_exactly_the_limit_is_accepted(people: Store) -> None:
    i = add(people, "limit")
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "y" * 5000)
    assert len(people.get_feedback(i.interview_id, ALICE.user_id).comment) == 5000


def test_status_change_moves_the_interview_everywhere(people: Store) -> None:
    i = add(people, "mover")
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Good.")
    people.change_status(i.interview_id, S.CANCELLED)
    assert ids(people.list_interviews_by_status(S.SCHEDULED).rows) == []
    assert ids(people.list_interviews_by_status(S.CANCELLED).rows) == [i.interview_id]
    assert people.count_by_status()[S.CANCELLED] == 1
    assert people.count_by_status()[S.SCHEDULED] == 0
    assert people.get_interview(i.interview_id).status is S.CANCELLED
    assert people.list_interviews_by_candidate(CANDIDATE.candidate_id)[0].status is S.CANCELLED
    assert people.list_interviews_by_user(BOB.user_id)[0].status is S.CANCELLED
    ats = people.get_ats(i.interview_id)
    assert ats.status is AtsStatus.CLOSED and ats.summary.startswith("Interview cancelled.")
    with pytest.raises(ValidationError):
        people.change_status(make_id("x", "ghost"), S.COMPLETED)


def test_create_interview_refuses_dangling_references(people: Store) -> None:
    ghost = make_id("x", "ghost")
    with pytest.raises(ValidationError):
        people.create_interview(replace(interview("bad"), candidate_id=ghost), PANEL)
    with pytest.raises(ValidationError):
        people.create_interview(replace(interview("bad"), recruiter_id=ghost), PANEL)
    with pytest.raises(ValidationError):
        people.create_interview(interview("bad"), [(ghost, UserRole.INTERVIEWER)])
    assert people.is_empty()
    assert people.get_interview(interview("bad").interview_id) is None


def test_recreating_an_interview_replaces_every_copy(people: Store) -> None:
    i = add(people, "again")
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Kept.")
    moved = replace(
        i,
        status=S.COMPLETED,
        scheduled_start=T0 + timedelta(days=45),
        scheduled_end=T0 + timedelta(days=45, hours=1),
        candidate_id=OTHER_CANDIDATE.candidate_id,
    )
    people.create_interview(moved, [(ALICE.user_id, UserRole.INTERVIEWER)])
    assert people.get_interview(i.interview_id) == moved
    assert people.count_by_status()[S.SCHEDULED] == 0
    assert ids(people.list_interviews_by_status(S.COMPLETED).rows) == [i.interview_id]
    assert people.list_interviews_by_candidate(CANDIDATE.candidate_id) == []
    assert ids(people.list_interviews_by_candidate(OTHER_CANDIDATE.candidate_id)) == [
        i.interview_id
    ]
    assert people.list_interviews_by_user(BOB.user_id) == []
    d = people.get_interview_detail(i.interview_id)
    assert [p.user_id for p in d.participants] == [ALICE.user_id]
    assert [f.comment for f in d.feedback] == ["Kept."]
    assert d.ats.status is AtsStatus.FEEDBACK_COMPLETE


def test_lists_by_candidate_and_by_user(people: Store) -> None:
    a = add(people, "c1", start=T0 - timedelta(days=1))
    b = add(people, "c2", start=T0 + timedelta(days=1), status=S.COMPLETED)
    c = add(people, "c3", candidate=OTHER_CANDIDATE, panel=[(DAVE.user_id, UserRole.INTERVIEWER)])
    assert ids(people.list_interviews_by_candidate(CANDIDATE.candidate_id)) == [
        b.interview_id,
        a.interview_id,
    ]
    assert ids(people.list_interviews_by_user(ALICE.user_id)) == [b.interview_id, a.interview_id]
    assert ids(people.list_interviews_by_user(DAVE.user_id)) == [c.interview_id]
    people.submit_feedback(b.interview_id, ALICE.user_id, "strong_yes", "Hire.")
    row = people.list_interviews_by_user(ALICE.user_id)[0]
    assert (row.feedback_count, row.recommendation) == (1, Recommendation.STRONG_HIRE)
    assert people.list_interviews_by_candidate(CANDIDATE.candidate_id)[0] == row


def test_a_persons_interviews_over_the_years_are_listed_newest_first(people: Store) -> None:
    """Years of interviews (the Cassandra store keeps a person's a month per partition): every
    one listed, newest first across months and years; a reschedule into another month moves
    it; a rename reaches every month; a person with interviews in an old month only cannot be
    deleted."""
    starts = [
        datetime(2017, 1, 31, 23, 30, tzinfo=UTC),  # the last half hour of a month (UTC)
        datetime(2017, 2, 1, 0, 15, tzinfo=UTC),
        datetime(2021, 6, 15, 9, tzinfo=UTC),
        datetime(2026, 12, 31, 23, tzinfo=UTC),
        datetime(2027, 1, 1, 8, tzinfo=UTC),
        datetime(2027, 1, 1, 8, tzinfo=UTC),  # same start: by id, as in every list
    ]
    made = [add(people, f"year{n}", start=start) for n, start in enumerate(starts)]
    newest = sorted(made, key=lambda i: (i.scheduled_start, str(i.interview_id)), reverse=True)
    expected = [i.interview_id for i in newest]
    assert ids(people.list_interviews_by_user(ALICE.user_id)) == expected
    assert ids(people.list_interviews_by_candidate(CANDIDATE.candidate_id)) == expected
    # rescheduled from 2021 into 2016: listed last, its old month empty
    moved = replace(
        made[2],
        scheduled_start=datetime(2016, 3, 1, 9, tzinfo=UTC),
        scheduled_end=datetime(2016, 3, 1, 10, tzinfo=UTC),
    )
    people.create_interview(moved, PANEL)
    rows = people.list_interviews_by_user(BOB.user_id)
    assert ids(rows) == [i for i in expected if i != moved.interview_id] + [moved.interview_id]
    assert rows[-1].scheduled_start == moved.scheduled_start
    # a rename of the recruiter reaches the copies of every month
    people.upsert_users([replace(RECRUITER, name="Rita Renamed")])
    assert {r.recruiter_name for r in people.list_interviews_by_user(CAROL.user_id)} == {
        "Rita Renamed"
    }
    # the oldest month alone still keeps the recruiter and a panel member from deletion
    for i in made:
        if i.interview_id != moved.interview_id:
            people.delete_interview(i.interview_id)
    assert ids(people.list_interviews_by_user(ALICE.user_id)) == [moved.interview_id]
    for person in (ALICE, RECRUITER):
        with pytest.raises(ValidationError):
            people.delete_user(person.user_id)
    people.delete_interview(moved.interview_id)
    assert people.list_interviews_by_user(ALICE.user_id) == []
    people.delete_user(ALICE.user_id)
    assert people.get_user(ALICE.user_id) is None


def test_delete_interview_removes_every_copy(people: Store) -> None:
    i = add(people, "gone", status=S.COMPLETED)
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Bye.")
    people.delete_interview(i.interview_id)
    assert people.get_interview_detail(i.interview_id) is None
    assert people.get_feedback(i.interview_id, ALICE.user_id) is None
    assert people.get_ats(i.interview_id) is None
    assert people.count_by_status()[S.COMPLETED] == 0
    assert people.list_interviews_by_status(S.COMPLETED).rows == []
    assert people.list_interviews_by_user(ALICE.user_id) == []
    assert people.list_interviews_by_candidate(CANDIDATE.candidate_id) == []
    assert people.is_empty()


def test_times_round_trip_as_aware_utc_milliseconds(people: Store) -> None:
    start = datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=UTC)
    i = add(people, "precise", start=start)
    got = people.get_interview(i.interview_id)
    assert got.scheduled_start == start.replace(microsecond=123000)
    assert got.scheduled_start.utcoffset() == timedelta(0)


def test_sample_load_is_complete_and_idempotent(store: Store) -> None:
    from interview_autopilot.features.sample import ensure_sample_data, read_sample_data

    data = read_sample_data()
    seen: list[tuple[int, int]] = []
    assert ensure_sample_data(store, lambda done, total: seen.append((done, total)), data)
    assert seen and seen[-1][0] == seen[-1][1]
    counts = store.count_by_status()
    expected = {s: sum(i.status is s for i in data.interviews) for s in InterviewStatus}
    assert counts == expected
    assert not ensure_sample_data(store, None, data)  # not empty any more: nothing loaded
    store.bulk_load(data)  # forced reload writes the same records: still no duplicates
    assert store.count_by_status() == expected
    by_interview = {}
    for f in data.feedback:
        by_interview.setdefault(f.interview_id, []).append(f)
    # One interview with feedback, checked through the detail screen after the double load.
    some = max(by_interview, key=lambda k: (len(by_interview[k]), k))
    detail = store.get_interview_detail(some)
    assert sorted(f.user_id for f in detail.feedback) == sorted(
        f.user_id for f in by_interview[some]
    )
    assert detail.ats is not None and detail.ats.recommendation is not Recommendation.PENDING
    walked = sum(len(p) for p in walk(store, S.COMPLETED, limit=50))
    assert walked == expected[S.COMPLETED]


def test_people_with_interviews_cannot_be_deleted(people: Store) -> None:
    i = add(people, "keeps-people")
    with pytest.raises(ValidationError):
        people.delete_user(ALICE.user_id)
    with pytest.raises(ValidationError):
        people.delete_candidate(CANDIDATE.candidate_id)
    assert people.get_user(ALICE.user_id) == ALICE
    assert people.get_interview_detail(i.interview_id).participants[0].user_id == ALICE.user_id
    people.delete_user(DAVE.user_id)  # on no panel: goes
    people.delete_candidate(OTHER_CANDIDATE.candidate_id)
    assert people.get_user(DAVE.user_id) is None
    assert people.get_candidate(OTHER_CANDIDATE.candidate_id) is None


@pytest.mark.parametrize("limit", [0, -1])
def test_a_page_size_below_one_is_refused(people: Store, limit: int) -> None:
    with pytest.raises(ValueError):
        people.list_interviews_by_status(S.SCHEDULED, limit=limit)


def test_missing_tables_is_empty_on_a_ready_store(store: Store) -> None:
    assert store.missing_tables() == []


@pytest.mark.parametrize(
    "fault", ["feedback-interview", "feedback-author", "candidate", "recruiter", "participant"]
)
def test_bulk_load_with_a_dangling_reference_writes_nothing(store: Store, fault: str) -> None:
    from interview_autopilot.core.models import Feedback, SampleData

    seed_people(store)
    good = interview("bulk")
    ghost = make_id("x", "ghost")
    panel = [(good.interview_id, ALICE.user_id, UserRole.INTERVIEWER)]
    feedback = [Feedback(good.interview_id, ALICE.user_id, Decision.YES, "Fine.", T0)]
    interviews = [good]
    if fault == "feedback-interview":
        feedback.append(Feedback(ghost, ALICE.user_id, Decision.NO, "Who?", T0))
    elif fault == "feedback-author":
        feedback.append(Feedback(good.interview_id, BOB.user_id, Decision.NO, "Not on it.", T0))
    elif fault == "candidate":
        interviews.append(replace(interview("bulk-2"), candidate_id=ghost))
    elif fault == "recruiter":
        interviews.append(replace(interview("bulk-2"), recruiter_id=ghost))
    else:
        panel.append((good.interview_id, ghost, UserRole.INTERVIEWER))
    with pytest.raises(ValidationError):
        store.bulk_load(SampleData([], [], interviews, panel, feedback))
    assert store.is_empty()
    assert store.get_interview(good.interview_id) is None


def test_doctor_finds_nothing_after_every_kind_of_write(people: Store) -> None:
    a, b = add(people, "doc-a"), add(people, "doc-b", start=T0 + timedelta(days=3))
    people.submit_feedback(a.interview_id, ALICE.user_id, "yes", "Good.")
    people.change_status(a.interview_id, S.COMPLETED)
    people.create_interview(
        replace(
            b, scheduled_start=T0 + timedelta(days=9), scheduled_end=T0 + timedelta(days=9, hours=1)
        ),
        PANEL,
    )
    people.upsert_users([replace(ALICE, name="Alice Renamed")])
    people.delete_interview(b.interview_id)
    report = people.doctor()
    assert report.ok, report.problems
    assert report.interviews == 1
    assert people.doctor(repair=True).repaired == 0


# --- lifecycle: feedback only once an interview has started, never when cancelled or no-show ---
@pytest.mark.parametrize(
    ("status", "start", "message"),
    [
        (S.SCHEDULED, T0 + timedelta(hours=2), "has not started yet"),
        (S.COMPLETED, T0 + timedelta(minutes=1), "has not started yet"),
        (S.CANCELLED, T0 - timedelta(days=1), "cancelled: it takes no feedback"),
        (S.NO_SHOW, T0 - timedelta(days=1), "no-show: it takes no feedback"),
    ],
)
def test_feedback_is_refused_before_the_start_and_when_closed(
    people: Store, status: InterviewStatus, start: datetime, message: str
) -> None:
    i = add(people, f"closed-{status}-{start:%H%M}", start=start, status=status)
    before = snapshot(people, i.interview_id)
    with pytest.raises(ValidationError) as err:
        people.submit_feedback(i.interview_id, ALICE.user_id, "strong_yes", "Too early.", T0)
    assert err.value.field == "interview" and message in err.value.message
    assert snapshot(people, i.interview_id) == before  # no feedback, no ATS record, no count


def test_feedback_is_taken_from_the_start_of_a_scheduled_interview(people: Store) -> None:
    i = add(people, "in-progress", start=T0)
    saved = people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "From minute one.", T0)
    assert saved.submitted_at == T0
    assert people.get_feedback(i.interview_id, ALICE.user_id) == saved
    ats = people.get_ats(i.interview_id)
    assert ats is not None and ats.recommendation is Recommendation.HIRE


def test_feedback_given_before_a_cancellation_stays_but_no_more_is_taken(people: Store) -> None:
    i = add(people, "called-off")
    people.submit_feedback(i.interview_id, ALICE.user_id, "yes", "Before.", T0)
    people.change_status(i.interview_id, S.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        people.submit_feedback(i.interview_id, BOB.user_id, "no", "After.", T0)
    with pytest.raises(ValidationError, match="cancelled"):  # editing is refused too
        people.submit_feedback(i.interview_id, ALICE.user_id, "no", "Edited.", T0)
    detail = people.get_interview_detail(i.interview_id)
    assert detail is not None and [f.comment for f in detail.feedback] == ["Before."]
    assert detail.ats is not None and detail.ats.status is AtsStatus.CLOSED


# --- the sample data, anchored to the day it is loaded ------------------------------------------
def test_sample_reloaded_another_day_moves_the_same_interviews_never_duplicates(
    store: Store,
) -> None:
    from interview_autopilot.features.sample import (
        anchored_to,
        ensure_sample_data,
        read_sample_data,
    )

    day1 = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
    assert ensure_sample_data(store, now=day1)
    counts = store.count_by_status()
    upcoming = store.list_upcoming(limit=5, now=day1).rows
    assert upcoming and all(r.scheduled_start >= day1 for r in upcoming)
    candidate = read_sample_data().interviews[0].candidate_id
    theirs = store.list_interviews_by_candidate(candidate)

    store.bulk_load(anchored_to(read_sample_data(), day1 + timedelta(days=14)))

    assert store.count_by_status() == counts
    later = store.list_upcoming(limit=5, now=day1 + timedelta(days=14)).rows
    assert [r.interview_id for r in later] == [r.interview_id for r in upcoming]
    assert [r.scheduled_start - timedelta(days=14) for r in later] == [
        r.scheduled_start for r in upcoming
    ]
    moved = store.list_interviews_by_candidate(candidate)
    assert [r.interview_id for r in moved] == [r.interview_id for r in theirs]
    assert sum(len(p) for p in walk(store, S.SCHEDULED, 50)) == counts[S.SCHEDULED]
