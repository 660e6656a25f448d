"""Scorecards through the query functions, as each viewer, on SQLite and the node: an
interviewer who has not submitted gets no colleague's ratings (the detail, the candidate page,
the recommendation's reasons) but does get the kit; a recruiter gets them all; once the
interviewer's own scorecard is in, they get them too. The pages: test_browser_interview_kits.py."""

from __future__ import annotations

import dataclasses

import test_pages as pages
from test_roles import as_viewer, silent_interviewer, someone

from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.kits import FocusAttribute
from interview_autopilot.core.models import Rating, UserRole, make_id
from interview_autopilot.store import Store
from interview_autopilot.ui import queries

app_env, at, ref = pages.app_env, pages.at, pages.ref
__all__ = ["app_env", "as_viewer", "at", "ref"]  # the fixtures this module borrows

KIT = (FocusAttribute("Depth"), FocusAttribute("Clarity"))
NOTE = "Narwhal note: knew the storage engine cold."


def kit_on(ref: Store, interview_id, title: str) -> None:
    """A job of `title` (the sample's, or a new one) whose stage "Panel" has the kit, and the
    interview linked to that stage."""
    job = ref.find_job_by_title(title)
    stage = PlanStage("Panel", 60, (PanelSeat(UserRole.INTERVIEWER),), KIT)
    if job is None:
        job = ref.add_job(Job(make_id("kit-queries", title), title, plan=(stage,)))
    else:
        job = ref.update_job(dataclasses.replace(job, plan=(*job.plan, stage)))
    ref.link_interview_stage(interview_id, job.job_id, "Panel")


def test_ratings_follow_the_verdicts_rule_and_the_kit_does_not(as_viewer, ref: Store) -> None:
    row, waiting = silent_interviewer(ref)
    iid = str(row.interview_id)
    kit_on(ref, row.interview_id, row.job_title)
    detail = ref.get_interview_detail(row.interview_id)
    assert detail is not None
    rater = detail.feedback[0]
    ref.submit_feedback(
        row.interview_id,
        rater.user_id,
        rater.decision.value,
        rater.comment,
        ratings=(Rating("Depth", 4, NOTE), Rating("Clarity", 1, "")),
    )
    cid = str(detail.candidate.candidate_id)

    as_viewer(ref.get_user(waiting.user_id))
    seen = queries.interview_detail(iid)
    assert seen is not None and seen.feedback == []
    assert queries.recommendation_reasons(seen) is None
    assert NOTE not in repr(queries.candidate_interviews(cid))
    kit = queries.interview_kit(iid)
    assert kit is not None and kit.names == ["Depth", "Clarity"]  # the kit is no verdict

    as_viewer(someone(ref, UserRole.RECRUITER))
    full = queries.interview_detail(iid)
    assert full is not None
    reasons = queries.recommendation_reasons(full)
    assert reasons is not None and reasons.disputed == []  # one scorecard: nothing to dispute
    depth = next(a for a in reasons.attributes if a.name == "Depth")
    assert [(r.score, r.note) for r in depth.ratings] == [(4, NOTE)]

    as_viewer(ref.get_user(waiting.user_id))
    mine = (Rating("Depth", 2, ""), Rating("Clarity", 3, ""))
    queries.submit_feedback(iid, str(waiting.user_id), "no", "Mine, alone.", mine)
    now = queries.interview_detail(iid)
    assert now is not None and NOTE in repr(now.feedback)
    after = queries.recommendation_reasons(now)
    assert after is not None and "Depth" in after.disputed and "Clarity" in after.disputed
