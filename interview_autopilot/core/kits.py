"""Interview kits and scorecards, the same on every store.

A stage of a job's interview plan may carry a kit: its focus attributes ("System design",
"Communication"), each with a rubric (what a rating of 1, 2, 3 and 4 means) and suggested
questions. An interview linked to that stage (`InterviewStage`, set when it is booked for the
stage) shows the kit to its panel, and each interviewer's feedback may carry a scorecard: a
`Rating` per attribute (1 to 4, or None: not assessed) with a short note.

A scorecard is checked twice: its shape on its own (`validation.check_ratings`), then against
the kit of its interview (`check_against_kit`): only the kit's attributes may be rated. Ratings
are stored with the feedback, in the same write; the kit and the link as JSON and one small
record. Feedback given before kits existed has no ratings and reads as it was.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from .errors import ValidationError
from .models import Rating
from .validation import MAX_ATTRIBUTES, SCORES, check_optional, check_text, fold_label

MAX_QUESTIONS = 5  # suggested questions of one focus attribute
# Characters of text in one stage's kit, and in every kit of a plan: a job and its whole plan
# are one conditional batch on Cassandra, which must stay far under its 50 KiB refusal even in
# 4-byte characters (tests/test_store_validation.py measures it).
MAX_KIT_CHARS, MAX_PLAN_KIT_CHARS = 3_000, 6_000
NOT_ASSESSED = "Not assessed"


@dataclass(frozen=True)
class FocusAttribute:
    """One thing a stage's interviewers assess: its name, what each score means (the rubric:
    four lines, for 1 to 4; '' where none is written) and the questions suggested for it."""

    name: str
    rubric: tuple[str, str, str, str] = ("", "", "", "")
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class InterviewStage:
    """Which job and which stage of its plan an interview was booked for (the stage by name)."""

    interview_id: uuid.UUID
    job_id: uuid.UUID
    stage: str


@dataclass(frozen=True)
class StageKit:
    """The kit an interview's panel works with: its job, its stage, and the focus attributes."""

    job_id: uuid.UUID
    job_title: str
    stage: str
    attributes: tuple[FocusAttribute, ...]

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.attributes]


# --- validation -----------------------------------------------------------------------------
def _check_attribute(value: object, where: str) -> FocusAttribute:
    if not isinstance(value, FocusAttribute):
        raise ValidationError("kit", "A kit holds focus attributes.")
    try:
        name = check_text(value.name, "kit.attribute").strip()
    except ValidationError as exc:
        raise ValidationError(exc.field, f"{where}: {exc.message}") from None
    rubric = value.rubric
    if not isinstance(rubric, tuple) or len(rubric) != len(SCORES):
        raise ValidationError("rubric", f"{where}, {name}: the rubric has one line per score 1-4.")
    lines = []
    for score, line in zip(SCORES, rubric, strict=True):
        try:
            lines.append(check_optional(line, "kit.rubric"))
        except ValidationError as exc:
            raise ValidationError(exc.field, f"{where}, {name}, {score}: {exc.message}") from None
    questions = value.questions
    if not isinstance(questions, tuple) or len(questions) > MAX_QUESTIONS:
        raise ValidationError(
            "questions", f"{where}, {name}: at most {MAX_QUESTIONS} suggested questions."
        )
    asked = []
    for question in questions:
        try:
            asked.append(check_text(question, "kit.question").strip())
        except ValidationError as exc:
            raise ValidationError(exc.field, f"{where}, {name}: {exc.message}") from None
    return FocusAttribute(name, (lines[0], lines[1], lines[2], lines[3]), tuple(asked))


def validate_kit(kit: object, where: str) -> tuple[FocusAttribute, ...]:
    """A stage's kit as stored (text trimmed), or ValidationError naming `where` (the stage):
    at most MAX_ATTRIBUTES attributes, their names unique (case and spacing ignored)."""
    if not isinstance(kit, tuple):
        raise ValidationError("kit", f"{where}: a kit holds focus attributes.")
    if len(kit) > MAX_ATTRIBUTES:
        raise ValidationError("kit", f"{where}: at most {MAX_ATTRIBUTES} focus attributes.")
    checked = tuple(_check_attribute(a, where) for a in kit)
    size = kit_size(checked)
    if size > MAX_KIT_CHARS:
        raise ValidationError(
            "kit",
            f"{where}: the kit holds {size:,} characters of text; the limit is {MAX_KIT_CHARS:,}.",
        )
    names = [fold_label(a.name) for a in checked]
    for name, attribute in zip(names, checked, strict=True):
        if names.count(name) > 1:
            raise ValidationError(
                "kit", f"{where}: two focus attributes are named {attribute.name}."
            )
    return checked


def kit_size(kit: tuple[FocusAttribute, ...]) -> int:
    """The characters of text a kit holds (names, rubric lines, questions)."""
    return sum(len(a.name) + sum(map(len, a.rubric)) + sum(map(len, a.questions)) for a in kit)


def check_plan_kits(kits: list[tuple[FocusAttribute, ...]]) -> None:
    size = sum(map(kit_size, kits))
    if size > MAX_PLAN_KIT_CHARS:
        raise ValidationError(
            "kit",
            f"The plan's kits hold {size:,} characters of text together; the limit is "
            f"{MAX_PLAN_KIT_CHARS:,}.",
        )


def check_against_kit(ratings: tuple[Rating, ...], kit: StageKit | None) -> tuple[Rating, ...]:
    """Ratings (already checked by `validation.check_ratings`) named as the kit names its
    attributes, in the kit's order; ValidationError for an attribute the kit does not have (or
    any rating on an interview without a kit)."""
    if not ratings:
        return ()
    if kit is None:
        raise ValidationError("ratings", "This interview has no kit: it takes no ratings.")
    known = {fold_label(a.name): a.name for a in kit.attributes}
    given = {}
    for r in ratings:
        name = known.get(fold_label(r.attribute))
        if name is None:
            raise ValidationError(
                "ratings", f"{r.attribute} is not a focus attribute of this interview's kit."
            )
        given[name] = Rating(name, r.score, r.note)
    return tuple(given[n] for n in kit.names if n in given)


# --- as stored: one JSON text per stage kit and per scorecard -------------------------------
def kit_text(kit: tuple[FocusAttribute, ...], former_names: tuple[str, ...] = ()) -> str:
    """'' for no kit (a live empty cell on Cassandra, never a tombstone). A stage renamed
    keeps its former names beside its attributes (`{"attributes": [...], "former_names":
    [...]}`), so the kit follows the stage; a stage never renamed keeps the plain list."""
    attributes = [
        {"name": a.name, "rubric": list(a.rubric), "questions": list(a.questions)} for a in kit
    ]
    if former_names:
        held = {"attributes": attributes, "former_names": list(former_names)}
        return json.dumps(held, ensure_ascii=False)
    return json.dumps(attributes, ensure_ascii=False) if kit else ""


def kit_of(text: str | None) -> tuple[FocusAttribute, ...]:
    if not text:
        return ()
    held = json.loads(text)
    if isinstance(held, dict):
        held = held["attributes"]
    return tuple(
        FocusAttribute(
            a["name"],
            (a["rubric"][0], a["rubric"][1], a["rubric"][2], a["rubric"][3]),
            tuple(a["questions"]),
        )
        for a in held
    )


def former_names_of(text: str | None) -> tuple[str, ...]:
    """The former names a stage's kit text holds (() for none)."""
    if not text:
        return ()
    held = json.loads(text)
    return tuple(held.get("former_names", ())) if isinstance(held, dict) else ()


def ratings_text(ratings: tuple[Rating, ...]) -> str | None:
    """None for no ratings (old feedback, or none given): the column stays empty."""
    if not ratings:
        return None
    return json.dumps([[r.attribute, r.score, r.note] for r in ratings], ensure_ascii=False)


def ratings_of(text: str | None) -> tuple[Rating, ...]:
    if not text:
        return ()
    return tuple(Rating(name, score, note) for name, score, note in json.loads(text))


def score_label(score: int | None) -> str:
    return NOT_ASSESSED if score is None else str(score)
