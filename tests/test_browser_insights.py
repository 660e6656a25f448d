"""The Insights page in Chromium on the real app (`streamlit run`, sample data, a few hiring
decisions recorded, and a known interview with reminders): every chart draws, time to feedback
by reminders shows the known interview's figures, and the page is saved as the README's screenshot
(docs/screenshot-insights.png). Without any decision, the charts of decisions say so in words;
with some, every legend's colours mean what they say, the same label the same colour in
every chart (read from the charts' SVG)."""

from __future__ import annotations

import importlib.util
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from support.world import ALICE, BOB, interview, seed_people

from interview_autopilot.core.models import InterviewStatus, UserRole, utc_now
from interview_autopilot.core.outbox import Channel, Kind, State
from interview_autopilot.core.reminder_log import ReminderLine
from interview_autopilot.features import insights
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "screenshot.py"
SHOT = ROOT / "docs" / "screenshot-insights.png"
CHARTS = 9
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


def known_history(db: Path) -> str:
    """An interview in a week the sample leaves empty (20 weeks back): Alice is sent two
    reminders (one recorded twice) and submits 30 h after the end, Bob none and submits after
    3 h. Returns the week (its Monday)."""
    store = SqliteStore(db)
    try:
        seed_people(store)
        today = utc_now().date()
        monday = today - timedelta(days=today.weekday(), weeks=20)
        start = datetime.combine(monday + timedelta(days=1), time(15), tzinfo=UTC)
        made = interview("insights-reminders", start, InterviewStatus.COMPLETED)
        store.create_interview(
            made, [(ALICE.user_id, UserRole.INTERVIEWER), (BOB.user_id, UserRole.INTERVIEWER)]
        )
        iid, end = made.interview_id, made.scheduled_end
        for n, hours in enumerate((1, 20, 20)):
            line = ReminderLine(
                ALICE.user_id,
                end + timedelta(hours=hours),
                Kind.SCORECARD_REMINDER,
                Channel.EMAIL,
                State.SENT,
                message_id=uuid.uuid5(iid, str(min(n, 1))),
            )
            store.record_reminder(iid, line)
        store.submit_feedback(iid, BOB.user_id, "yes", "Good.", end + timedelta(hours=3))
        store.submit_feedback(iid, ALICE.user_id, "no", "Hm.", end + timedelta(hours=30))
        return monday.isoformat()
    finally:
        store.close()


ROWS = """el => Array.from(el.querySelectorAll('tr'))
    .map(tr => Array.from(tr.querySelectorAll('th, td')).map(c => c.innerText.trim()))"""


def test_the_insights_page_draws_every_chart_and_is_the_readme_screenshot(tmp_path) -> None:
    if not Path(shots.CHROMIUM).exists():
        pytest.skip(f"{shots.CHROMIUM} is missing (`make chromium` installs Debian's Chromium)")
    from playwright.sync_api import sync_playwright

    db = tmp_path / "insights.db"
    assert decide_some(db) > 0
    week = known_history(db)
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
        body = page.inner_text("body")
        assert "401 interviews. The week charts run from Monday" in body  # sample + known
        assert "GROUP BY" not in body  # the store's words are for administrators
        # Does it work? The two charts of time to feedback by reminders, and their table
        assert "Does it work? Time to feedback by reminders received" in body
        texts = [charts.nth(n).evaluate(TEXTS) for n in range(CHARTS)]
        hours = next(t for t in texts if "Mean hours to feedback" in t)
        assert {"Reminders received", "0", "2"} <= set(hours)
        assert any("Scorecards in" in t and "24 h" in t and "48 h" in t for t in texts)
        table = page.locator("[data-testid='stTable']").filter(has_text="Reminders received")
        rows = [r for r in table.evaluate(ROWS) if r and r[0] == week]
        assert rows == [
            [week, "any", "2", "16.5", "50%", "100%"],
            [week, "0", "1", "3.0", "100%", "100%"],
            [week, "2", "1", "30.0", "0%", "100%"],
        ]
        # Streamlit scrolls inside its main block, so a "full page" shot needs a tall viewport.
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 4000)})
        shots.settle(page)
        SHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=SHOT)
        browser.close()
    assert SHOT.stat().st_size > 10_000


# What each label's colour must mean: green for hiring, red or orange against, grey for open.
GREEN = ("Strong hire", "Hire", "Advance")
RED = ("Strong no hire", "No hire", "Reject", "No-show")
GREY = ("Pending", "Hold", "Cancelled")
LEGENDS = """el => Array.from(el.querySelectorAll('.role-legend-entry .role-scope > g > g'))
    .map(g => [g.querySelector('.role-legend-label text')?.textContent,
               g.querySelector('.role-legend-symbol path')?.getAttribute('fill')])
    .filter(([label, fill]) => label && fill)"""
TEXTS = "el => Array.from(el.querySelectorAll('svg text')).map(t => t.textContent)"


def hue(fill: str) -> str:
    """'green', 'red' (red or orange), 'grey' or 'other' for an SVG '#rrggbb' fill."""
    r, g, b = (int(fill.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) < 24:
        return "grey"
    if g > r and g > b:
        return "green"
    if r > g and r > b:
        return "red"
    return "other"


@pytest.mark.parametrize("decided", [False, True], ids=["no decisions", "decisions"])
def test_empty_charts_say_so_and_colours_mean_what_they_say(tmp_path, decided: bool) -> None:
    if not Path(shots.CHROMIUM).exists():
        pytest.skip(f"{shots.CHROMIUM} is missing (`make chromium` installs Debian's Chromium)")
    from playwright.sync_api import sync_playwright

    db = tmp_path / "insights.db"
    store = SqliteStore(db)
    try:
        ensure_sample_data(store)
    finally:
        store.close()
    if decided:
        assert decide_some(db) > 0
    drawn = CHARTS if decided else CHARTS - 2
    with shots.serve(db) as url, sync_playwright() as p:
        browser = shots.launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/insights", wait_until="domcontentloaded")
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        charts.nth(drawn - 1).wait_for(timeout=60_000)
        page.locator(".vega-embed svg").nth(drawn - 1).wait_for(state="attached", timeout=30_000)
        shots.settle(page)
        main = page.locator("[data-testid='stMain']").inner_text()
        count = charts.count()
        colours: dict[str, set[str]] = {}
        for n in range(count):
            texts = charts.nth(n).evaluate(TEXTS)
            assert not [t for t in texts if "NaN" in t or "0.000000" in t], texts
            for label, fill in charts.nth(n).evaluate(LEGENDS):
                colours.setdefault(label, set()).add(fill.lower())
        browser.close()
    assert count == drawn
    undecided = ("Strong hire", "Hire", "Strong no hire", "No hire", "No-show", "Pending")
    expected = [*GREEN, *RED, *GREY] if decided else [*undecided, "Cancelled"]
    assert set(expected) <= set(colours), colours  # every category has its legend entry
    assert all(len(fills) == 1 for fills in colours.values()), colours  # one palette
    meaning = {**dict.fromkeys(GREEN, "green"), **dict.fromkeys(RED, "red")}
    meaning |= dict.fromkeys(GREY, "grey")
    wrong = {k: f for k, f in colours.items() if k in meaning and hue(next(iter(f))) != meaning[k]}
    assert not wrong, wrong
    if decided:  # the same meaning, the same colour, in the two charts of it
        assert colours["Advance"] == colours["Strong hire"]
        assert colours["Reject"] == colours["Strong no hire"]
    said = [insights.EMPTY["decisions_by_job"], insights.EMPTY["recommendation_vs_decision"]]
    assert all((note in main) is not decided for note in said)
