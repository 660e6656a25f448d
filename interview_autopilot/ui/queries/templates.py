"""The Autopilot page's candidate email templates: each saved as a draft, previewed with a
sample interview, then put in use (recruiters and administrators; `access.require_autopilot`).
A save lands only on the version the page showed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ...core import access, message_templates
from ...core.errors import ValidationError
from ...core.formatting import local_time
from ...core.message_templates import MessageTemplate, TemplateName
from .backend import get_store, load_settings
from .moment import now, viewer_zone
from .viewing import acting_viewer, logged_write, viewer

TEMPLATE_FIELDS = message_templates.FIELDS
CONFLICT = "Someone saved this template meanwhile: the page now shows their version. Try again."


@dataclass(frozen=True)
class TemplateView:
    """One template as the page shows it."""

    template: MessageTemplate
    status: str  # which text is in use, and who last saved it
    draft_pending: bool  # a saved draft differs from the text in use
    preview: tuple[str, str]  # the draft written for a sample interview


def candidate_templates() -> list[TemplateView]:
    """The three templates, saved or default, read fresh (the page writes them)."""
    store = get_store()
    access.require_autopilot(viewer())
    stored = store.message_templates()
    zone = viewer_zone()
    out = []
    for name in TemplateName:
        t = stored.get(name, message_templates.blank(name))
        status = "In use: your text." if t.subject else "In use: the default text."
        if t.updated_at is not None:
            who = store.get_user(t.updated_by) if t.updated_by else None
            by = f" by {who.name}" if who else ""
            status += f" Last saved {local_time(t.updated_at, zone)}{by}."
        subject, body = t.draft
        preview = (
            message_templates.fill(subject, message_templates.EXAMPLE),
            message_templates.fill(body, message_templates.EXAMPLE),
        )
        out.append(TemplateView(t, status, t.draft_pending, preview))
    return out


def candidate_emails_note() -> str:
    """Whether the templates are used at all (CANDIDATE_EMAILS)."""
    if load_settings().flag("CANDIDATE_EMAILS"):
        return "Candidate emails are on (CANDIDATE_EMAILS): the text in use goes out."
    return (
        "Candidate emails are off (CANDIDATE_EMAILS): nothing goes to candidates until it is "
        "turned on. The texts can be prepared now."
    )


@logged_write
def save_template_draft(name: str, subject: str, body: str, seen: int) -> None:
    """Save the draft (checked: ValidationError naming the fault); the text in use is kept."""
    _save(name, seen, lambda t, by, at: message_templates.with_draft(t, subject, body, by, at))


@logged_write
def use_template_draft(name: str, seen: int) -> None:
    """Put the saved draft in use."""
    _save(name, seen, message_templates.draft_in_use)


@logged_write
def use_default_template(name: str, seen: int) -> None:
    """Go back to the default text (the draft is kept)."""
    _save(name, seen, message_templates.default_in_use)


Change = Callable[[MessageTemplate, uuid.UUID | None, datetime], MessageTemplate]


def _save(name: str, seen: int, change: Change) -> None:
    store = get_store()
    who = acting_viewer(store)
    access.require_autopilot(who)
    try:
        key = TemplateName(name)
    except ValueError:
        raise ValidationError("template", "No such template.") from None
    current = store.message_templates().get(key, message_templates.blank(key))
    if current.version != seen:
        raise ValidationError("template", CONFLICT)
    if not store.save_message_template(change(current, who.user_id, now()), seen):
        raise ValidationError("template", CONFLICT)
