"""Secrets never get committed: git itself is asked which paths .gitignore covers."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from interview_autopilot.core.paths import ROOT

SECRETS = [
    ".env",
    ".env.local",
    ".env.production",
    "config/.env.staging",
    ".streamlit/secrets.toml",
    ".streamlit/secrets.prod.toml",
    "secrets.toml",
    "deploy/secrets-astra.toml",
    "secure-connect-interviews.zip",
    "bundle.zip",  # a secure connect bundle under another name
    "downloads/astra-prod.zip",
    "secure-connect-interviews/cert",
    "client.pem",
    "certs/client.key",
    "identity.jks",
    "data/autopilot.db",
]
SHIPPED = [".env.example", ".streamlit/secrets.toml.example", "data/sample/users.json"]


def ignored(path: str) -> bool:
    """git's verdict from the patterns alone (--no-index: tracked files are judged too)."""
    done = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT, capture_output=True
    )
    if done.returncode not in (0, 1):
        pytest.skip(f"git check-ignore failed: {done.stderr.decode().strip()}")
    return done.returncode == 0


@pytest.fixture(autouse=True)
def _git() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")


@pytest.mark.parametrize("path", SECRETS)
def test_secret_files_are_ignored(path: str) -> None:
    assert ignored(path), f"{path} would be committed"


@pytest.mark.parametrize("path", SHIPPED)
def test_the_example_files_stay_tracked(path: str) -> None:
    assert not ignored(path), f"{path} is ignored"
    assert (ROOT / path).is_file()


def test_no_zip_key_or_certificate_is_tracked() -> None:
    """The wide patterns above hide nothing the repository ships (no test fixture needs one)."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.zip", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", ".env.*"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked == [".env.example"]
