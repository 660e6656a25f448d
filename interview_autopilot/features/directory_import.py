"""Importing people or candidates from a CSV file: the columns each kind reads, every row's fate
(new, updated, unchanged, refused with its reason) and the import itself. No Streamlit here: the
Import page and the command line (`users import`, `candidates import`) both call it.

A row is matched to a stored profile by its email, in any case: a file imported twice changes
nothing the second time. A row builds its profile as the People form and the candidate form do
(`features.directory`), is checked by the store's own validation, and is written through the
store's audited writes (`add_person`, `update_person`, `add_candidate`, `update_candidate`),
one row at a time. The import plans every row again just before writing it, so what changed
since the preview is taken into account; a row that became impossible meanwhile is reported
refused.
"""

from __future__ import annotations

import dataclasses
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from ..core import csv_rows
from ..core.csv_rows import CsvRows, FileRefused, fold_column
from ..core.errors import StoreError, StoreUnavailable, ValidationError
from ..core.models import Candidate, User, UserRole
from ..core.people import EmailTaken, email_key
from ..core.validation import validate_candidate, validate_user
from ..store.base import Store
from . import directory

Kind = Literal["people", "candidates"]
PEOPLE: Kind = "people"
CANDIDATES: Kind = "candidates"
NEW, UPDATED, UNCHANGED, REFUSED = "new", "updated", "unchanged", "refused"
FATES = (NEW, UPDATED, UNCHANGED, REFUSED)
CHUNK = 200  # rows between two progress reports
RETRY_PAUSES = (1.0, 3.0)  # seconds before trying a row again when the database did not answer
NODE_WORKERS = 4  # rows in flight at once on a node (SQLite writes one at a time anyway); more
# overwhelm a small node with conditional writes (timeouts)

# A new row's email claimed by a write that has not written its profile (on a node: another
# writer at this moment, or one that stopped half way; the store takes it over after a minute).
UNFINISHED = (
    "Another write is adding this email at this moment, or stopped half way; import the file "
    "again in a minute."
)

Progress = Callable[[int, int], None]  # (rows done, rows in all)


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # as the page and the messages name it
    names: tuple[str, ...]  # the header names read as this column (folded when compared)
    required: bool = False
    help: str = ""


PEOPLE_COLUMNS = (
    Column("name", "name", ("name", "full name"), True, "up to 70 characters"),
    Column("email", "email", ("email", "e-mail", "email address"), True, "one person each"),
    Column(
        "roles",
        "roles",
        ("roles", "role"),
        True,
        "interviewer, recruiter, hiring manager; several separated by ; (the first is the main "
        "one); admin makes them an administrator",
    ),
    Column("admin", "administrator", ("administrator", "admin"), help="yes or no"),
    Column("status", "status", ("status", "active"), help="Active or Deactivated (yes or no)"),
    Column("slack", "Slack handle", ("slack", "slack handle"), help="such as @ada"),
    Column("time_zone", "time zone", ("time zone", "tz"), help="such as Europe/Paris"),
    Column("hours", "working hours", ("working hours", "hours"), help="such as 09:00-17:30"),
)
CANDIDATE_COLUMNS = (
    Column("name", "name", ("name", "full name"), True, "up to 70 characters"),
    Column("email", "email", ("email", "e-mail", "email address"), True, "one candidate each"),
    Column("resume", "resume", ("resume", "resume text", "cv"), help="up to 20,000 characters"),
    Column(
        "links",
        "links",
        ("links", "link", "urls"),
        help="http(s) addresses separated by spaces, line breaks or ;",
    ),
)
COLUMNS: dict[Kind, tuple[Column, ...]] = {PEOPLE: PEOPLE_COLUMNS, CANDIDATES: CANDIDATE_COLUMNS}

_YES = {"yes", "y", "true", "1", "x", "active", "on"}
_NO = {"no", "n", "false", "0", "", "deactivated", "inactive", "off"}
_ADMIN_ROLES = {"admin", "administrator"}
_LINK_SEPARATORS = re.compile(r"[\s;]+")
_ROLE_NAMES = {fold_column(r.value): r for r in UserRole} | {
    fold_column(r.label): r for r in UserRole
}


@dataclass(frozen=True)
class RowFate:
    """One row of the file and what the import does (did) with it. `note`: why a row is
    refused, or what an update changes."""

    row: int
    name: str
    email: str
    fate: str
    note: str = ""
    values: tuple[tuple[str, str], ...] = ()  # the row's cells by column key


@dataclass(frozen=True)
class Preview:
    """Every row's fate, in file order; `ignored`: columns of the file not imported."""

    kind: Kind
    rows: tuple[RowFate, ...]
    ignored: tuple[str, ...] = ()

    def count(self, fate: str) -> int:
        return sum(r.fate == fate for r in self.rows)

    @property
    def to_write(self) -> int:
        return self.count(NEW) + self.count(UPDATED)

    def summary(self, done: bool = False) -> str:
        """'3 new, 1 updated, 5 unchanged, 2 refused' (after an import: 'added' ...)."""
        words = ("added", "updated") if done else ("new", "updated")
        parts = [f"{self.count(NEW)} {words[0]}", f"{self.count(UPDATED)} {words[1]}"]
        parts += [f"{self.count(UNCHANGED)} unchanged", f"{self.count(REFUSED)} refused"]
        return ", ".join(parts)


def known_columns(kind: Kind) -> set[str]:
    return {fold_column(n) for c in COLUMNS[kind] for n in (c.key, *c.names)}


def column_map(kind: Kind, header: Sequence[str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Column key -> its position, and the header's other columns (not imported).
    FileRefused when a required column is missing or a column is named twice."""
    by_name = {fold_column(n): c for c in COLUMNS[kind] for n in (c.key, *c.names)}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for at, title in enumerate(header):
        column = by_name.get(fold_column(title))
        if column is None:
            if title.strip():
                ignored.append(title.strip())
            continue
        if column.key in found:
            raise FileRefused(f"The file has two '{column.label}' columns; keep one.")
        found[column.key] = at
    missing = [c.label for c in COLUMNS[kind] if c.required and c.key not in found]
    if missing:
        needed = ", ".join(c.label for c in COLUMNS[kind] if c.required)
        shown = ", ".join(h.strip()[:40] for h in header if h.strip())[:300] or "none"
        raise FileRefused(
            f"The file has no {' or '.join(repr(m) for m in missing)} column. Its first row "
            f"must name the columns ({needed} are required); it names: {shown}."
        )
    return found, tuple(ignored)


def read_file(kind: Kind, data: bytes, max_bytes: int, max_rows: int) -> CsvRows:
    """The file's rows; FileRefused for a file refused as a whole (nothing will be written)."""
    table = csv_rows.read_rows(
        data, max_bytes=max_bytes, max_rows=max_rows, known=known_columns(kind)
    )
    column_map(kind, table.header)  # the required columns are there
    return table


def _cells(
    table: CsvRows, columns: dict[str, int]
) -> Iterator[tuple[int, dict[str, str], str | None]]:
    """(row number, cells by column key, why the row is unreadable or None)."""
    width = len(table.header)
    for row, cells in table.records:
        problem = None
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problem = (
                f"It has {len(cells)} values but the header names {width} columns "
                "(a value holding the delimiter needs quotes)."
            )
        padded = (*cells, *([""] * (width - len(cells))))
        yield row, {key: padded[at] for key, at in columns.items()}, problem


def _flag(values: dict[str, str], key: str, label: str) -> bool | None:
    """A yes/no cell (None: no such column)."""
    if key not in values:
        return None
    word = values[key].strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValidationError(key, f"The {label} is '{values[key][:40]}'; write yes or no.")


def _roles(text: str) -> tuple[list[UserRole], bool]:
    """The roles a cell names, in order, and whether it names admin."""
    held: list[UserRole] = []
    admin = False
    for part in text.replace("|", ";").replace(",", ";").replace("/", ";").split(";"):
        word = fold_column(part)
        if not word:
            continue
        if word in _ADMIN_ROLES:
            admin = True
        elif word in _ROLE_NAMES:
            held.append(_ROLE_NAMES[word])
        else:
            raise ValidationError(
                "roles",
                f"'{part.strip()[:40]}' is not a role; use interviewer, recruiter, "
                "hiring manager or admin.",
            )
    if not held and admin:
        held = [UserRole.RECRUITER]  # admin alone: a recruiter who administers, as `users add`
    if not held:
        raise ValidationError(
            "roles", "No role given; use interviewer, recruiter, hiring manager or admin."
        )
    return list(dict.fromkeys(held)), admin


def person_of(
    values: dict[str, str], existing: User | None, new_id: uuid.UUID | None = None
) -> User:
    """The profile a people row describes: the stored one's values where the file has no such
    column, the stored email kept when the row's differs only in case. ValidationError as the
    People form and the store give it."""
    roles, admin_role = _roles(values["roles"])
    admin = _flag(values, "admin", "administrator")
    if admin is None:  # no such column: admin in the roles, or as stored
        admin = admin_role or bool(existing and existing.admin)
    active = existing.active if existing else True  # no status, or an empty one: as it is
    if values.get("status", "").strip():
        active = bool(_flag(values, "status", "status"))

    form = directory.PersonForm(
        values["name"],
        existing.email if existing else values["email"],
        tuple(r.value for r in roles),
        values.get("slack", existing.slack_handle if existing else ""),
        values.get("time_zone", existing.time_zone if existing else ""),
        values.get("hours", existing.working_hours if existing else ""),
        admin,
        active,
    )
    return validate_user(directory.person_from_form(form, existing.user_id if existing else new_id))


def candidate_of(
    values: dict[str, str], existing: Candidate | None, new_id: uuid.UUID | None = None
) -> Candidate:
    """The profile a candidate row describes (as `person_of`)."""
    links = (
        "\n".join(_LINK_SEPARATORS.split(values["links"]))
        if "links" in values
        else "\n".join(existing.links if existing else ())
    )
    made = directory.candidate_from_form(
        values["name"],
        existing.email if existing else values["email"],
        values.get("resume", existing.resume_text if existing else ""),
        links,
        existing.candidate_id if existing else new_id,
    )
    return validate_candidate(made)


_FIELDS = {
    PEOPLE: (
        ("name", "name"),
        ("all_roles", "roles"),
        ("admin", "administrator"),
        ("active", "status"),
        ("slack_handle", "Slack handle"),
        ("time_zone", "time zone"),
        ("working_hours", "working hours"),
    ),
    CANDIDATES: (("name", "name"), ("resume_text", "resume"), ("links", "links")),
}


def _changes(kind: Kind, before: User | Candidate, after: User | Candidate) -> str:
    changed = [
        label for attr, label in _FIELDS[kind] if getattr(before, attr) != getattr(after, attr)
    ]
    return "changes " + ", ".join(changed) if changed else ""


@dataclass(frozen=True)
class RowPlan:
    """What one row would do: its fate and the profile to write (new and updated only)."""

    fate: RowFate
    profile: User | Candidate | None = None
    existing: User | Candidate | None = None


def plan_row(
    store: Store,
    kind: Kind,
    row: int,
    values: dict[str, str],
    actor: uuid.UUID | None = None,
    problem: str | None = None,
    new_id: uuid.UUID | None = None,
) -> RowPlan:
    """One row's fate against the store as it is now. `actor`: who imports (the command line:
    None), so a row cannot deactivate them or take their administrator rights away. `new_id`:
    the id of a new profile (None: a fresh one)."""
    name, email = values.get("name", "").strip(), values.get("email", "").strip()
    kept = tuple(values.items())

    def refused(reason: str) -> RowPlan:
        return RowPlan(RowFate(row, name[:80], email[:254], REFUSED, reason, kept))

    if problem:
        return refused(problem)
    if not email:
        return refused("The email is empty.")
    try:
        existing: User | Candidate | None
        profile: User | Candidate
        if kind == PEOPLE:
            existing = store.find_user_by_email(email)
            profile = person_of(values, existing, new_id)
        else:
            existing = store.find_candidate_by_email(email)
            profile = candidate_of(values, existing, new_id)
    except ValidationError as exc:
        return refused(exc.message)
    if isinstance(profile, User) and isinstance(existing, User) and profile.user_id == actor:
        if not profile.active:
            return refused("You cannot deactivate yourself.")
        if existing.admin and not profile.admin:
            return refused("This row would take your own administrator rights away.")
    if existing is None:
        return RowPlan(RowFate(row, name, email, NEW, "", kept), profile)
    if existing == profile:
        return RowPlan(RowFate(row, name, email, UNCHANGED, "", kept), None, existing)
    note = _changes(kind, existing, profile)
    return RowPlan(RowFate(row, name, email, UPDATED, note, kept), profile, existing)


def write_row(store: Store, plan: RowPlan, actor: uuid.UUID | None) -> RowFate:
    """Write a planned row through the store's audited writes; the row refused (with the
    store's reason) when the store refuses it."""
    fate, profile = plan.fate, plan.profile
    if profile is None:
        return fate
    try:
        if isinstance(profile, User):
            if plan.existing is None:
                store.add_person(profile, actor=actor)
            else:
                store.update_person(profile, actor=actor)
        elif plan.existing is None:
            store.add_candidate(profile, actor=actor)
        else:
            store.update_candidate(profile, actor=actor)
    except EmailTaken as exc:
        owner: User | Candidate | None = (
            store.get_user(exc.existing)
            if exc.kind == "user"
            else store.get_candidate(exc.existing)
        )
        note = exc.message if owner is not None else UNFINISHED
        return dataclasses.replace(fate, fate=REFUSED, note=note)
    except ValidationError as exc:
        return dataclasses.replace(fate, fate=REFUSED, note=exc.message)
    return fate


def _first_rows(
    kind: Kind, table: CsvRows
) -> tuple[list[tuple[int, dict[str, str], str | None]], tuple[str, ...]]:
    """Every row with its cells; a repeated email (any case) refused after its first row."""
    columns, ignored = column_map(kind, table.header)
    seen: dict[str, int] = {}
    rows = []
    for row, values, problem in _cells(table, columns):
        key = email_key(values.get("email", ""))
        if problem is None and key:
            if key in seen:
                problem = f"The same email as row {seen[key]}; each email once."
            else:
                seen[key] = row
        rows.append((row, values, problem))
    return rows, ignored


def _workers(store: Store) -> int:
    return 1 if store.backend == "sqlite" else NODE_WORKERS


def _run(
    store: Store,
    rows: list[tuple[int, dict[str, str], str | None]],
    each: Callable[[tuple[int, dict[str, str], str | None]], RowFate],
    progress: Progress | None,
) -> list[RowFate]:
    """`each` over the rows in file order, several at once on a node; progress by chunks."""
    fates: list[RowFate] = []
    total = len(rows)
    with ThreadPoolExecutor(max_workers=_workers(store)) as pool:
        for start in range(0, total, CHUNK):
            fates.extend(pool.map(each, rows[start : start + CHUNK]))
            if progress:
                progress(len(fates), total)
    if progress and not total:
        progress(0, 0)
    return fates


def preview(
    store: Store,
    kind: Kind,
    table: CsvRows,
    actor: uuid.UUID | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Every row's fate; nothing written."""
    rows, ignored = _first_rows(kind, table)

    def each(item: tuple[int, dict[str, str], str | None]) -> RowFate:
        return plan_row(store, kind, item[0], item[1], actor, item[2]).fate

    return Preview(kind, tuple(_run(store, rows, each, progress)), ignored)


def run_import(
    store: Store,
    kind: Kind,
    table: CsvRows,
    actor: uuid.UUID | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Import the file: each row planned again against the store and written when new or
    changed; the fates as done. A row the database failed to answer is tried again (planned
    again: what was written of it is then seen); StoreUnavailable, after the rows written so
    far, when it still fails: importing the file again finishes it (the rows done are
    unchanged)."""
    rows, ignored = _first_rows(kind, table)
    run = uuid.uuid4()  # a new row's id is the same on each try of this import (see below)

    def each(item: tuple[int, dict[str, str], str | None]) -> RowFate:
        row, values, problem = item
        # One id per new row for the whole run: a try that claimed the email and then failed
        # leaves the claim to this id, so the next try completes it instead of meeting it.
        new_id = uuid.uuid5(run, email_key(values.get("email", "")))
        tried: RowPlan | None = None  # the plan of a try the database did not answer
        for pause in (*RETRY_PAUSES, None):
            plan: RowPlan | None = None
            try:
                plan = plan_row(store, kind, row, values, actor, problem, new_id)
                if tried is not None and plan.fate.fate == UNCHANGED:
                    return tried.fate  # that try was written after all: its fate stands
                return write_row(store, plan, actor)
            except StoreError:
                if pause is None:
                    raise
                if plan is not None and plan.profile is not None:  # its write was tried
                    tried = tried or plan
                time.sleep(pause)
        raise AssertionError("unreachable")  # the last pause re-raises

    try:
        fates = _run(store, rows, each, progress)
    except StoreError as exc:
        raise StoreUnavailable(
            f"{exc} The rows written before it stay written; import the file again to finish "
            "(they show as unchanged)."
        ) from exc
    return Preview(kind, tuple(fates), ignored)


def fates_table(result: Preview) -> dict[str, list[object]]:
    """The preview as the page's table: refused rows first, then in file order."""
    order = sorted(result.rows, key=lambda r: (r.fate != REFUSED, r.row))
    return {
        "Row": [r.row for r in order],
        "Fate": [r.fate.title() for r in order],
        "Name": [r.name for r in order],
        "Email": [r.email for r in order],
        "Reason or change": [r.note for r in order],
    }


def column_help(kind: Kind) -> list[tuple[str, bool, str]]:
    """(column, required, what it holds) for the page and the docs."""
    return [(c.label, c.required, c.help) for c in COLUMNS[kind]]
