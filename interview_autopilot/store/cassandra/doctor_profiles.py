"""The doctor's check of the profile audit trail: each person's and candidate's last change
(kept in the profile row by its conditional write) has its profile_audit_by_person row. A writer
that stopped between the two leaves it missing until the trail is next read or the profile next
changed; `repair` writes it. Memory stays bounded: a page of profiles at a time."""

from __future__ import annotations

from collections.abc import Callable

from ...core.models import DoctorReport
from .doctor_search import _pages, _scan
from .profile_versions import Kind, audit_statement, stored
from .session import PreparedSession


def check(
    db: PreparedSession, report: DoctorReport, problem: Callable[[str], None], repair: bool
) -> None:
    """Report (and with `repair`, write) the audit rows of recorded changes that are missing."""
    kinds: tuple[Kind, ...] = ("user", "candidate")
    for kind in kinds:
        for page in _pages(_scan(db, f"{kind}s")):
            changes = [
                (row[f"{kind}_id"], found.change)
                for row in page
                if (found := stored(kind, row)).change is not None
            ]
            futures = [
                db.session.execute_async(db.ps["profile_audit_get"], (pid, change[0], change[1]))
                for pid, change in changes
            ]
            missing = [
                (pid, change)
                for (pid, change), future in zip(changes, futures, strict=True)
                if future.result().one() is None
            ]
            for pid, change in missing:
                problem(f"profile_audit_by_person: {kind} {pid}: the change at {change[0]} missing")
            if repair:
                db.concurrent((audit_statement(db, pid, change), None) for pid, change in missing)
                report.repaired += len(missing)
