"""The server process: `streamlit run serve.py` serves app.py, every request through app.py.

The one place that handles Streamlit's legacy `pages/` mode (docs/contributing.md, "The entry
and Streamlit's legacy pages mode"): with a `pages/` folder beside app.py, Streamlit runs a
request by the folder's file names until `st.navigation` has been called once in the process,
so the first request to a fresh server that is a deep link (/interviews?...) would run the bare
page file without app.py. Streamlit offers no switch for it; its one piece of state is a class
attribute set at the process's first session and cleared by `st.navigation`. This server's
start-up hook clears it once, before the first request is accepted.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def navigation_only(_app: st.App) -> AsyncIterator[None]:
    """Once per process, before any request: the pages are app.py's `st.navigation`, never
    the file names of `pages/` (as after app.py's first `st.navigation` call)."""
    from streamlit.runtime.pages_manager import PagesManager  # no public switch exists

    PagesManager.uses_pages_directory = False
    yield


app = st.App("app.py", lifespan=navigation_only)
