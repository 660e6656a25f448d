"""The rows of an uploaded CSV file: the file-level checks (size, binary content, UTF-8, valid
CSV, a row limit), the delimiter a spreadsheet chose (comma, semicolon or tab), and the header
and records with their row numbers as a spreadsheet shows them (the header is row 1).

A file that fails a check is refused whole (`FileRefused`, a plain message); a row's own
problems are for the caller to judge (`features/directory_import.py`).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ValidationError

DELIMITERS = (",", ";", "\t")
# csv's own default (128 KiB a field) is kept: the longest text field allowed (a resume of
# 20,000 characters) is well under it, and a longer one is refused with the file.
_SAVE_AS = 'Save it from the spreadsheet as "CSV UTF-8" and upload that file.'
_MAGIC = {
    b"PK\x03\x04": "an Excel workbook or another zipped file",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file",
}


class FileRefused(ValidationError):
    """The whole file is refused: nothing of it is imported."""

    def __init__(self, message: str) -> None:
        super().__init__("file", message)


@dataclass(frozen=True)
class CsvRows:
    """A CSV file's header (as written) and its records: (row number, cells), blank rows left
    out. `delimiter` is the one the header reads best with."""

    header: tuple[str, ...]
    records: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


def check_size(size: int, max_bytes: int) -> None:
    """FileRefused when a file of `size` bytes is over the limit."""
    if size > max_bytes:
        raise FileRefused(
            f"The file is {size_text(size)}; the largest file imported is "
            f"{size_text(max_bytes)} (IMPORT_MAX_BYTES). Split it into smaller files."
        )


def decode(data: bytes, max_bytes: int) -> str:
    """The file's text, or FileRefused: too large, empty, binary, or not UTF-8."""
    check_size(len(data), max_bytes)
    if not data.strip():
        raise FileRefused("The file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(f"The file is UTF-16 text, not UTF-8. {_SAVE_AS}")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise FileRefused(f"This is not a CSV file: it looks like {what}. {_SAVE_AS}")
    if b"\x00" in data:
        raise FileRefused(f"This is not a CSV file: it holds binary data. {_SAVE_AS}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileRefused(f"The file is not UTF-8 text (line {line} is not). {_SAVE_AS}") from None


def fold_column(name: str) -> str:
    """A column name as matched: case, spaces, underscores, hyphens and invisible characters
    ignored ("Time zone", "time_zone" and "TimeZone" are one)."""
    kept = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cf", "Cc"))
    return "".join(ch for ch in kept.casefold() if ch.isalnum())


def _reader(text: str, delimiter: str) -> Iterable[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def pick_delimiter(text: str, known: set[str]) -> str:
    """The delimiter with which the header names the most known columns (a comma on a tie)."""

    def score(delimiter: str) -> int:
        try:
            header = next(iter(_reader(text, delimiter)), [])
        except csv.Error:
            return -1
        return sum(fold_column(cell) in known for cell in header)

    return max(DELIMITERS, key=score)  # max keeps the first of equals: the comma


def read_rows(data: bytes, *, max_bytes: int, max_rows: int, known: set[str]) -> CsvRows:
    """The file's header and records; FileRefused for a file that is not usable as a whole.
    `known` holds the folded column names the caller reads (to choose the delimiter)."""
    text = decode(data, max_bytes)
    delimiter = pick_delimiter(text, known)
    records: list[tuple[int, tuple[str, ...]]] = []
    header: tuple[str, ...] | None = None
    reader = _reader(text, delimiter)
    row = 0
    try:
        for cells in reader:
            row += 1
            if header is None:
                if any(cell.strip() for cell in cells):
                    header = tuple(cells)
                continue
            if not any(cell.strip() for cell in cells):
                continue  # a blank row, as spreadsheets leave them
            if len(records) >= max_rows:
                raise FileRefused(
                    f"The file has more than {max_rows:,} rows (IMPORT_MAX_ROWS). "
                    "Split it into smaller files."
                )
            records.append((row, tuple(cells)))
    except csv.Error as exc:
        raise FileRefused(
            f"Row {row + 1} is not valid CSV ({exc}); check its quotes. Nothing was imported."
        ) from None
    if header is None:
        raise FileRefused("The file has no header row naming its columns.")
    return CsvRows(header, tuple(records), delimiter)
