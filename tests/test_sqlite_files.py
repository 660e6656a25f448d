"""SQLITE_PATH naming a damaged file or another application's database: one plain message each,
on the Interviews page and from the store, never a traceback, and the file left as it was.

The damage is real: a database written by the store, then a page of its `interviews` table
overwritten in the middle of the file (its header intact, so SQLite opens it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from support.payloads import shown

from interview_autopilot.core.errors import ConfigError
from interview_autopilot.core.models import InterviewStatus
from interview_autopilot.features.sample import read_sample_data
from interview_autopilot.store.sqlite import SqliteStore

APP = Path(__file__).resolve().parent.parent / "app.py"
DAMAGED = "The SQLite file at SQLITE_PATH is damaged ("
FOREIGN = "The SQLite file at SQLITE_PATH holds another application's tables ("


def written(db: Path) -> Path:
    """A whole database holding the sample data, closed (so nothing is left in its WAL)."""
    store = SqliteStore(db)
    store.bulk_load(read_sample_data())
    store.close()
    assert not db.with_name(db.name + "-wal").exists()
    return db


def damage(db: Path) -> None:
    """Overwrite every page of the `interviews` table (all past the file's first page)."""
    with sqlite3.connect(db) as con:
        size = con.execute("PRAGMA page_size").fetchone()[0]
        try:
            pages = [
                r[0]
                for r in con.execute("SELECT pageno FROM dbstat WHERE name = ?", ["interviews"])
            ]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find the pages with")
    con.close()
    total = db.stat().st_size // size
    assert pages and min(pages) > 1 and max(pages) < total  # a middle page, the header intact
    with db.open("r+b") as f:
        for page in pages:
            f.seek((page - 1) * size)
            f.write(b"\xa5" * size)


def poke(db: Path) -> None:
    """Another writer commits (the header's user_version, on the first page): a connection's
    page cache is dropped on its next read, so one opened before the damage reads it now."""
    with sqlite3.connect(db) as con:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(f"PRAGMA user_version = {version + 1}")
    con.close()


def foreign(db: Path) -> Path:
    """Another application's database, with a `users` table unlike the app's."""
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT)")
        con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
        con.execute("INSERT INTO orders VALUES (1, 9.5)")
    con.close()
    return db


# --- the store ----------------------------------------------------------------------------------
def test_a_damaged_file_is_refused_on_opening_with_a_plain_message(tmp_path) -> None:
    db = written(tmp_path / "app.db")
    damage(db)
    before = db.read_bytes()
    with pytest.raises(ConfigError) as refused:
        SqliteStore(db)
    message = str(refused.value)
    assert message.startswith(DAMAGED) and "restore it" in message
    assert str(tmp_path) not in message
    assert db.read_bytes() == before


def test_damage_found_after_opening_is_the_same_plain_message(tmp_path) -> None:
    db = written(tmp_path / "app.db")
    store = SqliteStore(db)
    try:
        assert store.list_interviews_by_status(InterviewStatus.COMPLETED).rows
        damage(db)
        poke(db)
        with pytest.raises(ConfigError, match="damaged") as refused:
            store.list_interviews_by_status(InterviewStatus.COMPLETED)
        assert str(refused.value).startswith(DAMAGED)
        assert "malformed" in str(refused.value)
    finally:
        store.close()


def test_another_applications_database_is_refused_and_left_untouched(tmp_path) -> None:
    db = foreign(tmp_path / "other.db")
    before = db.read_bytes()
    with pytest.raises(ConfigError) as refused:
        SqliteStore(db)
    assert str(refused.value).startswith(FOREIGN + "orders, users)")
    assert str(tmp_path) not in str(refused.value)
    assert db.read_bytes() == before  # no table created in it, not switched to WAL


def test_the_apps_own_database_with_an_extra_table_still_opens(tmp_path) -> None:
    db = written(tmp_path / "app.db")
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.close()
    store = SqliteStore(db)
    assert not store.is_empty()
    store.close()


# --- the Interviews page ------------------------------------------------------------------------
@pytest.fixture
def use_file(monkeypatch) -> Iterator[object]:
    """Point the app at a given SQLite file (no sample loading), caches cleared around it."""

    def point(db: Path) -> None:
        monkeypatch.setenv("DB_BACKEND", "sqlite")
        monkeypatch.setenv("SQLITE_PATH", str(db))
        monkeypatch.setenv("LOAD_SAMPLE_DATA", "false")

    st.cache_data.clear()
    st.cache_resource.clear()
    yield point
    st.cache_data.clear()
    st.cache_resource.clear()


def plain_error(app: AppTest, tmp_path: Path) -> str:
    """The page's one error message, checked to be a message: no traceback, no server path."""
    assert not app.exception, app.exception
    assert len(app.main.error) == 1
    page = [e.value for e in app.main.error] + [m.value for m in app.main.markdown]
    assert not any(str(tmp_path) in text or "Traceback" in text for text in page)
    return shown(app.main.error[0].value)


def test_the_interviews_page_on_a_damaged_file(tmp_path, use_file) -> None:
    db = written(tmp_path / "app.db")
    damage(db)
    use_file(db)
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    assert DAMAGED in plain_error(app, tmp_path)


def test_the_interviews_page_when_damage_is_found_while_the_app_runs(tmp_path, use_file) -> None:
    db = written(tmp_path / "app.db")
    use_file(db)
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    app.switch_page("pages/interviews.py").run()  # the home page is the default
    assert not app.exception and not app.error and app.dataframe
    damage(db)
    poke(db)
    st.cache_data.clear()  # reads are cached for a minute; the next one goes to the file
    app.run()
    assert DAMAGED in plain_error(app, tmp_path)


def test_the_interviews_page_on_another_applications_database(tmp_path, use_file) -> None:
    db = foreign(tmp_path / "other.db")
    use_file(db)
    app = AppTest.from_file(str(APP), default_timeout=30).run()
    message = plain_error(app, tmp_path)
    assert FOREIGN in message and "not reachable" not in message
