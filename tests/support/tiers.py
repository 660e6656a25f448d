"""The tier of each collected test, read from what it uses, so `-m` alone selects and nobody has
to remember a mark.

Each test gets one tier mark, the first that applies:
- `browser`: drives Chromium (a `test_browser*` file, or one that uses support.browser_kit);
- `pages`: runs a page with Streamlit's AppTest;
- `store`: opens a store (a store fixture, or its module uses `interview_autopilot.store`);
- `unit`: none of these.

Beside its tier, a test that needs the Cassandra node is marked `cassandra`: it uses a node
fixture, takes a `cassandra` or `astra` parameter through a fixture (a fixture's `params`, or
`indirect` parametrize), or needs the three-node cluster. A test that is not safe next to other
test processes (a `races` test, or one marked `serial` in its file) is marked `serial`: `make
test` runs those alone, after the others. What a module uses counts through the test modules
it imports (a page test importing `test_pages`' fixtures is one).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import pytest

TIERS = ("browser", "pages", "store", "unit")
NODE_FIXTURES = frozenset(
    {
        "cassandra_session_store",
        "cassandra_sample_store",
        "cassandra_store_factory",
        "node_store",
        "astra",
        "astra_session_store",
        "astra_store_factory",
    }
)
STORE_FIXTURES = NODE_FIXTURES | {"store"}
NODE_PARAMS = frozenset({"cassandra", "astra"})

Owner = Callable[[str], bool]
USES: dict[str, Owner] = {
    "browser": lambda name: name == "support.browser_kit",
    "pages": lambda name: name.startswith("streamlit.testing"),
    "store": lambda name: (
        name == "interview_autopilot.store" or name.startswith("interview_autopilot.store.")
    ),
}


def _owner(value: object) -> str:
    """The module a global of a test module comes from (itself, if it is a module)."""
    if isinstance(value, ModuleType):
        return value.__name__
    name = getattr(value, "__module__", None)
    return name if isinstance(name, str) else ""


def uses(module: ModuleType, wanted: Owner, seen: set[str] | None = None) -> bool:
    """Whether the module, or a test module it imports from, holds a name from a wanted module."""
    seen = set() if seen is None else seen
    if module.__name__ in seen:
        return False
    seen.add(module.__name__)
    for value in list(vars(module).values()):
        owner = _owner(value)
        if wanted(owner):
            return True
        imported = sys.modules.get(owner)
        if imported is not None and owner.startswith("test_") and uses(imported, wanted, seen):
            return True
    return False


def tier(item: pytest.Item, fixtures: set[str], cache: dict[tuple[str, str], bool]) -> str:
    module = getattr(item, "module", None)

    def module_uses(kind: str) -> bool:
        if module is None:
            return False
        key = (module.__name__, kind)
        if key not in cache:
            cache[key] = uses(module, USES[kind])
        return cache[key]

    if Path(str(item.path)).name.startswith("test_browser") or module_uses("browser"):
        return "browser"
    if module_uses("pages"):
        return "pages"
    if fixtures & STORE_FIXTURES or module_uses("store"):
        return "store"
    return "unit"


def direct_arguments(item: pytest.Item) -> set[str]:
    """The test's arguments given by `parametrize` as plain values (not through a fixture)."""
    direct: set[str] = set()
    for mark in item.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs["argnames"]
        if isinstance(names, str):
            names = [name.strip() for name in names.split(",")]
        indirect = mark.kwargs.get("indirect", mark.args[2] if len(mark.args) > 2 else False)
        direct |= {
            name
            for name in names
            if indirect is not True
            and not (isinstance(indirect, list | tuple) and name in indirect)
        }
    return direct


def needs_node(item: pytest.Item, fixtures: set[str]) -> bool:
    """A node fixture, the cluster, or a backend parameter of a fixture (`store`, `app_env`,
    `week`...) naming the node; a plain `backend` value of a test (settings) is only data."""
    if fixtures & NODE_FIXTURES or item.get_closest_marker("cluster"):
        return True
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return False
    direct = direct_arguments(item)
    return any(
        isinstance(value, str) and value in NODE_PARAMS and name not in direct
        for name, value in callspec.params.items()
    )


def mark_tiers(items: Iterable[pytest.Item]) -> None:
    cache: dict[tuple[str, str], bool] = {}
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        item.add_marker(tier(item, fixtures, cache))
        if needs_node(item, fixtures) and not item.get_closest_marker("cassandra"):
            item.add_marker(pytest.mark.cassandra)
        if item.get_closest_marker("races") and not item.get_closest_marker("serial"):
            item.add_marker(pytest.mark.serial)


def write_serial_files(items: Iterable[pytest.Item], out: Path) -> None:
    """Write the files that hold `serial` tests, one a line, to `out` (replaced whole, as each
    xdist worker writes the same list)."""
    files = sorted({str(item.path) for item in items if item.get_closest_marker("serial")})
    part = out.with_name(f"{out.name}.{os.getpid()}")
    part.write_text("".join(f"{f}\n" for f in files))
    os.replace(part, out)
