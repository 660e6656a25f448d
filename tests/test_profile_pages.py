# ruff: noqa: F811  (the fixtures of test_pages are imported by name)
"""Candidate and interviewer pages, their deep links, and the links to them from the interview
page, through AppTest on every page backend."""

from __future__ import annotations

from support.payloads import shown
from test_pages import (  # noqa: F401
    INTERVIEW,
    app_env,
    at,
    page_warnings,
    ref,
    visit,
    with_feedback,
)

from interview_autopilot.core.formatting import inert
from interview_autopilot.core.models import utc_now
from interview_autopilot.features.profiles import person_week

CANDIDATE, PERSON = "pages/candidate.py", "pages/person.py"


def links(at, page_query: str) -> list:
    return [p for p in at.get("page_link") if p.proto.query_string.startswith(page_query)]


def test_the_candidate_page_shows_profile_interviews_ats_and_decision(at, ref):
    row = with_feedback(ref, complete=True)
    detail = ref.get_interview_detail(row.interview_id)
    ref.record_decision(row.interview_id, detail.recruiter.user_id, "hold", "Budget.", None)
    cid = detail.candidate.candidate_id
    visit(at, CANDIDATE, candidate=str(cid))
    assert at.title[0].value == inert(detail.candidate.name)
    texts = [t.value for t in at.text]
    assert detail.candidate.email in texts and detail.candidate.resume_text in texts
    theirs = ref.list_interviews_by_candidate(cid)
    shown = [p.proto.query_string for p in links(at, "interview=")]
    assert shown == [f"interview={r.interview_id}" for r in theirs]
    assert any(m.value == "Decision **Hold**" for m in at.markdown) and "Budget." in texts


def test_the_interviewer_page_splits_weeks_pending_and_history(at, ref):
    row = with_feedback(ref, complete=False)
    owner = next(p for p in ref.list_participants(row.interview_id) if not p.has_feedback)
    visit(at, PERSON, user=str(owner.user_id))
    assert at.title[0].value == inert(owner.name)
    headers = [h.value for h in at.subheader]
    now = utc_now()
    week = person_week(ref, owner.user_id, now, now, 24)  # UTC; SCORECARD_DUE_HOURS's default
    assert headers == [
        f"This week ({len(week.this_week)})",
        f"Next week ({len(week.next_week)})",
        f"Feedback to give ({len(week.pending)})",
        "Calibration",  # the viewer, a recruiter, sees the interviewer's figures
        f"Before this week ({len(week.history)})",
        "Busy times (0)",  # the sample has no busy block
    ]
    assert row.interview_id in [r.interview_id for r in week.pending]
    shown = [p.proto.query_string for p in links(at, "interview=")]
    expected = [*week.this_week, *week.next_week, *week.pending, *week.just_ended, *week.older]
    expected += week.history
    assert shown == [f"interview={r.interview_id}" for r in expected]


def test_bad_profile_links_are_explained(at):
    visit(at, CANDIDATE, candidate="not-an-id")
    assert at.warning and not at.exception
    visit(at, PERSON, user=str(__import__("uuid").UUID(int=5)))
    assert page_warnings(at)[0].value == "No user has this id."


def test_the_interview_page_links_every_name_to_its_page(at, ref):
    row = with_feedback(ref, complete=False)
    detail = ref.get_interview_detail(row.interview_id)
    visit(at, INTERVIEW, interview=str(row.interview_id))
    assert [p.proto.query_string for p in links(at, "candidate=")] == [
        f"candidate={detail.candidate.candidate_id}"
    ]
    people = {p.proto.query_string for p in links(at, "user=")}
    assert people == {f"user={detail.recruiter.user_id}"} | {
        f"user={p.user_id}" for p in detail.participants
    }


def test_the_candidates_page_searches_by_name_or_email_prefix(at, ref):
    visit(at, CANDIDATE)
    assert at.title[0].value == "Candidates"
    at.text_input(key="cand_search").set_value("LIAM").run()
    expected = ref.search_candidates("liam")
    assert expected and all("liam" in (c.name + c.email).lower() for c in expected)
    offered = [p.proto.query_string for p in links(at, "candidate=")]
    assert offered == [f"candidate={c.candidate_id}" for c in expected]
    first = expected[0]
    visit(at, CANDIDATE, candidate=str(first.candidate_id))
    assert at.title[0].value == inert(first.name)
    visit(at, CANDIDATE)
    at.text_input(key="cand_search").set_value("l").run()
    assert [shown(w.value) for w in page_warnings(at)] == ["Type at least 2 characters."]
