"""The doctor as a `Store` method on Cassandra: the unfinished changes rolled forward first (on
repair), the interviews' copies and counts (doctor.py), then the jobs' and applications' copies,
the decisions carried onto interviews and the interviews' stage links. A mixin of
CassandraStore."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, cast

from ...core.models import DoctorReport
from .. import interview_decisions
from ..base import Store
from . import doctor
from .agreement import ApplicationCalls
from .connection import driver_errors
from .session import PreparedSession
from .sweeper import STARTUP_SPAN


class DoctorChecks:
    """Needs the store's session, its roll-forward and the checks of its jobs, applications
    and stage links (see CassandraStore)."""

    _db: PreparedSession
    roll_forward_pending: Callable[[timedelta], int]
    application_calls: Callable[[], ApplicationCalls]

    if TYPE_CHECKING:  # the store's own checks (a stub here would shadow them)

        def job_problems(self, repair: bool = False) -> list[str]: ...

        def application_problems(self, repair: bool = False) -> list[str]: ...

        def stage_link_problems(self, repair: bool = False) -> tuple[list[str], int]: ...

    @driver_errors
    def doctor(
        self, repair: bool = False, progress: Callable[[str], None] | None = None
    ) -> DoctorReport:
        if repair:  # first finish what writers left (their counts must not count twice)
            self.roll_forward_pending(STARTUP_SPAN)
        report = doctor.run(self._db, repair, progress, self.application_calls())
        for line in [*self.job_problems(repair), *self.application_problems(repair)]:
            report.problems.append(line)  # job and application copies, application counts
            if progress:
                progress(line)
        store = cast(Store, self)  # the whole store this mixin is part of
        lines, carried = interview_decisions.carry(store, repair)  # decisions on interviews
        links, dropped = self.stage_link_problems(repair)  # interview -> job stage
        for line in [*lines, *links]:
            report.problems.append(line)
            if progress:
                progress(line)
        report.repaired += carried + dropped
        return report
