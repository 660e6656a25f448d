"""A profile change whose interview copies may lag behind it: found and finished by the sweeper.
A mixin of CassandraStore.

A change of a copied field (profile_versions.copied) is recorded in profile_changes_by_bucket
before the profile's conditional write, and forgotten once its writer carried it into the
interviews. A row still there after OWNER_SECONDS belongs to a writer that stopped (or lost its
conditional write and is gone): the sweeper reads the profile (serial: any write in flight is
completed) and, if that change or a later one stands, carries the profile as it now stands into
every interview that holds a copy of it, each through the interview's own conditional change
(a new version, its copies rewritten with current names), and writes the audit row of the
profile's last change (the same row again if it was written). Carrying a profile twice writes the
same names twice, so two sweepers, or a sweeper and a late writer, may both do it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from ...core.models import User
from . import profile_versions
from .pending import OWNER_SECONDS, at_version, buckets_back
from .rows import Row
from .session import PreparedSession
from .transitions import interview_ids

IN_FLIGHT = 64  # bucket partitions read at once (a week back is a thousand, nearly all empty)


class ProfileCopies:
    """Needs the store's session, its month lists and `_refresh_copies` (see CassandraStore)."""

    _db: PreparedSession
    _by_month: Callable[..., list[Row]]
    _refresh_copies: Callable[[list[uuid.UUID]], None]

    def roll_forward_profiles(self, span: timedelta) -> int:
        """Carry into their interviews the profile changes recorded in the last `span` whose
        writer is gone; forget the rows of changes carried or never applied. Returns how many
        profiles it carried."""
        carried = 0
        now = datetime.now(UTC)
        buckets = buckets_back(now, span)
        for start in range(0, len(buckets), IN_FLIGHT):
            chunk = buckets[start : start + IN_FLIGHT]
            futures = [self._db.future("profile_changes_in_bucket", b) for b in chunk]
            for bucket, future in zip(chunk, futures, strict=True):
                for row in future.result():
                    if (now - at_version(row["version"])).total_seconds() < OWNER_SECONDS:
                        continue  # its writer may still be at it
                    carried += self._carry(bucket, row)
        return carried

    def _carry(self, bucket: str, row: Row) -> int:
        kind, pid, version = row["kind"], row["person_id"], row["version"]
        found = profile_versions.read(self._db, kind, pid, serial=True)
        stands = found.profile is not None and (found.version or 0) >= version
        if found.profile is not None and stands:
            profile_versions.settle(self._db, pid, found)  # its audit row, if it stopped before
            self._refresh_copies(self._interviews_holding(found.profile))
        self._db.session.execute(
            self._db.ps["profile_change_del"], (version, bucket, pid, kind, version)
        )
        return int(stands)

    def _interviews_holding(self, profile: profile_versions.Profile) -> list[uuid.UUID]:
        """The interviews whose copies may hold an earlier version of `profile`: a person's as
        participant and as recruiter; a candidate's where the list copy shows another name."""
        if isinstance(profile, User):
            uid = profile.user_id
            return interview_ids(
                self._by_month("by_user", uid, "user")
                + self._by_month("by_recruiter", uid, "recruiter")
            )
        listed = self._db.rows("by_candidate", profile.candidate_id)
        return interview_ids([r for r in listed if r["candidate_name"] != profile.name])
