"""The committed sample data: reproducible from its generator, and internally consistent."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from types import ModuleType

import pytest

from interview_autopilot.core import domain
from interview_autopilot.core.models import Decision, InterviewStatus, SampleData, UserRole
from interview_autopilot.features.sample import SAMPLE_DIR, read_sample_data

GENERATOR = SAMPLE_DIR.parent.parent / "scripts" / "make_sample_data.py"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)$")


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample_data", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data() -> SampleData:
    return read_sample_data()


@pytest.fixture(scope="module")
def anchor() -> datetime:
    meta = json.loads((SAMPLE_DIR / "meta.json").read_text(encoding="utf-8"))
    return datetime.fromisoformat(meta["anchor"])


def test_generation_is_deterministic(generator: ModuleType) -> None:
    assert generator.generate() == generator.generate()


def test_committed_files_equal_a_fresh_generation(generator: ModuleType) -> None:
    fresh = generator.generate()
    assert sorted(p.name for p in SAMPLE_DIR.iterdir()) == sorted(fresh)
    for name, text in fresh.items():
        assert (SAMPLE_DIR / name).read_bytes() == text.encode("utf-8"), (
            f"{name} differs: run python scripts/make_sample_data.py"
        )
    assert sum(len(t.encode()) for t in fresh.values()) < 1_000_000


def test_anchor_is_fixed(anchor: datetime) -> None:
    assert anchor == datetime(2026, 11, 26, tzinfo=UTC)


def test_ids_are_unique(data: SampleData) -> None:
    ids = [u.user_id for u in data.users] + [c.candidate_id for c in data.candidates]
    ids += [i.interview_id for i in data.interviews]
    assert len(ids) == len(set(ids))
    assert len({(i, u) for i, u, _ in data.participants}) == len(data.participants)
    assert len({(f.interview_id, f.user_id) for f in data.feedback}) == len(data.feedback)
    assert len({u.email for u in data.users}) == len(data.users)
    assert len({c.email for c in data.candidates}) == len(data.candidates)


def test_users_and_candidates_look_real(data: SampleData) -> None:
    for u in data.users:
        first, last = u.email.removesuffix("@example.com").split(".")
        assert u.email.endswith("@example.com") and u.slack_handle == f"@{first}.{last}"
        assert u.name.lower().replace(" ", "") == first + last
    for c in data.candidates:
        assert c.email.endswith(("@example.org", "@example.net"))
        assert c.name in c.resume_text and "Skills:" in c.resume_text
        assert 200 <= len(c.resume_text) <= 1500 and c.resume_text.count("\n\n") >= 2


def test_counts_are_in_range(data: SampleData) -> None:
    roles = Counter(u.role for u in data.users)
    assert 25 <= len(data.users) <= 35
    assert 4 <= roles[UserRole.RECRUITER] <= 8
    assert 14 <= roles[UserRole.INTERVIEWER] <= 22
    assert 4 <= roles[UserRole.HIRING_MANAGER] <= 8
    assert 130 <= len(data.candidates) <= 170
    assert 350 <= len(data.interviews) <= 450
    per_candidate = Counter(i.candidate_id for i in data.interviews)
    assert set(per_candidate) == {c.candidate_id for c in data.candidates}
    assert set(per_candidate.values()) == {1, 2, 3, 4}
    per_interview = Counter(i for i, _, _ in data.participants)
    assert set(per_interview.values()) <= {2, 3, 4}
    assert set(per_interview) == {i.interview_id for i in data.interviews}
    assert 8 <= len({i.job_title for i in data.interviews}) <= 16


def test_foreign_keys_resolve(data: SampleData) -> None:
    users = {u.user_id: u for u in data.users}
    candidates = {c.candidate_id for c in data.candidates}
    interviews = {i.interview_id for i in data.interviews}
    for i in data.interviews:
        assert i.candidate_id in candidates
        assert users[i.recruiter_id].role is UserRole.RECRUITER
    participants = {(i, u) for i, u, _ in data.participants}
    for interview_id, user_id, role in data.participants:
        assert interview_id in interviews
        assert users[user_id].role is role
        assert role in (UserRole.INTERVIEWER, UserRole.HIRING_MANAGER)
    for f in data.feedback:
        assert (f.interview_id, f.user_id) in participants


def test_every_status_is_present(data: SampleData) -> None:
    assert {i.status for i in data.interviews} == set(InterviewStatus)


def test_statuses_match_time(data: SampleData, anchor: datetime) -> None:
    past = Counter(i.status for i in data.interviews if i.scheduled_end <= anchor)
    future = Counter(i.status for i in data.interviews if i.scheduled_start >= anchor)
    assert set(future) == {InterviewStatus.SCHEDULED, InterviewStatus.CANCELLED}
    assert future[InterviewStatus.SCHEDULED] > future[InterviewStatus.CANCELLED]
    assert past[InterviewStatus.COMPLETED] > past.total() // 2
    assert past[InterviewStatus.CANCELLED] and past[InterviewStatus.NO_SHOW]
    assert 1 <= past[InterviewStatus.SCHEDULED] <= 10  # a few nobody marked completed
    assert past.total() + future.total() == len(data.interviews)


def test_feedback_only_where_the_status_implies_it(data: SampleData, anchor: datetime) -> None:
    received = Counter(f.interview_id for f in data.feedback)
    panel = Counter(i for i, _, _ in data.participants)
    awaiting = 0
    for i in data.interviews:
        got, size = received[i.interview_id], panel[i.interview_id]
        if i.status is InterviewStatus.COMPLETED:
            awaiting += got < size
        elif i.status is InterviewStatus.SCHEDULED and i.scheduled_end < anchor:
            assert 0 < got < size, "a past scheduled interview has part of its feedback"
        else:
            assert got == 0, f"{i.status} interview has feedback"
    assert awaiting >= 10  # the 'awaiting feedback' ATS state exists
    assert len(data.feedback) > len(data.interviews) // 2


def test_recommendations_vary(data: SampleData) -> None:
    decisions: dict = {}
    for f in data.feedback:
        decisions.setdefault(f.interview_id, []).append(f.decision)
    assert {f.decision for f in data.feedback} == set(Decision)
    assert len({domain.recommend(d) for d in decisions.values()}) == 4


def test_comments_are_valid(data: SampleData) -> None:
    for f in data.feedback:
        assert domain.clean_comment(f.comment) == f.comment
        assert 1 <= f.comment.count(". ") + 1 <= 4


def test_times_are_utc_iso_whole_seconds() -> None:
    keys = ("scheduled_start", "scheduled_end", "submitted_at", "anchor")
    for name in ("interviews.json", "feedback.json", "meta.json"):
        text = (SAMPLE_DIR / name).read_text(encoding="utf-8")
        values = re.findall(rf'"(?:{"|".join(keys)})": "([^"]*)"', text)
        assert values and all(ISO_UTC.match(v) for v in values), name


def test_dates_are_within_the_window(data: SampleData, anchor: datetime) -> None:
    start, end = datetime(2026, 8, 26, tzinfo=UTC), datetime(2027, 1, 26, tzinfo=UTC)
    assert anchor == datetime(2026, 11, 26, tzinfo=UTC)  # so the window is anchor -3 .. +2 months
    for i in data.interviews:
        assert start <= i.scheduled_start < i.scheduled_end <= end
        assert i.scheduled_end - i.scheduled_start in (timedelta(minutes=45), timedelta(hours=1))
        assert i.scheduled_start.weekday() < 5 and 8 <= i.scheduled_start.hour < 18
        assert i.video_link.startswith("https://meet.example.com/")
    ends = {i.interview_id: i.scheduled_end for i in data.interviews}
    for f in data.feedback:
        delay = f.submitted_at - ends[f.interview_id]
        assert timedelta(hours=1) <= delay <= timedelta(days=2) and f.submitted_at <= anchor


# --- anchored to today when loaded -----------------------------------------------------------
@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 26, 9, 0, tzinfo=UTC),  # the anchor day itself: nothing moves
        datetime(2026, 11, 28, 14, 0, tzinfo=UTC),
        datetime(2027, 6, 15, 23, 59, tzinfo=UTC),
        datetime(2030, 2, 3, 0, 0, tzinfo=UTC),
    ],
)
def test_anchored_data_has_upcoming_due_and_past_interviews_around_now(
    data: SampleData, anchor: datetime, now: datetime
) -> None:
    from interview_autopilot.features.sample import anchored_to, today_shift

    moved = anchored_to(data, now)
    shift = today_shift(anchor, now)
    assert shift.days % 7 == 0 and 0 <= (now - (anchor + shift)).days < 7
    assert [i.interview_id for i in moved.interviews] == [i.interview_id for i in data.interviews]
    assert [(f.interview_id, f.user_id) for f in moved.feedback] == [
        (f.interview_id, f.user_id) for f in data.feedback
    ]
    for before, after in zip(data.interviews, moved.interviews, strict=True):
        assert after.scheduled_start - before.scheduled_start == shift
        assert after.scheduled_end - before.scheduled_end == shift
        assert after.scheduled_start.weekday() == before.scheduled_start.weekday()
    scheduled = [i for i in moved.interviews if i.status is InterviewStatus.SCHEDULED]
    assert sum(i.scheduled_start > now for i in scheduled) >= 50  # upcoming: pages of them
    assert any(i.scheduled_end < now for i in scheduled)  # past due, awaiting feedback
    done = [i for i in moved.interviews if i.status is InterviewStatus.COMPLETED]
    assert done and all(i.scheduled_end <= now for i in done)  # completed is in the past
    assert all(f.submitted_at <= now for f in moved.feedback)  # no feedback from the future
    assert moved.users == data.users and moved.candidates == data.candidates
