"""Interview kits and scorecards on every store (the `store` fixture): a stage's kit round-trips
with its job; an interview is linked to a stage of its job's plan; a scorecard is stored with
its feedback and read back faithfully; a scorecard naming an unknown attribute, a rating out of
range or an over-long note is refused with nothing changed; feedback without ratings (as all
feedback was before kits) still reads as it was."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from support.world import ALICE, BOB, RECRUITER, add, interview, seed_people

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.kits import FocusAttribute, InterviewStage
from interview_autopilot.core.models import (
    Decision,
    InterviewStatus,
    Rating,
    SampleData,
    UserRole,
    make_id,
)
from interview_autopilot.store.base import Store

DESIGN = FocusAttribute(
    "System design",
    ("Cannot sketch a system", "Sketches with gaps", "Sound design", "Teaches us something"),
    ("Design a URL shortener.", "How would it fail?"),
)
TALK = FocusAttribute("Communication", ("Unclear", "", "Clear", "Crisp and kind"), ())
KIT = (DESIGN, TALK)
SEAT = (PanelSeat(UserRole.INTERVIEWER),)
JOB = Job(
    make_id("kit-job", "backend"),
    "Backend Engineer",  # the title of support.world's interviews
    plan=(PlanStage("Phone screen", 30, SEAT), PlanStage("Technical", 60, SEAT, KIT)),
)
RATINGS = (
    Rating("System design", 3, "Clear trade-offs; missed the cache."),
    Rating("Communication", None, ""),
)


def kit_interview(store: Store, key: str = "kit") -> uuid.UUID:
    """The people, the job with its kit, and a completed interview linked to its Technical
    stage; the interview's id."""
    seed_people(store)
    if store.get_job(JOB.job_id) is None:
        store.add_job(JOB, actor=RECRUITER.user_id)
    made = add(store, key, status=InterviewStatus.COMPLETED)
    store.link_interview_stage(made.interview_id, JOB.job_id, "technical")
    return made.interview_id


def snapshot(store: Store, iid: uuid.UUID) -> tuple[object, ...]:
    """Everything a refused scorecard could have changed."""
    return (
        store.get_interview_detail(iid),
        store.list_audit(iid),
        store.get_interview_stage(iid),
        store.get_job(JOB.job_id),
    )


def test_a_stage_kit_round_trips_with_its_job_and_an_edit_can_drop_it(store: Store) -> None:
    seed_people(store)
    made = store.add_job(JOB, actor=RECRUITER.user_id)
    got = store.get_job(JOB.job_id)
    assert got is not None
    assert got.plan[1].kit == KIT and got.plan[0].kit == ()
    plain = dataclasses.replace(
        got, plan=(got.plan[0], dataclasses.replace(got.plan[1], kit=(TALK,)))
    )
    store.update_job(plain, actor=RECRUITER.user_id)
    again = store.get_job(JOB.job_id)
    assert again is not None and again.plan[1].kit == (TALK,) and again.version > made.version
    trail = store.list_job_audit(JOB.job_id)
    assert "kit: System design, Communication" in (trail[0].after or "")


@pytest.mark.parametrize(
    ("kit", "words"),
    [
        ((DESIGN, dataclasses.replace(TALK, name=" system  DESIGN ")), "two focus attributes"),
        ((dataclasses.replace(DESIGN, name="x" * 61),), "limit is 60"),
        ((dataclasses.replace(DESIGN, rubric=("a", "b", "c")),), "one line per score"),
        ((dataclasses.replace(DESIGN, rubric=("a", "b", "c", "d" * 201)),), "limit is 200"),
        ((dataclasses.replace(DESIGN, questions=("Why?",) * 6),), "at most 5"),
        ((dataclasses.replace(DESIGN, questions=("",)),), "empty"),
        (tuple(dataclasses.replace(DESIGN, name=f"A{n}") for n in range(7)), "at most 6"),
        (
            tuple(FocusAttribute(f"A{n}", ("r" * 200,) * 4, ("q" * 200,) * 2) for n in range(4)),
            "the limit is 3,000",
        ),
    ],
)
def test_a_bad_kit_is_refused_with_nothing_written(
    store: Store, kit: tuple[FocusAttribute, ...], words: str
) -> None:
    seed_people(store)
    bad = dataclasses.replace(JOB, plan=(PlanStage("Technical", 60, SEAT, kit),))
    with pytest.raises(ValidationError) as refused:
        store.add_job(bad)
    assert words in refused.value.message and "Stage 1 (Technical)" in refused.value.message
    assert store.get_job(JOB.job_id) is None


def test_an_interview_is_linked_to_a_stage_of_its_jobs_plan(store: Store) -> None:
    iid = kit_interview(store)
    assert store.get_interview_stage(iid) == InterviewStage(iid, JOB.job_id, "Technical")
    kit = store.interview_kit(iid)
    assert kit is not None and kit.attributes == KIT and kit.stage == "Technical"
    store.link_interview_stage(iid, JOB.job_id, "Phone screen")  # relinked: no kit there
    assert store.interview_kit(iid) is None
    store.link_interview_stage(iid, JOB.job_id, "Technical")
    other = add(store, "other job", job_title="Designer")
    refusals = [
        (lambda: store.link_interview_stage(iid, JOB.job_id, "Onsite"), "no stage named"),
        (
            lambda: store.link_interview_stage(other.interview_id, JOB.job_id, "Technical"),
            "not for",
        ),
        (lambda: store.link_interview_stage(iid, make_id("kit-job", "none"), "Technical"), "job"),
        (
            lambda: store.link_interview_stage(
                interview("never").interview_id, JOB.job_id, "Technical"
            ),
            "does not exist",
        ),
    ]
    for write, words in refusals:
        with pytest.raises(ValidationError) as refused:
            write()
        assert words in refused.value.message
    assert store.get_interview_stage(iid) == InterviewStage(iid, JOB.job_id, "Technical")
    assert store.get_interview_stage(other.interview_id) is None
    assert store.interview_kit(other.interview_id) is None


def test_a_scorecard_round_trips_with_its_feedback_in_the_kits_order(store: Store) -> None:
    iid = kit_interview(store)
    given = (  # another order, another case: stored as the kit names and orders them
        Rating("  communication ", None, " "),
        Rating("SYSTEM DESIGN", 3, "  Clear trade-offs; missed the cache.  "),
    )
    saved = store.submit_feedback(
        iid, ALICE.user_id, "yes", "Solid.", actor=ALICE.user_id, ratings=given
    )
    assert saved.ratings == RATINGS
    assert store.get_feedback(iid, ALICE.user_id) == saved
    detail = store.get_interview_detail(iid)
    assert detail is not None and [f.ratings for f in detail.feedback] == [RATINGS]
    edited = (Rating("Communication", 4, "Crisp."),)
    store.submit_feedback(iid, ALICE.user_id, "strong_yes", "Better.", ratings=edited)
    got = store.get_feedback(iid, ALICE.user_id)
    assert got is not None and got.ratings == edited and got.decision is Decision.STRONG_YES


def test_feedback_without_ratings_reads_as_it_was_and_can_clear_a_scorecard(store: Store) -> None:
    iid = kit_interview(store)
    old = add(store, "before kits", status=InterviewStatus.COMPLETED)  # no stage, no kit
    plain = store.submit_feedback(old.interview_id, BOB.user_id, "no", "As before kits.")
    assert plain.ratings == () and store.get_feedback(old.interview_id, BOB.user_id) == plain
    store.submit_feedback(iid, BOB.user_id, "no", "Rated.", ratings=RATINGS)
    cleared = store.submit_feedback(iid, BOB.user_id, "no", "Rated, then not.")
    assert store.get_feedback(iid, BOB.user_id) == cleared and cleared.ratings == ()


ONE = Rating("System design", 3, "")
BAD_SCORECARDS = [
    ((Rating("Leadership", 3, ""),), "not a focus attribute"),
    ((dataclasses.replace(ONE, score=0),), "from 1 to 4"),
    ((dataclasses.replace(ONE, score=5),), "from 1 to 4"),
    ((dataclasses.replace(ONE, score=True),), "from 1 to 4"),
    ((dataclasses.replace(ONE, score="3"),), "from 1 to 4"),
    ((dataclasses.replace(ONE, note="n" * 141),), "limit is 140"),
    ((dataclasses.replace(ONE, note="line\nbreak"),), "line break"),
    ((ONE, Rating("system design", 2, "")), "rated twice"),
    ((dataclasses.replace(ONE, attribute=""),), "empty"),
    (("System design",), "Rating records"),
]


@pytest.mark.parametrize(("ratings", "words"), BAD_SCORECARDS)
def test_a_bad_scorecard_is_refused_with_nothing_changed(
    store: Store, ratings: tuple[object, ...], words: str
) -> None:
    iid = kit_interview(store)
    store.submit_feedback(iid, ALICE.user_id, "yes", "First.", ratings=RATINGS)
    before = snapshot(store, iid)
    with pytest.raises(ValidationError) as refused:
        store.submit_feedback(iid, ALICE.user_id, "no", "Second.", ratings=ratings)  # type: ignore[arg-type]
    assert words in refused.value.message
    assert snapshot(store, iid) == before


def test_ratings_on_an_interview_without_a_kit_are_refused(store: Store) -> None:
    seed_people(store)
    plain = add(store, "no kit", status=InterviewStatus.COMPLETED)
    with pytest.raises(ValidationError) as refused:
        store.submit_feedback(plain.interview_id, ALICE.user_id, "yes", "Hm.", ratings=RATINGS)
    assert "no kit" in refused.value.message
    assert store.get_feedback(plain.interview_id, ALICE.user_id) is None


def test_a_bulk_load_keeps_scorecards_and_a_deleted_interview_loses_its_link(
    store: Store,
) -> None:
    iid = kit_interview(store)
    record = store.get_interview_detail(iid)
    assert record is not None
    feedback = store.submit_feedback(iid, ALICE.user_id, "yes", "Good.", ratings=RATINGS)
    loaded = dataclasses.replace(
        interview("bulk"), status=InterviewStatus.COMPLETED, job_title="Backend Engineer"
    )
    copy = dataclasses.replace(feedback, interview_id=loaded.interview_id)
    store.bulk_load(
        SampleData(
            interviews=[loaded],
            participants=[(loaded.interview_id, ALICE.user_id, UserRole.INTERVIEWER)],
            feedback=[copy],
        )
    )
    assert store.get_feedback(loaded.interview_id, ALICE.user_id) == copy
    store.delete_interview(iid)
    assert store.get_interview_stage(iid) is None and store.interview_kit(iid) is None
