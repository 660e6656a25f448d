"""The texts of the emails a candidate gets when their interview is scheduled, moved or
cancelled: editable templates with placeholders, each saved as a draft, previewed, and only
then put in use. No Streamlit.

A template holds the text in use (none: the default text below) and a draft. Placeholders are
`{name}` for the names in FIELDS; `{{` and `}}` write a brace. Filling a template replaces the
placeholders and nothing else (no attribute or index lookups, no format specs), so a template
can only ever say its own text and the values given.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from .errors import ValidationError
from .validation import check_text


class TemplateName(StrEnum):
    SCHEDULED = "scheduled"
    MOVED = "moved"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "scheduled": "Interview scheduled",
            "moved": "Interview moved",
            "cancelled": "Interview cancelled",
        }[self.value]


FIELDS: dict[str, str] = {
    "candidate_name": "the candidate's name",
    "job_title": "the interview's job title",
    "when": "the day and times, e.g. Fri 12 Mar 2027, 14:00–15:00 (UTC)",
    "video_link": "the video link, or (none)",
}

DEFAULTS: dict[TemplateName, tuple[str, str]] = {
    TemplateName.SCHEDULED: (
        "Scheduled: your {job_title} interview, {when}",
        "Hello {candidate_name},\n\nYour {job_title} interview is scheduled for {when}.\n\n"
        "Video: {video_link}\n",
    ),
    TemplateName.MOVED: (
        "Moved: your {job_title} interview, {when}",
        "Hello {candidate_name},\n\nYour {job_title} interview is moved to {when}.\n\n"
        "Video: {video_link}\n",
    ),
    TemplateName.CANCELLED: (
        "Cancelled: your {job_title} interview, {when}",
        "Hello {candidate_name},\n\nYour {job_title} interview on {when} is cancelled.\n",
    ),
}

# A sample interview the page previews a draft with.
EXAMPLE: dict[str, str] = {
    "candidate_name": "Zoe Example",
    "job_title": "Backend Engineer",
    "when": "Fri 12 Mar 2027, 14:00–15:00 (UTC)",
    "video_link": "https://meet.example.com/abc-defg-hij",
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class MessageTemplate:
    """One email's template as stored: the text in use ('' while the default is used), the
    draft, and the version every save compares and raises."""

    name: TemplateName
    subject: str = ""
    body: str = ""
    draft_subject: str = ""
    draft_body: str = ""
    version: int = 0
    updated_by: uuid.UUID | None = None
    updated_at: datetime | None = None

    @property
    def in_use(self) -> tuple[str, str]:
        """(subject, body) the emails are written with."""
        return (self.subject, self.body) if self.subject else DEFAULTS[self.name]

    @property
    def draft(self) -> tuple[str, str]:
        """(subject, body) of the draft: the text in use when no draft was saved."""
        return (self.draft_subject, self.draft_body) if self.draft_subject else self.in_use

    @property
    def draft_pending(self) -> bool:
        """A saved draft that differs from the text in use."""
        return bool(self.draft_subject) and self.draft != self.in_use


def validate(template: object) -> MessageTemplate:
    """A template as a store may keep it: its name known, its text in use and its draft each
    acceptable (both or neither of a subject and a text), its version a count; else
    ValidationError. Every store's save calls it first."""
    if not isinstance(template, MessageTemplate) or not isinstance(template.name, TemplateName):
        raise ValidationError("template", "Not a candidate email's template.")
    for subject, body in (
        (template.subject, template.body),
        (template.draft_subject, template.draft_body),
    ):
        if subject or body:
            check(subject, body)
    if not isinstance(template.version, int) or template.version < 1:
        raise ValidationError("template", "A saved template's version counts from 1.")
    return template


def blank(name: TemplateName) -> MessageTemplate:
    return MessageTemplate(name)


def placeholders(text: str) -> list[str]:
    """The placeholder names in `text`, in order; ValidationError for a stray brace."""
    found = []
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group(1) is None:
            raise ValidationError(
                "template", f"A lone “{token}”: write {{{{ or }}}} for a brace in the text."
            )
        found.append(m.group(1))
    return found


def check(subject: object, body: object) -> tuple[str, str]:
    """The draft's (subject, body) if both are acceptable; else ValidationError naming what
    to fix (an unknown placeholder is named, with the ones that exist)."""
    subject = check_text(subject, "template.subject")
    body = check_text(body, "template.body")
    for text in (subject, body):
        for name in placeholders(text):
            if name not in FIELDS:
                known = ", ".join(f"{{{f}}}" for f in FIELDS)
                raise ValidationError(
                    "template", f"“{{{name}}}” is not a placeholder. The placeholders: {known}."
                )
    return subject, body


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each placeholder replaced by its value (braces doubled become one)."""

    def one(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values.get(m.group(1) or "", token)

    return _TOKEN.sub(one, text)


def written(template: MessageTemplate, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) of the email, with the text in use."""
    subject, body = template.in_use
    return fill(subject, values), fill(body, values)


def with_draft(
    template: MessageTemplate, subject: str, body: str, by: uuid.UUID | None, at: datetime
) -> MessageTemplate:
    """The template with a new draft (checked), the text in use unchanged."""
    subject, body = check(subject, body)
    return _saved(template, by, at, draft_subject=subject, draft_body=body)


def draft_in_use(template: MessageTemplate, by: uuid.UUID | None, at: datetime) -> MessageTemplate:
    """The template with its draft put in use."""
    subject, body = template.draft
    return _saved(template, by, at, subject=subject, body=body)


def default_in_use(
    template: MessageTemplate, by: uuid.UUID | None, at: datetime
) -> MessageTemplate:
    """The template back on the default text (the draft kept)."""
    return _saved(template, by, at, subject="", body="")


def _saved(
    template: MessageTemplate, by: uuid.UUID | None, at: datetime, **changes: Any
) -> MessageTemplate:
    """The template with `changes`, as saved by `by` at `at` (its next version)."""
    return replace(template, **changes, version=template.version + 1, updated_by=by, updated_at=at)
