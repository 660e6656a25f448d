"""An application as the Cassandra tables hold it: read from a row of applications_by_id (or
of a copy, which holds the same columns), and the state columns every table of it is written
with, in the order the statements name them (application_statements._STATE)."""

from __future__ import annotations

from cassandra.query import UNSET_VALUE

from ...core.applications import Application
from ...core.models import HiringCall, HiringDecision, Recommendation, to_utc
from .rows import Row


def opt(value: object) -> object:
    return UNSET_VALUE if value is None else value


def application_of(row: Row | None) -> Application | None:
    """The application a row holds (None: no row, or one without a version)."""
    if row is None or row.get("version") is None:
        return None
    decision = None
    if row["decision_call"]:
        decision = HiringDecision(
            HiringCall(row["decision_call"]),
            row["decision_reason"],
            row["decided_by"],
            to_utc(row["decided_at"]),
            Recommendation(row["decision_recommendation"])
            if row.get("decision_recommendation")
            else None,
            row.get("decision_against") or "",
        )
    return Application(
        row["application_id"],
        row["candidate_id"],
        row["job_id"],
        row["stage"],
        row["left_stage"],
        decision,
        row["version"],
        to_utc(row["created_at"]) if row["created_at"] else None,
        to_utc(row["updated_at"]) if row["updated_at"] else None,
    )


def state_of(a: Application) -> tuple[object, ...]:
    """The state columns of `a`, a value never set left unset (never bound as null)."""
    d = a.decision
    return (
        a.stage,
        opt(a.left_stage),
        opt(d.call.value if d else None),
        opt(d.reason if d else None),
        opt(d.decided_by if d else None),
        opt(d.decided_at if d else None),
        a.created_at,
        a.updated_at,
        a.version,
        # with a decision, both are bound ("" for none): a later decision clears an earlier's
        opt((d.recommendation.value if d.recommendation else "") if d else None),
        opt(d.against_reason if d else None),
    )
