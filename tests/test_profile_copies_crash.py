"""A writer killed in the middle of a person's or a candidate's rename: the interviews they are
on show the new name again without anyone running the doctor.

On Cassandra a rename is the profile's conditional write, then the rewrite of the copies that
carry the name (the candidate's and the recruiter's names in every list row, a participant's
name, email and Slack handle in the interview's panel). The child process (spawn, its own store
from `Settings`) ends with `os._exit` right after the profile's conditional write, as a
`kill -9` would; production code has no fault hook. Nobody touches those interviews afterwards:
the sweeper of another app process must carry the new names into them within the bound.

On SQLite the interviews hold no copy of a name (every read joins the profile), and a rename is
one transaction: a writer killed inside it leaves the old profile whole, one that committed
leaves the new one, and every list shows whichever stands.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import test_crash_recovery as crash_recovery
from support.processes import PROCESSES
from support.world import ALICE, CANDIDATE, RECRUITER, add, seed_people
from test_crash_recovery import BOUND, SWEEP_INTERVAL
from test_races import assert_consistent

from interview_autopilot.core.models import Candidate, User
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store
from interview_autopilot.store.cassandra.store import CassandraStore

RENAMED: tuple[Candidate | User, ...] = (
    replace(CANDIDATE, name="Zoe Renamed"),
    replace(RECRUITER, name="Rita Renamed"),
    replace(ALICE, name="Alice Renamed", email="alice.renamed@example.com", slack_handle="@ali"),
)


def _die_after_the_conditional_write(backend: str) -> None:
    """In the child: end this process right after the profile's own write, as a kill would."""

    def exit_now(*_args: Any, **_kwargs: Any) -> Any:
        os._exit(0)

    if backend == "cassandra":  # the profile's conditional write stands; nothing after it
        from interview_autopilot.store.cassandra import profile_versions

        profile_versions._del_tokens = exit_now  # type: ignore[assignment]
    else:  # the profile row is written inside the transaction, which never commits
        from interview_autopilot.store.sqlite import profile_writes

        profile_writes._audit = exit_now  # type: ignore[assignment]


def _killed_rename(settings: Settings, renamed: Candidate | User) -> None:
    _die_after_the_conditional_write(settings.backend)
    store = open_store(settings)
    if isinstance(renamed, Candidate):
        store.update_candidate(renamed)
    else:
        store.update_person(renamed)
    os._exit(3)  # not reached: the rename ends after its profile write


def kill_rename(settings: Settings, renamed: Candidate | User) -> None:
    child = PROCESSES.Process(target=_killed_rename, args=(settings, renamed))
    child.start()
    child.join(60)
    assert child.exitcode == 0, f"the rename did not end where asked (exit {child.exitcode})"


def _names_shown(store: Store) -> set[str]:
    """Every name the interviews' lists and panels show."""
    shown: set[str] = set()
    for row in store.list_interviews_by_candidate(CANDIDATE.candidate_id):
        shown |= {row.candidate_name, row.recruiter_name}
        detail = store.get_interview_detail(row.interview_id)
        assert detail is not None
        shown |= {f"{p.name} <{p.email}> {p.slack_handle}" for p in detail.participants}
    for row in store.list_interviews_by_user(ALICE.user_id):
        shown |= {row.candidate_name, row.recruiter_name}
    return shown


node = crash_recovery.node  # the fixture: its node, its seeded store

OLD = {"Zoe Candidate", "Rita", "Alice <alice@example.com> @alice"}
NEW = {"Zoe Renamed", "Rita Renamed", "Alice Renamed <alice.renamed@example.com> @ali"}


@pytest.mark.cassandra
@pytest.mark.serial
def test_sweeper_carries_a_killed_rename_into_the_interviews(node) -> None:
    """Three renames killed right after their profile's conditional write (a candidate, the
    recruiter, a participant's name, email and handle); nobody touches the two interviews: the
    sweeper of another app process carries every new name into them within the bound."""
    settings, store = node
    add(store, "rename copies one")
    add(store, "rename copies two")
    for renamed in RENAMED:
        kill_rename(settings, renamed)
    assert store.get_candidate(CANDIDATE.candidate_id) == RENAMED[0]  # the profiles stand
    assert store.get_user(ALICE.user_id) == RENAMED[2]
    assert _names_shown(store) & OLD, "the killed writers left no old name to heal"
    sweeper = store.start_sweeper(SWEEP_INTERVAL)
    try:
        took = wait_for(
            lambda: not _names_shown(store) & OLD and _only_stray_search_rows(store), BOUND
        )
    finally:
        sweeper.stop()
    assert _names_shown(store) >= NEW
    assert took <= BOUND
    print(f"\nthe sweeper carried three killed renames in {took:.1f} s")
    store.doctor(repair=True)
    assert_consistent(store)
    trail = [e.after for e in store.list_profile_audit(ALICE.user_id)]
    assert trail[-1] is not None and trail[-1].startswith("Alice Renamed")


def _only_stray_search_rows(store: CassandraStore) -> bool:
    """The doctor finds every copy and every profile audit row in place: at most the
    candidate's old search rows, which no search shows (test_rename_crash), and it removes."""
    problems = store.doctor().problems
    return all(p.startswith("candidates_by_token") and p.endswith(": stray") for p in problems)


def wait_for(done: Callable[[], bool], bound: float) -> float:
    """Seconds until `done()` (asked every 0.5 s), at most `bound`."""
    start = time.monotonic()
    while not done():
        assert time.monotonic() - start <= bound, f"not done within {bound} s"
        time.sleep(0.5)
    return time.monotonic() - start


def test_sqlite_rename_is_one_transaction_and_its_interviews_hold_no_copy(tmp_path: Path) -> None:
    """SQLite: killed inside a person's rename, after its profile row was written, the old
    profile stands whole (the transaction never committed) and every interview shows it;
    the renames finished show the new names everywhere at once (the lists join the profiles:
    no copy to carry)."""
    settings = Settings.load(
        env={"DB_BACKEND": "sqlite", "SQLITE_PATH": str(tmp_path / "renames.db")},
        dotenv_path=Path("/nonexistent"),
    )
    store = open_store(settings)
    try:
        seed_people(store)
        add(store, "rename copies one")
        add(store, "rename copies two")
        kill_rename(settings, RENAMED[2])
        assert store.get_user(ALICE.user_id) == ALICE
        assert _names_shown(store) >= OLD
        assert_consistent(store)
        store.update_candidate(RENAMED[0])  # type: ignore[arg-type]
        store.update_person(RENAMED[1])  # type: ignore[arg-type]
        store.update_person(RENAMED[2])  # type: ignore[arg-type]
        shown = _names_shown(store)
        assert shown >= NEW and not shown & OLD
        assert_consistent(store)
    finally:
        store.close()
