"""Pure display helpers: local times and labels the pages draw. No Streamlit here.

Stored text reaches Markdown (titles, captions, messages, labels) only through `inert`; where no
formatting is wanted the pages use st.text, st.code or a table, which never parse Markdown.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from functools import cache
from importlib import resources
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .models import (
    AtsStatus,
    Feedback,
    InterviewDetail,
    InterviewStatus,
    InterviewSummary,
    TablePage,
)

# Badge colours (st.badge) for the states a recruiter scans for.
STATUS_COLORS = {
    InterviewStatus.SCHEDULED: "blue",
    InterviewStatus.COMPLETED: "green",
    InterviewStatus.CANCELLED: "gray",
    InterviewStatus.NO_SHOW: "orange",
}
ATS_COLORS = {
    AtsStatus.AWAITING_FEEDBACK: "orange",
    AtsStatus.FEEDBACK_COMPLETE: "green",
    AtsStatus.CLOSED: "gray",
}
SUBMITTED = "✓"
MISSING = "—"
# What both pages say about a deep link (?interview=...) that names no interview.
BAD_LINK = "This link does not contain a valid interview id."
UNKNOWN_LINK = "No interview has this id; it may have been deleted."
INVALID_VIDEO_LINK = "Invalid video link"

_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character
# Where Streamlit's rules on already-parsed text would still match: `:smile:` shortcodes,
# `:material/...:` icons, bare `https://` and `www.` addresses and e-mail addresses.
_TEXT_RULES = re.compile(r"(?<=[:@])(?=\S)|(?<=[wW]{3})(?=\\\.)")
NBSP = "\u00a0"
WORD_JOINER = "\u2060"  # invisible, and no rule above matches across it


def inert(text: object) -> str:
    """Stored text as Markdown that shows exactly that text and nothing else.

    One line (no headings, lists or quotes from the data); every ASCII punctuation character
    backslash-escaped, which CommonMark allows for each of them, so no link, image, HTML,
    emphasis, code, LaTeX `$...$` or `:red[...]` directive can start; and an invisible word
    joiner after `:` and `@` and inside `www.`, where the escapes are already gone: emoji
    shortcodes, material icons and bare addresses turned into links find nothing to match."""
    line = " ".join(str(text).splitlines())
    return _TEXT_RULES.sub(WORD_JOINER, _PUNCTUATION.sub(r"\\\g<0>", line))


def video_url(link: str) -> str | None:
    """`link` when a browser may open it from a button: http or https with a host, nothing
    invisible in it. A stored `javascript:` or `data:` link (legacy data) gives None."""
    text = link.strip()
    if not text or any(c.isspace() or not c.isprintable() for c in text):
        return None
    try:
        parts = urlsplit(text)
        host, _port = parts.hostname, parts.port  # reading .port checks it is a port number
    except ValueError:  # a malformed port or IPv6 address
        return None
    return text if parts.scheme.lower() in ("http", "https") and host else None


@cache
def _zone_links() -> dict[str, str]:
    """The tz database's backward links, old name -> current name ('Asia/Calcutta' ->
    'Asia/Kolkata'), from the `tzdata` package's tzdata.zi (its "L <target> <link>" lines);
    the short and Etc/ names ('UTC', 'GMT') are left as they are."""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    links = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L" and "/" in parts[2] and "Etc/" not in parts[1]:
            links[parts[2]] = parts[1]
    return links


def canonical_zone_name(name: str) -> str:
    """The current IANA name of a zone a browser may report by an old one."""
    return _zone_links().get(name, name)


def viewer_zone(name: str | None) -> tzinfo:
    """The browser's time zone by its current IANA name ('Asia/Calcutta' is 'Asia/Kolkata');
    UTC when unknown (AppTest, an odd browser)."""
    if not name:
        return UTC
    try:
        return ZoneInfo(canonical_zone_name(name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def zone_name(zone: tzinfo) -> str:
    """A short name for captions: 'Europe/Berlin' or 'UTC'."""
    return getattr(zone, "key", None) or "UTC"


def local_time(value: datetime, zone: tzinfo) -> str:
    """'2026-11-12 14:30' in the viewer's zone: sortable and unambiguous."""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def time_label(value: datetime, zone: tzinfo) -> str:
    """`local_time` for a line of Markdown (a link label): plain digits, so nothing invisible
    is copied with it, and a non-breaking space that keeps the day and the time on one line."""
    return local_time(value, zone).replace(" ", NBSP)


def plural(n: int, word: str) -> str:
    """'1 day', '2 days', '0 days'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def local_span(start: datetime, end: datetime, zone: tzinfo) -> str:
    """'Thu 12 Nov 2026, 14:30–15:30' (the end date is shown only when it differs)."""
    s, e = start.astimezone(zone), end.astimezone(zone)
    end_text = e.strftime("%H:%M") if s.date() == e.date() else e.strftime("%a %d %b %Y, %H:%M")
    return f"{s:%a %d %b %Y, %H:%M}–{end_text}"


def feedback_ratio(row: InterviewSummary) -> str:
    """Feedback received / participants, e.g. '2 / 3'."""
    return f"{row.feedback_count} / {row.participant_count}"


def interview_choice_label(row: InterviewSummary, zone: tzinfo) -> str:
    """One line naming an interview in a picker."""
    return (
        f"{local_time(row.scheduled_start, zone)} · {row.candidate_name} · {row.job_title}"
        f" ({row.status.label})"
    )


def feedback_author(feedback: Feedback, detail: InterviewDetail) -> str:
    """The name of whoever wrote `feedback` (participants carry the names)."""
    for p in detail.participants:
        if p.user_id == feedback.user_id:
            return p.name
    return "A former participant"


def detail_choice_label(detail: InterviewDetail, zone: tzinfo) -> str:
    """The picker line of an interview known only by its detail (a deep link)."""
    i = detail.interview
    return (
        f"{local_time(i.scheduled_start, zone)} · {detail.candidate.name} · {i.job_title}"
        f" ({i.status.label})"
    )


def scan_method(backend: str) -> str:
    """How a table scan pages on this backend, for the inspection page's caption."""
    if backend == "sqlite":
        return "a keyset on the table's key (never OFFSET)"
    return "the driver's paging state"


def key_description(page: TablePage, backend: str) -> str:
    """'Partition key: `a` · clustering: `b`' (Cassandra) or 'Primary key: `a`, `b`' (SQLite)."""

    def names(columns: list[str]) -> str:
        return ", ".join(f"`{c}`" for c in columns) or "none"

    if backend == "sqlite":
        return f"Primary key: {names(page.key_columns)}"
    return f"Partition key: {names(page.partition_key)} · clustering: {names(page.clustering_key)}"
