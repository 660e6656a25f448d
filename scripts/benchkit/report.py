"""The bench's one table (stdout) and its JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Every run (one size on one backend) has these keys; tests/test_bench.py checks them.
RUN_KEYS = (
    "interviews",
    "load",
    "sync_baseline",
    "load_vs_sync",
    "calls",
    "baselines",
    "largest_partition",
    "tombstones",
)
LOAD_KEYS = ("seconds", "rows", "rows_per_s", "interviews_per_s", "peak_rss_mb")


def _ms(figure: dict[str, float] | None) -> str:
    if not figure:
        return "-"
    return f"{_num(figure['p50_ms'])} / {_num(figure['p95_ms'])}"


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def rows_of(runs: dict[str, dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The table's lines: (what, one cell per run)."""
    columns = list(runs.values())
    lines: list[tuple[str, list[str]]] = [
        ("load: interviews/s", [f"{r['load']['interviews_per_s']:,.0f}" for r in columns]),
        ("load: rows/s", [f"{r['load']['rows_per_s']:,.0f}" for r in columns]),
        ("load: seconds", [f"{r['load']['seconds']:,.1f}" for r in columns]),
        ("load: peak RSS (MB)", [f"{r['load']['peak_rss_mb']:,.0f}" for r in columns]),
        ("sync one-by-one: rows/s", [f"{r['sync_baseline']['rows_per_s']:,.0f}" for r in columns]),
        ("load / sync", [f"{r['load_vs_sync']:.1f}x" for r in columns]),
    ]
    labels = list(dict.fromkeys(k for r in columns for k in r["calls"]))
    lines += [(f"{k} (ms p50 / p95)", [_ms(r["calls"].get(k)) for r in columns]) for k in labels]
    labels = list(dict.fromkeys(k for r in columns for k in r["baselines"]))
    lines += [(f"{k} (ms)", [_ms(r["baselines"].get(k)) for r in columns]) for k in labels]
    lines.append(
        (
            "largest partition (rows)",
            [
                f"{r['largest_partition']['rows']:,}" if r["largest_partition"] else "n/a"
                for r in columns
            ],
        )
    )
    tables = sorted({t for r in columns if r["largest_partition"] for t in _tables(r)})
    lines += [
        (
            f"largest partition: {t} (rows)",
            [f"{_tables(r)[t]['largest_rows']:,}" if t in _tables(r) else "n/a" for r in columns],
        )
        for t in tables
    ]
    lines.append(
        (
            "max tombstones per list read",
            [str(r["tombstones"]["max_per_read"]) if r["tombstones"] else "n/a" for r in columns],
        )
    )
    return lines


def _tables(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The node's figures per table of a run (none for SQLite)."""
    return (run["largest_partition"] or {}).get("tables", {})


def table(runs: dict[str, dict[str, Any]]) -> str:
    """One table: a line per figure, a column per run ("cassandra 10k")."""
    lines = rows_of(runs)
    width = max(len(what) for what, _ in lines)
    cells = [list(runs), *[c for _, c in lines]]
    col = [max(len(row[i]) for row in cells) for i in range(len(runs))]
    out = [" " * width + "  " + "  ".join(h.rjust(w) for h, w in zip(runs, col, strict=True))]
    for what, values in lines:
        out.append(
            what.ljust(width)
            + "  "
            + "  ".join(v.rjust(w) for v, w in zip(values, col, strict=True))
        )
    return "\n".join(out)


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=1, default=str) + "\n", encoding="utf-8")
