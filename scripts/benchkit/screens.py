"""The screen calls the bench times, and the baselines timed beside them in the same run.

Every call runs once to warm up, then `rounds` times, interleaved (each round runs every call
once), so a noisy moment of the machine falls on all of them alike.
"""

from __future__ import annotations

import itertools
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from benchkit.data import ANCHOR, BenchData
from interview_autopilot.core.models import InterviewStatus, PageCursor
from interview_autopilot.store.base import Store

S = InterviewStatus
DEEP_PAGE = 20  # "a deep page": the page after this many pages of the completed list
Call = tuple[str, Callable[[], object]]


@dataclass(frozen=True)
class Picks:
    """The interviews the write calls and the detail call work on (from the bench data)."""

    user: uuid.UUID  # a point read
    detail: uuid.UUID  # a completed interview with feedback
    edit: tuple[uuid.UUID, uuid.UUID]  # (interview, an author of its feedback)
    new: list[tuple[uuid.UUID, uuid.UUID]]  # (interview, a participant yet to give feedback)
    flip: uuid.UUID  # an interview moved completed <-> no-show


def pick(data: BenchData, new_needed: int) -> Picks:
    """Read the records only as far as needed to find the interviews the calls work on."""
    detail: tuple[uuid.UUID, uuid.UUID] | None = None
    flip: uuid.UUID | None = None
    new: list[tuple[uuid.UUID, uuid.UUID]] = []
    for record in data.records():
        i = record.interview
        if i.status is not S.COMPLETED:
            continue
        authors = {f.user_id for f in record.feedback}
        if detail is None and len(authors) >= 2:
            detail = (i.interview_id, record.feedback[0].user_id)
            continue
        if flip is None:
            flip = i.interview_id
            continue
        new += [(i.interview_id, u) for u, _role in record.participants if u not in authors]
        if detail and flip and len(new) >= new_needed:
            break
    if detail is None or flip is None or len(new) < new_needed:
        raise RuntimeError(f"the {data.size} bench interviews lack what the calls need")
    user = data.users()[0].user_id
    return Picks(user, detail[0], detail, new[:new_needed], flip)


def deep_cursor(store: Store, pages: int = DEEP_PAGE) -> PageCursor | None:
    """The cursor after `pages` pages of the completed list (None if it is shorter)."""
    cursor = None
    for _ in range(pages):
        cursor = store.list_interviews_by_status(S.COMPLETED, after=cursor).next_cursor
        if cursor is None:
            return None
    return cursor


def screen_calls(store: Store, picks: Picks, deep: PageCursor | None) -> list[Call]:
    """Every store call a screen makes, labelled as the report names it."""
    new = iter(picks.new)
    flips = itertools.cycle([S.NO_SHOW, S.COMPLETED])

    def submit_new() -> object:
        interview_id, user_id = next(new)
        return store.submit_feedback(interview_id, user_id, "yes", "Benchmark feedback.")

    calls: list[Call] = [
        ("point read (get_user)", lambda: store.get_user(picks.user)),
        ("counts per status", store.count_by_status),
    ]
    for status in S:
        calls.append(
            (f"first page: {status.value}", lambda s=status: store.list_interviews_by_status(s))
        )
    calls += [
        (
            "past-due page (scheduled)",
            lambda: store.list_past_due(now=ANCHOR),
        ),
        ("upcoming page", lambda: store.list_upcoming(now=ANCHOR)),
        (
            f"deep page: completed #{DEEP_PAGE + 1}",
            lambda: store.list_interviews_by_status(S.COMPLETED, after=deep),
        ),
        ("interview detail", lambda: store.get_interview_detail(picks.detail)),
        ("submit feedback: new", submit_new),
        (
            "submit feedback: edit",
            lambda: store.submit_feedback(*picks.edit, "no", "Benchmark edit."),
        ),
        ("status change", lambda: store.change_status(picks.flip, next(flips))),
    ]
    return calls


def timed(calls: list[Call], rounds: int, alternate: bool = False) -> dict[str, dict[str, float]]:
    """p50 and p95 (milliseconds) of each call over `rounds` interleaved rounds; `alternate`:
    in reverse order every other round, so no call always follows the same one."""
    for _label, call in calls:
        call()  # warm up: statement caches, page cache
    times: dict[str, list[float]] = {label: [] for label, _ in calls}
    for n in range(rounds):
        for label, call in calls[::-1] if alternate and n % 2 else calls:
            began = time.perf_counter()
            call()
            times[label].append((time.perf_counter() - began) * 1000)
    return {label: summary(values) for label, values in times.items()}


def summary(values: list[float]) -> dict[str, float]:
    p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
    return {"p50_ms": statistics.median(values), "p95_ms": p95, "n": len(values)}
