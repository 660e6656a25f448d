"""The committed sample data (data/sample/, written by scripts/make_sample_data.py) and its loader.

Ids are uuid5, so loading the same files twice writes the same records, never duplicates. The
files are fixed around their anchor day (meta.json); a load moves every time by the whole weeks
between that anchor and today (`anchored_to`), so a demo always has upcoming, past-due and past
interviews, on working days, with every feedback already given. Reloading another day moves the
same interviews (same ids): the stores replace them, never duplicate them. The team's jobs and
applications (sample_team.py) are moved by the same weeks and loaded after them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.models import (
    Candidate,
    Decision,
    Feedback,
    Interview,
    InterviewStatus,
    SampleData,
    User,
    UserRole,
    to_utc,
    utc_now,
)
from ..core.paths import SAMPLE_DIR
from .sample_team import SampleTeam, load_sample_team, read_sample_team, team_shifted

if TYPE_CHECKING:  # annotations only: reading the files needs no store (nor its settings)
    from ..store.base import Progress, Store

__all__ = [
    "SAMPLE_DIR",
    "anchored_to",
    "ensure_sample_data",
    "load_sample_team",
    "read_sample_data",
    "sample_anchor",
    "sample_team_on",
    "today_shift",
]

log = logging.getLogger(__name__)


def _read(path: Path, name: str) -> list[dict[str, Any]]:
    return json.loads((path / name).read_text(encoding="utf-8"))


def _time(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text))


def read_sample_data(path: Path = SAMPLE_DIR) -> SampleData:
    """Parse the sample JSON files in `path` into models."""
    users = [
        User(uuid.UUID(u["user_id"]), u["name"], u["email"], UserRole(u["role"]), u["slack_handle"])
        for u in _read(path, "users.json")
    ]
    candidates = [
        Candidate(uuid.UUID(c["candidate_id"]), c["name"], c["email"], c["resume_text"])
        for c in _read(path, "candidates.json")
    ]
    interviews, participants = [], []
    for i in _read(path, "interviews.json"):
        interview_id = uuid.UUID(i["interview_id"])
        interviews.append(
            Interview(
                interview_id=interview_id,
                candidate_id=uuid.UUID(i["candidate_id"]),
                recruiter_id=uuid.UUID(i["recruiter_id"]),
                job_title=i["job_title"],
                scheduled_start=_time(i["scheduled_start"]),
                scheduled_end=_time(i["scheduled_end"]),
                status=InterviewStatus(i["status"]),
                video_link=i["video_link"],
            )
        )
        participants += [
            (interview_id, uuid.UUID(p["user_id"]), UserRole(p["role"])) for p in i["participants"]
        ]
    feedback = [
        Feedback(
            interview_id=uuid.UUID(f["interview_id"]),
            user_id=uuid.UUID(f["user_id"]),
            decision=Decision(f["decision"]),
            comment=f["comment"],
            submitted_at=_time(f["submitted_at"]),
        )
        for f in _read(path, "feedback.json")
    ]
    return SampleData(users, candidates, interviews, participants, feedback)


def sample_anchor(path: Path = SAMPLE_DIR) -> datetime:
    """The day the sample files were generated around (their "now"), from meta.json."""
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return _time(meta["anchor"])


def today_shift(anchor: datetime, now: datetime) -> timedelta:
    """The whole weeks that bring `anchor` to the latest same weekday on or before `now`'s
    day: working days stay working days, and what was past at the anchor is past now."""
    days = (to_utc(now).date() - to_utc(anchor).date()).days
    return timedelta(days=days // 7 * 7)


def anchored_to(data: SampleData, now: datetime, anchor: datetime | None = None) -> SampleData:
    """`data` with every interview time and feedback time moved by `today_shift`; ids, people
    and text unchanged."""
    shift = today_shift(anchor or sample_anchor(), now)
    if not shift:
        return data
    interviews = [
        dataclasses.replace(
            i, scheduled_start=i.scheduled_start + shift, scheduled_end=i.scheduled_end + shift
        )
        for i in data.interviews
    ]
    feedback = [dataclasses.replace(f, submitted_at=f.submitted_at + shift) for f in data.feedback]
    return dataclasses.replace(data, interviews=interviews, feedback=feedback)


def sample_team_on(now: datetime, anchor: datetime | None = None) -> SampleTeam:
    """The sample's jobs and applications moved by the same weeks as `anchored_to` moves its
    interviews on `now`'s day."""
    return team_shifted(read_sample_team(), today_shift(anchor or sample_anchor(), now))


def ensure_sample_data(
    store: Store,
    progress: Progress | None = None,
    data: SampleData | None = None,
    now: datetime | None = None,
) -> bool:
    """Load the sample data anchored to today (`now`'s day), with the team's jobs and
    applications, or `data` as given (without them), into `store` if it holds no interview yet.

    Returns True when it loaded, False when the store already had data (later starts).
    """
    if not store.is_empty():
        return False
    team = None
    if data is None:
        moment, anchor = now or utc_now(), sample_anchor()
        data = anchored_to(read_sample_data(), moment, anchor)
        team = sample_team_on(moment, anchor)
    log.info("loading the sample data into the empty store: %d interviews", len(data.interviews))
    started = time.perf_counter()
    store.bulk_load(data, progress)
    if team is not None:
        load_sample_team(store, team, fresh=True)
    log.info("sample data loaded in %.1f s", time.perf_counter() - started)
    return True
