"""Command line: `python -m interview_autopilot schema apply | load-sample | smoke-test | doctor |
settings`.

Works on whatever backend the settings name. Errors print one line, never a traceback or a secret.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import StoreError, ValidationError
from .settings import Settings


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(
        f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} interviews",
        end=end,
        flush=True,
    )


def schema_apply(settings: Settings) -> None:
    """Apply cql/schema.cql (Cassandra/Astra); SQLite makes its schema when it opens."""
    if settings.backend == "sqlite":
        print(f"SQLite creates its schema when it opens: {settings.path('SQLITE_PATH')}")
        return
    from .store.cassandra.connection import build_cluster, cluster_config, connect
    from .store.cassandra.schema import apply_schema

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
        )
    finally:
        cluster.shutdown()
    print(f"schema applied to keyspace {config.keyspace}: {len(statements)} statements")


def load_sample(settings: Settings, force: bool) -> None:
    """Load data/sample/ into the store (only when empty unless forced)."""
    from .models import utc_now
    from .sample import anchored_to, ensure_sample_data, read_sample_data
    from .store import open_store

    store = open_store(settings)
    try:
        if force:  # anchored to today too: the same ids move, nothing is duplicated
            store.bulk_load(anchored_to(read_sample_data(), utc_now()), _progress)
            print("sample data loaded (forced; records are upserted, never duplicated)")
        elif ensure_sample_data(store, _progress):
            print("sample data loaded")
        else:
            print("the store already holds interviews: nothing loaded (use --force to reload)")
    finally:
        store.close()


def doctor(settings: Settings, repair: bool) -> int:
    """Compare every copy with its source; 1 when anything disagrees (before any repair)."""
    from .store import open_store

    store = open_store(settings)
    try:
        report = store.doctor(repair, progress=print)
    finally:
        store.close()
    verdict = "consistent" if report.ok else f"{len(report.problems)} disagreement(s)"
    print(f"doctor: {report.interviews} interviews checked on {settings.backend}: {verdict}")
    if repair and not report.ok:
        print(f"doctor: repaired ({report.repaired} writes); run it again to confirm")
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m interview_autopilot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    schema = sub.add_parser("schema", help="manage the Cassandra schema")
    schema.add_argument("action", choices=["apply"])
    load = sub.add_parser("load-sample", help="load the sample data")
    load.add_argument("--force", action="store_true", help="load even when not empty")
    sub.add_parser("smoke-test", help="check the configured backend end to end")
    sub.add_parser("settings", help="print the settings in use (secrets redacted)")
    doc = sub.add_parser("doctor", help="compare every copy with its source (exit 1 if any differ)")
    doc.add_argument("--repair", action="store_true", help="rewrite what differs from the source")
    args = parser.parse_args(argv)

    try:
        settings = Settings.load()
        if args.command == "settings":
            for name, value in settings.describe().items():
                print(f"{name}={value}")
        elif args.command == "schema":
            schema_apply(settings)
        elif args.command == "load-sample":
            load_sample(settings, args.force)
        elif args.command == "doctor":
            return doctor(settings, args.repair)
        elif args.command == "smoke-test":
            from .smoke import run

            run(settings)
            print("smoke test passed")
    except (StoreError, ValidationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
