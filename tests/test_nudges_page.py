"""'Send a reminder now' on the interview page, through AppTest on both stores (the sample data):
the interview's recruiter sees who owes feedback and the last reminder each got, and a click
queues one reminder to each through the outbox, landing once; an interviewer on the panel sees
neither."""

from __future__ import annotations

from datetime import timedelta

import test_pages
from test_pages import INTERVIEW, view_as, visit, with_feedback

from interview_autopilot.core.models import utc_now
from interview_autopilot.core.outbox import Kind

app_env, at, ref = test_pages.app_env, test_pages.at, test_pages.ref  # the fixtures


def test_the_recruiter_sends_a_reminder_now_and_an_interviewer_cannot(at, ref):
    row = with_feedback(ref, complete=False)
    detail = ref.get_interview_detail(row.interview_id)
    assert detail is not None
    owed = [p for p in detail.participants if not p.has_feedback]
    view_as(at, detail.recruiter.user_id)
    visit(at, INTERVIEW, interview=str(row.interview_id))
    lines = [m.value for m in at.markdown if "no reminder sent yet" in m.value]
    assert len(lines) == 1 and all(p.name in lines[0] for p in owed)

    at.button(key="nudge_0").click().run(timeout=30)
    assert not at.exception, at.exception
    log = ref.reminder_log(row.interview_id)
    assert log.nudges == 1 and log.nudged_by == detail.recruiter.user_id
    now = utc_now()
    queued = [
        m
        for m in ref.list_messages(now - timedelta(minutes=5), now + timedelta(minutes=1))
        if m.kind is Kind.NUDGE and m.interview_id == row.interview_id
    ]
    assert sorted(m.address for m in queued) == sorted(p.email for p in owed)
    assert [b for b in at.button if b.key == "nudge_1"]  # the page now counts that click
    assert any("Reminders last asked for" in c.value for c in at.caption)

    view_as(at, owed[0].user_id)  # an interviewer: no reminders, no button
    visit(at, INTERVIEW, interview=str(row.interview_id))
    assert not [b for b in at.button if (b.key or "").startswith("nudge_")]
    assert not [m for m in at.markdown if "no reminder sent yet" in m.value]
