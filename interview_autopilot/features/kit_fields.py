"""The interview kit as the screens hold it: a focus attribute from the Jobs page's fields
(and back), a scorecard from the Feedback page's choices (and back). No Streamlit here."""

from __future__ import annotations

from ..core.kits import NOT_ASSESSED, FocusAttribute, StageKit
from ..core.models import Feedback, Rating

RATING_CHOICES = [NOT_ASSESSED, "1", "2", "3", "4"]


def attribute_from_fields(name: str, rubric: list[str], questions: str) -> FocusAttribute | None:
    """The attribute the fields describe (the store validates it); None when every field is
    empty (a row left blank). Questions: one a line, blank lines dropped."""
    asked = tuple(q.strip() for q in questions.splitlines() if q.strip())
    lines = [line.strip() for line in rubric] + [""] * (4 - len(rubric))
    if not name.strip() and not any(lines) and not asked:
        return None
    return FocusAttribute(name, (lines[0], lines[1], lines[2], lines[3]), asked)


def questions_text(attribute: FocusAttribute) -> str:
    return "\n".join(attribute.questions)


def scorecard(
    kit: StageKit | None, choices: list[str | None], notes: list[str]
) -> tuple[Rating, ...]:
    """The ratings the form's choices give, one per kit attribute ('Not assessed': None)."""
    if kit is None:
        return ()
    out = []
    for attribute, choice, note in zip(kit.attributes, choices, notes, strict=True):
        score = int(choice) if choice and choice != NOT_ASSESSED else None
        out.append(Rating(attribute.name, score, note or ""))
    return tuple(out)


def stored_choices(kit: StageKit | None, feedback: Feedback | None) -> list[tuple[str, str]]:
    """(choice, note) per kit attribute, as the stored scorecard has them (a new or an old
    feedback: not assessed, no note)."""
    if kit is None:
        return []
    given = {r.attribute: r for r in feedback.ratings} if feedback else {}
    out = []
    for attribute in kit.attributes:
        r = given.get(attribute.name)
        out.append((str(r.score) if r and r.score else NOT_ASSESSED, r.note if r else ""))
    return out
