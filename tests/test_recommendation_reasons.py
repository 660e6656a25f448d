"""The reasons of the ATS recommendation (core/recommendation_reasons.py): the ratings per
attribute and who gave them, the attributes nobody assessed, where the panel disagrees, and the
recommendation without each single scorecard. Examples, then properties over generated panels."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from interview_autopilot.core.domain import recommend
from interview_autopilot.core.models import Decision, Feedback, Rating, Recommendation, make_id
from interview_autopilot.core.recommendation_reasons import (
    attribute_line,
    explain,
    without_line,
)

AT = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)
KIT = ["System design", "Communication", "Coding"]
NAMES = {make_id("reasons", n): n.title() for n in ("ann", "bob", "cy", "dee", "eve")}
IDS = list(NAMES)


def card(who: int, decision: str, *ratings: tuple[str, int | None]) -> Feedback:
    return Feedback(
        make_id("reasons-interview", "one"),
        IDS[who],
        Decision(decision),
        "Comment.",
        AT,
        tuple(Rating(name, score, "") for name, score in ratings),
    )


def name_of(user_id: uuid.UUID) -> str:
    return NAMES[user_id]


def test_ratings_per_attribute_the_unassessed_the_disputed_and_leave_one_out() -> None:
    panel = [
        card(0, "strong_yes", ("System design", 4), ("Communication", 3)),
        card(1, "no", ("System design", 2), ("Communication", None)),
        card(2, "yes", ("System design", 3)),
    ]
    reasons = explain(panel, KIT, name_of)
    assert reasons.recommendation is Recommendation.HIRE  # (2 - 1 + 1) / 3 > 0
    assert reasons.scorecards == 3
    design, talk, coding = reasons.attributes
    assert [(r.author, r.score) for r in design.ratings] == [("Ann", 4), ("Bob", 2), ("Cy", 3)]
    assert design.spread == 2 and design.disputed
    assert [(r.author, r.score) for r in talk.ratings] == [("Ann", 3), ("Bob", None)]
    assert not talk.disputed and talk.assessed
    assert coding.ratings == () and not coding.assessed
    assert reasons.unassessed == ["Coding"] and reasons.disputed == ["System design"]
    changes = {w.author: (w.recommendation, w.changes) for w in reasons.without_each}
    assert changes == {
        "Ann": (Recommendation.NO_HIRE, True),  # yes + no: a tie is no hire
        "Bob": (Recommendation.STRONG_HIRE, True),  # strong yes + yes: 1.5
        "Cy": (Recommendation.HIRE, False),  # strong yes + no: 0.5
    }
    assert attribute_line(design) == (
        "System design: 4 (Ann), 2 (Bob), 3 (Cy) · spread 2: the panel disagrees"
    )
    assert attribute_line(talk) == "Communication: 3 (Ann), not assessed (Bob)"
    assert attribute_line(coding) == "Coding: not rated by anyone"
    ann = reasons.without_each[0]
    assert without_line(ann, reasons.recommendation) == (
        "Without Ann's scorecard (Strong yes): No hire instead of Hire"
    )
    cy = reasons.without_each[2]
    assert without_line(cy, reasons.recommendation) == "Without Cy's scorecard (Yes): still Hire"


def test_feedback_without_ratings_and_a_kit_edited_since() -> None:
    old = [card(0, "yes"), card(1, "no")]
    reasons = explain(old, [], name_of)
    assert reasons.attributes == () and reasons.unassessed == [] and reasons.disputed == []
    assert reasons.recommendation is Recommendation.NO_HIRE
    rated = [card(0, "yes", ("Leadership", 1)), card(1, "no", ("leadership", 4))]
    edited = explain(rated, ["Coding"], name_of)  # the kit lost Leadership since
    assert [a.name for a in edited.attributes] == ["Coding", "Leadership"]
    assert edited.disputed == ["Leadership"] and edited.unassessed == ["Coding"]


# --- properties ---------------------------------------------------------------------------------
SCORES = st.one_of(st.none(), st.integers(1, 4))
scorecards = st.lists(
    st.tuples(
        st.sampled_from(list(Decision)),
        st.dictionaries(st.sampled_from(KIT), SCORES, max_size=len(KIT)),
    ),
    max_size=len(IDS),
)


def panel_of(drawn: list[tuple[Decision, dict[str, int | None]]]) -> list[Feedback]:
    return [card(n, d.value, *ratings.items()) for n, (d, ratings) in enumerate(drawn)]


@given(scorecards)
def test_every_rating_is_shown_once_with_its_author(drawn) -> None:
    panel = panel_of(drawn)
    reasons = explain(panel, KIT, name_of)
    shown = sorted((a.name, r.author, r.score) for a in reasons.attributes for r in a.ratings)
    given_ = sorted((r.attribute, name_of(f.user_id), r.score) for f in panel for r in f.ratings)
    assert shown == given_
    assert [a.name for a in reasons.attributes] == KIT


@given(scorecards)
def test_disputed_and_unassessed_follow_the_scores(drawn) -> None:
    panel = panel_of(drawn)
    reasons = explain(panel, KIT, name_of)
    for name in KIT:
        scores = [r.score for f in panel for r in f.ratings if r.attribute == name]
        numbers = [s for s in scores if s is not None]
        assert (name in reasons.unassessed) == (not numbers)
        assert (name in reasons.disputed) == (bool(numbers) and max(numbers) - min(numbers) >= 2)


@given(scorecards)
def test_leave_one_out_is_the_recommendation_of_the_others(drawn) -> None:
    panel = panel_of(drawn)
    reasons = explain(panel, KIT, name_of)
    decisions = [f.decision for f in panel]
    assert reasons.recommendation is recommend(decisions)
    assert len(reasons.without_each) == len(panel)
    for n, w in enumerate(reasons.without_each):
        rest = recommend(decisions[:n] + decisions[n + 1 :])
        assert w.recommendation is rest and w.changes == (rest is not reasons.recommendation)
        assert w.author == name_of(panel[n].user_id) and w.decision is panel[n].decision
    if len(panel) == 1:  # without the only scorecard there is nothing to recommend
        assert reasons.without_each[0].recommendation is Recommendation.PENDING


@given(scorecards, st.randoms(use_true_random=False))
def test_the_order_of_the_scorecards_changes_no_conclusion(drawn, rng) -> None:
    panel = panel_of(drawn)
    shuffled = list(panel)
    rng.shuffle(shuffled)
    a, b = explain(panel, KIT, name_of), explain(shuffled, KIT, name_of)
    assert a.recommendation is b.recommendation
    assert a.disputed == b.disputed and a.unassessed == b.unassessed
    assert sorted((w.author, w.changes) for w in a.without_each) == sorted(
        (w.author, w.changes) for w in b.without_each
    )
