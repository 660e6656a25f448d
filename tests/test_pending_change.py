"""The record of an unfinished Cassandra change (store/cassandra/pending.py), without a node."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from interview_autopilot.core.models import AuditAction, AuditEntry
from interview_autopilot.store.cassandra.pending import (
    Change,
    bucket_of,
    buckets_back,
    owner_age,
    pending_of,
)

AT = datetime(2026, 12, 6, 9, 17, 42, 123000, tzinfo=UTC)
IID = uuid.UUID(int=7)


def test_a_change_reads_back_as_written() -> None:
    entry = AuditEntry(IID, AT, None, AuditAction.STATUS, None, "scheduled", "completed")
    change = Change(
        1_796_548_662_123_456,
        {
            ("interviews_by_status", "scheduled", "2026-12-06", AT, IID): ("Zoe", "Eng", None, 0),
            ("ats_by_interview", IID): ("pending", "pending", "0 of 3", AT, None, None, None, None),
        },
        Counter({("scheduled", "2026-12-06"): -1, ("completed", "2026-12-06"): 1}),
        entry,
    )
    assert Change.from_json(change.version, change.to_json()) == change


def test_a_change_without_audit_entry_or_state_before() -> None:
    change = Change(5, {}, Counter(), None)
    assert Change.from_json(5, change.to_json()) == change


def test_a_value_it_cannot_record_is_refused() -> None:
    with pytest.raises(TypeError):
        Change(5, {("t",): (object(),)}, Counter(), None).to_json()


def test_buckets_are_ten_minutes_and_cover_the_span() -> None:
    version = int(AT.timestamp() * 1_000_000)
    assert bucket_of(version) == "2026-12-06T09:10"
    back = buckets_back(AT, timedelta(hours=1))
    assert back[0] == "2026-12-06T09:10"
    assert "2026-12-06T08:10" in back and len(back) == len(set(back)) == 8


def test_the_owner_age_comes_from_its_time_based_uuid() -> None:
    assert 0 <= owner_age(uuid.uuid1()) < 5


def test_a_finished_or_absent_change_is_not_pending() -> None:
    row = {"pending_version": 3, "pending_change": "", "pending_owner": uuid.uuid1()}
    assert pending_of([row]) is None
    assert pending_of([]) is None
    live = pending_of([{**row, "pending_change": Change(3, {}, Counter(), None).to_json()}])
    assert live is not None and live.version == 3
