"""Renames of the same candidates racing, on SQLite and on the node: the search follows the
name that won, and the profile audit trail is one serial story.

Several writers (threads, each with its own store from `Settings` + `open_store`, as app servers
would be; the node's driver lets their requests interleave) rename the same few candidates for a
few seconds, each edit made from the profile it just read, as the People page does. Afterwards,
through the public reads only:
- the doctor finds no token row of the search index missing or stray;
- a search for every name any candidate had finds only candidates whose current profile matches
  it (a renamed candidate is no longer found by its old name);
- each candidate's audit trail is a chain: every entry's "before" is the "after" of the entry
  before it, and the last "after" is the profile as it stands (no change lost or told twice).
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from support.node import cassandra_test_settings

from interview_autopilot.core import people, search
from interview_autopilot.core.errors import StoreUnavailable
from interview_autopilot.core.models import Candidate, make_id
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store

pytestmark = pytest.mark.races

SECONDS = 3.0
WRITERS = 6
FIRST = ["Amelie", "Bruno", "Chiara", "Dmitri", "Esther", "Farid", "Greta", "Hugo", "Ines"]
LAST = ["Quinn", "Rossi", "Sato", "Tanaka", "Ueda", "Vidal", "Weber", "Xu", "Young"]
CANDIDATES = [
    Candidate(make_id("rename-race", str(n)), f"{FIRST[n]} {LAST[n]}", f"c{n}@example.org", "")
    for n in range(3)
]


@pytest.fixture(params=["sqlite", pytest.param("cassandra", marks=pytest.mark.cassandra)])
def backend(request, tmp_path: Path) -> Iterator[tuple[Settings, Store]]:
    if request.param == "sqlite":
        env = {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(tmp_path / "renames.db")}
        settings = Settings.load(env=env, dotenv_path=tmp_path / "no.env")
        store = open_store(settings)
        yield settings, store
        store.close()
        return
    store = request.getfixturevalue("cassandra_store_factory")()
    yield cassandra_test_settings(store.keyspace), store


def _rename_for(
    store: Store, seed: int, deadline: float, errors: list[str], told: list[int]
) -> None:
    """Rename the candidates at random until `deadline`, each from the profile just read."""
    rng = random.Random(seed)
    try:
        while time.monotonic() < deadline:
            cid = rng.choice(CANDIDATES).candidate_id
            current = store.get_candidate(cid)
            assert current is not None
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            try:
                store.update_candidate(replace(current, name=name))
            except StoreUnavailable:
                told.append(1)  # told to try again: nothing of it may show (checked below)
    except Exception as exc:  # reported by the test, not lost in the thread
        errors.append(repr(exc))


def _wrong_results(store: Store) -> list[str]:
    """Every search for a name any candidate could have had, each result checked against the
    candidate's current profile."""
    wrong = []
    for query in {*FIRST, *LAST, *(f"{f} {la}" for f in FIRST for la in LAST)}:
        for found in store.search_candidates(query, limit=20):
            current = store.get_candidate(found.candidate_id)
            if current is None or not search.matches(current, search.query_key(query)):
                wrong.append(f"{query!r} found {found.candidate_id} ({found.name})")
    return wrong


def _broken_chains(store: Store, now: dict[uuid.UUID, Candidate]) -> list[str]:
    broken = []
    for cid, current in now.items():
        trail = store.list_profile_audit(cid)
        for before, after in itertools.pairwise(trail):
            if after.before != before.after:
                broken.append(f"{cid}: {after.before!r} follows {before.after!r}")
        if not trail or trail[-1].after != people.profile_text(current):
            broken.append(f"{cid}: the trail does not end at the profile")
    return broken


def test_racing_renames_leave_search_and_audit_serial(backend) -> None:
    settings, store = backend
    for candidate in CANDIDATES:
        store.add_candidate(candidate)
    stores = [open_store(settings) for _ in range(WRITERS)]  # opened before the clock runs
    deadline = time.monotonic() + SECONDS
    errors: list[str] = []
    told: list[int] = []
    writers = [
        threading.Thread(target=_rename_for, args=(s, n, deadline, errors, told))
        for n, s in enumerate(stores)
    ]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
    for s in stores:
        s.close()
    assert not errors
    edits = sum(len(store.list_profile_audit(c.candidate_id)) - 1 for c in CANDIDATES)
    assert edits >= 30  # the writers raced (each edit is one audit entry)
    index_problems = [p for p in store.doctor().problems if "candidates_by_token" in p]
    wrong = _wrong_results(store)
    now = {c.candidate_id: store.get_candidate(c.candidate_id) for c in CANDIDATES}
    broken = _broken_chains(store, {k: v for k, v in now.items() if v is not None})
    print(
        f"{settings.backend}: {edits} renames ({len(told)} told to try again); "
        f"{len(index_problems)} token rows missing or stray; {len(wrong)} wrong search "
        f"results; {len(broken)} breaks in the audit trails"
    )
    assert index_problems == []
    assert wrong == []
    assert broken == []
