"""Two app processes adding the same email at once, on SQLite and on the node.

Each writer is its own process (spawn) with its own store from `Settings` + `open_store`, as two
app servers would be. On Cassandra the two meet at a `multiprocessing.Barrier(2)` after both
have read that the new id is free and before either claims the email (the store's claim step
is wrapped), so both conditional inserts race; on SQLite they meet right before the write (its
transaction takes the write lock first: the second queues behind the first). Exactly one wins;
the other is told the email exists and names the winner; the public reads show one owner.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.node import cassandra_test_settings
from support.world import seed_people

from interview_autopilot.core.models import Candidate, User, UserRole
from interview_autopilot.core.people import EmailTaken, email_key
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store

pytestmark = pytest.mark.races

SPAWN = multiprocessing.get_context("spawn")
TIMEOUT = 90.0
ROUNDS = 3


@pytest.fixture(params=["sqlite", pytest.param("cassandra", marks=pytest.mark.cassandra)])
def backend(request, tmp_path: Path) -> Iterator[tuple[Settings, Store]]:
    if request.param == "sqlite":
        env = {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(tmp_path / "races.db")}
        settings = Settings.load(env=env, dotenv_path=tmp_path / "no.env")
        store = open_store(settings)
        seed_people(store)
        yield settings, store
        store.close()
        return
    store = request.getfixturevalue("cassandra_store_factory")()
    seed_people(store)
    yield cassandra_test_settings(store.keyspace), store


def _writer(
    settings: Settings,
    kind: str,
    profile: User | Candidate,
    barrier: Any,
    out: Any,
) -> None:
    """Add `profile`; report ("won", id) or ("taken", the owner named) or ("error", text)."""
    try:
        store = open_store(settings)
        try:
            if settings.backend != "sqlite":  # both past their reads, then both claim
                claim = store._claim  # type: ignore[attr-defined]

                def claim_after_barrier(*args: object) -> None:
                    barrier.wait(TIMEOUT)
                    claim(*args)

                store._claim = claim_after_barrier  # type: ignore[attr-defined]
            else:
                barrier.wait(TIMEOUT)
            try:
                if kind == "user":
                    assert isinstance(profile, User)
                    store.add_person(profile)
                else:
                    assert isinstance(profile, Candidate)
                    store.add_candidate(profile)
                out.put(("won", str(_id(profile))))
            except EmailTaken as exc:
                out.put(("taken", str(exc.existing)))
        finally:
            store.close()
    except BaseException:
        out.put(("error", traceback.format_exc()))


def _id(profile: User | Candidate) -> uuid.UUID:
    return profile.user_id if isinstance(profile, User) else profile.candidate_id


def _race(settings: Settings, kind: str, twins: list[User | Candidate]) -> list[tuple[str, str]]:
    barrier, out = SPAWN.Barrier(2), SPAWN.Queue()
    processes = [
        SPAWN.Process(target=_writer, args=(settings, kind, p, barrier, out), daemon=True)
        for p in twins
    ]
    for p in processes:
        p.start()
    reports = []
    try:
        for _ in processes:
            reports.append(out.get(timeout=TIMEOUT))
    except queue.Empty:
        pytest.fail("a writer did not report in time")
    finally:
        for p in processes:
            p.join(10)
            if p.is_alive():
                p.kill()
    errors = [text for status, text in reports if status == "error"]
    assert not errors, "\n".join(errors)
    return reports


def _twins(kind: str, n: int) -> list[User | Candidate]:
    email = f"twin{n}@race.example.com"
    if kind == "user":
        return [
            User(uuid.uuid4(), f"Twin {n} A", email, UserRole.INTERVIEWER, ""),
            User(uuid.uuid4(), f"Twin {n} B", email.upper(), UserRole.RECRUITER, ""),
        ]
    return [
        Candidate(uuid.uuid4(), f"Twin {n} A", email, ""),
        Candidate(uuid.uuid4(), f"Twin {n} B", email.upper(), ""),
    ]


@pytest.mark.parametrize("kind", ["user", "candidate"])
def test_two_servers_add_one_email_once(backend: tuple[Settings, Store], kind: str) -> None:
    settings, store = backend
    for n in range(ROUNDS):
        twins = _twins(kind, n)
        reports = _race(settings, kind, twins)
        won = [who for status, who in reports if status == "won"]
        taken = [who for status, who in reports if status == "taken"]
        assert len(won) == 1 and taken == won, reports  # the loser is pointed to the winner
        winner = uuid.UUID(won[0])
        key = email_key(twins[0].email)
        if kind == "user":
            found = store.find_user_by_email(key)
            owners = [u.user_id for u in store.list_users() if email_key(u.email) == key]
        else:
            found = store.find_candidate_by_email(key)
            owners = [c.candidate_id for c in store.list_candidates() if email_key(c.email) == key]
        assert found is not None and _id(found) == winner
        assert owners == [winner]  # the loser wrote no profile
        assert [e.action for e in store.list_profile_audit(winner)] == ["added"]
        loser = next(_id(p) for p in twins if _id(p) != winner)
        assert store.list_profile_audit(loser) == []
