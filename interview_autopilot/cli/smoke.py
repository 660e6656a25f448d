"""`python -m interview_autopilot smoke-test`: prove a backend works end to end, step by step.

Against whatever DB_BACKEND names (Astra included): connect, check the schema, write a throwaway
interview with a participant and a feedback, read it back through every query table, remove it.
Each step prints one line with its latency; a failing step names the settings to check.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from ..core.errors import StoreError
from ..core.models import (
    Candidate,
    Interview,
    InterviewStatus,
    PageCursor,
    User,
    UserRole,
    utc_now,
)
from ..core.settings import Settings
from ..store import open_store
from ..store.base import Store

T = TypeVar("T")

# What to check when a step fails, per backend.
HINTS = {
    "sqlite": "SQLITE_PATH",
    "cassandra": "CASSANDRA_CONTACT_POINTS, CASSANDRA_PORT, CASSANDRA_USERNAME/PASSWORD, "
    "CASSANDRA_KEYSPACE",
    "astra": "ASTRA_SECURE_CONNECT_BUNDLE_PATH, ASTRA_DB_TOKEN, ASTRA_KEYSPACE",
}


class SmokeFailure(StoreError):
    """A step failed; the message names the step and what to check."""


@dataclass
class Runner:
    settings: Settings
    print: Callable[[str], None]

    def step(self, name: str, action: Callable[[], T], check: Callable[[T], bool] = bool) -> T:
        """Run one step, print its latency, raise SmokeFailure naming it if it fails."""
        began = time.perf_counter()
        try:
            result = action()
            ok = check(result)
        except Exception as exc:  # any failure is reported as this step's
            self._fail(name, f"{type(exc).__name__}: {exc}")
        ms = (time.perf_counter() - began) * 1000
        if not ok:
            self._fail(name, "the data read back is not what was written")
        self.print(f"ok    {name:<34} {ms:8.1f} ms")
        return result

    def _fail(self, name: str, why: str) -> None:
        backend = self.settings["DB_BACKEND"].lower()
        self.print(f"FAIL  {name}: {why}")
        raise SmokeFailure(
            f"smoke test failed at '{name}'; check {HINTS.get(backend, 'DB_BACKEND')}"
        )


def run(settings: Settings, out: Callable[[str], None] = print) -> None:
    """Run every step; raise SmokeFailure at the first that fails (after cleaning up)."""
    r = Runner(settings, out)
    store: Store = r.step(
        f"connect ({settings['DB_BACKEND']})", lambda: open_store(settings), lambda s: s is not None
    )
    try:
        r.step("schema: every table exists", store.missing_tables, lambda missing: not missing)
        _round_trip(r, store)
    finally:
        store.close()


def _round_trip(r: Runner, store: Store) -> None:
    tag = uuid.uuid4().hex[:8]
    user = User(
        uuid.uuid4(),
        f"Smoke Test {tag}",
        f"smoke-{tag}@example.com",
        UserRole.INTERVIEWER,
        f"@smoke-{tag}",
    )
    candidate = Candidate(
        uuid.uuid4(),
        f"Smoke Candidate {tag}",
        f"smoke-{tag}@example.org",
        "Throwaway record of the smoke test.",
    )
    start = utc_now()
    interview = Interview(
        uuid.uuid4(),
        candidate.candidate_id,
        user.user_id,
        "Smoke test",
        start,
        start + timedelta(minutes=30),
        InterviewStatus.SCHEDULED,
        "https://meet.example.com/smoke",
    )
    iid = interview.interview_id
    try:

        def write_people() -> None:
            store.upsert_users([user])
            store.upsert_candidates([candidate])

        r.step("write user + candidate", write_people, _true)
        r.step(
            "write interview + participant",
            lambda: store.create_interview(interview, [(user.user_id, UserRole.INTERVIEWER)]),
            _true,
        )
        r.step(
            "write feedback (+ ATS refresh)",
            lambda: store.submit_feedback(iid, user.user_id, "yes", "Smoke test feedback."),
        )
        r.step(
            "read interviews_by_id", lambda: store.get_interview(iid), lambda got: got == interview
        )
        just_after = PageCursor.until(start)
        r.step(
            "read interviews_by_status",
            lambda: (
                store.list_interviews_by_status(
                    InterviewStatus.SCHEDULED, limit=1, after=just_after
                ).rows
            ),
            lambda rows: bool(rows) and rows[0].interview_id == iid,
        )
        r.step(
            "read interviews_by_candidate",
            lambda: store.list_interviews_by_candidate(candidate.candidate_id),
            lambda rows: [x.interview_id for x in rows] == [iid],
        )
        r.step(
            "read interviews_by_user_month",
            lambda: store.list_interviews_by_user(user.user_id),
            lambda rows: [x.interview_id for x in rows] == [iid] and rows[0].feedback_count == 1,
        )
        r.step(
            "read participants",
            lambda: store.list_participants(iid),
            lambda ps: [p.user_id for p in ps] == [user.user_id] and ps[0].has_feedback,
        )
        r.step(
            "read feedback",
            lambda: store.get_feedback(iid, user.user_id),
            lambda f: f is not None and f.comment == "Smoke test feedback.",
        )
        r.step("read ATS record", lambda: store.get_ats(iid), lambda a: a is not None)
    finally:

        def remove() -> None:
            store.delete_interview(iid)
            store.delete_user(user.user_id)
            store.delete_candidate(candidate.candidate_id)

        r.step("remove the throwaway records", remove, _true)
    r.step("check they are gone", lambda: store.get_interview(iid), lambda got: got is None)


def _true(_: object) -> bool:
    return True


__all__ = ["SmokeFailure", "run"]
