"""The command line's imports: `users import FILE` (people) and `candidates import FILE`, with
`--dry-run` for the preview alone. Every row's fate is printed (new, updated, unchanged,
refused with its reason); the exit status is 0 when no row was refused, 1 when some were, 2
when the file was refused whole (nothing written)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.csv_rows import check_size
from ..core.settings import Settings
from ..features import directory_import
from ..features.directory_import import CANDIDATES, PEOPLE, REFUSED, Kind, Preview

PROGRESS_STEPS = 10


def add_import_parser(actions: argparse._SubParsersAction, kind: Kind) -> None:  # type: ignore[type-arg,unused-ignore]
    what = "people" if kind == PEOPLE else "candidates"
    imp = actions.add_parser(
        "import", help=f"import {what} from a CSV file (matched by email; --dry-run to preview)"
    )
    imp.add_argument("file", help="a CSV file in UTF-8 whose first row names the columns")
    imp.add_argument(
        "--dry-run", action="store_true", help="print every row's fate and write nothing"
    )


def add_arguments(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    candidates = sub.add_parser("candidates", help="import candidates from a CSV file")
    actions = candidates.add_subparsers(dest="action", required=True)
    add_import_parser(actions, CANDIDATES)


def _progress(done: int, total: int) -> None:
    """Each tenth of a large file, on stderr (stdout holds the rows' fates)."""
    step = max(total // PROGRESS_STEPS, 1)
    if total > directory_import.CHUNK and (done // step != (done - 1) // step or done == total):
        print(f"  {done:,} of {total:,} rows", file=sys.stderr, flush=True)


def _line(result: Preview) -> None:
    for r in result.rows:
        who = f"{r.name} <{r.email}>" if r.name else f"<{r.email}>"
        note = f": {r.note}" if r.note else ""
        print(f"row {r.row}: {r.fate}: {who}{note}")


def run(settings: Settings, kind: Kind, args: argparse.Namespace) -> int:
    from ..store import open_store

    path = Path(args.file)
    max_bytes = int(settings.number("IMPORT_MAX_BYTES"))
    check_size(path.stat().st_size, max_bytes)
    table = directory_import.read_file(
        kind, path.read_bytes(), max_bytes, int(settings.number("IMPORT_MAX_ROWS"))
    )
    store = open_store(settings)
    try:
        if args.dry_run:
            result = directory_import.preview(store, kind, table, progress=_progress)
        else:
            result = directory_import.run_import(store, kind, table, progress=_progress)
    finally:
        store.close()
    _line(result)
    if result.ignored:
        print(f"columns not imported: {', '.join(result.ignored)}")
    said = result.summary(done=not args.dry_run)
    print(f"{kind}: {said}" + (" (dry run: nothing written)" if args.dry_run else ""))
    return 1 if result.count(REFUSED) else 0
