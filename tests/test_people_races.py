"""Two app processes adding the same email at once, on SQLite and on the node.

Each writer is its own process with its own store from `Settings` + `open_store`, as two
app servers would be. On Cassandra the two meet at a `multiprocessing.Barrier(2)` after both
have read that the new id is free and before either claims the email (the store's claim step
is wrapped), so both conditional inserts race; on SQLite they meet right before the write (its
transaction takes the write lock first: the second queues behind the first). Exactly one wins;
the other is told the email exists and names the winner; the public reads show one owner.
"""

from __future__ import annotations

import queue
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.node import cassandra_test_settings
from support.processes import PROCESSES
from support.world import seed_people

from interview_autopilot.core.models import Candidate, User, UserRole
from interview_autopilot.core.people import EmailTaken, email_key
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.base import Store

pytestmark = pytest.mark.races

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
    profiles: list[User | Candidate],
    barrier: Any,
    out: Any,
) -> None:
    """Add each of `profiles`, one per round; report (round, "won", id) or (round, "taken",
    the owner named) each, or (round, "error", text). One process for every round: an app
    server adds many people in its life, and a process start costs seconds on a busy machine."""
    n = -1
    try:
        store = open_store(settings)
        try:
            if settings.backend != "sqlite":  # both past their reads, then both claim
                claim = store._claim  # type: ignore[attr-defined]

                def claim_after_barrier(*args: object) -> None:
                    barrier.wait(TIMEOUT)
                    claim(*args)

                store._claim = claim_after_barrier  # type: ignore[attr-defined]
            for n, profile in enumerate(profiles):
                if settings.backend == "sqlite":
                    barrier.wait(TIMEOUT)
                try:
                    if kind == "user":
                        assert isinstance(profile, User)
                        store.add_person(profile)
                    else:
                        assert isinstance(profile, Candidate)
                        store.add_candidate(profile)
                    out.put((n, "won", str(_id(profile))))
                except EmailTaken as exc:
                    out.put((n, "taken", str(exc.existing)))
        finally:
            store.close()
    except BaseException:
        out.put((n, "error", traceback.format_exc()))


def _id(profile: User | Candidate) -> uuid.UUID:
    return profile.user_id if isinstance(profile, User) else profile.candidate_id


def _races(
    settings: Settings, kind: str, rounds: list[list[User | Candidate]]
) -> list[list[tuple[str, str]]]:
    """Two writer processes, the first adding each round's first twin, the second its second;
    the reports of each round."""
    barrier, out = PROCESSES.Barrier(2), PROCESSES.Queue()
    processes = [
        PROCESSES.Process(
            target=_writer,
            args=(settings, kind, [twins[side] for twins in rounds], barrier, out),
            daemon=True,
        )
        for side in (0, 1)
    ]
    for p in processes:
        p.start()
    reports: list[list[tuple[str, str]]] = [[] for _ in rounds]
    try:
        for _ in range(2 * len(rounds)):
            n, status, text = out.get(timeout=TIMEOUT)
            assert status != "error", text
            reports[n].append((status, text))
    except queue.Empty:
        pytest.fail("a writer did not report in time")
    finally:
        for p in processes:
            p.join(10)
            if p.is_alive():
                p.kill()
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
    rounds = [_twins(kind, n) for n in range(ROUNDS)]
    for twins, reports in zip(rounds, _races(settings, kind, rounds), strict=True):
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
