"""Hostile text in every stored text field, for the rendering tests (AppTest and Chromium).

Each field holds Markdown images and links, raw HTML, a `javascript:` link, LaTeX, a colour
directive, an emoji shortcode, a material icon and bare addresses, all tagged with the field's
name so a failure says which field leaked. Hosts are `127.0.0.1:<port>` (nothing listens there)
and `phish.example`: the browser test fails on any request to either.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from interview_autopilot.core.formatting import WORD_JOINER
from interview_autopilot.core.models import (
    Candidate,
    Interview,
    InterviewStatus,
    User,
    UserRole,
    make_id,
    utc_now,
)
from interview_autopilot.store.sqlite import SqliteStore

PHISH = "phish.example"
JS_VIDEO_LINK = "javascript:alert(document.domain)"
RED = "-red"  # the text of each `:red[<field>-red]` directive
ICON = "bug_report"  # the material icon each field asks for
EMOJI = "😄"  # what :smile: would become


# Every stored text field the pages show (emails, Slack handles and the ATS summary: `legacy`).
FIELDS = (
    "candidate_name",
    "candidate_email",
    "resume",
    "job_title",
    "recruiter_name",
    "recruiter_email",
    "recruiter_slack",
    "interviewer_name",
    "interviewer_email",
    "interviewer_slack",
    "manager_name",
    "manager_email",
    "manager_slack",
    "comment",
    "ats_summary",
)


def hostile(field: str, port: int) -> str:
    """One field's payload; `field` tags every part of it."""
    pixel = f"http://127.0.0.1:{port}/{field}"
    return (
        f"{field} ![x]({pixel}.png) [Open the resume](https://{PHISH}/{field}/login) "
        f"<img src={pixel}-img.png onerror=alert(1)> <script>alert(1)</script> "
        f"<a href=https://{PHISH}/{field}/a>a</a> [run](javascript:alert(1)) "
        f"$\\href{{javascript:alert(1)}}{{x}}$ $x^2$ :red[{field}{RED}] :material/{ICON}: :smile: "
        f"https://{PHISH}/{field}/bare www.{PHISH} {field}@{PHISH} **bold** `code`"
    )


def shown(markdown: str) -> str:
    """What a reader sees of Markdown made by `inert`: the escapes and word joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


@dataclass(frozen=True)
class Seeded:
    interview_id: uuid.UUID
    interviewer_id: uuid.UUID  # the participant who has given feedback
    texts: dict[str, str]  # field -> the payload stored in it


def seed(db: Path, port: int) -> Seeded:
    """A fresh SQLite file holding one completed interview (yesterday) whose every text field
    is hostile: free text through the store's public API, the rest as legacy rows (below)."""
    t = {f: hostile(f, port) for f in FIELDS}
    # Names and the job title go in as legacy rows too (below): the payloads are longer than
    # the store accepts (70 and 100 characters), and the pages must show old rows inert.
    recruiter = User(make_id("payload-user", "r"), "R", "r@x.test", UserRole.RECRUITER, "@r")
    author = User(make_id("payload-user", "a"), "A", "a@x.test", UserRole.INTERVIEWER, "@a")
    silent = User(make_id("payload-user", "s"), "S", "s@x.test", UserRole.HIRING_MANAGER, "@s")
    candidate = Candidate(make_id("payload-candidate", "c"), "C", "c@x.test", t["resume"])
    start = utc_now() - timedelta(days=1)
    interview = Interview(
        interview_id=make_id("payload-interview", "i"),
        candidate_id=candidate.candidate_id,
        recruiter_id=recruiter.user_id,
        job_title="Payload",
        scheduled_start=start,
        scheduled_end=start + timedelta(hours=1),
        status=InterviewStatus.COMPLETED,
        video_link="https://meet.example.com/payload",
    )
    store = SqliteStore(db)
    try:
        store.upsert_users([recruiter, author, silent])
        store.upsert_candidates([candidate])
        store.create_interview(
            interview,
            [(author.user_id, UserRole.INTERVIEWER), (silent.user_id, UserRole.HIRING_MANAGER)],
        )
        store.submit_feedback(interview.interview_id, author.user_id, "yes", t["comment"])
    finally:
        store.close()
    legacy(db, interview.interview_id, t)
    return Seeded(interview.interview_id, author.user_id, t)


def legacy(db: Path, interview_id: uuid.UUID, t: dict[str, str]) -> None:
    """Rows as an older version (or another writer) may have left them: validation on entry
    refuses such long names and job titles, e-mail addresses, Slack handles and a `javascript:`
    video link, and the ATS summary is derived by the store, so the store's API cannot write
    these.
    Written directly, as legacy data, since the pages must still show them inert."""
    users = {"r": "recruiter", "a": "interviewer", "s": "manager"}
    with sqlite3.connect(db) as con:
        for key, who in users.items():
            con.execute(
                "UPDATE users SET name = ?, email = ?, slack_handle = ? WHERE user_id = ?",
                (
                    t[f"{who}_name"],
                    t[f"{who}_email"],
                    t[f"{who}_slack"],
                    str(make_id("payload-user", key)),
                ),
            )
        con.execute(
            "UPDATE candidates SET name = ?, email = ? WHERE candidate_id = ?",
            (t["candidate_name"], t["candidate_email"], str(make_id("payload-candidate", "c"))),
        )
        con.execute(
            "UPDATE interviews SET video_link = ?, job_title = ? WHERE interview_id = ?",
            (JS_VIDEO_LINK, t["job_title"], str(interview_id)),
        )
        con.execute(
            "UPDATE ats SET summary = ? WHERE interview_id = ?",
            (t["ats_summary"], str(interview_id)),
        )
    con.close()
