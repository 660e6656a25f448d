"""The command line on the embedded store, and its one-line errors."""

from __future__ import annotations

import pytest

from interview_autopilot.cli.commands import main
from interview_autopilot.store.sqlite import SqliteStore

TOKEN = "AstraCS:fake-cli-test:0123456789"  # not a real token


@pytest.fixture
def sqlite_env(monkeypatch: pytest.MonkeyPatch, tmp_path):
    path = tmp_path / "cli.db"
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("SQLITE_PATH", str(path))
    return path


def test_load_sample_then_smoke_test(sqlite_env, capsys: pytest.CaptureFixture) -> None:
    assert main(["load-sample"]) == 0
    assert main(["load-sample"]) == 0
    assert "nothing loaded" in capsys.readouterr().out
    assert main(["smoke-test"]) == 0
    out = capsys.readouterr().out
    for step in ("connect", "interviews_by_status", "interviews_by_user", "remove"):
        assert step in out
    assert out.rstrip().endswith("smoke test passed")
    store = SqliteStore(sqlite_env)
    try:  # the throwaway records are gone: only the sample's 400 interviews remain
        assert sum(store.count_by_status().values()) == 400
    finally:
        store.close()


def test_errors_are_one_line_and_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DB_BACKEND", "astra")
    monkeypatch.setenv("ASTRA_DB_TOKEN", TOKEN)
    monkeypatch.setenv("ASTRA_SECURE_CONNECT_BUNDLE_PATH", "/nonexistent/bundle.zip")
    assert main(["smoke-test"]) == 2
    err = capsys.readouterr()
    assert "ASTRA_SECURE_CONNECT_BUNDLE_PATH" in err.err + err.out
    assert "Traceback" not in err.err and TOKEN not in err.err + err.out


def test_settings_command_redacts_secrets(monkeypatch, capsys) -> None:
    monkeypatch.setenv("ASTRA_DB_TOKEN", TOKEN)
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert TOKEN not in out
    assert "ASTRA_DB_TOKEN=set (hidden)" in out.splitlines()  # no prefix, not even its length


def test_doctor_command_exit_codes(tmp_path, monkeypatch, capsys) -> None:
    """0 when every copy agrees; 1 with one line per disagreement; --repair, then 0."""
    import sqlite3

    db = tmp_path / "doc.db"
    monkeypatch.setenv("DB_BACKEND", "sqlite")
    monkeypatch.setenv("SQLITE_PATH", str(db))
    assert main(["load-sample"]) == 0
    assert main(["doctor"]) == 0
    assert "consistent" in capsys.readouterr().out
    with sqlite3.connect(db) as conn:  # an ATS record that no longer matches its feedback
        conn.execute(
            "UPDATE ats SET summary = 'tampered' WHERE rowid = (SELECT MIN(rowid) FROM ats)"
        )
    assert main(["doctor"]) == 1
    assert "1 disagreement(s)" in capsys.readouterr().out
    assert main(["doctor", "--repair"]) == 1
    assert main(["doctor"]) == 0
