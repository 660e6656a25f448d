"""The server process: `streamlit run serve.py` serves app.py, every request through app.py.

With a `pages/` folder beside app.py, Streamlit runs a request by the folder's file names until
`st.navigation` has been called once in the process, so the first request to a fresh server
that is a deep link (/interviews?...) would run the bare page file without app.py. The server's
start-up hook leaves that mode once, before the first request is accepted (docs/contributing.md,
"The entry and Streamlit's legacy pages mode").
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from interview_autopilot.ui.frame import use_app_navigation_only


@asynccontextmanager
async def app_navigation_only(_app: st.App) -> AsyncIterator[None]:
    """Once per process, before any request: the pages are app.py's `st.navigation`."""
    use_app_navigation_only()
    yield


app = st.App("app.py", lifespan=app_navigation_only)
