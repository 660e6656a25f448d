"""What the browser tests share: scripts/screenshot.py's helpers (`serve` the real app, `launch`
Debian's Chromium, `settle`, `free_port`), loaded once as `shots` (scripts/ is not a package, so
the script is loaded from its file); the skip when Chromium is missing; a page in a time zone,
viewing as someone, and the environment of an app on the node."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from support.keyspace_reset import empty_tables
from support.node import cassandra_test_settings

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


def journey_backends(default: str) -> list[str]:
    """The backends a browser journey runs on: its `default` ("sqlite", or "cassandra" for a
    journey whose page depends on the Cassandra store), or both under BROWSER_BACKENDS=all.

    A browser test checks what a person gets from the page; that the stores behave alike is
    checked below it, on both, by the store contract and the property tests, so one backend per
    journey covers the browser (docs/testing.md)."""
    if os.environ.get("BROWSER_BACKENDS") == "all":
        return ["sqlite", "cassandra"]
    return [default]


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium under Playwright, for a module's tests to share (a fixture of module
    scope): Playwright's synchronous API holds an event loop while it runs, so it must not
    outlive the module, and a test under it opens no Playwright of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = shots.launch(p)
        yield browser
        browser.close()


@contextmanager
def browser_page(browser, zone: str | None = None) -> Iterator:
    """A page in a new context (its own cookies and storage: a new visitor) of a shared
    Chromium, 1400 × 1000, its clock in the time zone `zone` (else the machine's); the context
    is closed after."""
    zoned = {"timezone_id": zone} if zone else {}
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **zoned)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def chromium_page(zone: str) -> Iterator:
    """A page of Debian's Chromium, 1400 × 1000, its clock in the time zone `zone`."""
    with chromium() as browser, browser_page(browser, zone) as page:
        yield page


def open_as(page, url: str, viewer: str | None = None) -> None:
    """Load `url` (a new session: the demo views as the first recruiter), then view as
    `viewer` through the sidebar's "Viewing as"."""
    page.goto(url)
    page.get_by_role("combobox", name="Viewing as").wait_for(timeout=90_000)
    shots.settle(page)
    if viewer:
        view_as(page, viewer)
        shots.settle(page)


def view_as(page, viewer: str, attempts: int = 3) -> None:
    """Choose `viewer` in the sidebar's "Viewing as": open it, type, click the option. A rerun
    that redraws the sidebar meanwhile (a busy machine) closes the list under the click; then
    the whole choice is made again, at most `attempts` times. Returns once the run for them
    has begun drawing: it writes their id in the URL (`as=`), so a check that follows never
    reads the page drawn for the one before (nothing to wait for when they are already it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    picker = page.locator(".st-key-viewer_pick")
    if viewer in picker.locator("input").first.input_value():  # the one chosen
        return
    before = page.evaluate(VIEWER_IN_URL)
    box = picker.get_by_role("combobox")
    for attempt in range(attempts):
        box.click()
        page.keyboard.type(viewer)
        try:
            page.get_by_role("option").filter(has_text=viewer).first.click(timeout=15_000)
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            shots.settle(page)
    page.wait_for_function(f"b => ({VIEWER_IN_URL})() !== b", arg=before, timeout=60_000)


VIEWER_IN_URL = "() => new URLSearchParams(location.search).get('as')"


def fill(page, key: str, text: str) -> None:
    """Type into the text input or area of widget `key`; leaving it (Tab) hands the value to
    the app."""
    box = page.locator(f".st-key-{key}").locator("input, textarea").first
    box.fill(text)
    box.press("Tab")
    shots.settle(page)


def pick(page, key: str, text: str, close: bool = False) -> None:
    """Choose the option of selectbox or multiselect `key` by typing it; `close`: then close
    the list (a multiselect keeps it open)."""
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    if close:
        page.keyboard.press("Escape")
    shots.settle(page)


def empty_node(store) -> None:
    """Empty a CassandraStore's keyspace (as `cassandra_store_factory` does), for a
    module-scoped app over the test process's keyspace."""
    empty_tables(store.session.session, store.keyspace)


def node_env(keyspace: str) -> dict[str, str]:
    """The environment of an app served over the test node's keyspace `keyspace`."""
    settings = cassandra_test_settings(keyspace)
    env = {k: v for k, v in settings.values.items() if k.startswith("CASSANDRA_")}
    return env | {"DB_BACKEND": "cassandra"}
