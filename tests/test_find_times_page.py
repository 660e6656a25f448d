# ruff: noqa: F811  (the fixtures of test_pages are imported by name)
"""The Schedule page's "Find times" through AppTest on every page backend (the fixtures of
test_pages: a fresh store the app fills with the sample data): the slots for a stage asking two
from a pool are listed with the reasons, one click books the first, and the interview's panel is
the two people the slot named."""

from __future__ import annotations

import uuid

from test_pages import app_env, at, page_warnings, ref, visit  # noqa: F401

from interview_autopilot.core.availability import Pool
from interview_autopilot.core.jobs import Job, PanelSeat, PlanStage
from interview_autopilot.core.models import UserRole

SCHEDULE = "pages/schedule.py"


def test_find_times_lists_slots_with_reasons_and_books_one(at, ref):
    team = [u for u in ref.list_users() if u.role is UserRole.INTERVIEWER and u.active][:3]
    pool = ref.save_pool(Pool(uuid.uuid4(), "Page pool", tuple(u.user_id for u in team)))
    seat = PanelSeat(UserRole.INTERVIEWER, None, pool.pool_id)
    recruiter = next(u for u in ref.list_users() if u.role is UserRole.RECRUITER)
    job = ref.add_job(
        Job(
            uuid.uuid4(),
            "Find Page Engineer",
            recruiter_id=recruiter.user_id,
            plan=(PlanStage("Pairing", 45, (seat, seat)),),
        )
    )
    candidate = ref.list_candidates()[0]
    visit(at, SCHEDULE)
    at.text_input(key="sch_find").set_value(candidate.email).run()
    at.selectbox(key="sch_job_pick").set_value(str(job.job_id)).run()
    at.selectbox(key="sch_stage").set_value(0).run()
    at.number_input(key="sch_ft_days").set_value(5).run()
    at.button(key="sch_ft_go").click().run()
    assert not at.exception and not page_warnings(at), [w.value for w in page_warnings(at)]
    shown = [m.value.replace("\\", "").replace("\u2060", "") for m in at.markdown]
    names = {u.name for u in team}
    chosen = next(m for m in shown if "(from Page pool)" in m)
    assert sum(1 for n in names if f"{n}: " in chosen) == 2  # two of the pool, with their load
    assert " of 10 this week" in chosen
    at.button(key="sch_take_0").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "scheduled" in at.success[0].value
    made = [
        r
        for r in ref.list_interviews_by_candidate(candidate.candidate_id)
        if r.job_title == job.title
    ]
    assert len(made) == 1
    panel = {p.user_id for p in ref.list_participants(made[0].interview_id)}
    assert len(panel) == 2 and panel <= {u.user_id for u in team}
    assert {u.name for u in team if u.user_id in panel} == {n for n in names if f"{n}: " in chosen}
    stage = ref.get_interview_stage(made[0].interview_id)
    assert stage is not None and stage.job_id == job.job_id
