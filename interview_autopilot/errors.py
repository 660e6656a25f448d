"""The errors the app raises on purpose; pages show their message, never a traceback."""

from __future__ import annotations


class ValidationError(ValueError):
    """Input a user can correct; `field` names the form field at fault. Nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class StoreError(Exception):
    """Base of the errors a store raises on purpose."""


class StoreUnavailable(StoreError):
    """The database is down, timed out or refused: say so plainly, retry later."""


class ConfigError(StoreError):
    """A setting is missing or wrong; the message names the setting, never a secret."""


class Forbidden(PermissionError):
    """The viewer may not do this (their role, or not their interview). Nothing was written."""
