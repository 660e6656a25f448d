"""What the browser tests share: scripts/screenshot.py's helpers (`serve` the real app, `launch`
Debian's Chromium, `settle`, `free_port`), loaded once as `shots`, and the skip when Chromium is
missing. scripts/ is not a package, so the script is loaded from its file."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot.py"
DOCS = SCRIPT.parent.parent / "docs"  # where the README's screenshots live


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshot", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shots = _load()


def need_chromium() -> None:
    """Skip the calling test when Debian's Chromium is not installed."""
    if not Path(shots.CHROMIUM).exists():
        pytest.skip(f"{shots.CHROMIUM} is missing (`make chromium` installs Debian's Chromium)")
