"""The command line's `jobs` commands: `jobs from-titles` makes jobs of the interviews'
free-text job titles (folded: case, accents and spacing), reporting every merge."""

from __future__ import annotations

import argparse

from ..core.settings import Settings


def add_arguments(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    jobs = sub.add_parser("jobs", help="make jobs of the interviews' free-text job titles")
    actions = jobs.add_subparsers(dest="action", required=True)
    titles = actions.add_parser(
        "from-titles",
        help="one job per folded title (case, accents, spacing), every merge reported",
    )
    titles.add_argument("--dry-run", action="store_true", help="say what would happen only")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from ..features.title_jobs import make_jobs_from_titles
    from ..store import open_store

    store = open_store(settings)
    try:
        move = make_jobs_from_titles(
            store, dry_run=args.dry_run, say=lambda line: print(f"  {line}", flush=True)
        )
    finally:
        store.close()
    made = "would make" if args.dry_run else "made"
    print(
        f"{len(move.groups)} job titles: {made} {len(move.created)} jobs, "
        f"{len(move.merges)} merges; interviews {move.interviews_before} before, "
        f"{move.interviews_after} after"
    )
    if not args.dry_run:
        print(f"hiring decisions recorded on interviews: {move.decisions} carried to applications")
    for line in [*move.unfiled, *move.refused]:
        print(f"  problem: {line}")
    return 0 if move.ok else 1
