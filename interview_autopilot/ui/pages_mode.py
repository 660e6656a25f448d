"""The one place that touches Streamlit's pages manager: leaving the legacy `pages/` mode.

With a folder named `pages` beside the entry script, Streamlit starts every server in its
legacy multipage mode (`PagesManager.uses_pages_directory`, set from the folder's existence),
which lasts until `st.navigation` is first called in the process. Until then a request for any
URL but `/` runs the bare page file without app.py's frame: no sign-in, no sidebar, the raw
file names as navigation (streamlit#9624). That is a deep link pasted in Slack after a restart,
and every open tab at once after a deploy, as browsers reconnect to the page they show. The
design keeps the folder's name, and Streamlit offers no public switch.

So app.py marks each session it frames, and every store read (`queries.backend.get_store`)
first makes sure its run is framed: a run that is not (a bare page of the legacy mode) ends
the legacy mode for the process, as `st.navigation` would, and reruns, before it has read
anything; the rerun goes through app.py and lands on the same URL. Outside a script run
(tests, tools) nothing happens.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

_FRAMED = "_session_framed_by_app"


def mark_framed() -> None:
    """app.py's first step: this session's runs go through app.py."""
    st.session_state[_FRAMED] = True


def require_framed_run() -> None:
    """Before a store read: a run outside app.py ends the legacy mode and reruns through it."""
    if get_script_run_ctx() is None or st.session_state.get(_FRAMED):
        return
    PagesManager.uses_pages_directory = False  # what st.navigation's first call sets
    st.rerun()
