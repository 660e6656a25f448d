"""`users add` and `users list` on the command line, on SQLite and on the node: the first
administrator of an empty store, several roles, a taken email and bad input refused in one line
with nothing written; and `python -m interview_autopilot users ...` as a separate process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.node import cassandra_test_settings

from interview_autopilot.__main__ import main
from interview_autopilot.core.models import UserRole
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

# A line of the app's log (interview_autopilot.core.logs.FORMAT): "<date> <time> <LEVEL> <logger>:"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ [\w.]+: ")


def printed(err: str) -> list[str]:
    """The command's own lines of stderr: log records that a store's background work (the
    test's own store, on a busy node) writes there meanwhile, one line each, left out."""
    return [line for line in err.splitlines() if not LOG_LINE.match(line)]


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", pytest.param("cassandra", marks=pytest.mark.cassandra)])
def cli_store(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An empty store, and the command line's environment pointed at it."""
    if request.param == "sqlite":
        path = tmp_path / "cli.db"
        monkeypatch.setenv("DB_BACKEND", "sqlite")
        monkeypatch.setenv("SQLITE_PATH", str(path))
        store = SqliteStore(path)
        yield store
        store.close()
        return
    store = request.getfixturevalue("cassandra_store_factory")()
    settings = cassandra_test_settings(store.keyspace)
    for name in ("DB_BACKEND", "CASSANDRA_KEYSPACE", "CASSANDRA_USERNAME", "CASSANDRA_PASSWORD"):
        monkeypatch.setenv(name, settings[name])
    yield store


def add(*args: str) -> int:
    return main(["users", "add", *args])


def test_the_first_administrator_of_an_empty_store(cli_store: Store, capsys) -> None:
    assert cli_store.list_users() == []
    assert add("--name", "Ada Admin", "--email", "ada@team.example.com", "--role", "admin") == 0
    out = capsys.readouterr().out
    assert out.startswith("added Ada Admin <ada@team.example.com> (Recruiter · Administrator)")
    ada = cli_store.find_user_by_email("ADA@team.example.com")
    assert ada is not None and ada.admin and ada.active and ada.role is UserRole.RECRUITER
    assert f"id {ada.user_id}" in out
    (entry,) = cli_store.list_profile_audit(ada.user_id)
    assert (entry.action, entry.actor_id) == ("added", None)  # the command line acts alone

    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Ada Admin <ada@team.example.com> (Recruiter · Administrator)",
        "1 person",
    ]


def test_several_roles_and_the_profile(cli_store: Store, capsys) -> None:
    args = ["--name", "Hal Manager", "--email", "hal@team.example.com", "--role", "interviewer"]
    args += ["--role", "hiring_manager", "--slack", "@hal", "--time-zone", "America/New_York"]
    assert add(*args, "--working-hours", "08:30-16:30") == 0
    hal = cli_store.find_user_by_email("hal@team.example.com")
    assert hal is not None and not hal.admin
    assert hal.all_roles == (UserRole.INTERVIEWER, UserRole.HIRING_MANAGER)
    assert (hal.slack_handle, hal.time_zone, hal.working_hours) == (
        "@hal",
        "America/New_York",
        "08:30-16:30",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "not-an-email"], "is not a plausible address"),
        (["--time-zone", "Nowhere/Land"], "is not a time zone name"),
        (["--working-hours", "25:00-26:00"], "24-hour clock"),
        (["--name", "   "], "name is empty"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    cli_store: Store, capsys, args: list[str], message: str
) -> None:
    base = {"--name": "Bo Bad", "--email": "bo@team.example.com", "--role": "interviewer"}
    given = dict(base, **dict(zip(args[::2], args[1::2], strict=True)))
    assert add(*[x for pair in given.items() for x in pair]) == 2
    (line,) = printed(capsys.readouterr().err)
    assert line.startswith("error: ") and message in line
    assert cli_store.list_users() == []


def test_a_taken_email_in_any_case_is_refused(cli_store: Store, capsys) -> None:
    assert add("--name", "Ada Admin", "--email", "ada@team.example.com", "--role", "admin") == 0
    assert add("--name", "Ada Twin", "--email", " ADA@Team.Example.com", "--role", "admin") == 2
    assert "A person with this email already exists." in capsys.readouterr().err
    assert [u.name for u in cli_store.list_users()] == ["Ada Admin"]


def test_python_dash_m_users(tmp_path: Path) -> None:
    env = {**os.environ, "DB_BACKEND": "sqlite", "SQLITE_PATH": str(tmp_path / "m.db")}
    env["LOAD_SAMPLE_DATA"] = "false"
    run = [sys.executable, "-m", "interview_autopilot", "users"]
    made = subprocess.run(
        [*run, "add", "--name", "Ada", "--email", "ada@team.example.com", "--role", "admin"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    listed = subprocess.run(
        [*run, "list"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert listed.stdout.splitlines()[0] == "Ada <ada@team.example.com> (Recruiter · Administrator)"
