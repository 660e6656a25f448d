"""Why the ATS recommendation is what it is: the evidence of the scorecards behind it.

The recommendation itself comes from the overall decisions (`domain.recommend`). Its reasons:
per focus attribute, every rating and who gave it; the attributes nobody assessed; where the
panel disagrees (ratings 2 or more apart); and how the recommendation would change without
each single scorecard (leave-one-out). Pure: computed from the feedback the viewer may see,
never from more (the privacy rule is applied before, in `access.visible`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .domain import recommend
from .kits import score_label
from .models import Decision, Feedback, Recommendation
from .validation import fold_label

DISPUTED_SPREAD = 2  # ratings this far apart on one attribute: the panel disagrees


@dataclass(frozen=True)
class GivenRating:
    """One interviewer's rating of one attribute (score None: not assessed)."""

    author: str
    score: int | None
    note: str = ""


@dataclass(frozen=True)
class AttributeReading:
    """One focus attribute: the ratings the panel gave it, in the order of their scorecards."""

    name: str
    ratings: tuple[GivenRating, ...]

    @property
    def scores(self) -> list[int]:
        return [r.score for r in self.ratings if r.score is not None]

    @property
    def assessed(self) -> bool:
        return bool(self.scores)

    @property
    def spread(self) -> int:
        """The highest score minus the lowest (0 with fewer than two)."""
        scores = self.scores
        return max(scores) - min(scores) if scores else 0

    @property
    def disputed(self) -> bool:
        return self.spread >= DISPUTED_SPREAD


@dataclass(frozen=True)
class WithoutOne:
    """The recommendation without one scorecard (its author and overall decision)."""

    author: str
    decision: Decision
    recommendation: Recommendation
    changes: bool


@dataclass(frozen=True)
class RecommendationReasons:
    recommendation: Recommendation
    scorecards: int
    attributes: tuple[AttributeReading, ...]
    without_each: tuple[WithoutOne, ...]

    @property
    def unassessed(self) -> list[str]:
        """The attributes nobody assessed (not rated, or rated "not assessed" by everyone)."""
        return [a.name for a in self.attributes if not a.assessed]

    @property
    def disputed(self) -> list[str]:
        return [a.name for a in self.attributes if a.disputed]

    @property
    def decisive(self) -> list[WithoutOne]:
        """The scorecards without which the recommendation would change."""
        return [w for w in self.without_each if w.changes]


def explain(
    feedback: Sequence[Feedback],
    kit_names: Sequence[str],
    author_name: Callable[[uuid.UUID], str],
) -> RecommendationReasons:
    """The reasons of the recommendation `feedback` gives. Attributes: the kit's, in its order,
    then any a scorecard rates that the kit no longer has (it was edited since)."""
    names: dict[str, str] = {}
    for name in [*kit_names, *(r.attribute for f in feedback for r in f.ratings)]:
        names.setdefault(fold_label(name), name)
    given: dict[str, list[GivenRating]] = {key: [] for key in names}
    for f in feedback:
        author = author_name(f.user_id)
        for r in f.ratings:
            given[fold_label(r.attribute)].append(GivenRating(author, r.score, r.note))
    decisions = [f.decision for f in feedback]
    now = recommend(decisions)
    without = []
    for n, f in enumerate(feedback):
        rest = recommend(decisions[:n] + decisions[n + 1 :])
        without.append(WithoutOne(author_name(f.user_id), f.decision, rest, rest != now))
    return RecommendationReasons(
        now,
        len(feedback),
        tuple(AttributeReading(names[key], tuple(given[key])) for key in names),
        tuple(without),
    )


def attribute_line(reading: AttributeReading) -> str:
    """'System design: 4 (Ann), 2 (Bob), not assessed (Cy) · spread 2: the panel disagrees'."""
    if not reading.ratings:
        return f"{reading.name}: not rated by anyone"
    parts = ", ".join(f"{score_label(r.score).lower()} ({r.author})" for r in reading.ratings)
    line = f"{reading.name}: {parts}"
    if reading.disputed:
        line += f" · spread {reading.spread}: the panel disagrees"
    return line


def without_line(w: WithoutOne, now: Recommendation) -> str:
    """'Without Ann's scorecard (Strong yes): No hire instead of Hire' (or: still Hire)."""
    head = f"Without {w.author}'s scorecard ({w.decision.label})"
    if w.changes:
        return f"{head}: {w.recommendation.label} instead of {now.label}"
    return f"{head}: still {now.label}"
