"""Safe by default: the open demo (no sign-in) on a shared store only with DEMO_MODE, and saying
so on every page; no store read for an anonymous visitor where sign-in is configured; a missing
SQLITE_PATH folder is a configuration error; `migrate` never writes its SQLite source; `schema
apply` without CREATE permission is one plain line (on the node, as a role lacking it)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from test_migrate import source_file

from interview_autopilot.cli.commands import main
from interview_autopilot.core.errors import ConfigError
from interview_autopilot.core.settings import Settings
from interview_autopilot.store import open_store
from interview_autopilot.store.sqlite import SqliteStore

APP = Path(__file__).resolve().parents[1] / "app.py"
AUTH = {
    "redirect_uri": "http://127.0.0.1:9/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-that-is-long-enough-0123456789",
    "client_id": "x",
    "client_secret": "y",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture
def env(monkeypatch, tmp_path) -> Path:
    """A fresh app environment; returns where its SQLite file would be."""
    db = tmp_path / "app.db"
    for name in ("DB_BACKEND", "DEMO_MODE", "AUTOPILOT_CLOCK_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SQLITE_PATH", str(db))
    monkeypatch.setenv("LIVE_REFRESH_SECONDS", "0")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db
    st.cache_data.clear()
    st.cache_resource.clear()


def text_of(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info") for e in
             getattr(at, kind)]  # fmt: skip
    return "\n".join(str(p) for p in parts)


def test_an_anonymous_visitor_causes_no_store_read(env: Path) -> None:
    """Sign-in configured, nobody signed in: the sign-in screen on every page, no navigation
    entry counting anything, no backend name, and the store never opened (its file is never
    created)."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["auth"] = AUTH
    for _ in range(2):  # a first visit and a rerun
        at.run()
        assert not at.exception
        shown = text_of(at)
        assert "Sign in with your work account" in shown
        assert "Backend" not in shown and "Scorecards due (" not in shown
    assert not env.exists(), "an anonymous visitor opened the store"


def test_the_open_demo_on_cassandra_needs_demo_mode_and_says_so(env: Path, monkeypatch) -> None:
    """No [auth], DB_BACKEND=cassandra: refused without DEMO_MODE (and nothing is connected:
    the node named is unreachable, yet no "not reachable" error); with DEMO_MODE=true the app
    tries the store and says on the page that it is an open demo."""
    monkeypatch.setenv("DB_BACKEND", "cassandra")
    monkeypatch.setenv("CASSANDRA_CONTACT_POINTS", "127.0.0.1")
    monkeypatch.setenv("CASSANDRA_PORT", "1")  # nothing listens: a connection would fail
    monkeypatch.setenv("CASSANDRA_CONNECT_TIMEOUT_SECONDS", "1")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    refusal = "\n".join(e.value for e in at.error)
    assert "DEMO_MODE=true" in refusal and "[auth]" in refusal
    assert "not reachable" not in refusal
    monkeypatch.setenv("DEMO_MODE", "nonsense")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert "DEMO_MODE is 'nonsense'" in "\n".join(e.value for e in at.error)
    monkeypatch.setenv("DEMO_MODE", "true")
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert any("Open demo on a shared cassandra store" in w.value for w in at.warning)
    assert any("not reachable" in e.value for e in at.error)  # it did try the store


def test_the_demo_on_sqlite_is_the_default_and_demo_mode_false_refuses_it(env, monkeypatch):
    assert Settings.load(env={}).demo_allowed
    assert not Settings.load(env={"DB_BACKEND": "astra"}).demo_allowed
    assert Settings.load(env={"DB_BACKEND": "astra", "DEMO_MODE": "true"}).demo_allowed
    monkeypatch.setenv("DEMO_MODE", "false")
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert any("DEMO_MODE=true" in e.value for e in at.error)
    assert not env.exists()


def test_a_missing_sqlite_folder_is_a_configuration_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "app.db"
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(Settings.load(env={"SQLITE_PATH": str(missing)}, dotenv_path=Path("/x")))
    assert not missing.parent.exists()  # no empty store made elsewhere


def test_the_app_says_so_for_a_missing_sqlite_folder(env: Path, monkeypatch) -> None:
    monkeypatch.setenv("SQLITE_PATH", str(env.parent / "typo" / "app.db"))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    shown = [e.value.replace("\\", "") for e in at.error]  # shown inert: markdown escaped
    assert any("does not exist" in e and "SQLITE_PATH" in e for e in shown)
    assert not (env.parent / "typo").exists()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrate_never_writes_its_sqlite_source(tmp_path: Path, capsys) -> None:
    src = source_file(tmp_path / "source.db")
    before = _digest(src)
    code = main(["migrate", "--from", f"sqlite:{src}", "--to", f"sqlite:{tmp_path / 'to.db'}",
                 "--checkpoint", str(tmp_path / "cp.json")])  # fmt: skip
    first = capsys.readouterr().err
    assert code == 0, first
    assert _digest(src) == before
    # A file without the app's schema (an empty database) is refused, and stays empty.
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    code = main(["migrate", "--from", f"sqlite:{empty}", "--to", f"sqlite:{tmp_path / 'b.db'}",
                 "--checkpoint", str(tmp_path / "cp2.json")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "read-only" in err and len(err.strip().splitlines()) == 1
    with sqlite3.connect(empty) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    with pytest.raises(ConfigError):
        SqliteStore(tmp_path / "absent.db", read_only=True)


@pytest.mark.cassandra
def test_schema_apply_without_create_permission_is_one_plain_line(tmp_path: Path) -> None:
    """A role of the node that may log in and nothing else: `schema apply` exits non-zero
    with one line naming the permission, no traceback."""
    from support.node import cassandra_missing, cassandra_test_settings

    from interview_autopilot.store.cassandra.connection import build_cluster, connect

    admin = cassandra_test_settings(f"guard_{os.getpid()}")
    try:
        cluster = build_cluster(admin)
        session = connect(cluster)
    except Exception as exc:
        cassandra_missing(f"no node ({exc})")
    role, password = f"no_create_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    session.execute(f"CREATE ROLE {role} WITH PASSWORD = '{password}' AND LOGIN = true")
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CASSANDRA_", "DB_"))}
        env |= {k: v for k, v in admin.values.items() if k.startswith("CASSANDRA_")}
        env |= {"DB_BACKEND": "cassandra", "CASSANDRA_USERNAME": role,
                "CASSANDRA_PASSWORD": password,
                "PYTHONPATH": str(APP.parent)}  # this checkout's code  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "interview_autopilot", "schema", "apply"],
            env=env, capture_output=True, text=True, timeout=120,
            cwd=tmp_path,  # no .env of the checkout
        )  # fmt: skip
    finally:
        session.execute(f"DROP ROLE IF EXISTS {role}")
        cluster.shutdown()
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "permission" in lines[0].lower() and role in lines[0]
