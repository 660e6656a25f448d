"""Screenshots of the Interviews and Interview pages for the README, taken in headless Chromium.

    .venv/bin/python scripts/screenshot.py        # writes docs/screenshot-*.png

Starts `streamlit run serve.py` on a free port with a fresh SQLite file (the sample data loads on
first start), so the pictures never depend on a local database. `serve` and `launch` are also
used by tests/test_browser.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium: no browser download
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GRID_ROWS = '[data-testid="stDataFrame"] table [role="row"]'  # the grid's accessible rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(
    db_path: Path,
    timeout: float = 60,
    port: int | None = None,
    extra_args: Sequence[str] = (),
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Run the app on a free port (or `port`) against `db_path`, with more `streamlit run`
    arguments and environment if given; yield its URL once /_stcore/health is ok."""
    port = port or free_port()
    env = {
        **os.environ,
        "DB_BACKEND": "sqlite",
        "SQLITE_PATH": str(db_path),
        "LOAD_SAMPLE_DATA": "true",
        **(extra_env or {}),
    }
    log = db_path.with_suffix(".log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {db_path.with_suffix('.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} in {timeout} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def launch(playwright):  # -> playwright Browser
    """Headless Debian Chromium with the flags that keep it offline and quiet."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# Resolves once Streamlit's script state has read `notRunning` for `quiet` ms without a change
# (a widget change sets `rerunRequested` in the browser at once, so a rerun an action starts is
# seen), the fonts are loaded and two frames have painted (the grid's canvas draws after the run).
SETTLE_JS = """([quiet, limit]) => new Promise((resolve, reject) => {
  const app = '[data-testid="stApp"]';
  let last, timer;
  const stop = () => { observer.disconnect(); clearTimeout(timer); clearTimeout(giveUp); };
  const painted = () => document.fonts.ready.then(() =>
    requestAnimationFrame(() => requestAnimationFrame(() => { stop(); resolve(); })));
  const look = () => {
    const state = document.querySelector(app)?.getAttribute('data-test-script-state') ?? null;
    if (state === last) return;
    last = state;
    clearTimeout(timer);
    if (state === 'notRunning') timer = setTimeout(painted, quiet);
  };
  const observer = new MutationObserver(look);
  observer.observe(document, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ['data-test-script-state']});
  const giveUp = setTimeout(() => { stop();
    reject(new Error(`Streamlit's script still ${last} after ${limit} ms`)); }, limit);
  look();
})"""


def settle(page, quiet_ms: int = 150) -> None:
    """Wait until Streamlit has finished the script run that drew the page (its state stays
    `notRunning` for `quiet_ms`) and the page has painted; at most 30 s."""
    page.evaluate(SETTLE_JS, [quiet_ms, 30_000])


def main() -> None:
    from playwright.sync_api import sync_playwright

    from interview_autopilot.core.models import InterviewStatus
    from interview_autopilot.store.sqlite import SqliteStore

    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(Path(tmp) / "shots.db") as url,
        sync_playwright() as p,
    ):
        browser = launch(p)
        page = browser.new_page(
            viewport={"width": 1400, "height": 900}, timezone_id="Europe/Berlin"
        )
        page.goto(f"{url}/interviews", wait_until="domcontentloaded")
        page.wait_for_selector(GRID_ROWS, state="attached", timeout=60_000)
        settle(page)
        page.screenshot(path=docs / "screenshot-interviews.png")

        store = SqliteStore(Path(tmp) / "shots.db")
        rows = store.list_interviews_by_status(InterviewStatus.COMPLETED).rows
        store.close()
        pick = next(r for r in rows if 1 < r.feedback_count < r.participant_count)
        page.goto(f"{url}/interview?interview={pick.interview_id}", wait_until="domcontentloaded")
        page.get_by_text("ATS record").wait_for(timeout=30_000)
        settle(page)
        # Streamlit scrolls inside its main block, so a "full page" shot needs a tall viewport.
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 4000)})
        settle(page)
        page.screenshot(path=docs / "screenshot-interview.png")
        browser.close()
    print("wrote docs/screenshot-interviews.png and docs/screenshot-interview.png")


if __name__ == "__main__":
    main()
