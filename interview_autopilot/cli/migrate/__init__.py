"""`python -m interview_autopilot migrate`: copy one store into another through the bulk path,
resumable, idempotent, verified at the end (see run.py and docs/cli.md, "Migrate")."""

from __future__ import annotations

from .endpoints import Endpoint
from .run import Checkpoint, Options, Outcome, migrate
from .verify import differences, verify

__all__ = ["Checkpoint", "Endpoint", "Options", "Outcome", "differences", "migrate", "verify"]
