"""Looking under the hood: the Tables page's scans, the consistency doctor and the settings
(administrators only, live, so never cached), and the "How this was read" expander."""

from __future__ import annotations

from ...core import access
from ...core.models import DoctorReport, TablePage
from ...core.settings import SETTINGS
from .. import reading
from ._cache import clear_caches
from .backend import get_store, load_settings
from .viewing import logged_write, viewer

TABLE_PAGE_SIZE = 100  # rows per page of the inspection page's table scan


def table_names() -> list[str]:
    """The tables of the store behind the app, in schema order (administrators only)."""
    access.require_admin(viewer(), "inspect the tables")
    return get_store().list_tables()


def table_page(
    table: str, page_state: str | None = None, partition: dict[str, str] | None = None
) -> TablePage:
    """One page (TABLE_PAGE_SIZE rows) of a full scan of `table` (or of one partition), after
    `page_state`. Not cached: an engineer inspecting a table wants what is stored now."""
    access.require_admin(viewer(), "inspect the tables")
    return get_store().scan_table(table, TABLE_PAGE_SIZE, page_state, partition)


@logged_write
def doctor(repair: bool = False) -> DoctorReport:
    """Run the consistency doctor (never cached); a repair clears the cached reads."""
    access.require_admin(viewer(), "run the doctor")
    report = get_store().doctor(repair)
    if repair:
        clear_caches()
    return report


def settings_description() -> dict[str, str]:
    """The settings that apply to the backend in use, by name, secrets redacted
    (administrators only)."""
    return {name: value for name, value, _help in settings_in_use()}


def settings_in_use() -> list[tuple[str, str, str]]:
    """(name, value, what it sets) of each setting the backend in use reads, secrets redacted
    (administrators only): the sidebar's Settings panel."""
    access.require_admin(viewer(), "see the settings")
    return [(s.name, value, s.help) for s, value in load_settings().describe_in_use()]


def start_reading() -> None:
    """app.py, first thing in a rerun: record the statements the stores run from now on."""
    reading.start()


def show_reading() -> None:
    """app.py, after the page: for an administrator, the expander listing what this rerun
    read (secrets redacted); for anyone else, nothing, and the recording ends."""
    if not viewer().admin:
        reading.discard()
        return
    settings = load_settings()
    secret = {s.name for s in SETTINGS if s.secret}
    values = [v for name, v in settings.values.items() if name in secret and v]
    reading.show(settings.backend, values)
