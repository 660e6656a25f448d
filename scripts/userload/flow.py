"""What one user does, and many users doing it at once for a bounded time.

A flow is one browser tab: open the app (the Interviews list, upcoming), switch the list to
Completed (the segmented control, a rerun of the list's fragment), then select the first row
(the dataframe's row selection: `st.switch_page` to the interview page), with a think time
between the actions; then the tab closes and the user starts again with a new tab.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import urllib.request
from dataclasses import dataclass, field

from .browser import Browser, SessionError

ACTIONS = ("open list", "switch status", "open interview")
LIST_PAGE = "interviews"  # the Interviews list's URL path (the home page is the default)
ROW = json.dumps({"selection": {"rows": [0], "columns": [], "cells": []}})


@dataclass
class Tally:
    """Everything the users saw: seconds per action, flows done, errors by message."""

    times: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTIONS})
    flows: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    received_bytes: int = 0

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    @property
    def reruns(self) -> int:
        return sum(len(t) for t in self.times.values())


def sticky_cookie(base_url: str) -> str:
    """GET the app's page as a browser does first; the proxy's sticky cookie, if it sets one."""
    with urllib.request.urlopen(base_url, timeout=30) as response:
        response.read()
        found = [
            h.split(";", 1)[0]
            for h in response.headers.get_all("Set-Cookie") or []
            if h.startswith("ia_replica=")
        ]
    return found[0] if found else ""


async def one_flow(base_url: str, tally: Tally, think: float, rng: random.Random) -> None:
    """Open the list, switch status, open an interview; each action's time into `tally`."""
    cookie = await asyncio.to_thread(sticky_cookie, base_url)
    tab = Browser(base_url, cookie=cookie, page_name=LIST_PAGE)
    await tab.open()
    try:
        tally.times["open list"].append(await tab.rerun())
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        control = tab.widget("status")
        completed = [
            o.content
            for o in control.proto.options  # type: ignore[attr-defined]
            if o.content.startswith("Completed")
        ]
        tab.set("status", string_array_value=completed)
        tally.times["switch status"].append(await tab.rerun(control.fragment_id))
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))
        table = tab.set("interviews_table", string_value=ROW)
        tally.times["open interview"].append(await tab.rerun(table.fragment_id))
        if "interview=" not in tab.query_string:
            raise SessionError("selecting a row did not open the interview")
        tally.flows += 1
    finally:
        tally.received_bytes += tab.received_bytes
        await tab.close()


async def user(
    base_url: str, tally: Tally, until: float, think: float, seed: int, start_delay: float
) -> None:
    """One user doing flows back to back until `until` (a monotonic time)."""
    rng = random.Random(seed)
    await asyncio.sleep(start_delay)
    while time.monotonic() < until:
        try:
            await one_flow(base_url, tally, think, rng)
        except (SessionError, OSError, TimeoutError) as exc:
            tally.error(f"{type(exc).__name__}: {str(exc)[:120]}")
        except Exception as exc:  # a websocket closed by the server, a bad frame...
            tally.error(f"{type(exc).__name__}: {str(exc)[:120]}")
        await asyncio.sleep(think * rng.uniform(0.5, 1.5))


async def load(
    base_url: str, users: int, seconds: float, think: float, ramp: float, grace: float = 90.0
) -> Tally:
    """`users` users for `seconds` (starts spread over `ramp` seconds); a flow under way at
    the end finishes, but nothing runs longer than `seconds + grace`."""
    tally = Tally()
    until = time.monotonic() + seconds
    tasks = [
        asyncio.create_task(user(base_url, tally, until, think, n, ramp * n / max(users, 1)))
        for n in range(users)
    ]
    _, pending = await asyncio.wait(tasks, timeout=seconds + grace)
    for task in pending:
        task.cancel()
        tally.error("still running at the time limit")
    await asyncio.gather(*pending, return_exceptions=True)
    return tally
