"""Users and candidates written in bulk on Cassandra (the upserts of an import or a load), and
deleted; a changed name carried into the copies of the interviews that hold it. A mixin of
CassandraStore."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable

from ...core import domain
from ...core.errors import ValidationError
from ...core.models import Candidate, User, utc_now
from ...core.people import email_key
from . import profile_versions, rows
from .connection import driver_errors
from .rows import InterviewState, Row
from .search import prefix_statements
from .session import PreparedSession
from .transitions import interview_ids, logged_batch


class PeopleWrites:
    """Needs the store's session, its conditional change, its month reads and the email
    claims (see CassandraStore)."""

    _db: PreparedSession
    _change: Callable[..., InterviewState | None]
    _by_month: Callable[..., list[Row]]
    _release: Callable[[str, str, uuid.UUID], None]

    @driver_errors
    def upsert_users(self, users: list[User]) -> None:
        users = domain.validate_users(users)
        before = self._db.get_many("user", [u.user_id for u in users], rows.user)
        now = utc_now()
        self._db.concurrent(
            [
                (self._db.ps["put_user"], rows.user_values(u))
                for u in users
                if u.user_id not in before
            ]
            + [(self._db.ps["user_email_put"], (email_key(u.email), u.user_id, now)) for u in users]
        )
        for u in users:  # a stored profile changes conditionally, its copies following it
            if u.user_id in before and before[u.user_id] != u:
                profile_versions.change(
                    self._db, u, actor=None, new=False, audit=False, follow=self._follow_profile
                )

    @driver_errors
    def upsert_candidates(self, candidates: list[Candidate]) -> None:
        candidates = domain.validate_candidates(candidates)
        before = self._db.get_many(
            "candidate", [c.candidate_id for c in candidates], rows.candidate
        )
        # A new profile row alone (a resume may reach 80 KB, over the 50 KB a batch may carry),
        # then its search rows together in one logged batch.
        added = [c for c in candidates if c.candidate_id not in before]
        now = utc_now()
        self._db.concurrent(
            [(self._db.ps["put_candidate"], rows.candidate_values(c)) for c in added]
            + [
                (self._db.ps["candidate_email_put"], (email_key(c.email), c.candidate_id, now))
                for c in candidates
            ]
        )
        searches = [prefix_statements(self._db.ps, None, c) for c in added]
        self._db.concurrent((logged_batch(rows_), None) for rows_ in searches if rows_)
        for c in candidates:  # a stored profile changes conditionally, its copies following it
            if c.candidate_id in before and before[c.candidate_id] != c:
                profile_versions.change(
                    self._db, c, actor=None, new=False, audit=False, follow=self._follow_profile
                )

    def _follow_profile(self, old: User | Candidate | None, new: User | Candidate) -> None:
        """Carry a changed name (a person's email and Slack handle too) into the interviews'
        copies that hold it (SQLite joins profiles at read time)."""
        ids: list[uuid.UUID] = []
        if isinstance(old, User) and isinstance(new, User):
            if (old.name, old.email, old.slack_handle) != (new.name, new.email, new.slack_handle):
                ids += interview_ids(self._by_month("by_user", new.user_id, "user"))
                if old.name != new.name:
                    ids += interview_ids(self._by_month("by_recruiter", new.user_id, "recruiter"))
        elif isinstance(old, Candidate) and isinstance(new, Candidate) and old.name != new.name:
            ids += interview_ids(self._db.rows("by_candidate", new.candidate_id))
        self._refresh_copies(ids)

    def _refresh_copies(self, ids: list[uuid.UUID]) -> None:
        """Carry changed names and profiles into these interviews (a new version of each, so
        the copies follow; `_change` picks up the current candidate and recruiter names)."""

        def refreshed(old: InterviewState | None) -> InterviewState | None:
            if old is None:
                return None
            profiles = self._db.get_many("user", list(old.participants), rows.user)
            participants = {
                uid: rows.participant_of(old.interview.interview_id, profiles[uid], p.role)
                if uid in profiles
                else p
                for uid, p in old.participants.items()
            }
            return dataclasses.replace(old, participants=participants)

        for iid in dict.fromkeys(ids):
            self._change(iid, refreshed, force=True)

    @driver_errors
    def delete_user(self, user_id: uuid.UUID) -> None:
        uid = domain.require_id(user_id, "user")
        # SQLite's foreign keys refuse this; here the list copies would keep a dangling name.
        if self._by_month("by_user_any", uid, "user", first=True) or self._by_month(
            "by_recruiter_any", uid, "recruiter", first=True
        ):
            raise ValidationError("user", "That user still takes part in interviews.")
        old = self._db.get("user", uid, rows.user)
        self._db.session.execute(self._db.ps["del_user"], (uid,))
        if old is not None:
            self._release("user", email_key(old.email), uid)

    @driver_errors
    def delete_candidate(self, candidate_id: uuid.UUID) -> None:
        cid = domain.require_id(candidate_id, "candidate")
        if self._db.one("by_candidate_any", cid):
            raise ValidationError("candidate", "That candidate still has interviews.")
        old = self._db.get("candidate", cid, rows.candidate)
        gone = [
            self._db.ps["del_candidate"].bind((cid,)),
            *prefix_statements(self._db.ps, old, None),
        ]
        self._db.session.execute(logged_batch(gone))
        if old is not None:
            self._release("candidate", email_key(old.email), cid)
