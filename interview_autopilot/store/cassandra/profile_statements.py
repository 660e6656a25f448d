"""The CQL of a profile's conditional change (users and candidates): the profile, its version
and its last change in one lightweight transaction, and the candidate's search rows written at
the version's timestamp (see profile_versions)."""

from __future__ import annotations

CHANGE = "change_at, change_id, change_actor, change_action, change_before, change_after"
_FIELDS = {
    "user": "name, email, role, slack_handle, other_roles, admin, active, time_zone, working_hours",
    "candidate": "name, email, resume_text, links",
}


def _cas(kind: str) -> str:
    sets = ", ".join(f"{c} = ?" for c in f"{_FIELDS[kind]}, version, {CHANGE}".split(", "))
    # `email = ?` as well: a row deleted meanwhile has no email (and a row from before
    # versions has a null version), so the change never brings a deleted profile back
    return f"UPDATE {{ks}}.{kind}s SET {sets} WHERE {kind}_id = ? IF version = ? AND email = ?"


def _new(kind: str) -> str:
    columns = f"{kind}_id, {_FIELDS[kind]}, version, {CHANGE}"
    marks = ", ".join("?" for _ in columns.split(", "))
    return f"INSERT INTO {{ks}}.{kind}s ({columns}) VALUES ({marks}) IF NOT EXISTS"


PROFILE_CQL: dict[str, str] = {
    **{f"cas_{kind}": _cas(kind) for kind in _FIELDS},
    **{f"new_{kind}": _new(kind) for kind in _FIELDS},
    "profile_audit_get": "SELECT change_id FROM {ks}.profile_audit_by_person "
    "WHERE person_id = ? AND at = ? AND change_id = ?",
    # a candidate's search rows at the timestamp of the profile version they belong to
    "prefix_put_at": "INSERT INTO {ks}.candidates_by_token (head, shard, folded, candidate_id) "
    "VALUES (?, ?, ?, ?) USING TIMESTAMP ?",
    "prefix_del_at": "DELETE FROM {ks}.candidates_by_token USING TIMESTAMP ? WHERE head = ? "
    "AND shard = ? AND folded = ? AND candidate_id = ?",
    # a change of copied fields whose interview copies may lag: the sweeper's index
    "profile_change_put": "INSERT INTO {ks}.profile_changes_by_bucket (bucket, person_id, kind, "
    "version) VALUES (?, ?, ?, ?) USING TIMESTAMP ?",
    "profile_change_del": "DELETE FROM {ks}.profile_changes_by_bucket USING TIMESTAMP ? "
    "WHERE bucket = ? AND person_id = ? AND kind = ? AND version = ?",
    "profile_changes_in_bucket": "SELECT person_id, kind, version "
    "FROM {ks}.profile_changes_by_bucket WHERE bucket = ?",
}

PROFILE_NOT_IDEMPOTENT = frozenset(f"{verb}_{kind}" for verb in ("cas", "new") for kind in _FIELDS)
