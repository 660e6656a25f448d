"""The Insights page in Chromium on the real app (`streamlit run`, sample data, a few hiring
decisions recorded): every chart draws, and the page is saved as the README's screenshot
(docs/screenshot-insights.png)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from interview_autopilot.models import InterviewStatus
from interview_autopilot.sample import ensure_sample_data
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "screenshot.py"
SHOT = ROOT / "docs" / "screenshot-insights.png"
CHARTS = 7
CALLS = ("advance", "reject", "hold", "advance")


def _helpers():
    spec = importlib.util.spec_from_file_location("screenshot", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shots = _helpers()


def decide_some(db: Path) -> int:
    """Hiring decisions on every third completed interview (recorded by its recruiter)."""
    store = SqliteStore(db)
    try:
        ensure_sample_data(store)  # what the server's first session would load (uuid5 ids)
        done = store.list_interviews_by_status(InterviewStatus.COMPLETED, 200).rows[::3]
        for n, row in enumerate(done):
            recruiter = store.get_interview(row.interview_id).recruiter_id  # type: ignore[union-attr]
            store.record_decision(row.interview_id, recruiter, CALLS[n % 4], "Panel agreed.")
        return len(done)
    finally:
        store.close()


def test_the_insights_page_draws_every_chart_and_is_the_readme_screenshot(tmp_path) -> None:
    if not Path(shots.CHROMIUM).exists():
        pytest.skip(f"{shots.CHROMIUM} is missing (`make chromium` installs Debian's Chromium)")
    from playwright.sync_api import sync_playwright

    db = tmp_path / "insights.db"
    assert decide_some(db) > 0
    with shots.serve(db) as url, sync_playwright() as p:
        browser = shots.launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/insights", wait_until="domcontentloaded")
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        charts.nth(CHARTS - 1).wait_for(timeout=60_000)
        page.locator(".vega-embed canvas, .vega-embed svg").nth(CHARTS - 1).wait_for(
            state="attached", timeout=30_000
        )
        shots.settle(page)
        assert charts.count() == CHARTS
        assert "counted by one GROUP BY query per chart" in page.inner_text("body")
        # Streamlit scrolls inside its main block, so a "full page" shot needs a tall viewport.
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 4000)})
        shots.settle(page)
        SHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=SHOT)
        browser.close()
    assert SHOT.stat().st_size > 10_000
