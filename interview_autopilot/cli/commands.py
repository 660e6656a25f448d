"""Command line: `interview-autopilot schema apply | schema status | load-sample | smoke-test |
doctor | settings | migrate | users add | users list | users import | candidates import |
jobs from-titles | autopilot run [--once]` (or `python -m interview_autopilot ...`).

Works on whatever backend the settings name. Errors print one line, never a traceback or a secret.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..core import logs
from ..core.errors import ConfigError, Forbidden, StoreError, ValidationError
from ..core.settings import Settings

log = logging.getLogger("interview_autopilot.cli")  # one logger for the command line's modules
PROGRESS_STEPS = 10  # a load's progress is logged at each tenth


def _progress(done: int, total: int) -> None:
    _log_progress(done, total)
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(
        f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} interviews",
        end=end,
        flush=True,
    )


def _log_progress(done: int, total: int) -> None:
    """A load's progress at INFO, each time it passes a tenth (and at the end)."""
    step = max(total // PROGRESS_STEPS, 1)
    passed = done // step != (done - 1) // step if done else False
    if done >= total or passed:
        log.info("loaded %d of %d interviews", done, total)
    else:
        log.debug("loaded %d of %d interviews", done, total)


def _say(prefix: str, line: str, stream: TextIO | None = None) -> None:
    """A progress line: printed (stdout, or `stream`), and logged at INFO."""
    print(line, file=stream or sys.stdout, flush=True)
    text = line.strip()
    log.info("%s", text if text.startswith(f"{prefix}:") else f"{prefix}: {text}")


def schema_apply(settings: Settings) -> None:
    """Apply the missing migrations of cql/migrations (Cassandra/Astra) or the missing schema
    steps of the SQLite file (the store runs them when it opens), then print the status."""
    if settings.backend == "sqlite":
        from ..store.sqlite import SqliteStore

        SqliteStore(settings.path("SQLITE_PATH")).close()
        schema_status(settings)
        return
    from cassandra import Unauthorized

    from ..store.cassandra.connection import build_cluster, cluster_config, connect
    from ..store.cassandra.schema import apply_schema

    config = cluster_config(settings)
    cluster = build_cluster(settings)
    try:
        session = connect(cluster)
        statements = apply_schema(
            session,
            config.keyspace,
            create_keyspace=config.backend == "cassandra",
            replication_factor=int(settings.number("CASSANDRA_REPLICATION_FACTOR")),
            local_dc=settings["CASSANDRA_LOCAL_DC"] or None,
            say=lambda line: _say("schema apply", f"  {line}"),
        )
    except Unauthorized as exc:  # a role without CREATE / ALTER: one line, no traceback
        raise StoreError(permission_refusal(settings, config.keyspace, exc)) from None
    finally:
        cluster.shutdown()
    _say(
        "schema apply",
        f"schema applied to keyspace {config.keyspace}: {len(statements)} statements",
    )


def permission_refusal(settings: Settings, keyspace: str, exc: Exception) -> str:
    """One line for a schema change the server refused to the login's role."""
    said = re.search(r'message="([^"]*)"', str(exc))
    reason = (said.group(1) if said else str(exc)).splitlines()[0]
    user = settings["CASSANDRA_USERNAME"] or "(no username)"
    return (
        f"the Cassandra role {user} lacks the permission to change the schema of keyspace "
        f"{keyspace} ({reason}); run `schema apply` as a role with CREATE and ALTER there."
    )


def schema_status(settings: Settings) -> None:
    """Print each migration (Cassandra/Astra) or schema step (SQLite): applied or pending."""
    if settings.backend == "sqlite":
        import sqlite3

        path = settings.path("SQLITE_PATH")
        if not path.is_file():
            raise ConfigError("SQLITE_PATH names no file yet: the app or `schema apply` makes it.")
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            from ..store.sqlite.migrations import status

            steps = status(db)
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"Cannot read the SQLite file at SQLITE_PATH ({exc}).") from None
        finally:
            db.close()
        done = sum(state == "applied" for _n, _name, state in steps)
        print(f"SQLite file {path}: schema version {done} of {len(steps)}")
        for number, name, state in steps:
            print(f"  {number:04d} {name:<36} {state}")
        return
    from ..store.cassandra.connection import build_cluster, cluster_config, connect
    from ..store.cassandra.migrations import status as keyspace_status

    config = cluster_config(settings)
    cluster = build_cluster(settings)
    try:
        entries = keyspace_status(connect(cluster), config.keyspace)
    finally:
        cluster.shutdown()
    done = sum(e.applied is not None for e in entries)
    print(f"keyspace {config.keyspace}: {done} of {len(entries)} migrations applied")
    for e in entries:
        changed = e.applied and e.applied.checksum != e.migration.checksum
        note = "  CHANGED since applied: refused" if changed else ""
        print(f"  {e.migration.file_name:<40} {e.state}{note}")


def load_sample(settings: Settings, force: bool) -> None:
    """Load data/sample/ into the store (only when empty unless forced)."""
    from ..core.models import utc_now
    from ..features.sample import (
        anchored_to,
        ensure_sample_data,
        load_sample_team,
        read_sample_data,
        sample_team_on,
    )
    from ..store import open_store

    log.info("load-sample: loading the sample data%s", " (forced)" if force else "")
    store = open_store(settings)
    try:
        if force:  # anchored to today too: the same ids move, nothing is duplicated
            today = utc_now()
            store.bulk_load(anchored_to(read_sample_data(), today), _progress)
            load_sample_team(store, sample_team_on(today))
            _say(
                "load-sample", "sample data loaded (forced; records are upserted, never duplicated)"
            )
        elif ensure_sample_data(store, _progress):
            _say("load-sample", "sample data loaded")
        else:
            _say(
                "load-sample",
                "the store already holds interviews: nothing loaded (use --force to reload)",
            )
    finally:
        store.close()


def doctor(settings: Settings, repair: bool, roll_forward: bool = False) -> int:
    """Compare every copy with its source; 1 when anything disagrees (before any repair).
    `roll_forward`: first finish the changes whose writer died (Cassandra, a week back)."""
    from ..store import open_store

    store = open_store(settings)
    try:
        finish = getattr(store, "roll_forward_pending", None)
        if roll_forward and finish is not None:
            from ..store.cassandra.sweeper import STARTUP_SPAN

            _say("doctor", f"finished {finish(STARTUP_SPAN)} change(s) whose writer died")
        report = store.doctor(repair, progress=lambda line: _say("doctor", line))
    finally:
        store.close()
    verdict = "consistent" if report.ok else f"{len(report.problems)} disagreement(s)"
    _say(
        "doctor", f"doctor: {report.interviews} interviews checked on {settings.backend}: {verdict}"
    )
    if not report.ok:
        log.warning("doctor: %d copies disagree with their source", len(report.problems))
    if repair and not report.ok:
        _say("doctor", f"doctor: repaired ({report.repaired} writes); run it again to confirm")
    return 0 if report.ok else 1


def migrate(settings: Settings, args: argparse.Namespace) -> int:
    """Copy --from into --to, verify; 0 when they agree, 1 with the differences, 3 when
    stopped by --max-chunks (run again to resume). Progress and differences on stderr."""
    from pathlib import Path

    from .migrate import Endpoint, Options
    from .migrate import migrate as run

    def say(line: str) -> None:
        _say("migrate", f"migrate: {line}", sys.stderr)

    origin, destination = Endpoint.parse(args.source, "from"), Endpoint.parse(args.to, "to")
    route = f"{origin.describe(settings)} -> {destination.describe(settings)}"
    if origin.describe(settings) == destination.describe(settings):
        raise ConfigError(f"--from and --to are the same store ({route}).")
    for name in ("chunk_size", "sample", "max_chunks"):
        value = getattr(args, name)
        if value is not None and value < (0 if name == "sample" else 1):
            raise ConfigError(f"--{name.replace('_', '-')} must be a positive number.")
    options = Options(
        Path(args.checkpoint),
        args.chunk_size,
        args.sample,
        args.max_chunks,
        args.restart,
        args.verify_only,
    )
    source = origin.open(settings, source=True)
    try:
        target = destination.open(settings, source=False)
        try:
            say(route)
            outcome = run(source, target, route, options, say)
        finally:
            target.close()
    finally:
        source.close()
    rate = outcome.interviews / max(outcome.seconds, 1e-9)
    say(
        f"{outcome.interviews} interviews read in {outcome.seconds:.1f} s ({rate:.0f}/s): "
        f"{outcome.written} written, {outcome.identical} already identical"
    )
    if outcome.stopped:
        say(f"stopped after {args.max_chunks} chunk(s): run the same command to resume")
        return 3
    for line in outcome.problems:
        print(f"difference: {line}", file=sys.stderr)
    if outcome.problems:
        say(f"verification failed: {len(outcome.problems)} difference(s)")
        return 1
    say("verified: counts and the sampled rows agree")
    return 0


def _program_name() -> str:
    """The name the command was run by: the console script, or `python -m`."""
    name = Path(sys.argv[0]).name
    return name if name.startswith("interview-autopilot") else "python -m interview_autopilot"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=_program_name(), description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    schema = sub.add_parser("schema", help="apply the missing schema migrations, or list them")
    schema.add_argument("action", choices=["apply", "status"])
    load = sub.add_parser("load-sample", help="load the sample data")
    load.add_argument("--force", action="store_true", help="load even when not empty")
    sub.add_parser("smoke-test", help="check the configured backend end to end")
    sub.add_parser("settings", help="print the settings in use (secrets redacted)")
    doc = sub.add_parser("doctor", help="compare every copy with its source (exit 1 if any differ)")
    doc.add_argument("--repair", action="store_true", help="rewrite what differs from the source")
    doc.add_argument(
        "--roll-forward",
        action="store_true",
        help="first finish the changes whose writer died (Cassandra; the sweeper does it too)",
    )
    mig = sub.add_parser("migrate", help="copy one store into another, verified")
    mig.add_argument("--from", dest="source", required=True, help="sqlite:PATH, cassandra, astra")
    mig.add_argument("--to", required=True, help="sqlite:PATH, cassandra or astra")
    mig.add_argument("--checkpoint", default="migrate.checkpoint.json", help="resume file")
    mig.add_argument("--restart", action="store_true", help="ignore the checkpoint")
    mig.add_argument("--chunk-size", type=int, default=200, help="interviews per chunk")
    mig.add_argument("--sample", type=int, default=100, help="rows compared at the end")
    mig.add_argument("--max-chunks", type=int, help="stop after N chunks (resume later)")
    mig.add_argument("--verify-only", action="store_true", help="copy nothing, only verify")
    from . import users

    users.add_arguments(sub)
    from . import jobs

    jobs.add_arguments(sub)
    from . import imports

    imports.add_arguments(sub)
    from . import autopilot

    autopilot.add_arguments(sub)
    args = parser.parse_args(argv)

    try:
        settings = Settings.load()
        logs.configure(settings, default_level="WARNING")  # the command prints its progress
        log.debug("command %s on %s", args.command, settings.backend)
        if args.command == "settings":
            for name, value in settings.describe().items():
                print(f"{name}={value}")
        elif args.command == "schema" and args.action == "status":
            schema_status(settings)
        elif args.command == "schema":
            schema_apply(settings)
        elif args.command == "load-sample":
            load_sample(settings, args.force)
        elif args.command == "doctor":
            return doctor(settings, args.repair, args.roll_forward)
        elif args.command == "migrate":
            return migrate(settings, args)
        elif args.command == "users":
            from . import users

            return users.run(settings, args)
        elif args.command == "jobs":
            from . import jobs

            return jobs.run(settings, args)
        elif args.command == "candidates":
            from . import imports

            return imports.run(settings, "candidates", args)
        elif args.command == "autopilot":
            from . import autopilot

            return autopilot.run(settings, args)
        elif args.command == "smoke-test":
            from .smoke import run

            run(settings)
            _say("smoke-test", "smoke test passed")
    except (StoreError, ValidationError, Forbidden) as exc:
        # The `error:` line is the record; DEBUG adds the class (errors stay one line at INFO).
        log.debug("%s failed: %s", args.command, type(exc).__name__)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file of the command line (checkpoint) cannot be written
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
