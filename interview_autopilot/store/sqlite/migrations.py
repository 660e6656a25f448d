"""The ordered schema steps of a SQLite file, recorded in its `PRAGMA user_version` (the number
of steps applied). Opening the store applies the missing ones, each in its own transaction
with the version it reaches, so a file is always at one step or the next.

A file made before the steps were numbered (version 0, with the app's tables) is adopted: each
step whose traces are all there (`present`) is taken as done, the others run, then the file is
at the last version. A file at a version above the last step was written by a newer app and is
refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ...core.errors import ConfigError
from . import (
    aggregates,
    applications,
    availability,
    booking_links,
    calibration_sums,
    candidate_messages,
    counts,
    decision_against,
    feedback_times,
    filtered,
    hiring,
    jobs,
    kits,
    message_templates,
    outbox,
    profile_writes,
    reminder_log,
    search,
)
from .rows import SCHEMA


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[sqlite3.Connection], None]  # inside the step's transaction
    present: Callable[[sqlite3.Connection], bool]  # for adopting an unnumbered file


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
    )


def _has_index(db: sqlite3.Connection, name: str) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
        ).fetchone()
    )


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (table,))}


def _script(db: sqlite3.Connection, script: str) -> None:
    for statement in counts.statements(script):
        db.execute(statement)


STEPS: tuple[Step, ...] = (
    Step("tables", lambda db: _script(db, SCHEMA), lambda db: _has_table(db, "interviews")),
    Step(
        "hiring decision columns",
        hiring.add_columns,
        lambda db: all(set(hiring.COLUMNS) <= _columns(db, t) for t in hiring.TABLES),
    ),
    Step(
        "candidate search",
        search.create_and_fill,
        lambda db: _has_table(db, "candidate_prefixes"),
    ),
    Step("insights index", aggregates.create, lambda db: _has_index(db, "interviews_by_start")),
    Step("status counts", counts.create_and_fill, lambda db: _has_table(db, "status_counts")),
    Step(
        "list filters",
        filtered.add_job_key,
        lambda db: "job_key" in _columns(db, "interviews") and _has_index(db, "interviews_by_job"),
    ),
    Step("people directory", profile_writes.add_directory, profile_writes.directory_present),
    Step("jobs and interview plans", jobs.add_jobs, jobs.jobs_present),
    Step(
        "applications",
        applications.add_applications,
        applications.applications_present,
    ),
    Step("autopilot outbox", outbox.add_outbox, outbox.outbox_present),
    Step("interview kits and scorecards", kits.add_kits, kits.kits_present),
    Step(
        "decisions against the recommendation",
        decision_against.add_columns,
        decision_against.columns_present,
    ),
    Step(
        "reminders by interview",
        reminder_log.add_reminder_log,
        reminder_log.reminder_log_present,
    ),
    Step(
        "messages by candidate",
        candidate_messages.add_candidate_messages,
        candidate_messages.candidate_messages_present,
    ),
    Step(
        "candidate email templates",
        message_templates.add_message_templates,
        message_templates.message_templates_present,
    ),
    Step(
        "busy blocks, interview limits and pools",
        availability.add_availability,
        availability.availability_present,
    ),
    Step(
        "self-scheduling links",
        booking_links.add_booking_links,
        booking_links.booking_links_present,
    ),
    Step(
        "first submissions and reminders sent",
        feedback_times.add_feedback_times,
        feedback_times.feedback_times_present,
    ),
    Step(
        "calibration sums",
        calibration_sums.add_calibration_sums,
        calibration_sums.calibration_sums_present,
    ),
    Step(
        "applications by job and stage",
        applications.add_stage_index,
        applications.stage_index_present,
    ),
    Step(
        "calibration marks an application's interviews by candidate",
        calibration_sums.mark_applications_by_candidate,
        calibration_sums.applications_marked_by_candidate,
    ),
)


def version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def status(db: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(number, name, 'applied' | 'pending' | 'pending (present: adopted)') per step; reads only."""
    done = version(db)
    adopting = done == 0 and _has_table(db, "interviews")
    out = []
    for number, step in enumerate(STEPS, start=1):
        if number <= done:
            state = "applied"
        elif adopting and step.present(db):
            state = "pending (present: recorded when the store opens)"
        else:
            state = "pending"
        out.append((number, step.name, state))
    return out


def require_current(db: sqlite3.Connection) -> None:
    """Refuse (ConfigError) a file opened read-only whose schema is not this app's version:
    nothing may be written to it to bring it up to date."""
    done = version(db)
    if done != len(STEPS):
        raise ConfigError(
            f"The SQLite file is at schema version {done}, not this app's {len(STEPS)}, and it "
            "is opened read-only: open it once with this app (or `schema apply` with "
            "SQLITE_PATH set to it) first."
        )


def apply(db: sqlite3.Connection) -> list[str]:
    """Run the missing steps in order (the connection in autocommit mode); returns their names."""
    done = version(db)
    if done > len(STEPS):
        raise ConfigError(
            f"The SQLite file at SQLITE_PATH is at schema version {done}, newer than this app's "
            f"{len(STEPS)}: run the newer app, or point SQLITE_PATH elsewhere."
        )
    adopting = done == 0 and _has_table(db, "interviews")
    ran = []
    for number, step in enumerate(STEPS, start=1):
        if number <= done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if version(db) < number:  # another process may have run it meanwhile
                if not (adopting and step.present(db)):
                    step.run(db)
                    ran.append(step.name)
                db.execute(f"PRAGMA user_version = {number}")  # a number, not input
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return ran
