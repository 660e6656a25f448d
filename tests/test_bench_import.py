"""`make bench-import` cannot rot: `scripts/bench_import.py` runs end to end on a few rows on
SQLite and writes every figure (each import checked by the script: all rows new, then all
unchanged). No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {"rows", "file_mb", "preview_s", "import_s", "again_s", "rows_per_s", "peak_rss_mb"}
FIGURES |= {"import_fates", "refusals"}


def test_bench_import_runs_and_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench-import.json"
    args = [sys.executable, str(ROOT / "scripts" / "bench_import.py"), "--rows=60"]
    done = subprocess.run(
        [*args, "--backends=sqlite", f"--json={out}"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(out.read_text())["sqlite"]
    assert found["idle_rss_mb"] > 0
    for kind in ("people", "candidates"):
        assert set(found[kind]) == FIGURES
        assert found[kind]["rows"] == 60
        assert found[kind]["import_fates"] == "60 added, 0 updated, 0 unchanged, 0 refused"
    assert "sqlite     people" in done.stdout
