"""SQLite's schema, the mapping between its rows and the models, and the reads and writes
that run inside one connection or transaction (the store holds the lock around them)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from datetime import datetime

from ...core import kits
from ...core.filters import job_key
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
    InterviewRecord,
    InterviewStatus,
    InterviewSummary,
    Participant,
    Recommendation,
    User,
    UserRole,
    to_utc,
)
from ...core.people import email_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
    role TEXT NOT NULL, slack_handle TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS candidates (
    candidate_id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
    resume_text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interviews (
    interview_id TEXT PRIMARY KEY,
    candidate_id TEXT NOT NULL REFERENCES candidates(candidate_id),
    recruiter_id TEXT NOT NULL REFERENCES users(user_id),
    job_title TEXT NOT NULL, scheduled_start TEXT NOT NULL, scheduled_end TEXT NOT NULL,
    status TEXT NOT NULL, video_link TEXT NOT NULL,
    -- Cassandra orders uuid clustering keys by version first, then by their bytes (unsigned);
    -- this key gives SQLite the same order, so both stores page identically.
    id_order TEXT GENERATED ALWAYS AS (substr(interview_id, 15, 1) || interview_id) VIRTUAL);
-- list by status, newest first, keyset-paged on (scheduled_start, id_order)
CREATE INDEX IF NOT EXISTS interviews_by_status
    ON interviews(status, scheduled_start DESC, id_order DESC);
CREATE INDEX IF NOT EXISTS interviews_by_candidate
    ON interviews(candidate_id, scheduled_start DESC, id_order DESC);
CREATE TABLE IF NOT EXISTS participants (
    interview_id TEXT NOT NULL REFERENCES interviews(interview_id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(user_id),
    role TEXT NOT NULL,
    PRIMARY KEY (interview_id, user_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS participants_by_user ON participants(user_id, interview_id);
-- one feedback per interviewer per interview: a resubmit replaces it
CREATE TABLE IF NOT EXISTS feedback (
    interview_id TEXT NOT NULL, user_id TEXT NOT NULL, decision TEXT NOT NULL,
    comment TEXT NOT NULL, submitted_at TEXT NOT NULL,
    PRIMARY KEY (interview_id, user_id),
    FOREIGN KEY (interview_id, user_id) REFERENCES participants(interview_id, user_id)
        ON DELETE CASCADE) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ats (
    interview_id TEXT PRIMARY KEY REFERENCES interviews(interview_id) ON DELETE CASCADE,
    status TEXT NOT NULL, recommendation TEXT NOT NULL, summary TEXT NOT NULL,
    updated_at TEXT NOT NULL);
-- the audit trail: one row per change of status, feedback, time or decision, oldest first by id;
-- kept when the interview is deleted (no foreign key), written in the change's transaction
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, interview_id TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT,
    action TEXT NOT NULL, subject_id TEXT, before TEXT, after TEXT);
CREATE INDEX IF NOT EXISTS audit_by_interview ON audit(interview_id, id);
"""

TABLES = (
    "users",
    "candidates",
    "interviews",
    "participants",
    "feedback",
    "ats",
    "audit",
    "profile_audit",  # added by the people directory's schema step (directory.py)
    "jobs",  # these three: added by the jobs' schema step (jobs.py)
    "job_stages",
    "job_audit",
)

# The list row of every list screen; the counts are cheap through the primary keys.
SUMMARY_SELECT = """
SELECT i.interview_id, i.scheduled_start, i.status, c.name AS candidate_name, i.job_title,
       r.name AS recruiter_name,
       (SELECT COUNT(*) FROM feedback f WHERE f.interview_id = i.interview_id) AS feedback_count,
       (SELECT COUNT(*) FROM participants p WHERE p.interview_id = i.interview_id)
           AS participant_count,
       COALESCE(a.recommendation, 'pending') AS recommendation
FROM interviews i
JOIN candidates c ON c.candidate_id = i.candidate_id
JOIN users r ON r.user_id = i.recruiter_id
LEFT JOIN ats a ON a.interview_id = i.interview_id
"""
NEWEST_FIRST = " ORDER BY i.scheduled_start DESC, i.id_order DESC"


def id_order_key(interview_id: uuid.UUID) -> str:
    """The `id_order` column's value for an id (see SCHEMA)."""
    text = str(interview_id)
    return text[14] + text  # the version nibble, whatever the variant, as Cassandra reads it


def time_text(value: datetime) -> str:
    """Fixed-width UTC text, so text order is time order."""
    value = to_utc(value)
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


def text_time(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


def summary_row(row: sqlite3.Row) -> InterviewSummary:
    return InterviewSummary(
        interview_id=uuid.UUID(row["interview_id"]),
        scheduled_start=text_time(row["scheduled_start"]),
        status=InterviewStatus(row["status"]),
        candidate_name=row["candidate_name"],
        job_title=row["job_title"],
        recruiter_name=row["recruiter_name"],
        feedback_count=row["feedback_count"],
        participant_count=row["participant_count"],
        recommendation=Recommendation(row["recommendation"]),
    )


def interview_row(row: sqlite3.Row) -> Interview:
    return Interview(
        interview_id=uuid.UUID(row["interview_id"]),
        candidate_id=uuid.UUID(row["candidate_id"]),
        recruiter_id=uuid.UUID(row["recruiter_id"]),
        job_title=row["job_title"],
        scheduled_start=text_time(row["scheduled_start"]),
        scheduled_end=text_time(row["scheduled_end"]),
        status=InterviewStatus(row["status"]),
        video_link=row["video_link"],
    )


def feedback_row(row: sqlite3.Row) -> Feedback:
    return Feedback(
        interview_id=uuid.UUID(row["interview_id"]),
        user_id=uuid.UUID(row["user_id"]),
        decision=Decision(row["decision"]),
        comment=row["comment"],
        submitted_at=text_time(row["submitted_at"]),
        ratings=kits.ratings_of(_optional(row, "ratings")),  # type: ignore[arg-type]
        first_at=text_time(first) if (first := _optional(row, "first_at")) else None,  # type: ignore[arg-type]
        reminders_before=_optional(row, "reminders_before"),  # type: ignore[arg-type]
    )


def _optional(row: sqlite3.Row, column: str) -> object:
    """A column a later schema step added: None on a row read before it ran."""
    return row[column] if column in row.keys() else None  # noqa: SIM118


def user_row(row: sqlite3.Row) -> User:
    """A profile row (the directory's columns, added by a schema step, default for older rows:
    no other roles, not an administrator, active)."""
    return User(
        uuid.UUID(row["user_id"]),
        row["name"],
        row["email"],
        UserRole(row["role"]),
        row["slack_handle"],
        other_roles=tuple(
            UserRole(r) for r in str(_optional(row, "other_roles") or "").split(",") if r
        ),
        admin=bool(_optional(row, "admin")),
        active=_optional(row, "active") != 0,
        time_zone=str(_optional(row, "time_zone") or ""),
        working_hours=str(_optional(row, "working_hours") or ""),
    )


def candidate_row(row: sqlite3.Row) -> Candidate:
    links = tuple(link for link in str(_optional(row, "links") or "").split("\n") if link)
    return Candidate(
        uuid.UUID(row["candidate_id"]), row["name"], row["email"], row["resume_text"], links
    )


def hiring_from_row(row: sqlite3.Row) -> HiringDecision | None:
    """The hiring decision a row of `interviews` or `ats` holds (see hiring.py), or None."""
    if "hiring_call" not in row.keys() or row["hiring_call"] is None:  # noqa: SIM118
        return None
    return HiringDecision(
        HiringCall(row["hiring_call"]),
        row["hiring_reason"],
        uuid.UUID(row["hiring_by"]),
        text_time(row["hiring_at"]),
    )


def ats_row(row: sqlite3.Row) -> AtsRecord:
    return AtsRecord(
        uuid.UUID(row["interview_id"]),
        AtsStatus(row["status"]),
        Recommendation(row["recommendation"]),
        row["summary"],
        text_time(row["updated_at"]),
        hiring_from_row(row),
    )


def participant_row(r: sqlite3.Row) -> Participant:
    return Participant(
        uuid.UUID(r["interview_id"]),
        uuid.UUID(r["user_id"]),
        UserRole(r["role"]),
        r["name"],
        r["email"],
        r["slack_handle"],
        bool(r["has_feedback"]),
    )


_USER_COLUMNS = [
    "user_id",
    "name",
    "email",
    "role",
    "slack_handle",
    "other_roles",
    "admin",
    "active",
    "time_zone",
    "working_hours",
    "email_key",
]
_CANDIDATE_COLUMNS = ["candidate_id", "name", "email", "resume_text", "links", "email_key"]


def _upsert(table: str, columns: list[str]) -> str:
    updates = ", ".join(f"{c}=excluded.{c}" for c in columns[1:])
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT({columns[0]}) DO UPDATE SET {updates}"
    )


def put_users(db: sqlite3.Connection, users: list[User]) -> None:
    """Profiles, with the folded email the directory looks people up by (email_key)."""
    db.executemany(
        _upsert("users", _USER_COLUMNS),
        [
            (
                str(u.user_id),
                u.name,
                u.email,
                u.role.value,
                u.slack_handle,
                ",".join(r.value for r in u.other_roles),
                int(u.admin),
                int(u.active),
                u.time_zone,
                u.working_hours,
                email_key(u.email),
            )
            for u in users
        ],
    )


def put_candidates(db: sqlite3.Connection, candidates: list[Candidate]) -> None:
    db.executemany(
        _upsert("candidates", _CANDIDATE_COLUMNS),
        [
            (
                str(c.candidate_id),
                c.name,
                c.email,
                c.resume_text,
                "\n".join(c.links),
                email_key(c.email),
            )
            for c in candidates
        ],
    )


# job_key: the folded title the list's job filter matches (added by a schema step: add_job_key)
INTERVIEW_UPSERT = (
    "INSERT INTO interviews (interview_id, candidate_id, recruiter_id, job_title, "
    "scheduled_start, scheduled_end, status, video_link, job_key) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(interview_id) "
    "DO UPDATE SET candidate_id=excluded.candidate_id, recruiter_id=excluded.recruiter_id,"
    " job_title=excluded.job_title, scheduled_start=excluded.scheduled_start, "
    "scheduled_end=excluded.scheduled_end, status=excluded.status, "
    "video_link=excluded.video_link, job_key=excluded.job_key"
)
PARTICIPANT_UPSERT = (
    "INSERT INTO participants VALUES (?, ?, ?) "
    "ON CONFLICT(interview_id, user_id) DO UPDATE SET role=excluded.role"
)
# ratings: the scorecard as JSON (kits.ratings_text; added by a schema step, NULL for none)
# first_at, reminders_before: the first submission's (feedback_times.py; NULL: not kept)
FEEDBACK_UPSERT = (
    "INSERT INTO feedback (interview_id, user_id, decision, comment, submitted_at, ratings, "
    "first_at, reminders_before) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(interview_id, user_id) "
    "DO UPDATE SET decision=excluded.decision, comment=excluded.comment, "
    "submitted_at=excluded.submitted_at, ratings=excluded.ratings, "
    "first_at=excluded.first_at, reminders_before=excluded.reminders_before"
)
ATS_UPSERT = (
    "INSERT OR REPLACE INTO ats (interview_id, status, recommendation, summary, updated_at, "
    "hiring_call, hiring_reason, hiring_by, hiring_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def interview_values(i: Interview) -> tuple[str, ...]:
    return (
        str(i.interview_id),
        str(i.candidate_id),
        str(i.recruiter_id),
        i.job_title,
        time_text(i.scheduled_start),
        time_text(i.scheduled_end),
        i.status.value,
        i.video_link,
        job_key(i.job_title),
    )


def participant_values(
    interview_id: uuid.UUID, participants: Iterable[tuple[uuid.UUID, UserRole]]
) -> list[tuple[str, str, str]]:
    return [(str(interview_id), str(user_id), role.value) for user_id, role in participants]


def feedback_values(f: Feedback) -> tuple[str | int | None, ...]:
    return (
        str(f.interview_id),
        str(f.user_id),
        f.decision.value,
        f.comment,
        time_text(f.submitted_at),
        kits.ratings_text(f.ratings),
        time_text(f.first_at) if f.first_at else None,
        f.reminders_before,
    )


def ats_values(ats: AtsRecord) -> tuple[str | None, ...]:
    return (
        str(ats.interview_id),
        ats.status.value,
        ats.recommendation.value,
        ats.summary,
        time_text(ats.updated_at),
        *decision_values(ats.decision),
    )


def decision_values(decision: HiringDecision | None) -> tuple[str | None, ...]:
    """The four hiring columns of a decision (all NULL without one)."""
    if decision is None:
        return (None, None, None, None)
    return (
        decision.call.value,
        decision.reason,
        str(decision.decided_by),
        time_text(decision.decided_at),
    )


def _drop_other_participants(
    db: sqlite3.Connection, interview_id: uuid.UUID, keep: list[str]
) -> None:
    """Remove the panel members not in `keep` (their feedback goes with them)."""
    db.execute(
        f"DELETE FROM participants WHERE interview_id = ? "
        f"AND user_id NOT IN ({','.join('?' * len(keep))})",
        (str(interview_id), *keep),
    )


def put_interview(
    db: sqlite3.Connection,
    i: Interview,
    participants: list[tuple[uuid.UUID, UserRole]],
) -> None:
    """Insert or replace the interview; its participant set becomes exactly `participants`
    (feedback of a removed participant goes with them)."""
    db.execute(INTERVIEW_UPSERT, interview_values(i))
    _drop_other_participants(db, i.interview_id, [str(user_id) for user_id, _ in participants])
    db.executemany(PARTICIPANT_UPSERT, participant_values(i.interview_id, participants))


def put_records(db: sqlite3.Connection, records: list[InterviewRecord], fresh: bool) -> None:
    """Insert or replace interviews, each with exactly its record's panel and the record's
    feedback (kept: feedback of a participant who stays). On a `fresh` store (no interview at
    all before the load) there is no old panel member to remove."""
    db.executemany(INTERVIEW_UPSERT, [interview_values(r.interview) for r in records])
    if not fresh:
        for r in records:
            keep = [str(user_id) for user_id, _ in r.participants]
            _drop_other_participants(db, r.interview.interview_id, keep)
    db.executemany(
        PARTICIPANT_UPSERT,
        [v for r in records for v in participant_values(r.interview.interview_id, r.participants)],
    )
    db.executemany(FEEDBACK_UPSERT, [feedback_values(f) for r in records for f in r.feedback])


def put_feedback(db: sqlite3.Connection, feedback: list[Feedback]) -> None:
    db.executemany(FEEDBACK_UPSERT, [feedback_values(f) for f in feedback])


def read_interview(db: sqlite3.Connection, interview_id: uuid.UUID) -> Interview | None:
    row = db.execute(
        "SELECT * FROM interviews WHERE interview_id = ?", (str(interview_id),)
    ).fetchone()
    return interview_row(row) if row else None


def read_user(db: sqlite3.Connection, user_id: uuid.UUID) -> User | None:
    row = db.execute("SELECT * FROM users WHERE user_id = ?", (str(user_id),)).fetchone()
    return user_row(row) if row else None


def read_candidate(db: sqlite3.Connection, candidate_id: uuid.UUID) -> Candidate | None:
    row = db.execute(
        "SELECT * FROM candidates WHERE candidate_id = ?", (str(candidate_id),)
    ).fetchone()
    return candidate_row(row) if row else None


CANDIDATES_PER_QUERY = 500  # ids bound per IN (...) query


def read_candidates(db: sqlite3.Connection, keys: list[str]) -> dict[uuid.UUID, Candidate]:
    """The candidates of `keys` (ids as text) that exist, by id."""
    out: dict[uuid.UUID, Candidate] = {}
    for start in range(0, len(keys), CANDIDATES_PER_QUERY):
        part = keys[start : start + CANDIDATES_PER_QUERY]
        marks = ",".join("?" * len(part))
        for row in db.execute(f"SELECT * FROM candidates WHERE candidate_id IN ({marks})", part):
            candidate = candidate_row(row)
            out[candidate.candidate_id] = candidate
    return out


def read_ats(db: sqlite3.Connection, interview_id: uuid.UUID) -> AtsRecord | None:
    key = (str(interview_id),)
    row = db.execute("SELECT * FROM ats WHERE interview_id = ?", key).fetchone()
    return ats_row(row) if row else None


def read_participants(db: sqlite3.Connection, interview_id: uuid.UUID) -> list[Participant]:
    rows = db.execute(
        "SELECT p.interview_id, p.user_id, p.role, u.name, u.email, u.slack_handle, "
        "EXISTS (SELECT 1 FROM feedback f WHERE f.interview_id = p.interview_id "
        "AND f.user_id = p.user_id) AS has_feedback "
        "FROM participants p JOIN users u ON u.user_id = p.user_id "
        "WHERE p.interview_id = ? ORDER BY u.name, p.user_id",
        (str(interview_id),),
    ).fetchall()
    return [participant_row(r) for r in rows]


def read_feedback(db: sqlite3.Connection, interview_id: uuid.UUID) -> list[Feedback]:
    rows = db.execute(
        "SELECT * FROM feedback WHERE interview_id = ? ORDER BY submitted_at, user_id",
        (str(interview_id),),
    ).fetchall()
    return [feedback_row(r) for r in rows]


def _uuid_or_none(text: str | None) -> uuid.UUID | None:
    return uuid.UUID(text) if text else None


def put_record_audit(
    db: sqlite3.Connection,
    table: str,
    key_column: str,
    key: uuid.UUID,
    at: datetime,
    actor_id: uuid.UUID | None,
    action: str,
    before: str | None,
    after: str | None,
) -> None:
    """One row of a record's audit trail (`profile_audit`, `job_audit`, `application_audit`:
    the record's id, when, who, what, the text before and after); `table` and `key_column` are
    this module's own names, never input."""
    db.execute(
        f"INSERT INTO {table} ({key_column}, at, actor_id, action, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (str(key), time_text(at), str(actor_id) if actor_id else None, action, before, after),
    )


def put_audit(db: sqlite3.Connection, entry: AuditEntry) -> None:
    db.execute(
        "INSERT INTO audit (interview_id, at, actor_id, action, subject_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            str(entry.interview_id),
            time_text(entry.at),
            str(entry.actor_id) if entry.actor_id else None,
            entry.action.value,
            str(entry.subject_id) if entry.subject_id else None,
            entry.before,
            entry.after,
        ),
    )


def read_audit(db: sqlite3.Connection, interview_id: uuid.UUID) -> list[AuditEntry]:
    rows = db.execute(
        "SELECT * FROM audit WHERE interview_id = ? ORDER BY id", (str(interview_id),)
    ).fetchall()
    return [
        AuditEntry(
            uuid.UUID(r["interview_id"]),
            text_time(r["at"]),
            _uuid_or_none(r["actor_id"]),
            AuditAction(r["action"]),
            _uuid_or_none(r["subject_id"]),
            r["before"],
            r["after"],
        )
        for r in rows
    ]
