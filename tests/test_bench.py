"""The benchmark cannot rot: `scripts/bench.py` runs end to end at a tiny size and writes its
JSON with every figure, on SQLite and on the Cassandra node. No timing is asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchkit.target import cassandra_reachable
from support.keyspace_reset import empty_tables
from support.node import cassandra_test_settings, pooled_keyspace, ready_kept_keyspace

from interview_autopilot.store.cassandra.connection import build_cluster, connect

ROOT = Path(__file__).resolve().parent.parent
SIZE = os.environ.get("BENCH_SMOKE_SIZE", "2k")
RUN_KEYS = {
    "interviews",
    "candidates",
    "users",
    "load",
    "sync_baseline",
    "load_vs_sync",
    "calls",
    "baselines",
    "largest_partition",
    "tombstones",
    "scheduling",
    "jobs",
}
SCHEDULING = {
    "seeded",
    "calls",
    "find_slots",
    "find_reads",
    "page_reads",
    "autopilot",
    "find_with_history",
}
JOB_CALLS = {
    "job page (applications by stage)",
    "applications-by-stage counts",
    "a stage's first page (50 applications and their names)",
    "jobs list: open",
}
LOAD_KEYS = {"seconds", "rows", "rows_per_s", "interviews_per_s", "peak_rss_mb"}
CALLS = {
    "point read (get_user)",
    "counts per status",
    "first page: scheduled",
    "first page: completed",
    "first page: cancelled",
    "first page: no_show",
    "past-due page (scheduled)",
    "upcoming page",
    "deep page: completed #21",
    "interview detail",
    "submit feedback: new",
    "submit feedback: edit",
    "status change",
}


@pytest.fixture
def keyspace_args() -> Iterator[list[str]]:
    """The bench's keyspace on the node: one of the machine's pool of kept keyspaces
    (support.node.pooled_keyspace) with its `_sync` twin, up to date and emptied, so the smoke
    makes and drops no schema (`--kept-keyspaces`); without a node, a name of its own."""
    if cassandra_reachable():
        yield [f"--keyspace=autopilot_bench_smoke_{os.getpid()}"]
        return
    with pooled_keyspace("autopilot_bench") as keyspace:
        cluster = build_cluster(cassandra_test_settings(keyspace))
        try:
            session = connect(cluster)
            for name in (keyspace, f"{keyspace}_sync"):
                ready_kept_keyspace(session, name)
                empty_tables(session, name)
        finally:
            cluster.shutdown()
        yield [f"--keyspace={keyspace}", "--kept-keyspaces"]


@pytest.mark.cassandra  # runs both stores: SQLite and the node
@pytest.mark.timeout(900)
def test_bench_runs_and_writes_every_figure(tmp_path: Path, keyspace_args: list[str]) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench.py"),
            f"--sizes={SIZE}",
            "--rounds=1",
            "--sample=10",
            "--smoke",
            f"--json={out}",
            *keyspace_args,
        ],
        capture_output=True,
        text=True,
        timeout=840,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    document = json.loads(out.read_text())
    runs = document["runs"]
    expected = {f"sqlite {SIZE}"}
    if os.environ.get("REQUIRE_CASSANDRA") == "1" or not document["skipped"]:
        expected.add(f"cassandra {SIZE}")
    assert set(runs) == expected, document["skipped"]
    for name, run in runs.items():
        assert set(run) >= RUN_KEYS, name
        assert set(run["load"]) >= LOAD_KEYS, name
        assert set(run["calls"]) == CALLS, name
        for figure in run["calls"].values():
            assert set(figure) == {"p50_ms", "p95_ms", "n"}
        assert any(k.startswith("full scan + pandas") for k in run["baselines"]), name
        assert any(k.startswith("bare") for k in run["baselines"]), name
        assert run["interviews"] == run["load"]["interviews"]
        figures = run["scheduling"]
        assert set(figures) == SCHEDULING, name
        assert set(figures["calls"]) == {
            "find times: 3 people, 10 business days",
            "interviewer page with calibration",
        }
        assert figures["find_slots"] > 0 and figures["find_with_history"]["same_slots"], name
        sent = figures["autopilot"]
        assert sent["due"] > 0 and sent["received"] >= sent["sent"] > 0, name  # real receiver
        assert figures["find_reads"]["statements"] > 0, name
        hiring = run["jobs"]
        assert "error" not in hiring, (name, hiring)
        assert set(hiring["calls"]) == JOB_CALLS, name
        loaded = hiring["loaded"]
        assert loaded["jobs"] == 8 and loaded["applications"] == run["candidates"], name
        # the job page's counts are its applications, and it lists some at a later stage
        assert sum(hiring["counts"].values()) == hiring["job_applications"] > 0, name
        assert 0 < hiring["listed"] <= hiring["job_applications"], name
        assert 0 < hiring["first_stage_listed"] <= hiring["counts"]["Technical screen"], name
        assert hiring["counts"]["System design"] > 0 and hiring["counts"]["Rejected"] > 0, name
        assert hiring["page_reads"]["statements"] > 0, name
    if f"cassandra {SIZE}" in runs:
        run = runs[f"cassandra {SIZE}"]
        assert {"rows", "tables"} <= set(run["largest_partition"])
        assert {"max_per_read", "traced_reads", "system_views", "lifecycle_moved"} <= set(
            run["tombstones"]
        )
        assert run["scheduling"]["find_reads"]["partitions"] > 0  # from the node's traces
        assert run["scheduling"]["autopilot"]["reads"]["partitions"] > 0
        # the applications' tables scanned after they were stored, each with its rows
        largest = run["jobs"]["largest_partition"]
        for table in ("applications_by_job_stage", "applications_by_candidate", "jobs_by_id"):
            assert largest[table]["largest_rows"] > 0, (table, largest)
    assert runs[f"sqlite {SIZE}"]["jobs"]["largest_partition"] is None
    assert "load: rows/s" in done.stdout  # the printed table
    assert "job page (applications by stage) (ms p50 / p95)" in done.stdout
