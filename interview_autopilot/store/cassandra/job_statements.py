"""The CQL text of the jobs' statements (prepared once with the rest of `statements.CQL`)."""

from __future__ import annotations

_JOB = (
    "title, title_key, department, location, hiring_manager_id, recruiter_id, status, "
    "closed_year, version, created_at"
)
_SET = ", ".join(f"{c} = ?" for c in _JOB.split(", "))
_COPY = "title, department, location, hiring_manager_id, recruiter_id"

JOB_CQL: dict[str, str] = {
    "job": "SELECT * FROM {ks}.jobs_by_id WHERE job_id = ?",
    # the job's fields, IF the version read (null for a new job: no partition yet)
    "job_cas": f"UPDATE {{ks}}.jobs_by_id SET {_SET} WHERE job_id = ? IF version = ?",
    "job_new": f"INSERT INTO {{ks}}.jobs_by_id (job_id, {_JOB}) "
    f"VALUES (?, {', '.join('?' for _ in _JOB.split(', '))}) IF NOT EXISTS",
    "job_stage_put": "INSERT INTO {ks}.jobs_by_id (job_id, stage_no, stage_name, "
    "duration_minutes, panel, kit) VALUES (?, ?, ?, ?, ?, ?)",
    "job_stage_del": "DELETE FROM {ks}.jobs_by_id WHERE job_id = ? AND stage_no = ?",
    "jobs_in": f"SELECT job_id, {_COPY} FROM {{ks}}.jobs_by_status "
    "WHERE status = ? AND closed_year = ?",
    "job_copy_put": f"INSERT INTO {{ks}}.jobs_by_status (status, closed_year, title_key, job_id, "
    f"{_COPY}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
    "job_copy_del": "DELETE FROM {ks}.jobs_by_status USING TIMESTAMP ? WHERE status = ? "
    "AND closed_year = ? AND title_key = ? AND job_id = ?",
    "job_title_get": "SELECT job_id FROM {ks}.jobs_by_title WHERE title_key = ?",
    "job_title_claim": "INSERT INTO {ks}.jobs_by_title (title_key, job_id) VALUES (?, ?) "
    "IF NOT EXISTS",
    "job_title_move": "UPDATE {ks}.jobs_by_title SET job_id = ? WHERE title_key = ? IF job_id = ?",
    "job_title_drop": "DELETE FROM {ks}.jobs_by_title WHERE title_key = ? IF job_id = ?",
    "job_audit_put": "INSERT INTO {ks}.job_audit_by_job (job_id, at, change_id, actor_id, "
    "action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "job_audit": "SELECT * FROM {ks}.job_audit_by_job WHERE job_id = ?",
    # the doctor and the move from free-text titles: full reads, paged by the driver
    "job_all": "SELECT job_id, title_key, title, department, location, hiring_manager_id, "
    "recruiter_id, status, closed_year FROM {ks}.jobs_by_id PER PARTITION LIMIT 1",
    "job_copies_all": "SELECT status, closed_year, title_key, job_id, title, department, "
    "location, hiring_manager_id, recruiter_id FROM {ks}.jobs_by_status",
    "interview_titles_all": "SELECT job_title FROM {ks}.interviews_by_id PER PARTITION LIMIT 1",
}

JOB_NOT_IDEMPOTENT = frozenset(
    {"job_cas", "job_new", "job_title_claim", "job_title_move", "job_title_drop"}
)
