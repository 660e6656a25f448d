"""The frame every page runs in: page paths, navigation, and failures shown as plain messages.

Re-exported by the queries package, the one module pages import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ..core.errors import ConfigError, Forbidden, StoreError, StoreUnavailable, ValidationError
from ..core.formatting import inert
from ..core.paths import ASSETS_DIR

# The browser tab's icon, shipped with the app (served from the app's own origin, never fetched
# from the internet as a Material icon name would be).
PAGE_ICON = ASSETS_DIR / "icon.png"

HOME_PAGE = "pages/home.py"
INTERVIEWS_PAGE = "pages/interviews.py"
INTERVIEW_PAGE = "pages/interview.py"
FEEDBACK_PAGE = "pages/feedback.py"
TABLES_PAGE = "pages/tables.py"
PEOPLE_PAGE = "pages/people.py"
IMPORT_PAGE = "pages/import_file.py"
JOBS_PAGE = "pages/jobs.py"
AUTOPILOT_PAGE = "pages/autopilot.py"
CANDIDATE_FORM_PAGE = "pages/candidate_form.py"
SCHEDULE_PAGE = "pages/schedule.py"
SCORECARDS_PAGE = "pages/scorecards.py"
CANDIDATE_PAGE = "pages/candidate.py"
PERSON_PAGE = "pages/person.py"
DEBRIEF_PAGE = "pages/debrief.py"


@contextmanager
def shown_errors() -> Iterator[None]:
    """Run a page section; a known failure becomes a plain message instead of a traceback.
    Messages may quote stored text or a URL parameter, so they are shown inert."""
    try:
        yield
    except ConfigError as exc:
        st.error(f"Configuration problem: {inert(exc)}", icon=":material/settings:")
    except StoreUnavailable as exc:
        st.error(
            f"The database is not reachable right now. {inert(exc)} Try again in a moment.",
            icon=":material/cloud_off:",
        )
    except StoreError as exc:
        st.error(inert(exc))
    except ValidationError as exc:
        st.warning(inert(exc.message))
    except Forbidden as exc:
        st.error(inert(exc), icon=":material/lock:")


def link_problem(message: str, link_text: str) -> None:
    """Why a deep link (?interview=...) opens nothing; what it held is echoed as code, never
    as Markdown. The Interview and Feedback pages explain a bad link the same way."""
    st.warning(message, icon=":material/search:")
    st.code(link_text[:100], language=None)


def use_app_navigation_only() -> None:
    """Leave Streamlit's legacy `pages/` mode for good in this process: every run is app.py,
    whose `st.navigation` picks the page (what its first call would do). serve.py runs it once,
    before the first request (docs/contributing.md, "The entry and Streamlit's legacy pages
    mode"). Not for pages: a page never runs without app.py."""
    from streamlit.runtime.pages_manager import PagesManager  # no public switch exists

    PagesManager.uses_pages_directory = False


def open_interview(interview_id: str) -> None:
    """Go to the detail page of an interview (its URL carries ?interview=<id>)."""
    st.switch_page(INTERVIEW_PAGE, query_params={"interview": interview_id})
