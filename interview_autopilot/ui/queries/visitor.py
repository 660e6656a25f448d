"""Before any store is read: whether the visitor must sign in first, and whether the open demo
(no sign-in) may run on the configured backend. No store read here, so an anonymous visitor of
an app with sign-in configured causes none."""

from __future__ import annotations

from ...core.errors import ConfigError
from .. import identity
from ..frame import shown_errors
from .backend import _check_clock, _secrets, load_settings


def awaiting_sign_in() -> bool:
    """Sign-in is configured and nobody is signed in: the sign-in screen only."""
    return identity.sign_in_configured(_secrets()) and identity.signed_in_email() is None


def sign_in_screen() -> None:
    """The sign-in button(s); a test clock (refused where sign-in is configured) is the
    message instead, as it is once signed in."""
    with shown_errors():
        _check_clock()
        identity.sign_in_screen(_secrets())


def demo_refusal() -> str | None:
    """Why the app refuses to run as the open demo (no sign-in configured) on this backend, or
    None when sign-in is configured or the demo is allowed (DEMO_MODE; by default SQLite)."""
    if identity.sign_in_configured(_secrets()):
        return None
    settings = load_settings()
    try:
        if settings.demo_allowed:
            return None
    except ConfigError as exc:  # DEMO_MODE (or DB_BACKEND) holds something else
        return f"Configuration problem: {exc}"
    return (
        f"Sign-in is not configured, and this app serves a shared {settings.backend} store: "
        "without sign-in anyone could view it as anyone. Configure `[auth]` in "
        "`.streamlit/secrets.toml` (docs/sign-in.md), or set DEMO_MODE=true to run the open "
        "demo on purpose."
    )


def demo_banner() -> str | None:
    """The line every page shows while the open demo runs on a shared (non-SQLite) store."""
    try:
        settings = load_settings()
        shared = settings.backend != "sqlite"
    except ConfigError:
        return None
    if identity.sign_in_configured(_secrets()) or not shared:
        return None
    return (
        f"Open demo on a shared {settings.backend} store (DEMO_MODE): no sign-in, anyone "
        "reaching this app can view it as anyone, administrator included."
    )
