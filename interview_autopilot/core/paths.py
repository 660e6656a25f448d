"""Where the app's files are, the same from a checkout and from an installed wheel.

The schema (`cql/`) and the sample data (`data/sample/`) live at the top of the repository; the
wheel carries them inside the package (pyproject.toml maps them in), so `shipped()` looks in the
package first and in the checkout second. `ROOT` is the folder `.env` and a relative
`SQLITE_PATH` are read from: the checkout's root, or the working directory of an installed app.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # interview_autopilot/, above core/


def _checkout_root() -> Path | None:
    """The repository holding this package, when it runs from a checkout (editable or not)."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() and (root / "cql").is_dir() else None


CHECKOUT = _checkout_root()
ROOT = CHECKOUT if CHECKOUT is not None else Path.cwd()


def shipped(*parts: str) -> Path:
    """A file or folder the wheel ships inside the package: the installed copy, else the
    checkout's top-level one."""
    inside = PACKAGE_DIR.joinpath(*parts)
    if inside.exists() or CHECKOUT is None:
        return inside
    return CHECKOUT.joinpath(*parts)


CQL_DIR = shipped("cql")
CQL_SCHEMA = CQL_DIR / "schema.cql"
SAMPLE_DIR = shipped("data", "sample")
ASSETS_DIR = PACKAGE_DIR / "assets"
CQL_MIGRATIONS = CQL_DIR / "migrations"
