"""The CQL text of the interview kits' statements (prepared once with the rest of
`statements.CQL`)."""

from __future__ import annotations

KIT_CQL: dict[str, str] = {
    "stage_link_put": "INSERT INTO {ks}.interview_stage_by_interview (interview_id, job_id, "
    "stage_name) VALUES (?, ?, ?)",
    "stage_link_get": "SELECT job_id, stage_name FROM {ks}.interview_stage_by_interview "
    "WHERE interview_id = ?",
    "stage_link_del": "DELETE FROM {ks}.interview_stage_by_interview WHERE interview_id = ?",
}
