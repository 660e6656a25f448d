"""Settings: precedence, validation, redaction, and that every setting is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_autopilot.core.errors import ConfigError
from interview_autopilot.core.settings import ROOT, SETTINGS, Settings, redact

TOKEN = "AstraCS:fake-settings-test:0123456789abcdef"  # not a real token


def load(
    env: dict, secrets: dict | None = None, dotenv: str | None = None, tmp_path: Path | None = None
) -> Settings:
    path = Path("/nonexistent/.env")
    if dotenv is not None and tmp_path is not None:
        path = tmp_path / ".env"
        path.write_text(dotenv)
    return Settings.load(env=env, secrets=secrets, dotenv_path=path)


def test_defaults() -> None:
    s = load({})
    assert s.backend == "sqlite"
    assert s.path("SQLITE_PATH") == ROOT / "data" / "autopilot.db"
    assert s.flag("LOAD_SAMPLE_DATA")


def test_precedence_env_then_dotenv_then_secrets(tmp_path: Path) -> None:
    secrets = {"DB_BACKEND": "astra", "ASTRA_KEYSPACE": "from_secrets", "CASSANDRA_PORT": 9000}
    s = load(
        {"DB_BACKEND": "cassandra"}, secrets, "DB_BACKEND=sqlite\nASTRA_KEYSPACE=dot\n", tmp_path
    )
    assert s.backend == "cassandra"
    assert s["ASTRA_KEYSPACE"] == "dot"
    assert s["CASSANDRA_PORT"] == "9000"  # secrets.toml numbers arrive as ints
    assert load({"ASTRA_KEYSPACE": "  "}, secrets)["ASTRA_KEYSPACE"] == "from_secrets"


@pytest.mark.parametrize("value", ["mongodb", "", "sqlite3"])
def test_unknown_backend_names_the_setting(value: str) -> None:
    s = Settings({**load({}).values, "DB_BACKEND": value or "x"})
    with pytest.raises(ConfigError, match="DB_BACKEND"):
        _ = s.backend


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_numbers_must_be_positive(value: str) -> None:
    s = load({"ASTRA_REQUEST_TIMEOUT_SECONDS": value})
    with pytest.raises(ConfigError, match="ASTRA_REQUEST_TIMEOUT_SECONDS"):
        s.number("ASTRA_REQUEST_TIMEOUT_SECONDS")
    assert load({}).number("ASTRA_REQUEST_TIMEOUT_SECONDS") == 10


def test_describe_never_shows_a_secret() -> None:
    s = load({"ASTRA_DB_TOKEN": TOKEN, "CASSANDRA_PASSWORD": "hunter2"})
    shown = str(s.describe())
    assert TOKEN not in shown and "hunter2" not in shown
    assert s.describe()["ASTRA_DB_TOKEN"] == redact(TOKEN) == "set (hidden)"
    assert load({}).describe()["ASTRA_DB_TOKEN"] == redact("") == "not set"


@pytest.mark.parametrize(
    ("backend", "own", "others"),
    [
        ("sqlite", "SQLITE_", ("CASSANDRA_", "ASTRA_")),
        ("cassandra", "CASSANDRA_", ("SQLITE_", "ASTRA_")),
        ("astra", "ASTRA_", ("SQLITE_", "CASSANDRA_")),
    ],
)
def test_the_settings_in_use_are_the_backends_own_and_the_common_ones(
    backend: str, own: str, others: tuple[str, ...]
) -> None:
    s = load({"DB_BACKEND": backend, "CASSANDRA_PASSWORD": "hunter2", "ASTRA_DB_TOKEN": TOKEN})
    names = [setting.name for setting, _value in s.describe_in_use()]
    assert not [n for n in names if n.startswith(others)]
    assert [n for n in names if n.startswith(own)]
    common = [
        x.name for x in SETTINGS if not x.name.startswith(("SQLITE_", "CASSANDRA_", "ASTRA_"))
    ]
    assert set(common) <= set(names) and "DB_BACKEND" in names
    assert "hunter2" not in str(s.describe_in_use()) and TOKEN not in str(s.describe_in_use())


@pytest.mark.parametrize("secret", ["x", "hunter2", "Sup3rS3cretPassw0rd!", TOKEN])
def test_redaction_shows_no_part_of_a_secret_not_even_its_length(secret: str) -> None:
    """It used to show the first 4 characters and the length of a secret over 12 characters."""
    shown = redact(secret)
    assert shown == "set (hidden)"
    assert secret[:2] not in shown and str(len(secret)) not in shown


@pytest.mark.parametrize("doc", [".env.example", "docs/configuration.md"])
def test_every_setting_is_documented(doc: str) -> None:
    text = (ROOT / doc).read_text()
    missing = [s.name for s in SETTINGS if s.name not in text]
    assert not missing, f"{doc} does not mention {missing}"
