"""Helpers of the autopilot's tests: settings and environments for a worker on a test store
(in this process, or as `python -m interview_autopilot autopilot run` in another), and reads of
what the mailbox received."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from interview_autopilot.core.settings import Settings
from interview_autopilot.features.autopilot.worker import Worker
from interview_autopilot.store.base import Store
from support.node import cassandra_test_settings

ROOT = Path(__file__).resolve().parents[2]
_OURS = ("CASSANDRA_", "ASTRA_", "SQLITE_", "DB_BACKEND", "SMTP_", "SLACK_", "AUTOPILOT_")


def store_env(store: Store) -> dict[str, str]:
    """The settings naming the test store, for a process of its own."""
    if store.backend == "sqlite":
        return {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(store.path)}  # type: ignore[attr-defined]
    if store.backend == "cassandra":
        return dict(cassandra_test_settings(store.keyspace).values)  # type: ignore[attr-defined]
    raise ValueError(f"no worker process on {store.backend} in these tests")


def channel_env(smtp_port: int, **extra: str) -> dict[str, str]:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_STARTTLS": "false",
        "SMTP_FROM": "autopilot@example.com",
        "AUTOPILOT_APP_URL": "http://app.example.com",
    } | extra


def worker_env(store: Store, smtp_port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    return env | store_env(store) | channel_env(smtp_port, **extra)


def worker(store: Store, smtp_port: int, name: str = "test-worker", **extra: str) -> Worker:
    """A worker in this process on `store`, sending to the SMTP server on `smtp_port`."""
    env = channel_env(smtp_port, **extra)
    settings = Settings.load(env=env, dotenv_path=Path("/nonexistent"))
    return Worker.from_settings(store, settings, name)


def start_worker(store: Store, smtp_port: int, *args: str, **extra: str) -> subprocess.Popen[str]:
    """`python -m interview_autopilot autopilot run ARGS` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "interview_autopilot", "autopilot", "run", *args],
        cwd=ROOT,
        env=worker_env(store, smtp_port, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def recipients(mails: list[EmailMessage]) -> list[str]:
    return sorted(str(m["To"]) for m in mails)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
