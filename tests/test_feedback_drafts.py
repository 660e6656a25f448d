# ruff: noqa: F811  (the fixtures of test_pages are imported by name)
"""What is typed in the Feedback form is kept per (interview, interviewer) while switching the
interviewer (the demo's "Viewing as": the author is always the viewer) or the interview, and is
back on switching back; a submit stores only that pair's text. AppTest on every page backend."""

from __future__ import annotations

from test_pages import FEEDBACK, app_env, at, pick, ref, view_as, visit  # noqa: F401

from interview_autopilot.core.models import InterviewStatus


def form(at) -> tuple[str | None, str]:
    return at.radio(key="fb_decision").value, at.text_area(key="fb_comment").value


def typed(at, decision: str, comment: str) -> None:
    at.radio(key="fb_decision").set_value(decision)
    at.text_area(key="fb_comment").set_value(comment).run()  # leaving the field sends it
    assert not at.exception, at.exception


def test_switching_the_interviewer_keeps_each_ones_draft(at, ref):
    row = next(
        r
        for r in ref.list_interviews_by_status(InterviewStatus.COMPLETED).rows
        if r.participant_count >= 2 and r.feedback_count == 0
    )
    a, b = ref.list_participants(row.interview_id)[:2]
    iid = str(row.interview_id)
    pick(at, iid, str(a.user_id))
    assert form(at) == (None, "")  # nothing stored yet
    typed(at, "yes", "A's draft, not submitted.")
    view_as(at, b.user_id)  # another interviewer, same form
    assert at.selectbox(key="fb_interviewer").value == str(b.user_id)
    assert form(at) == (None, "")  # not A's text under B's name
    typed(at, "strong_no", "B's draft.")
    view_as(at, a.user_id)
    assert form(at) == ("yes", "A's draft, not submitted.")  # back, as A left it
    view_as(at, b.user_id)
    assert form(at) == ("strong_no", "B's draft.")
    at.button(key="fb_submit").click().run()
    assert not at.exception and not at.error
    stored = ref.get_feedback(row.interview_id, b.user_id)
    assert stored is not None and (stored.decision.value, stored.comment) == (
        "strong_no",
        "B's draft.",
    )
    assert ref.get_feedback(row.interview_id, a.user_id) is None  # A's draft stays a draft
    view_as(at, a.user_id)
    assert form(at) == ("yes", "A's draft, not submitted.")


def test_switching_the_interview_and_back_keeps_the_draft(at, ref):
    row = next(
        r
        for r in ref.list_interviews_by_status(InterviewStatus.COMPLETED).rows
        if r.feedback_count < r.participant_count
    )
    me = next(p for p in ref.list_participants(row.interview_id) if not p.has_feedback)
    iid = str(row.interview_id)
    pick(at, iid, str(me.user_id))
    typed(at, "no", "Half a thought about this one.")
    other = next(
        str(r.interview_id)
        for r in ref.list_interviews_by_user(me.user_id)
        if r.status is InterviewStatus.COMPLETED and r.interview_id != row.interview_id
    )
    at.selectbox(key="fb_interview").set_value(other).run()
    assert form(at) != ("no", "Half a thought about this one.")
    at.selectbox(key="fb_interview").set_value(iid).run()
    assert form(at) == ("no", "Half a thought about this one.")
