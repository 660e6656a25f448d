"""A small deterministic world for contract tests: people, candidates and interview builders."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from interview_autopilot.core.models import (
    Candidate,
    Interview,
    InterviewStatus,
    User,
    UserRole,
    make_id,
)
from interview_autopilot.store.base import Store

T0 = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)


def user(key: str, role: UserRole = UserRole.INTERVIEWER) -> User:
    return User(make_id("test-user", key), key.title(), f"{key}@example.com", role, f"@{key}")


RECRUITER = user("rita", UserRole.RECRUITER)
ALICE = user("alice")
BOB = user("bob")
CAROL = user("carol", UserRole.HIRING_MANAGER)
DAVE = user("dave")  # never a participant
CANDIDATE = Candidate(
    make_id("test-candidate", "zoe"),
    "Zoe Candidate",
    "zoe@example.org",
    "Ten years of Python.\nLikes Cassandra.",
)
OTHER_CANDIDATE = Candidate(
    make_id("test-candidate", "yann"), "Yann Other", "yann@example.org", "Go and Rust."
)


def seed_people(store: Store) -> None:
    store.upsert_users([RECRUITER, ALICE, BOB, CAROL, DAVE])
    store.upsert_candidates([CANDIDATE, OTHER_CANDIDATE])


def interview(
    key: str,
    start: datetime = T0,
    status: InterviewStatus = InterviewStatus.SCHEDULED,
    candidate: Candidate = CANDIDATE,
    job_title: str = "Backend Engineer",
) -> Interview:
    return Interview(
        interview_id=make_id("test-interview", key),
        candidate_id=candidate.candidate_id,
        recruiter_id=RECRUITER.user_id,
        job_title=job_title,
        scheduled_start=start,
        scheduled_end=start + timedelta(hours=1),
        status=status,
        video_link=f"https://meet.example.com/{key.replace(' ', '-')}",
    )


PANEL = [
    (ALICE.user_id, UserRole.INTERVIEWER),
    (BOB.user_id, UserRole.INTERVIEWER),
    (CAROL.user_id, UserRole.HIRING_MANAGER),
]


def add(
    store: Store, key: str, panel: list[tuple[uuid.UUID, UserRole]] | None = None, **kwargs: object
) -> Interview:
    """Create one interview with the default panel (or `panel`) and return it."""
    i = interview(key, **kwargs)  # type: ignore[arg-type]
    store.create_interview(i, PANEL if panel is None else panel)
    return i
