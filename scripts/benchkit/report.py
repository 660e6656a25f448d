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
    "scheduling",
    "jobs",
)
LOAD_KEYS = ("seconds", "rows", "rows_per_s", "interviews_per_s", "peak_rss_mb")
TRACED_MESSAGES = 10  # benchkit/scheduling.py's TRACED_PASS (named here to keep report light)


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
    return lines + scheduling_rows(columns) + jobs_rows(columns)


def _reads(figure: dict[str, int]) -> str:
    """'41 statements, 60 rows, 38 partitions'."""
    text = f"{figure['statements']} st, {figure['rows']:,} rows"
    return text + (f", {figure['partitions']} part" if "partitions" in figure else "")


def scheduling_rows(columns: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The scheduling and autopilot lines (benchkit/scheduling.py), for runs that have them."""
    found = [r.get("scheduling") for r in columns]
    if not any(found):
        return []
    labels = list(dict.fromkeys(k for f in found if f for k in f["calls"]))
    lines = [
        (f"{k} (ms p50 / p95)", [_ms(f["calls"].get(k)) if f else "-" for f in found])
        for k in labels
    ]
    passes = [f["autopilot"] if f else None for f in found]
    lines += [
        ("find times: reads", [_reads(f["find_reads"]) if f else "-" for f in found]),
        ("interviewer page: reads", [_reads(f["page_reads"]) if f else "-" for f in found]),
        (
            "autopilot pass: due / sent / seconds",
            [f"{p['due']} / {p['sent']} / {p['seconds']:.2f}" if p else "-" for p in passes],
        ),
        ("autopilot pass: sends/s", [f"{p['sends_per_s']:,.0f}" if p else "-" for p in passes]),
        (
            f"autopilot pass of {TRACED_MESSAGES}: reads",
            [_reads(p["reads"]) if p else "-" for p in passes],
        ),
    ]
    history = [f["find_with_history"] if f else None for f in found]
    weeks = next(h["weeks"] for h in history if h)
    lines += [
        (
            f"find times after {weeks} weeks' history (ms p50 / p95)",
            [_ms(h["call"]) if h else "-" for h in history],
        ),
        (
            f"find times after {weeks} weeks' history: reads",
            [_reads(h["reads"]) if h else "-" for h in history],
        ),
        (
            "find times p95: with history ÷ without",
            [f"{h['p95_ratio']:.2f}" if h else "-" for h in history],
        ),
    ]
    return lines


def jobs_rows(columns: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The jobs' lines (benchkit/jobs.py), for runs that have them."""
    found = [_measured(r.get("jobs")) for r in columns]
    if not any(found):
        return []
    labels = list(dict.fromkeys(k for f in found if f for k in f["calls"]))
    lines = [
        (
            "jobs: applications loaded / per s",
            [
                f"{f['loaded']['applications']:,} / {f['loaded']['applications_per_s']:,.0f}"
                if f
                else "-"
                for f in found
            ],
        ),
        (
            "job page: its job's applications / listed",
            [f"{f['job_applications']:,} / {f['listed']}" if f else "-" for f in found],
        ),
    ]
    lines += [
        (f"{k} (ms p50 / p95)", [_ms(f["calls"].get(k)) if f else "-" for f in found])
        for k in labels
    ]
    lines.append(("job page: reads", [_reads(f["page_reads"]) if f else "-" for f in found]))
    largest = [(f or {}).get("largest_partition") for f in found]
    if any(largest):
        tables = sorted({t for found_tables in largest if found_tables for t in found_tables})
        lines += [
            (
                f"  largest partition of {t} (rows)",
                [f"{p[t]['largest_rows']:,}" if p and t in p else "-" for p in largest],
            )
            for t in tables
        ]
    return lines


# The figures whose ratio, largest size to smallest on one backend, says whether they are flat.
FLAT = {
    "find times p95 (ms)": lambda s: s["calls"][_find(s)]["p95_ms"],
    "find times partitions": lambda s: s["find_reads"].get("partitions"),
    "find times statements": lambda s: s["find_reads"]["statements"],
    "interviewer page p95 (ms)": lambda s: s["calls"][_page(s)]["p95_ms"],
    "interviewer page rows": lambda s: s["page_reads"]["rows"],
    "autopilot pass seconds": lambda s: s["autopilot"]["seconds"],
    "autopilot pass partitions": lambda s: s["autopilot"]["reads"].get("partitions"),
    "autopilot pass statements": lambda s: s["autopilot"]["reads"]["statements"],
}


# The same for the jobs' figures (benchkit/jobs.py; its labels, named here to keep report light).
JOB_PAGE, COUNTS = "job page (applications by stage)", "applications-by-stage counts"
STAGE_PAGE = "a stage's first page (50 applications and their names)"
JOBS_FLAT = {
    "job page p50 (ms)": lambda s: s["calls"][JOB_PAGE]["p50_ms"],
    "job page p95 (ms)": lambda s: s["calls"][JOB_PAGE]["p95_ms"],
    "job page rows": lambda s: s["page_reads"]["rows"],
    "stage page p50 (ms)": lambda s: s["calls"].get(STAGE_PAGE, {}).get("p50_ms"),
    "stage page p95 (ms)": lambda s: s["calls"].get(STAGE_PAGE, {}).get("p95_ms"),
    "by-stage counts p50 (ms)": lambda s: s["calls"][COUNTS]["p50_ms"],
    "by-stage counts p95 (ms)": lambda s: s["calls"][COUNTS]["p95_ms"],
}


def _measured(section: dict[str, Any] | None) -> dict[str, Any] | None:
    """A section's figures, or None when it was not measured or failed ({"error": ...})."""
    return section if section and "error" not in section else None


def _find(figures: dict[str, Any]) -> str:
    return next(k for k in figures["calls"] if k.startswith("find times"))


def _page(figures: dict[str, Any]) -> str:
    return next(k for k in figures["calls"] if k.startswith("interviewer page"))


def flatness(runs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per backend with two sizes or more: each FLAT and JOBS_FLAT figure at the smallest and
    the largest size, and their ratio (largest ÷ smallest; the issues' bars are 1.5 for the
    scheduling figures, 1.2 for the job page)."""
    out: dict[str, dict[str, Any]] = {}
    for backend in sorted({name.split()[0] for name in runs}):
        mine = sorted(
            ((r["interviews"], name, r) for name, r in runs.items() if name.split()[0] == backend),
            key=lambda t: t[0],
        )
        if len(mine) < 2:
            continue
        (_, small, a), (_, large, b) = mine[0], mine[-1]
        small, large = small.split()[-1], large.split()[-1]
        figures = {}
        for section, flat in (("scheduling", FLAT), ("jobs", JOBS_FLAT)):
            if not (_measured(a.get(section)) and _measured(b.get(section))):
                continue
            for what, get in flat.items():
                x, y = get(a[section]), get(b[section])
                if x is None or y is None:
                    continue
                figures[what] = {small: x, large: y, "ratio": (y / x) if x else None}
        if figures:
            out[backend] = {"sizes": [small, large], "figures": figures}
    return out


def flatness_table(flat: dict[str, dict[str, Any]]) -> str:
    """'sqlite: 100k ÷ 10k' and a line per figure."""
    if not flat:
        return "flatness: needs two sizes on a backend (--sizes 10k,100k)"
    out = []
    for backend, found in flat.items():
        small, large = found["sizes"]
        out.append(f"{backend}: {large} ÷ {small}")
        for what, f in found["figures"].items():
            ratio = "n/a" if f["ratio"] is None else f"{f['ratio']:.2f}"
            out.append(f"  {what:<28} {_num(f[small]):>8} → {_num(f[large]):>8}   ×{ratio}")
    return "\n".join(out)


def across_sizes_table(found: dict[str, Any]) -> str:
    """The job pages of every size timed in the same interleaved rounds, and each size's
    figures over the smallest's."""
    out = [f"cassandra: the job page of every size in the same {found['rounds']} rounds"]
    for label, f in found["sizes"].items():
        r = found["ratios"][label]
        out.append(
            f"  {label:<6} p50 {_num(f['p50_ms']):>7} ms  p95 {_num(f['p95_ms']):>7} ms"
            f"   ×{r['p50_ms']:.2f} / ×{r['p95_ms']:.2f}"
        )
    return "\n".join(out)


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
