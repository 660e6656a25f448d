"""Values worked out once per script run (a rerun or a fragment run) of a session.

A rerun asked for the settings, the secrets, the store and the viewer a dozen times each; with many
users at once those repeats were a share of the server's CPU (`make bench-users`,
docs/benchmarks.md). Within one run none of them can change (the settings come from the
environment, `.env` and secrets.toml; the viewer from the sign-in or the demo's picker, whose
callbacks run before the script), so the first answer serves the rest of the run, and the next run
asks again: an edited `.env` or a new viewer still shows on the next rerun, as before. A failure is
not remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from streamlit.runtime.scriptrunner import get_script_run_ctx

T = TypeVar("T")
_MEMO = "_autopilot_per_run"


def per_run(name: str, make: Callable[[], T]) -> T:
    """`make()` once per script run under `name`; outside a script run, every time."""
    ctx = get_script_run_ctx(suppress_warning=True)
    # A new coordinator object is made when a run starts (ScriptRunContext.reset) and at no
    # other time: the run's identity. Without one (another Streamlit), nothing is remembered.
    run = getattr(ctx, "parallel_coordinator", None)
    if ctx is None or run is None:
        return make()
    marker, memo = getattr(ctx, _MEMO, (None, None))
    if marker is not run or memo is None:
        memo = {}
        setattr(ctx, _MEMO, (run, memo))
    if name not in memo:
        memo[name] = make()
    return cast(T, memo[name])


def forget(name: str) -> None:
    """Drop one remembered value of this run (after a write that changes it)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    memo: Any = getattr(ctx, _MEMO, (None, None))[1] if ctx is not None else None
    if memo:
        memo.pop(name, None)
