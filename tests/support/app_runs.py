"""AppTest runs as the server runs them: every run through app.py.

The server leaves Streamlit's legacy `pages/` mode once, before its first request (serve.py),
so every run starts in app.py, whose `st.navigation` runs the page. AppTest instead puts the
mode back before each of its runs (a new PagesManager each time), so a run after `switch_page`
would run the page file alone. `served_runs` makes each AppTest run leave it again, with the
app's own `use_app_navigation_only`, right after AppTest builds that run's PagesManager.

Each new AppTest also looks for Streamlit components among the installed packages, reading the
metadata of every one; the server does it once when it starts. While `served_runs` is open, a
test process looks once and every AppTest gets what it found.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import app_test

from interview_autopilot.ui.frame import use_app_navigation_only


class _ServedPagesManager(PagesManager):
    """The PagesManager of one AppTest run, in the server's mode."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_app_navigation_only()


_scan_installed = manifest_scanner.scan_component_manifests


@functools.cache
def _installed_components() -> tuple[tuple[Any, Path], ...]:
    """The component manifests of the installed packages, read once per test process."""
    return tuple(_scan_installed())


def _found_components(max_workers: int | None = None) -> list[tuple[Any, Path]]:
    return list(_installed_components())


@contextmanager
def served_runs() -> Iterator[None]:
    """While open, every AppTest run goes through app.py, as a browser's does, and finds the
    installed components without reading every package's metadata again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app_test, "PagesManager", _ServedPagesManager)
        patch.setattr(manifest_scanner, "scan_component_manifests", _found_components)
        yield
