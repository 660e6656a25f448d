"""`users import FILE` and `candidates import FILE` on the command line, on SQLite and on the
node: `--dry-run` prints every row's fate and writes nothing; the import prints the same and
writes; a re-run changes nothing; a refused file is one plain line (exit 2) with nothing
written; IMPORT_MAX_BYTES is read; a large file reports its progress on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.table_snapshot import snapshot
from test_people_cli import cli_store as cli_store  # the fixture, shared
from test_people_cli import printed

from interview_autopilot.__main__ import main
from interview_autopilot.core.models import UserRole
from interview_autopilot.store.base import Store

PEOPLE = (
    "name,email,roles,time zone\n"
    "Ada Admin,ada@team.example.com,admin,Europe/Paris\n"
    "Hal Manager,hal@team.example.com,interviewer;hiring manager,\n"
    "Bad Email,not-an-email,interviewer,\n"
)


def write(tmp_path: Path, text: str | bytes, name: str = "people.csv") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return str(path)


def test_dry_run_then_import_then_again(cli_store: Store, tmp_path: Path, capsys) -> None:
    path = write(tmp_path, PEOPLE)
    assert main(["users", "import", path, "--dry-run"]) == 1  # a row is refused
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "row 2: new: Ada Admin <ada@team.example.com>",
        "row 3: new: Hal Manager <hal@team.example.com>",
        "row 4: refused: Bad Email <not-an-email>: The user's email is not a plausible address "
        "(name@example.com).",
        "people: 2 new, 0 updated, 0 unchanged, 1 refused (dry run: nothing written)",
    ]
    assert cli_store.list_users() == []

    assert main(["users", "import", path]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "people: 2 added, 0 updated, 0 unchanged, 1 refused"
    )
    ada = cli_store.find_user_by_email("ADA@team.example.com")
    assert ada is not None and ada.admin and ada.time_zone == "Europe/Paris"
    hal = cli_store.find_user_by_email("hal@team.example.com")
    assert hal is not None and hal.all_roles == (UserRole.INTERVIEWER, UserRole.HIRING_MANAGER)
    (entry,) = cli_store.list_profile_audit(ada.user_id)
    assert (entry.action, entry.actor_id) == ("added", None)  # the command line acts alone

    fixed = write(tmp_path, PEOPLE.replace("not-an-email", "bad@team.example.com"), "fixed.csv")
    assert main(["users", "import", fixed]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "people: 1 added, 0 updated, 2 unchanged, 0 refused"
    )
    assert main(["users", "import", fixed]) == 0  # a re-run changes nothing
    assert capsys.readouterr().out.splitlines()[-1] == (
        "people: 0 added, 0 updated, 3 unchanged, 0 refused"
    )
    assert len(cli_store.list_users()) == 3


def test_candidates_import(cli_store: Store, tmp_path: Path, capsys) -> None:
    text = (
        "Name,Email,Resume,Links,Source\n"
        'Nora Applicant,nora@mail.example.org,"Seven years\nof data",https://github.com/nora,ref\n'
    )
    assert main(["candidates", "import", write(tmp_path, text, "c.csv")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "row 2: new: Nora Applicant <nora@mail.example.org>",
        "columns not imported: Source",
        "candidates: 1 added, 0 updated, 0 unchanged, 0 refused",
    ]
    nora = cli_store.find_candidate_by_email("nora@mail.example.org")
    assert nora is not None and nora.links == ("https://github.com/nora",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("name,email,roles\nJosé,j@x.co,interviewer\n".encode("latin-1"), "not UTF-8 text"),
        (b"PK\x03\x04", "looks like an Excel workbook"),
        (b"name,mail\nA,a@x.co\n", "The file has no 'email' or 'roles' column"),
    ],
)
def test_a_refused_file_is_one_line_and_writes_nothing(
    cli_store: Store, tmp_path: Path, capsys, data: bytes, message: str
) -> None:
    before = snapshot(cli_store)
    assert main(["users", "import", write(tmp_path, data)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = printed(captured.err)
    assert line.startswith("error: ") and message in line
    assert snapshot(cli_store) == before


def test_the_size_limit_is_a_setting(
    cli_store: Store, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORT_MAX_BYTES", "100")
    assert main(["users", "import", write(tmp_path, PEOPLE)]) == 2
    err = capsys.readouterr().err
    size = len(PEOPLE.encode())
    assert f"The file is {size} bytes; the largest file imported is 100 bytes" in err
    assert cli_store.list_users() == []
    monkeypatch.setenv("IMPORT_MAX_ROWS", "2")
    monkeypatch.setenv("IMPORT_MAX_BYTES", "100000")
    assert main(["users", "import", write(tmp_path, PEOPLE)]) == 2
    assert "more than 2 rows (IMPORT_MAX_ROWS)" in capsys.readouterr().err


def test_progress_of_a_large_file(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "big.db"))
    rows = "".join(f"Person {i},p{i}@team.example.com,interviewer\n" for i in range(1000))
    assert main(["users", "import", write(tmp_path, "name,email,roles\n" + rows), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert printed(captured.err) == [f"  {n:,} of 1,000 rows" for n in range(200, 1001, 200)]
    assert captured.out.splitlines()[-1] == (
        "people: 1000 new, 0 updated, 0 unchanged, 0 refused (dry run: nothing written)"
    )
