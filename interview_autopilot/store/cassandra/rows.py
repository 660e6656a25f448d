"""Row <-> model mapping of the Cassandra store, and the state one write turns into another.

Rows arrive as dicts (the execution profile's `dict_factory`); timestamps arrive naive UTC and
leave through `to_utc`. Nothing here talks to the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from ...core import domain
from ...core.kits import ratings_of
from ...core.models import (
    AtsRecord,
    AtsStatus,
    AuditAction,
    AuditEntry,
    Candidate,
    Decision,
    Feedback,
    HiringCall,
    HiringDecision,
    Interview,
    InterviewStatus,
    InterviewSummary,
    Participant,
    Recommendation,
    User,
    UserRole,
    day_bucket,
    to_utc,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class InterviewState:
    """One version of an interview's source partition; a write turns it into the next one.

    The ATS record is derived (from status, panel, feedback and `ats_at`), like every copy."""

    interview: Interview
    participants: dict[uuid.UUID, Participant]  # has_feedback unused here
    feedback: dict[uuid.UUID, Feedback] = field(default_factory=dict)
    ats_at: datetime | None = None  # when the ATS record was last refreshed
    candidate_name: str = ""
    recruiter_name: str = ""
    version: int = 0  # the source version this state was read at, or is written as
    hiring: HiringDecision | None = None  # the hiring decision (static columns), once made
    # the decision of its application (agreement.py attaches it where counters are computed)
    application_call: HiringCall | None = field(default=None, compare=False)

    @property
    def final_call(self) -> HiringCall | None:
        """What calibration compares its verdicts with: the application's decision, else the
        interview's own (core/calibration.py, `final_call`)."""
        own = self.hiring.call if self.hiring is not None else None
        return self.application_call if self.application_call is not None else own

    @cached_property  # every copy of a version carries it: derived once (fields never change)
    def ats(self) -> AtsRecord | None:
        at = self.ats_at or self.interview.scheduled_end
        return ats_for(self.interview, len(self.participants), self.feedback, at, self.hiring)

    @property
    def recommendation(self) -> Recommendation:
        # SQLite: COALESCE(ats.recommendation, 'pending'): no ATS means no feedback yet.
        ats = self.ats
        return ats.recommendation if ats else Recommendation.PENDING

    def summary_values(self) -> tuple[object, ...]:
        """The denormalized list columns, in `statements.SUMMARY` order."""
        return (
            self.candidate_name,
            self.interview.job_title,
            self.recruiter_name,
            len(self.feedback),
            len(self.participants),
            self.recommendation.value,
        )

    def status_key(self) -> tuple[str, str, datetime, uuid.UUID]:
        """The primary key of this interview's row in interviews_by_status."""
        i = self.interview
        return (i.status.value, day_bucket(i.scheduled_start), i.scheduled_start, i.interview_id)


def month_bucket(value: datetime) -> str:
    """The month partition of a person's interviews: the UTC month of the start, 'YYYY-MM'."""
    return to_utc(value).strftime("%Y-%m")


# The audit entry of a won change, from the states before and after and the version's time.
Audit = Callable[[InterviewState | None, InterviewState | None, datetime], AuditEntry | None]


def source_state(partition: list[Row]) -> tuple[InterviewState | None, int | None]:
    """The interview a source partition holds (None if absent or deleted) and its version
    (None if the partition never existed)."""
    if not partition:
        return None, None
    top = partition[0]
    version = top["version"]
    if top["status"] is None:  # deleted: only the version stays
        return None, version
    participants: dict[uuid.UUID, Participant] = {}
    given: dict[uuid.UUID, Feedback] = {}
    for row in partition:
        if row["user_id"] is None:  # the static row of an interview without participants
            continue
        participants[row["user_id"]] = participant(row)
        if row["decision"] is not None:
            given[row["user_id"]] = feedback(row)
    ats_at = to_utc(top["ats_at"]) if top["ats_at"] else None
    state = InterviewState(
        interview(top), participants, given, ats_at, version=version, hiring=hiring(top)
    )
    return state, version


def user(row: Row) -> User:
    """A profile row; the columns added by migration 0003 are null on older rows (then: no
    other roles, not an administrator, active, no time zone or hours)."""
    others = row.get("other_roles") or ""
    return User(
        row["user_id"],
        row["name"],
        row["email"],
        UserRole(row["role"]),
        row["slack_handle"],
        other_roles=tuple(UserRole(r) for r in others.split(",") if r),
        admin=bool(row.get("admin")),
        active=row.get("active") is not False,
        time_zone=row.get("time_zone") or "",
        working_hours=row.get("working_hours") or "",
    )


def user_values(u: User) -> tuple[object, ...]:
    """The values of `put_user`, every one set (no null is ever bound)."""
    others = ",".join(r.value for r in u.other_roles)
    profile = (u.user_id, u.name, u.email, u.role.value, u.slack_handle)
    return (*profile, others, u.admin, u.active, u.time_zone, u.working_hours)


def candidate(row: Row) -> Candidate:
    links = row.get("links") or ""
    return Candidate(
        row["candidate_id"],
        row["name"],
        row["email"],
        row["resume_text"],
        tuple(link for link in links.split("\n") if link),
    )


def candidate_values(c: Candidate) -> tuple[object, ...]:
    """The values of `put_candidate` (links: one per line; validated links hold no spaces)."""
    return (c.candidate_id, c.name, c.email, c.resume_text, "\n".join(c.links))


def interview(row: Row) -> Interview:
    return Interview(
        interview_id=row["interview_id"],
        candidate_id=row["candidate_id"],
        recruiter_id=row["recruiter_id"],
        job_title=row["job_title"],
        scheduled_start=to_utc(row["scheduled_start"]),
        scheduled_end=to_utc(row["scheduled_end"]),
        status=InterviewStatus(row["status"]),
        video_link=row["video_link"],
    )


def feedback(row: Row) -> Feedback:
    return Feedback(
        row["interview_id"],
        row["user_id"],
        Decision(row["decision"]),
        row["comment"],
        to_utc(row["submitted_at"]),
        ratings_of(row.get("ratings")),
        to_utc(row["first_at"]) if row.get("first_at") else None,
        row.get("reminders_before"),
    )


HIRING_COLUMNS = ("hiring_call", "hiring_reason", "hiring_by", "hiring_at")


def hiring(row: Row) -> HiringDecision | None:
    """The hiring decision a source static row or an ATS copy row holds, or None."""
    if row.get("hiring_call") is None:
        return None
    return HiringDecision(
        HiringCall(row["hiring_call"]),
        row["hiring_reason"],
        row["hiring_by"],
        to_utc(row["hiring_at"]),
    )


def hiring_values(decision: HiringDecision | None) -> tuple[object, ...]:
    """The four hiring columns' values, in HIRING_COLUMNS order (all None without one)."""
    if decision is None:
        return (None, None, None, None)
    return (decision.call.value, decision.reason, decision.decided_by, decision.decided_at)


def ats(row: Row) -> AtsRecord:
    return AtsRecord(
        row["interview_id"],
        AtsStatus(row["status"]),
        Recommendation(row["recommendation"]),
        row["summary"],
        to_utc(row["updated_at"]),
        hiring(row),
    )


def participant(row: Row, has_feedback: bool = False) -> Participant:
    return Participant(
        row["interview_id"],
        row["user_id"],
        UserRole(row["role"]),
        row["name"],
        row["email"],
        row["slack_handle"],
        has_feedback,
    )


def participant_of(interview_id: uuid.UUID, profile: User, role: UserRole) -> Participant:
    """A participant row built from the user's current profile."""
    return Participant(
        interview_id, profile.user_id, role, profile.name, profile.email, profile.slack_handle
    )


def summary(row: Row, status: InterviewStatus | None = None) -> InterviewSummary:
    """A list row; `status` is given for by-status rows (part of their partition key)."""
    return InterviewSummary(
        interview_id=row["interview_id"],
        scheduled_start=to_utc(row["scheduled_start"]),
        status=status or InterviewStatus(row["status"]),
        candidate_name=row["candidate_name"],
        job_title=row["job_title"],
        recruiter_name=row["recruiter_name"],
        feedback_count=row["feedback_count"],
        participant_count=row["participant_count"],
        recommendation=Recommendation(row["recommendation"]),
    )


def normalized(value: Interview) -> Interview:
    """Millisecond UTC times, as stored: keys compare equal to what a read returns."""
    return replace(
        value,
        scheduled_start=to_utc(value.scheduled_start),
        scheduled_end=to_utc(value.scheduled_end),
        status=InterviewStatus(value.status),
    )


def sorted_feedback(items: Iterable[Feedback]) -> list[Feedback]:
    """Feedback in SQLite's order: submitted_at, then user_id."""
    return sorted(items, key=lambda f: (f.submitted_at, f.user_id))


def ats_for(
    value: Interview,
    participant_count: int,
    items: dict[uuid.UUID, Feedback],
    at: datetime | None,
    decision: HiringDecision | None = None,
) -> AtsRecord | None:
    """The ATS record SQLite's `_refresh_ats` would store (None: no record)."""
    if not domain.has_ats(value.status, len(items), decision is not None):
        return None
    feedback = sorted_feedback(items.values())
    return domain.ats_record(value, participant_count, feedback, at, decision)


def audit_entry(row: Row) -> AuditEntry:
    return AuditEntry(
        row["interview_id"],
        to_utc(row["at"]),
        row["actor_id"],
        AuditAction(row["action"]),
        row["subject_id"],
        row["before"],
        row["after"],
    )
