"""The CQL text of the applications' statements (prepared once with the rest of
`statements.CQL`)."""

from __future__ import annotations

# the state every table of an application holds, in this order
_STATE = (
    "stage, left_stage, decision_call, decision_reason, decided_by, decided_at, created_at, "
    "updated_at, version, decision_recommendation, decision_against"
)
_MARKS = ", ".join("?" for _ in _STATE.split(", "))
_SET = ", ".join(f"{c} = ?" for c in _STATE.split(", "))
_PENDING = "pending_version = ?, pending_change = ?, pending_owner = ?"

APPLICATION_CQL: dict[str, str] = {
    "application": "SELECT * FROM {ks}.applications_by_id WHERE application_id = ?",
    # --- the source: one conditional write per change, the change recorded with it ----------
    "application_new": "INSERT INTO {ks}.applications_by_id (application_id, candidate_id, "
    f"job_id, {_STATE}, pending_version, pending_change, pending_owner) "
    f"VALUES (?, ?, ?, {_MARKS}, ?, ?, ?) IF NOT EXISTS",
    # a fresh bulk load's plain write (bulk_applications.py): what application_new writes
    "application_put": "INSERT INTO {ks}.applications_by_id (application_id, candidate_id, "
    f"job_id, {_STATE}, pending_version, pending_change) VALUES (?, ?, ?, {_MARKS}, ?, ?) "
    "USING TIMESTAMP ?",
    "application_cas": f"UPDATE {{ks}}.applications_by_id SET {_SET}, {_PENDING} "
    "WHERE application_id = ? IF version = ?",
    "application_take": "UPDATE {ks}.applications_by_id SET pending_owner = ? "
    "WHERE application_id = ? IF pending_version = ? AND pending_owner = ?",
    "application_clear": "UPDATE {ks}.applications_by_id SET pending_change = '' "
    "WHERE application_id = ? IF pending_version = ?",
    "application_index_put": "INSERT INTO {ks}.application_changes_by_bucket (bucket, "
    "application_id, version) VALUES (?, ?, ?) USING TIMESTAMP ?",
    "application_index_del": "DELETE FROM {ks}.application_changes_by_bucket USING TIMESTAMP ? "
    "WHERE bucket = ? AND application_id = ? AND version = ?",
    "application_index": "SELECT application_id, version FROM "
    "{ks}.application_changes_by_bucket WHERE bucket = ?",
    # --- the copies, at the version's timestamp --------------------------------------------
    "application_by_candidate_put": "INSERT INTO {ks}.applications_by_candidate (candidate_id, "
    f"job_id, application_id, {_STATE}) VALUES (?, ?, ?, {_MARKS}) USING TIMESTAMP ?",
    "application_by_job_put": "INSERT INTO {ks}.applications_by_job (job_id, week, "
    "application_id, candidate_id, stage, left_stage, decision_call, decision_reason, "
    "decided_by, decided_at, created_at, updated_at, version, decision_recommendation, "
    f"decision_against) VALUES (?, ?, ?, ?, {_MARKS}) USING TIMESTAMP ?",
    # a job's applications at a stage: the row of the stage it is at, that of the stage it left
    "application_by_stage_put": "INSERT INTO {ks}.applications_by_job_stage (job_id, week, "
    f"application_id, candidate_id, {_STATE}) VALUES (?, ?, ?, ?, {_MARKS}) USING TIMESTAMP ?",
    "application_by_stage_del": "DELETE FROM {ks}.applications_by_job_stage USING TIMESTAMP ? "
    "WHERE job_id = ? AND stage = ? AND week = ? AND created_at = ? AND application_id = ?",
    "application_audit_put": "INSERT INTO {ks}.application_audit_by_application "
    "(application_id, version, at, actor_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
    # --- the counts -----------------------------------------------------------------------
    # whether any application exists (a bulk load looks up application decisions only then)
    "application_any": "SELECT application_id FROM {ks}.applications_by_id LIMIT 1",
    "application_count_add": "UPDATE {ks}.application_counts_by_job SET n = n + ? "
    "WHERE job_id = ? AND kind = ? AND stage = ?",
    "application_week_add": "UPDATE {ks}.application_weeks_by_job_stage SET n = n + ? "
    "WHERE job_id = ? AND stage = ? AND week = ?",
    "application_counted_add": "UPDATE {ks}.counted_application_changes SET n = n + 1 "
    "WHERE application_id = ? AND version = ? AND part = ?",
    "application_counted": "SELECT part FROM {ks}.counted_application_changes "
    "WHERE application_id = ? AND version = ?",
    # --- reads ----------------------------------------------------------------------------
    "applications_of_candidate": "SELECT * FROM {ks}.applications_by_candidate "
    "WHERE candidate_id = ?",
    "applications_of_job": "SELECT * FROM {ks}.applications_by_job WHERE job_id = ? "
    "AND week = ? LIMIT ?",
    "application_weeks": "SELECT week, n FROM {ks}.application_weeks_by_job_stage "
    "WHERE job_id = ? AND stage = ?",
    "applications_of_stage": "SELECT * FROM {ks}.applications_by_job_stage WHERE job_id = ? "
    "AND stage = ? AND week = ? LIMIT ?",
    "application_counts": "SELECT kind, stage, n FROM {ks}.application_counts_by_job "
    "WHERE job_id = ?",
    "application_audit": "SELECT * FROM {ks}.application_audit_by_application "
    "WHERE application_id = ?",
    # the doctor: full reads, paged by the driver
    "application_all": "SELECT * FROM {ks}.applications_by_id",
    "application_by_candidate_all": "SELECT * FROM {ks}.applications_by_candidate",
    "application_by_job_all": "SELECT * FROM {ks}.applications_by_job",
    "application_counts_all": "SELECT job_id, kind, stage, n FROM {ks}.application_counts_by_job",
    "application_by_stage_all": "SELECT * FROM {ks}.applications_by_job_stage",
    "application_weeks_all": "SELECT job_id, stage, week, n FROM "
    "{ks}.application_weeks_by_job_stage",
}

APPLICATION_NOT_IDEMPOTENT = frozenset(
    {
        "application_new",
        "application_cas",
        "application_take",
        "application_clear",
        "application_count_add",
        "application_week_add",
        "application_counted_add",
    }
)
