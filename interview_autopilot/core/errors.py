"""The errors the app raises on purpose; pages show their message, never a traceback."""

from __future__ import annotations

import uuid


class ValidationError(ValueError):
    """Input a user can correct; `field` names the form field at fault. Nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class DuplicateBooking(ValidationError):
    """A new booking identical to one already scheduled (the same candidate, start, end and
    panel), or an interview id already taken; `existing` is the interview that stands."""

    def __init__(self, existing: uuid.UUID) -> None:
        super().__init__(
            "booking",
            "This interview is already booked: the same candidate, time and panel. "
            "Nothing new was scheduled.",
        )
        self.existing = existing


class StoreError(Exception):
    """Base of the errors a store raises on purpose."""


class StoreUnavailable(StoreError):
    """The database is down, timed out or refused: say so plainly, retry later."""


class ConfigError(StoreError):
    """A setting is missing or wrong; the message names the setting, never a secret."""


class Forbidden(PermissionError):
    """The viewer may not do this (their role, or not their interview). Nothing was written."""
