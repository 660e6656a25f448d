"""The Import page: a CSV file of people (administrators) or of candidates (recruiters and
administrators), every row's fate, then the import. Each row is written through the store's
validated, audited writes, as the People page and the candidate form write; the viewer's right
is the same rule (`access.require_people_editor`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...core import access
from ...core.csv_rows import size_text
from ...core.errors import ValidationError
from ...features import directory_import
from ...features.directory_import import CANDIDATES, PEOPLE, Kind, Preview, Progress
from ._cache import clear_caches
from .backend import get_store, load_settings
from .viewing import logged_write, viewer

_RIGHT = {PEOPLE: "person", CANDIDATES: "candidate"}
_LABELS: dict[str, str] = {PEOPLE: "People (the team)", CANDIDATES: "Candidates"}


def import_kinds() -> list[str]:
    """What the viewer may import: people (administrators), candidates (recruiters too)."""
    who = viewer()
    return [k for k in (PEOPLE, CANDIDATES) if access.may_edit_people(who, _RIGHT[k])]


def import_kind_label(kind: str) -> str:
    return _LABELS.get(kind, kind)


def import_columns(kind: str) -> list[tuple[str, bool, str]]:
    """(column, required, what it holds) of a kind's file."""
    return directory_import.column_help(_kind(kind))


def import_limits() -> str:
    """The file limits, as the page states them."""
    settings = load_settings()
    most = size_text(int(settings.number("IMPORT_MAX_BYTES")))
    rows = int(settings.number("IMPORT_MAX_ROWS"))
    return (
        f"A CSV file in UTF-8 of at most {most} and {rows:,} rows; its first row names the columns."
    )


def _kind(kind: str) -> Kind:
    if kind == PEOPLE:
        return PEOPLE
    if kind == CANDIDATES:
        return CANDIDATES
    raise ValidationError("kind", "Choose people or candidates.")


def _read(kind: Kind, data: bytes) -> Any:
    access.require_people_editor(viewer(), _RIGHT[kind])
    settings = load_settings()
    return directory_import.read_file(
        kind,
        data,
        int(settings.number("IMPORT_MAX_BYTES")),
        int(settings.number("IMPORT_MAX_ROWS")),
    )


def preview_import(kind: str, data: bytes, progress: Progress | None = None) -> Preview:
    """Every row's fate; nothing written. FileRefused (a ValidationError) for a file refused
    whole."""
    chosen = _kind(kind)
    table = _read(chosen, data)
    return directory_import.preview(get_store(), chosen, table, viewer().user_id, progress)


@logged_write
def run_import(kind: str, data: bytes, progress: Progress | None = None) -> Preview:
    """Import the file (each row planned again, then written); the fates as done."""
    chosen = _kind(kind)
    table = _read(chosen, data)
    try:
        return directory_import.run_import(get_store(), chosen, table, viewer().user_id, progress)
    finally:
        clear_caches()


def import_fates_table(result: Preview) -> pd.DataFrame:
    return pd.DataFrame(directory_import.fates_table(result))
