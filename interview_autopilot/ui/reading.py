"""The "How this was read" expander at the bottom of every screen an administrator sees
(Streamlit; re-exported by the query module, called by app.py around the page).

`start` opens a recording for the rerun (store/recorder.py); `show` lists what the stores ran
in it: each CQL or SQL statement with its bound values, the rows it returned and its time, the
cached read that ran it; the cached reads served from st.cache_data, which ran nothing; and on
Cassandra, when the toggle is on, each request's server trace summarised. A bound value that is
a secret setting's value is masked whole; statement text is shown as run.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from ..store import recorder

TRACE_KEY = "reads_trace"
REDACTED = "[redacted]"


def start() -> None:
    """A new recording for this rerun (traced on Cassandra when the toggle is on)."""
    recorder.start(trace=bool(st.session_state.get(TRACE_KEY, False)))


def discard() -> None:
    """End this rerun's recording unseen (the viewer is not an administrator)."""
    recorder.stop()


def _masked(value: str, secrets: Iterable[str]) -> str:
    """A bound value (as shown) masked whole when it is a secret setting's value (a long one
    shown shortened included). Never a search-and-replace of text: a secret that is a common
    word (a password "interviews") would mangle every statement holding that word, and so
    disclose itself."""
    for secret in secrets:
        whole = recorder.shown(secret)
        cut = value.endswith("…") and whole.startswith(value[:-1])
        if value in (secret, whole) or cut:
            return REDACTED
    return value


def _frame(statements: list[recorder.Statement], secrets: list[str], traced: bool) -> pd.DataFrame:
    rows = []
    for n, s in enumerate(statements, start=1):
        row: dict[str, object] = {
            "#": n,
            "Statement": s.text,  # prepared: values are bound, never in the text
            "Bound values": ", ".join(_masked(v, secrets) for v in s.values),
            "Rows": "" if s.rows is None else s.rows,
            "ms": "" if s.seconds is None else round(s.seconds * 1000, 2),
            "Cached read": s.via or "",
        }
        if traced:
            t = s.trace
            row |= {
                "Partitions": "" if t is None else t.partitions,
                "Live rows": "" if t is None else t.live_rows,
                "Tombstones": "" if t is None else t.tombstones,
                "Coordinator µs": "" if t is None or t.coordinator_us is None else t.coordinator_us,
            }
        rows.append(row)
    return pd.DataFrame(rows).astype(str) if rows else pd.DataFrame()


def show(backend: str, secrets: list[str]) -> None:
    """The expander for the recording of this rerun; ends the recording."""
    recording = recorder.current()
    if recording is None:
        return
    recorder.start()  # later fragment reruns record into a fresh list, not this one
    cassandra = backend in ("cassandra", "astra")
    language = "CQL" if cassandra else "SQL"
    statements = recording.statements
    with st.expander("How this was read", icon=":material/manage_search:"):
        if cassandra:
            st.toggle(
                "Trace the Cassandra requests (from the next rerun)",
                key=TRACE_KEY,
                help="Asks the server for a query trace of every request: slower; for inspection.",
            )
        traced = cassandra and recording.trace
        if traced:
            from ..store.cassandra.recording import summarise_all

            summarise_all(statements)
        hits = sorted({e.name for e in recording.entries if isinstance(e, recorder.CacheHit)})
        st.caption(
            f"{len(statements)} {language} statement(s) ran in this rerun"
            + (f" ({recording.dropped} more not listed)" if recording.dropped else "")
            + ("; the ones a cached read ran name it." if statements else ".")
        )
        if statements:
            st.dataframe(_frame(statements, secrets, traced), hide_index=True, key="reads_table")
        if hits:
            st.caption(
                "Served from cache, no statement ran for them in this rerun: " + ", ".join(hits)
            )
