"""Interviewer calibration, the same on every store: how each interviewer rates compared with
the panels they sit on. No database, no Streamlit.

Every figure is a ratio of integer sums that one interview's feedback contributes to
(`contributions`), so a store can keep the sums by the write path (Cassandra: counters changed
by each interview's change, -1 x the state before, +1 x the state after) or add them up from
its tables (SQLite), and both give the same numbers:

- **leniency**: the mean, over the (interview, attribute) pairs the interviewer rated with a
  score and at least one colleague rated too, of their score minus the panel's mean score on
  that pair (the panel includes them). The panel's mean is a fraction whose denominator is at
  most MAX_PANEL, so each difference is kept times LENIENCY_SCALE (a multiple of every possible
  denominator): an exact integer, whatever order the scorecards land in;
- **spread**: the standard deviation of their scores (from the count, sum and sum of squares);
- **not assessed**: the share of their ratings left "not assessed";
- **agreement**: the share of their verdicts on interviews with an advance or reject final
  decision that agree with it (yes or strong yes with advance, no or strong no with reject).
  The final decision is the one taken on the interview's application (the Interview page and
  the debrief decide the application), else the interview's own (`final_call`);
- **time to submit**: the mean hours from the interview's end to the feedback (0 before it).

The team's figures are the same sums over every interviewer (their leniency is 0 by
construction, so it is not shown).
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .models import Decision, Feedback, HiringCall, to_utc

MAX_PANEL = 8  # participants per interview (validation); the panel's mean has this at most
LENIENCY_SCALE = 840  # lcm(1..8): every panel mean times it is an integer

SCORECARDS = "scorecards"  # feedback given (verdicts)
SUBMIT_SECONDS = "submit_seconds"  # sum of seconds from the end to the feedback (0 before)
RATED = "rated"  # ratings with a score
RATING_SUM = "rating_sum"
RATING_SQUARES = "rating_squares"
NOT_ASSESSED = "not_assessed"  # ratings left "not assessed"
COMPARED = "compared"  # scored pairs a colleague scored too
LENIENCY = "leniency"  # sum over COMPARED of (score - panel mean) x LENIENCY_SCALE
DECIDED = "decided"  # verdicts on interviews with an advance or reject decision
AGREED = "agreed"  # of those, verdicts that agree with it
METRICS = (
    SCORECARDS,
    SUBMIT_SECONDS,
    RATED,
    RATING_SUM,
    RATING_SQUARES,
    NOT_ASSESSED,
    COMPARED,
    LENIENCY,
    DECIDED,
    AGREED,
)

Sums = dict[str, int]  # metric -> sum


def _seconds(moment: datetime) -> int:
    return int(to_utc(moment).timestamp())


def agrees(decision: Decision, call: HiringCall) -> bool | None:
    """Whether a verdict agrees with a hiring call (None: a hold, which agrees with nothing)."""
    if call is HiringCall.HOLD:
        return None
    return (decision.score > 0) == (call is HiringCall.ADVANCE)


def final_call(application: HiringCall | None, own: HiringCall | None) -> HiringCall | None:
    """The decision a verdict is compared with: its application's, else the interview's own
    (an interview without an application, or whose application has no decision yet)."""
    return application if application is not None else own


def contributions(
    feedback: Iterable[Feedback], end: datetime, call: HiringCall | None
) -> Counter[tuple[uuid.UUID, str]]:
    """What one interview's feedback adds to each author's sums: (author, metric) -> n (zeros
    left out). `end`: the interview's end; `call`: its final decision (`final_call`, None:
    none)."""
    given = list(feedback)
    out: Counter[tuple[uuid.UUID, str]] = Counter()
    scores: dict[str, list[tuple[uuid.UUID, int]]] = {}
    end_s = _seconds(end)
    for f in given:
        u = f.user_id
        out[(u, SCORECARDS)] += 1
        out[(u, SUBMIT_SECONDS)] += max(0, _seconds(f.submitted_at) - end_s)
        for r in f.ratings:
            if r.score is None:
                out[(u, NOT_ASSESSED)] += 1
                continue
            out[(u, RATED)] += 1
            out[(u, RATING_SUM)] += r.score
            out[(u, RATING_SQUARES)] += r.score * r.score
            scores.setdefault(r.attribute, []).append((u, r.score))
        if call is not None:
            agreed = agrees(f.decision, call)
            if agreed is not None:
                out[(u, DECIDED)] += 1
                out[(u, AGREED)] += int(agreed)
    for pair in scores.values():
        if len(pair) < 2:
            continue
        total, n = sum(s for _u, s in pair), len(pair)
        for u, s in pair:
            out[(u, COMPARED)] += 1
            out[(u, LENIENCY)] += s * LENIENCY_SCALE - total * (LENIENCY_SCALE // n)
    return Counter({k: v for k, v in out.items() if v})


def per_person(
    interviews: Iterable[tuple[list[Feedback], datetime, HiringCall | None]],
) -> dict[uuid.UUID, Sums]:
    """Every author's sums over `interviews` (each: its feedback, end and decision)."""
    out: dict[uuid.UUID, Sums] = {}
    for feedback, end, call in interviews:
        for (u, metric), n in contributions(feedback, end, call).items():
            sums = out.setdefault(u, {})
            sums[metric] = sums.get(metric, 0) + n
    return out


def team_of(people: Iterable[Sums]) -> Sums:
    total: Counter[str] = Counter()
    for sums in people:
        total.update(sums)
    return {k: v for k, v in total.items() if v}


@dataclass(frozen=True)
class Figures:
    """One interviewer's (or the team's) calibration figures; None where nothing counts yet."""

    scorecards: int
    ratings: int  # scored and not assessed
    mean_rating: float | None
    leniency: float | None
    spread: float | None
    not_assessed_rate: float | None
    agreement: float | None
    decided: int
    submit_hours: float | None

    @classmethod
    def of(cls, sums: Sums) -> Figures:
        g = sums.get
        rated, na, cards = g(RATED, 0), g(NOT_ASSESSED, 0), g(SCORECARDS, 0)
        compared, decided = g(COMPARED, 0), g(DECIDED, 0)
        mean = g(RATING_SUM, 0) / rated if rated else None
        spread = None
        if rated and mean is not None:
            spread = math.sqrt(max(0.0, g(RATING_SQUARES, 0) / rated - mean * mean))
        return cls(
            scorecards=cards,
            ratings=rated + na,
            mean_rating=mean,
            leniency=g(LENIENCY, 0) / LENIENCY_SCALE / compared if compared else None,
            spread=spread,
            not_assessed_rate=na / (rated + na) if rated + na else None,
            agreement=g(AGREED, 0) / decided if decided else None,
            decided=decided,
            submit_hours=g(SUBMIT_SECONDS, 0) / 3600 / cards if cards else None,
        )


def number(value: float | None, digits: int = 2, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


FIGURE_ROWS = (
    "Scorecards",
    "Leniency (vs panel mean)",
    "Mean rating",
    "Spread (std. dev.)",
    "Not assessed",
    "Verdict agrees with decision",
    "Hours to submit (mean)",
)


def figure_cells(f: Figures, team: bool = False) -> list[str]:
    """The figures as shown, in FIGURE_ROWS order (the team's leniency is 0 by construction)."""
    return [
        str(f.scorecards),
        "—" if team else number(f.leniency, signed=True),
        number(f.mean_rating),
        number(f.spread),
        percent(f.not_assessed_rate),
        percent(f.agreement) + (f" of {f.decided}" if f.decided else ""),
        number(f.submit_hours, 1),
    ]
