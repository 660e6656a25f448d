"""The committed sample data (data/sample/, written by scripts/make_sample_data.py) and its loader.

Ids are uuid5, so loading the same files twice writes the same records, never duplicates.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import (
    Candidate,
    Decision,
    Feedback,
    Interview,
    InterviewStatus,
    SampleData,
    User,
    UserRole,
    to_utc,
)
from .paths import SAMPLE_DIR

if TYPE_CHECKING:  # annotations only: reading the files needs no store (nor its settings)
    from .store.base import Progress, Store

__all__ = ["SAMPLE_DIR", "ensure_sample_data", "read_sample_data"]


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


def ensure_sample_data(
    store: Store, progress: Progress | None = None, data: SampleData | None = None
) -> bool:
    """Load the sample data (or `data`) into `store` if it holds no interview yet.

    Returns True when it loaded, False when the store already had data (later starts).
    """
    if not store.is_empty():
        return False
    store.bulk_load(data if data is not None else read_sample_data(), progress)
    return True
