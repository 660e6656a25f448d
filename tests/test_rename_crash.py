"""A Cassandra writer killed in the middle of a candidate's rename: nothing a person sees is
wrong and no audit row is lost.

A rename writes the new name's search rows, then the profile with its version and the change
itself (one conditional write), then removes the old name's search rows and writes the audit
row. The child process (its own store from `Settings`) wraps one step of its own store so
that it ends with `os._exit` there, as a `kill -9` would; production code has no fault hook.
Afterwards, through the public reads: a search finds the candidate by its current name only,
the audit trail holds every change that stands (written by its reader, the next change or the
doctor), and the doctor finds no search row missing: at most stray ones, which it removes.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from support.node import cassandra_test_settings
from support.processes import PROCESSES

from interview_autopilot.core.models import Candidate, make_id
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.cassandra.store import CassandraStore

pytestmark = [pytest.mark.cassandra, pytest.mark.serial]

STEPS = ("before_conditional_write", "after_conditional_write")
CANDIDATE = Candidate(make_id("rename-crash", "c"), "Odile Lemaire", "c1@example.org", "")


def _die_at(step: str) -> None:
    """In the child: end this process at `step` of every profile change, as a kill would."""
    from interview_autopilot.store.cassandra import profile_versions

    def exit_now(*_args: Any, **_kwargs: Any) -> Any:
        os._exit(0)

    if step == "before_conditional_write":  # the new name's search rows are written, no more
        profile_versions._conditional = exit_now  # type: ignore[assignment]
    else:  # the profile and its change are written; the old rows and the audit row are not
        profile_versions._del_tokens = exit_now  # type: ignore[assignment]


def _killed_writer(settings: Settings, step: str, renamed: Candidate) -> None:
    _die_at(step)
    open_store(settings).update_candidate(renamed)
    os._exit(3)  # not reached: the rename ends at `step`


def kill_during(settings: Settings, step: str, renamed: Candidate) -> None:
    child = PROCESSES.Process(target=_killed_writer, args=(settings, step, renamed))
    child.start()
    child.join(60)
    assert child.exitcode == 0, f"the writer did not end at {step} (exit {child.exitcode})"


@pytest.fixture
def node(cassandra_store_factory) -> Iterator[tuple[Settings, CassandraStore]]:  # type: ignore[no-untyped-def]
    settings = cassandra_test_settings(cassandra_store_factory().keyspace)
    store = open_store(settings)
    assert isinstance(store, CassandraStore)
    store.add_candidate(CANDIDATE)
    try:
        yield settings, store
    finally:
        store.close()


def _found(store: CassandraStore, query: str) -> list[uuid.UUID]:
    return [c.candidate_id for c in store.search_candidates(query)]


def _index_problems(store: CassandraStore, repair: bool = False) -> list[str]:
    return [p for p in store.doctor(repair=repair).problems if "candidates_by_token" in p]


def _trail(store: CassandraStore) -> list[tuple[str | None, str | None]]:
    return [(e.before, e.after) for e in store.list_profile_audit(CANDIDATE.candidate_id)]


@pytest.mark.parametrize("step", STEPS)
def test_killed_rename_shows_nothing_wrong_and_keeps_its_audit_row(node, step: str) -> None:
    settings, store = node
    cid = CANDIDATE.candidate_id
    kill_during(settings, step, replace(CANDIDATE, name="Margaux Delacroix"))
    stands = step == "after_conditional_write"
    now = store.get_candidate(cid)
    assert now is not None and now.name == ("Margaux Delacroix" if stands else "Odile Lemaire")
    # the search: by the current name only, whatever rows the writer left
    assert _found(store, "Margaux") == ([cid] if stands else [])
    assert _found(store, "Delacroix") == ([cid] if stands else [])
    assert _found(store, "Odile") == ([] if stands else [cid])
    assert _found(store, "Lemaire") == ([] if stands else [cid])
    # the doctor: some rows stray (the lost name's), none missing; its repair removes them
    problems = _index_problems(store)
    assert problems and all(p.endswith(": stray") for p in problems)
    # the audit row of a change that stands is there for anyone reading the trail
    added = (None, "Odile Lemaire <c1@example.org>; links: none; resume: 0 characters")
    edited = (added[1], "Margaux Delacroix <c1@example.org>; links: none; resume: 0 characters")
    assert _trail(store) == ([added, edited] if stands else [added])
    _index_problems(store, repair=True)
    assert _index_problems(store) == []
    assert store.doctor().problems == []


def test_the_next_change_and_the_doctor_write_a_killed_renames_audit_row(node) -> None:
    """Killed after its conditional write, with nobody reading the trail: the doctor names the
    missing audit row and its repair writes it; killed again, the next rename writes it."""
    settings, store = node
    cid = CANDIDATE.candidate_id
    kill_during(settings, "after_conditional_write", replace(CANDIDATE, name="Margaux Delacroix"))
    problems = store.doctor().problems
    assert any(p.startswith(f"profile_audit_by_person: candidate {cid}") for p in problems)
    store.doctor(repair=True)
    assert store.doctor().problems == []
    kill_during(settings, "after_conditional_write", replace(CANDIDATE, name="Lina Park"))
    store.update_candidate(replace(CANDIDATE, name="Nora Quist"))
    names = [after for _before, after in _trail(store)]
    assert [n.split(" <")[0] if n else n for n in names] == [
        "Odile Lemaire",
        "Margaux Delacroix",
        "Lina Park",
        "Nora Quist",
    ]
    assert _found(store, "Lina") == [] and _found(store, "Nora") == [cid]
    store.doctor(repair=True)
    assert store.doctor().problems == []
