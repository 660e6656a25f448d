"""The debrief page: one application's interviews, scorecards side by side, the
recommendation with its reasons, the decision (and its form), and the printable file."""

from __future__ import annotations

import uuid

from ...core import domain
from ...features import debrief as debriefs
from ...features.debrief import OVERALL as OVERALL
from ...features.debrief import PLAN_COLUMNS as PLAN_COLUMNS
from ...features.debrief import Debrief
from ...features.debrief_file import debrief_html, file_name
from ._cache import cached_read
from .backend import _store, get_store
from .moment import now, viewer_zone
from .viewing import viewer


def debrief(application_id: str) -> Debrief | None:
    """The application's debrief as the viewer may see it; None for an unknown application."""
    key = domain.parse_uuid(application_id, "application")
    get_store()
    return _debrief(str(key), str(viewer().user_id), viewer().admin)


@cached_read
def _debrief(application_id: str, viewer_id: str, admin: bool) -> Debrief | None:
    return debriefs.debrief(_store(), viewer(), uuid.UUID(application_id))


def debrief_file(found: Debrief) -> tuple[str, bytes]:
    """The printable file of a debrief the viewer was shown: its name and its bytes (HTML)."""
    return file_name(found), debrief_html(found, viewer_zone(), now()).encode("utf-8")
