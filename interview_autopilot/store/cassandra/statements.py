"""The CQL text of every statement the Cassandra store prepares, one per query shape.

`{ks}` is the validated keyspace; `?` markers are for prepared statements only. Copies are
written `USING TIMESTAMP ?` (the source version), so an older copy batch can never win.
"""

from __future__ import annotations

from .application_statements import APPLICATION_CQL, APPLICATION_NOT_IDEMPOTENT
from .availability_statements import AVAILABILITY_CQL, AVAILABILITY_NOT_IDEMPOTENT
from .booking_link_statements import BOOKING_LINK_CQL, BOOKING_LINK_NOT_IDEMPOTENT
from .candidate_message_statements import CANDIDATE_MESSAGES_CQL
from .job_statements import JOB_CQL, JOB_NOT_IDEMPOTENT
from .kit_statements import KIT_CQL
from .load_claim_statements import LOAD_CQL, LOAD_NOT_IDEMPOTENT
from .message_template_statements import MESSAGE_TEMPLATES_CQL, MESSAGE_TEMPLATES_NOT_IDEMPOTENT
from .outbox_statements import OUTBOX_CQL, OUTBOX_NOT_IDEMPOTENT
from .person_window_statements import PERSON_WINDOW_CQL
from .profile_statements import PROFILE_CQL, PROFILE_NOT_IDEMPOTENT
from .reminder_log_statements import REMINDER_LOG_CQL, REMINDER_LOG_NOT_IDEMPOTENT
from .seat_statements import SEAT_CQL, SEAT_NOT_IDEMPOTENT

SUMMARY = (
    "candidate_name, job_title, recruiter_name, feedback_count, participant_count, recommendation"
)
HIRING = "hiring_call, hiring_reason, hiring_by, hiring_at"
_STATIC = (
    "candidate_id, recruiter_id, job_title, scheduled_start, scheduled_end, status, video_link, "
    f"ats_at, {HIRING}"
)
STATIC_COLUMNS = tuple(_STATIC.split(", "))  # the source's statics after `version`

# The list walk's reads (lists.py): day counts, then day pages, and the counts of the lists
# split at now; `filter_*` are the same on
# interviews_by_filter, keyed by (kind, value, status) instead of status, without `moved`
# (interview_counts_by_filter has none: a filtered upcoming read slices over moved rows).
_WALK: dict[str, str] = {
    "counts_from_desc": "SELECT bucket, n FROM {ks}.interview_counts_by_bucket "
    "WHERE status = ? AND bucket <= ? LIMIT ?",
    "counts_after_desc": "SELECT bucket, n FROM {ks}.interview_counts_by_bucket "
    "WHERE status = ? AND bucket < ? LIMIT ?",
    "counts_from_asc": "SELECT bucket, n, moved, moved_early "
    "FROM {ks}.interview_counts_by_bucket "
    "WHERE status = ? AND bucket >= ? ORDER BY bucket ASC LIMIT ?",
    "counts_after_asc": "SELECT bucket, n, moved, moved_early "
    "FROM {ks}.interview_counts_by_bucket "
    "WHERE status = ? AND bucket > ? ORDER BY bucket ASC LIMIT ?",
    "page_desc": "SELECT * FROM {ks}.interviews_by_status WHERE status = ? AND bucket = ? "
    "AND (scheduled_start, interview_id) < (?, ?) LIMIT ?",
    "page_asc": "SELECT * FROM {ks}.interviews_by_status WHERE status = ? AND bucket = ? "
    "AND (scheduled_start, interview_id) > (?, ?) "
    "ORDER BY scheduled_start ASC, interview_id ASC LIMIT ?",
    # the counts of the upcoming and past-due lists: the days after now's, then now's day
    # counted from now on (past its rows that moved on as the day went by)
    "counts_later": "SELECT bucket, n FROM {ks}.interview_counts_by_bucket "
    "WHERE status = ? AND bucket > ?",
    "count_after": "SELECT COUNT(*) AS n FROM {ks}.interviews_by_status WHERE status = ? "
    "AND bucket = ? AND (scheduled_start, interview_id) > (?, ?)",
    "count_at": "SELECT COUNT(*) AS n FROM {ks}.interviews_by_status WHERE status = ? "
    "AND bucket = ? AND scheduled_start = ?",
}

CQL: dict[str, str] = {
    # --- reads -------------------------------------------------------------------------
    **_WALK,
    "user": "SELECT * FROM {ks}.users WHERE user_id = ?",
    "candidate": "SELECT * FROM {ks}.candidates WHERE candidate_id = ?",
    "source": "SELECT * FROM {ks}.interviews_by_id WHERE interview_id = ?",
    "any_interview": "SELECT interview_id, status FROM {ks}.interviews_by_id LIMIT 20",
    "ats": "SELECT * FROM {ks}.ats_by_interview WHERE interview_id = ?",
    "audit": "SELECT * FROM {ks}.audit_by_interview WHERE interview_id = ?",
    "status_counts": "SELECT status, n FROM {ks}.interview_counts_by_status",
    "insight_slice": "SELECT a, b, n FROM {ks}.insight_counts_by_chart "
    "WHERE chart = ? AND period = ? AND a >= ? AND a < ?",
    "insight_all": "SELECT a, b, n FROM {ks}.insight_counts_by_chart "
    "WHERE chart = ? AND period = ?",
    # the list filtered by recruiter or job title: the same walk over interviews_by_filter
    **{
        f"filter_{name}": text.replace("interview_counts_by_bucket", "interview_counts_by_filter")
        .replace("interviews_by_status", "interviews_by_filter")
        .replace("WHERE status = ?", "WHERE kind = ? AND value = ? AND status = ?")
        .replace("n, moved, moved_early", "n")
        for name, text in _WALK.items()
    },
    "filter_counts_all": "SELECT n FROM {ks}.interview_counts_by_filter "
    "WHERE kind = ? AND value = ? AND status = ?",
    # scheduled interviews that start in a window (past due: before now; upcoming: a day with
    # many moved rows), found through the SAI indexes of the source's status and start
    # (cql/schema.cql), then read as list rows
    "past_due_ids": "SELECT interview_id, scheduled_start FROM {ks}.interviews_by_id "
    "WHERE status = 'scheduled' AND scheduled_start >= ? AND scheduled_start <= ? "
    "PER PARTITION LIMIT 1 LIMIT ?",
    "list_row": "SELECT * FROM {ks}.interviews_by_status WHERE status = ? AND bucket = ? "
    "AND scheduled_start = ? AND interview_id = ?",
    "by_candidate": "SELECT * FROM {ks}.interviews_by_candidate WHERE candidate_id = ?",
    # a person's interviews, a month at a time, newest month first
    "months_of": "SELECT month FROM {ks}.interview_months_by_person "
    "WHERE person_id = ? AND kind = ?",
    "by_user": "SELECT * FROM {ks}.interviews_by_user_month WHERE user_id = ? AND month = ?",
    "by_recruiter": "SELECT interview_id FROM {ks}.interview_ids_by_recruiter_month "
    "WHERE recruiter_id = ? AND month = ?",
    "by_user_any": "SELECT interview_id FROM {ks}.interviews_by_user_month "
    "WHERE user_id = ? AND month = ? LIMIT 1",
    "by_recruiter_any": "SELECT interview_id FROM {ks}.interview_ids_by_recruiter_month "
    "WHERE recruiter_id = ? AND month = ? LIMIT 1",
    "by_candidate_any": "SELECT interview_id FROM {ks}.interviews_by_candidate "
    "WHERE candidate_id = ? LIMIT 1",
    "users_limited": "SELECT * FROM {ks}.users LIMIT ?",
    "candidates_limited": "SELECT * FROM {ks}.candidates LIMIT ?",
    # --- profiles (own rows; their copies follow through the interviews' transitions) --
    "put_user": "INSERT INTO {ks}.users (user_id, name, email, role, slack_handle, other_roles, "
    "admin, active, time_zone, working_hours) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "del_user": "DELETE FROM {ks}.users WHERE user_id = ?",
    "put_candidate": "INSERT INTO {ks}.candidates (candidate_id, name, email, resume_text, links) "
    "VALUES (?, ?, ?, ?, ?)",
    # --- the people directory: who owns an email (claimed conditionally), profile audit --
    **{
        f"{kind}_email_{verb}": text.format(table=f"{kind}s_by_email", id=f"{kind}_id")
        for kind in ("user", "candidate")
        for verb, text in {
            "get": "SELECT {id}, claimed_at FROM {{ks}}.{table} WHERE email_key = ?",
            "claim": "INSERT INTO {{ks}}.{table} (email_key, {id}, claimed_at) VALUES (?, ?, ?) "
            "IF NOT EXISTS",
            "move": "UPDATE {{ks}}.{table} SET {id} = ?, claimed_at = ? WHERE email_key = ? "
            "IF {id} = ?",
            "drop": "DELETE FROM {{ks}}.{table} WHERE email_key = ? IF {id} = ?",
            # the tools' writes (sample, migrate, bulk loads): data whose emails are unique
            "put": "INSERT INTO {{ks}}.{table} (email_key, {id}, claimed_at) VALUES (?, ?, ?)",
        }.items()
    },
    "put_profile_audit": "INSERT INTO {ks}.profile_audit_by_person (person_id, at, change_id, "
    "actor_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "profile_audit": "SELECT * FROM {ks}.profile_audit_by_person WHERE person_id = ?",
    "del_candidate": "DELETE FROM {ks}.candidates WHERE candidate_id = ?",
    "prefix_put": "INSERT INTO {ks}.candidates_by_token (head, shard, folded, candidate_id) "
    "VALUES (?, ?, ?, ?)",
    "prefix_del": "DELETE FROM {ks}.candidates_by_token WHERE head = ? AND shard = ? "
    "AND folded = ? AND candidate_id = ?",
    "prefix_find": "SELECT folded, candidate_id FROM {ks}.candidates_by_token "
    "WHERE head = ? AND shard = ? AND folded >= ? AND folded < ? LIMIT ?",
    "prefix_get": "SELECT candidate_id FROM {ks}.candidates_by_token "
    "WHERE head = ? AND shard = ? AND folded = ? AND candidate_id = ?",
    # --- the source: one conditional batch per change ----------------------------------
    "cas_source": f"UPDATE {{ks}}.interviews_by_id SET version = ?, "
    f"{', '.join(c + ' = ?' for c in _STATIC.split(', '))}, "
    "pending_version = ?, pending_change = ?, pending_owner = ? "
    "WHERE interview_id = ? IF version = ?",
    # --- a change to finish (pending.py): taken over, cleared, found by the sweeper -------
    "take_pending": "UPDATE {ks}.interviews_by_id SET pending_owner = ? "
    "WHERE interview_id = ? IF pending_version = ? AND pending_owner = ?",
    # finished: an empty pending_change (a live cell, where nulls would leave three tombstone
    # cells that every read of the partition meets; the next change overwrites all three)
    "clear_pending": "UPDATE {ks}.interviews_by_id SET pending_change = '' "
    "WHERE interview_id = ? IF pending_version = ?",
    "put_pending_index": "INSERT INTO {ks}.pending_changes_by_bucket (bucket, interview_id, "
    "version) VALUES (?, ?, ?) USING TIMESTAMP ?",
    "del_pending_index": "DELETE FROM {ks}.pending_changes_by_bucket USING TIMESTAMP ? "
    "WHERE bucket = ? AND interview_id = ? AND version = ?",
    "pending_in_bucket": "SELECT interview_id, version FROM {ks}.pending_changes_by_bucket "
    "WHERE bucket = ?",
    "add_counted": "UPDATE {ks}.counted_changes SET n = n + 1 "
    "WHERE interview_id = ? AND version = ? AND part = ?",
    "counted": "SELECT part FROM {ks}.counted_changes WHERE interview_id = ? AND version = ?",
    "put_source": f"UPDATE {{ks}}.interviews_by_id SET version = ?, "
    f"{', '.join(c + ' = ?' for c in _STATIC.split(', '))} WHERE interview_id = ?",
    "put_member": "UPDATE {ks}.interviews_by_id SET role = ?, name = ?, email = ?, "
    "slack_handle = ?, decision = ?, comment = ?, submitted_at = ?, ratings = ?, "
    "first_at = ?, reminders_before = ? WHERE interview_id = ? AND user_id = ?",
    "del_member": "DELETE FROM {ks}.interviews_by_id WHERE interview_id = ? AND user_id = ?",
    # --- copies, at the source version's timestamp -------------------------------------
    "put_ats": "INSERT INTO {ks}.ats_by_interview (interview_id, status, recommendation, "
    f"summary, updated_at, {HIRING}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
    "del_ats": "DELETE FROM {ks}.ats_by_interview USING TIMESTAMP ? WHERE interview_id = ?",
    "put_by_status": "INSERT INTO {ks}.interviews_by_status (status, bucket, scheduled_start, "
    f"interview_id, {SUMMARY}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
    "del_by_status": "DELETE FROM {ks}.interviews_by_status USING TIMESTAMP ? WHERE status = ? "
    "AND bucket = ? AND scheduled_start = ? AND interview_id = ?",
    "put_by_candidate": "INSERT INTO {ks}.interviews_by_candidate (candidate_id, "
    f"scheduled_start, interview_id, status, {SUMMARY}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
    "del_by_candidate": "DELETE FROM {ks}.interviews_by_candidate USING TIMESTAMP ? "
    "WHERE candidate_id = ? AND scheduled_start = ? AND interview_id = ?",
    "put_by_user": "INSERT INTO {ks}.interviews_by_user_month (user_id, month, scheduled_start, "
    f"interview_id, status, {SUMMARY}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
    "del_by_user": "DELETE FROM {ks}.interviews_by_user_month USING TIMESTAMP ? "
    "WHERE user_id = ? AND month = ? AND scheduled_start = ? AND interview_id = ?",
    "put_by_recruiter": "INSERT INTO {ks}.interview_ids_by_recruiter_month (recruiter_id, "
    "month, interview_id) VALUES (?, ?, ?) USING TIMESTAMP ?",
    "del_by_recruiter": "DELETE FROM {ks}.interview_ids_by_recruiter_month USING TIMESTAMP ? "
    "WHERE recruiter_id = ? AND month = ? AND interview_id = ?",
    # shared by every interview of the person's month: written with each copy, never deleted
    "put_month": "INSERT INTO {ks}.interview_months_by_person (person_id, kind, month) "
    "VALUES (?, ?, ?) USING TIMESTAMP ?",
    "del_month": "DELETE FROM {ks}.interview_months_by_person USING TIMESTAMP ? "
    "WHERE person_id = ? AND kind = ? AND month = ?",
    "put_by_filter": "INSERT INTO {ks}.interviews_by_filter (kind, value, status, bucket, "
    f"scheduled_start, interview_id, {SUMMARY}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
    "del_by_filter": "DELETE FROM {ks}.interviews_by_filter USING TIMESTAMP ? WHERE kind = ? "
    "AND value = ? AND status = ? AND bucket = ? AND scheduled_start = ? AND interview_id = ?",
    "put_audit": "INSERT INTO {ks}.audit_by_interview (interview_id, version, at, actor_id, "
    "action, subject_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?",
    # --- counts (counter batches: never retried, repaired by the doctor) -----------------
    "add_bucket_count": "UPDATE {ks}.interview_counts_by_bucket SET n = n + ? "
    "WHERE status = ? AND bucket = ?",
    "add_bucket_count_moved": "UPDATE {ks}.interview_counts_by_bucket SET n = n + ?, "
    "moved = moved + ?, moved_early = moved_early + ? WHERE status = ? AND bucket = ?",
    "add_status_count": "UPDATE {ks}.interview_counts_by_status SET n = n + ? WHERE status = ?",
    "add_insight_count": "UPDATE {ks}.insight_counts_by_chart SET n = n + ? "
    "WHERE chart = ? AND period = ? AND a = ? AND b = ?",
    "add_filter_count": "UPDATE {ks}.interview_counts_by_filter SET n = n + ? "
    "WHERE kind = ? AND value = ? AND status = ? AND bucket = ?",
    # the doctor's repair of a partition no write uses any more (e.g. a month of load counters)
    **JOB_CQL,  # jobs and their interview plans
    **KIT_CQL,  # the job stage of an interview (its kit)
    **OUTBOX_CQL,  # the autopilot's outbox, its claims and switches
    **REMINDER_LOG_CQL,  # an interview's reminders: the clicks and the last per person
    **CANDIDATE_MESSAGES_CQL,  # the messages a candidate was sent
    **MESSAGE_TEMPLATES_CQL,  # the candidate emails' templates
    **APPLICATION_CQL,  # applications, their copies and counts
    **SEAT_CQL,  # a person's claims on their time, by day
    **LOAD_CQL,  # a person's claims on their interview limits, by week
    **AVAILABILITY_CQL,  # busy blocks by day, interview limits, interviewer pools
    **BOOKING_LINK_CQL,  # self-scheduling links
    **PERSON_WINDOW_CQL,  # a person's interviews in a window of start times
    **PROFILE_CQL,  # a profile's conditional change and its search rows
    "drop_insight_partition": "DELETE FROM {ks}.insight_counts_by_chart "
    "WHERE chart = ? AND period = ?",
}

# Statements that must not be retried blindly: counters add again on a replay.
NOT_IDEMPOTENT = frozenset(
    {
        "add_bucket_count",
        "add_bucket_count_moved",
        "add_status_count",
        "add_insight_count",
        "add_filter_count",
        "add_counted",
        "cas_source",
        "take_pending",
        "clear_pending",
        *(f"{k}_email_{v}" for k in ("user", "candidate") for v in ("claim", "move", "drop")),
        *JOB_NOT_IDEMPOTENT,
        *OUTBOX_NOT_IDEMPOTENT,
        *REMINDER_LOG_NOT_IDEMPOTENT,
        *MESSAGE_TEMPLATES_NOT_IDEMPOTENT,
        *APPLICATION_NOT_IDEMPOTENT,
        *SEAT_NOT_IDEMPOTENT,
        *LOAD_NOT_IDEMPOTENT,
        *AVAILABILITY_NOT_IDEMPOTENT,
        *BOOKING_LINK_NOT_IDEMPOTENT,
        *PROFILE_NOT_IDEMPOTENT,
    }
)
