"""The CQL text of every statement the Cassandra store prepares, one per query shape."""

from __future__ import annotations

_SUMMARY = (
    "candidate_name, job_title, recruiter_name, feedback_count, participant_count, recommendation"
)

# One entry per query shape; `{ks}` is the validated keyspace. `?` markers: prepared only.
CQL: dict[str, str] = {
    # reads
    "user": "SELECT * FROM {ks}.users WHERE user_id = ?",
    "candidate": "SELECT * FROM {ks}.candidates WHERE candidate_id = ?",
    "interview": "SELECT * FROM {ks}.interviews_by_id WHERE interview_id = ?",
    "any_interview": "SELECT interview_id FROM {ks}.interviews_by_id LIMIT 1",
    "participants": "SELECT * FROM {ks}.interview_participants_by_interview WHERE interview_id = ?",
    "feedback_all": "SELECT * FROM {ks}.feedback_by_interview WHERE interview_id = ?",
    "feedback_one": "SELECT * FROM {ks}.feedback_by_interview "
    "WHERE interview_id = ? AND user_id = ?",
    "ats": "SELECT * FROM {ks}.ats_by_interview WHERE interview_id = ?",
    "buckets": "SELECT bucket FROM {ks}.interview_buckets_by_status WHERE status = ?",
    "page_first": "SELECT * FROM {ks}.interviews_by_status WHERE status = ? AND bucket = ? LIMIT ?",
    "page_after": "SELECT * FROM {ks}.interviews_by_status WHERE status = ? AND bucket = ? "
    "AND (scheduled_start, interview_id) < (?, ?) LIMIT ?",
    "count_bucket": "SELECT COUNT(*) AS n FROM {ks}.interviews_by_status "
    "WHERE status = ? AND bucket = ?",
    "by_candidate": "SELECT * FROM {ks}.interviews_by_candidate WHERE candidate_id = ?",
    "by_user": "SELECT * FROM {ks}.interviews_by_user WHERE user_id = ?",
    "by_recruiter": "SELECT interview_id FROM {ks}.interview_ids_by_recruiter "
    "WHERE recruiter_id = ?",
    "by_user_any": "SELECT interview_id FROM {ks}.interviews_by_user WHERE user_id = ? LIMIT 1",
    "by_recruiter_any": "SELECT interview_id FROM {ks}.interview_ids_by_recruiter "
    "WHERE recruiter_id = ? LIMIT 1",
    "by_candidate_any": "SELECT interview_id FROM {ks}.interviews_by_candidate "
    "WHERE candidate_id = ? LIMIT 1",
    # writes (all idempotent: fixed values, no counters, no list appends)
    "put_user": "INSERT INTO {ks}.users (user_id, name, email, role, slack_handle) "
    "VALUES (?, ?, ?, ?, ?)",
    "del_user": "DELETE FROM {ks}.users WHERE user_id = ?",
    "del_candidate": "DELETE FROM {ks}.candidates WHERE candidate_id = ?",
    "put_candidate": "INSERT INTO {ks}.candidates (candidate_id, name, email, resume_text) "
    "VALUES (?, ?, ?, ?)",
    "put_interview": "INSERT INTO {ks}.interviews_by_id (interview_id, candidate_id, recruiter_id, "
    "job_title, scheduled_start, scheduled_end, status, video_link) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "del_interview": "DELETE FROM {ks}.interviews_by_id WHERE interview_id = ?",
    "put_participant": "INSERT INTO {ks}.interview_participants_by_interview (interview_id, "
    "user_id, role, name, email, slack_handle) VALUES (?, ?, ?, ?, ?, ?)",
    "del_participant": "DELETE FROM {ks}.interview_participants_by_interview "
    "WHERE interview_id = ? AND user_id = ?",
    "del_participants": "DELETE FROM {ks}.interview_participants_by_interview "
    "WHERE interview_id = ?",
    "put_feedback": "INSERT INTO {ks}.feedback_by_interview (interview_id, user_id, decision, "
    "comment, submitted_at) VALUES (?, ?, ?, ?, ?)",
    "del_feedback": "DELETE FROM {ks}.feedback_by_interview WHERE interview_id = ? AND user_id = ?",
    "del_feedback_all": "DELETE FROM {ks}.feedback_by_interview WHERE interview_id = ?",
    "put_ats": "INSERT INTO {ks}.ats_by_interview (interview_id, status, recommendation, "
    "summary, updated_at) VALUES (?, ?, ?, ?, ?)",
    "del_ats": "DELETE FROM {ks}.ats_by_interview WHERE interview_id = ?",
    "put_by_status": "INSERT INTO {ks}.interviews_by_status (status, bucket, scheduled_start, "
    f"interview_id, {_SUMMARY}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "del_by_status": "DELETE FROM {ks}.interviews_by_status WHERE status = ? AND bucket = ? "
    "AND scheduled_start = ? AND interview_id = ?",
    "put_bucket": "INSERT INTO {ks}.interview_buckets_by_status (status, bucket) VALUES (?, ?)",
    "put_by_candidate": "INSERT INTO {ks}.interviews_by_candidate (candidate_id, "
    f"scheduled_start, interview_id, status, {_SUMMARY}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "del_by_candidate": "DELETE FROM {ks}.interviews_by_candidate WHERE candidate_id = ? "
    "AND scheduled_start = ? AND interview_id = ?",
    "put_by_user": "INSERT INTO {ks}.interviews_by_user (user_id, scheduled_start, interview_id, "
    f"status, {_SUMMARY}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "del_by_user": "DELETE FROM {ks}.interviews_by_user WHERE user_id = ? "
    "AND scheduled_start = ? AND interview_id = ?",
    "put_by_recruiter": "INSERT INTO {ks}.interview_ids_by_recruiter (recruiter_id, "
    "interview_id) VALUES (?, ?)",
    "del_by_recruiter": "DELETE FROM {ks}.interview_ids_by_recruiter WHERE recruiter_id = ? "
    "AND interview_id = ?",
}
