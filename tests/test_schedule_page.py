# ruff: noqa: F811  (the fixtures of test_pages are imported by name)
"""The Schedule page and rescheduling from the interview page, through AppTest on every page
backend (the fixtures of test_pages: a fresh store the app fills with the sample data)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from streamlit.testing.v1 import AppTest
from test_pages import (  # noqa: F401
    INTERVIEW,
    ListView,
    app_env,
    at,
    page_warnings,
    ref,
    view_as,
    view_page,
    visit,
)

from interview_autopilot.core import applications as rules
from interview_autopilot.core.applications import Application
from interview_autopilot.core.models import Candidate, InterviewStatus, Recommendation, UserRole
from interview_autopilot.core.search import query_key
from interview_autopilot.features.applications import interviews_of, recommendation_of
from interview_autopilot.store import Store

SCHEDULE = "pages/schedule.py"
DAY = date(2031, 3, 4)  # far from the sample's interviews
JOB = "Site Reliability Engineer"


def pick_candidate(at: AppTest, candidate: Candidate) -> None:
    """Find an existing candidate by the start of their email, then pick them."""
    at.text_input(key="sch_find").set_value(candidate.email[:4]).run()
    at.selectbox(key="sch_candidate").set_value(str(candidate.candidate_id))


def fill(at: AppTest, ref: Store, *, start: time, end: time, day: date = DAY, people: int = 2):
    """The form with an existing candidate, the first recruiter and `people` interviewers."""
    visit(at, SCHEDULE)
    pick_candidate(at, ref.list_candidates()[0])
    job = ref.find_job_by_title(JOB)  # an open job of the sample
    assert job is not None
    at.selectbox(key="sch_job_pick").set_value(str(job.job_id)).run()
    recruiter = next(u for u in ref.list_users() if u.role is UserRole.RECRUITER)
    at.selectbox(key="sch_recruiter").set_value(str(recruiter.user_id))
    at.date_input(key="sch_day").set_value(day)
    at.time_input(key="sch_start").set_value(start)
    at.time_input(key="sch_end").set_value(end)
    at.text_input(key="sch_video").set_value("https://meet.example.com/new")
    interviewers = [u for u in ref.list_users() if u.role is UserRole.INTERVIEWER][:people]
    at.multiselect(key="sch_people").set_value([str(u.user_id) for u in interviewers]).run()
    assert not at.exception
    return interviewers


def test_scheduling_an_interview_stores_it_and_links_to_it(at, ref):
    people = fill(at, ref, start=time(9, 0), end=time(10, 0))
    at.button(key="sch_submit").click().run()
    assert not at.exception and not at.error
    assert "scheduled" in at.success[0].value
    link = next(p for p in at.get("page_link") if p.value == "Open the interview")
    interview_id = uuid.UUID(link.proto.query_string.removeprefix("interview="))
    detail = ref.get_interview_detail(interview_id)
    assert detail is not None
    assert detail.interview.scheduled_start == datetime.combine(DAY, time(9, 0), UTC)
    assert detail.interview.status is InterviewStatus.SCHEDULED
    assert detail.interview.job_title == JOB
    assert {p.user_id for p in detail.participants} == {u.user_id for u in people}
    start = datetime.combine(DAY, time(0, 0), UTC)
    upcoming = ref.list_upcoming(now=start, limit=5).rows
    assert upcoming[0].interview_id == detail.interview.interview_id  # in the upcoming list


def test_the_existing_candidate_is_found_by_search_not_picked_from_a_full_list(at, ref):
    visit(at, SCHEDULE)
    assert "sch_candidate" not in [w.key for w in at.selectbox]  # nothing offered unasked
    target = ref.list_candidates()[-1]  # any candidate, however far in a full list
    at.text_input(key="sch_find").set_value(target.email.upper()).run()  # case ignored
    box = at.selectbox(key="sch_candidate")
    assert box.options == [f"{target.name} · {target.email}"]
    assert box.value == str(target.candidate_id)  # a single match is picked
    several = ref.search_candidates(query_key(target.name[:2]))
    at.text_input(key="sch_find").set_value(target.name[:2]).run()
    assert len(at.selectbox(key="sch_candidate").options) == len(several) >= 1
    at.text_input(key="sch_find").set_value("zzqx").run()
    assert "sch_candidate" not in [w.key for w in at.selectbox]
    assert "No candidate" in at.info[0].value
    assert not at.exception


def test_scheduling_a_new_candidate_creates_the_profile(at, ref):
    fill(at, ref, start=time(13, 0), end=time(14, 0))
    at.radio(key="sch_mode").set_value("New").run()
    at.text_input(key="sch_name").set_value("Ana Núñez")
    at.text_input(key="sch_email").set_value("ana.nunez@example.org")
    at.text_area(key="sch_resume").set_value("Ten years of Rust.")
    at.button(key="sch_submit").click().run()
    assert not at.exception and not at.error
    link = next(p for p in at.get("page_link") if p.value == "Open the interview")
    interview_id = uuid.UUID(link.proto.query_string.removeprefix("interview="))
    detail = ref.get_interview_detail(interview_id)
    assert detail is not None and detail.candidate.name == "Ana Núñez"
    assert detail.candidate.resume_text == "Ten years of Rust."


def test_an_end_before_the_start_is_refused_and_nothing_is_stored(at, ref):
    counts = ref.count_by_status()
    fill(at, ref, start=time(15, 0), end=time(14, 0))
    at.button(key="sch_submit").click().run()
    assert [e.value for e in at.error] == ["The scheduled end must be after the start\\."]
    assert ref.count_by_status() == counts


def test_a_participant_already_busy_then_gets_a_warning(at, ref):
    busy = view_page(ref, ListView.UPCOMING).rows[0]
    detail = ref.get_interview_detail(busy.interview_id)
    start = busy.scheduled_start
    visit(at, SCHEDULE)
    at.date_input(key="sch_day").set_value(start.date())
    at.time_input(key="sch_start").set_value(start.time())
    at.time_input(key="sch_end").set_value((start + timedelta(minutes=30)).time())
    someone = detail.participants[0]
    at.multiselect(key="sch_people").set_value([str(someone.user_id)]).run()
    warnings = [w.value for w in page_warnings(at)]
    busy_ones = [w for w in warnings if "already has an interview" in w]
    assert len(busy_ones) == 1 and someone.name.split()[0] in busy_ones[0], warnings
    # The sample's day may also hold their daily limit: said apart, never instead.
    assert all(w in busy_ones or "limit" in w for w in warnings), warnings


def test_rescheduling_from_the_interview_page_moves_it(at, ref):
    row = view_page(ref, ListView.UPCOMING).rows[2]
    view_as(at, ref.get_interview(row.interview_id).recruiter_id)  # its recruiter moves it
    visit(at, INTERVIEW, interview=str(row.interview_id))
    at.date_input(key="rs_day").set_value(DAY)
    at.time_input(key="rs_start").set_value(time(16, 0))
    at.time_input(key="rs_end").set_value(time(17, 0))
    at.button(key="save_reschedule").click().run()
    assert not at.exception and not at.error
    moved = ref.get_interview(row.interview_id)
    assert moved is not None
    assert moved.scheduled_start == datetime.combine(DAY, time(16, 0), UTC)
    assert moved.scheduled_end == datetime.combine(DAY, time(17, 0), UTC)
    assert at.session_state["reschedule_menu"] is False


# --- the hiring decision on the interview page: the application's ------------------------------
def application_of(ref: Store, interview_id: uuid.UUID) -> tuple[Application, Recommendation]:
    """The application the interview belongs to, and the recommendation of its feedback."""
    interview = ref.get_interview(interview_id)
    assert interview is not None
    job = ref.find_job_by_title(interview.job_title)
    assert job is not None
    found = ref.get_application(rules.application_id_for(interview.candidate_id, job.job_id))
    assert found is not None
    rows = interviews_of(ref, found, job)
    return found, recommendation_of(ref, [ref.get_interview(r.interview_id) for r in rows])


def open_completed(ref: Store) -> list[tuple[uuid.UUID, Application, Recommendation]]:
    """Completed interviews whose application is still open, with it and its recommendation."""
    out = []
    for row in view_page(ref, ListView.COMPLETED).rows:
        application, shown = application_of(ref, row.interview_id)
        if not application.closed:
            out.append((row.interview_id, application, shown))
    return out


def test_the_recruiter_records_a_decision_and_the_page_flags_a_disagreement(at, ref):
    interview_id, application, _ = next(
        (i, a, r)
        for i, a, r in open_completed(ref)
        if r.value in ("no_hire", "strong_no_hire") and a.decision is None
    )
    detail = ref.get_interview_detail(interview_id)
    view_as(at, detail.recruiter.user_id)  # its recruiter decides, in their own name
    visit(at, INTERVIEW, interview=str(interview_id))
    assert "No decision yet." in [c.value for c in at.caption]
    at.radio(key="hd_call").set_value("advance")
    at.text_area(key="hd_reason").set_value("Strong references outweigh the panel.")
    at.button(key="hd_save").click().run()
    assert at.error[0].value.startswith("This decision goes against")
    assert ref.get_application(application.application_id) == application  # nothing written
    at.text_area(key="hd_against").set_value("The exercise was an outlier.")
    at.button(key="hd_save").click().run()
    assert not at.exception and not at.error
    made = ref.get_application(application.application_id)
    assert made is not None and made.decision is not None
    assert made.decision.call.value == "advance"
    assert made.decision.decided_by == detail.recruiter.user_id
    assert made.stage != application.stage  # advanced to the next stage
    ats = ref.get_ats(interview_id)
    assert ats is None or ats.decision is None  # the application's, not the interview's
    assert "Strong references outweigh the panel." in [t.value for t in at.text]
    assert any(w.value.startswith("Against the recommendation") for w in at.warning)


def test_a_decision_without_a_reason_is_refused_on_the_page(at, ref):
    interview_id, application, _ = open_completed(ref)[0]
    view_as(at, ref.get_interview(interview_id).recruiter_id)
    visit(at, INTERVIEW, interview=str(interview_id))
    at.radio(key="hd_call").set_value("hold")
    at.button(key="hd_save").click().run()
    assert [e.value for e in at.error] == ["Give a reason for the decision\\."]
    assert ref.get_application(application.application_id) == application


def test_only_its_recruiter_or_a_hiring_manager_on_the_panel_records_the_decision(at, ref):
    interview_id, application, _ = next(
        (i, a, r)
        for i, a, r in open_completed(ref)
        if any(p.role is UserRole.HIRING_MANAGER for p in ref.list_participants(i))
    )
    detail = ref.get_interview_detail(interview_id)
    job = ref.get_job(application.job_id)
    other = next(
        u
        for u in ref.list_users()
        if u.role is UserRole.RECRUITER
        and u.user_id not in (detail.recruiter.user_id, job.recruiter_id)
    )
    interviewer = next(p for p in detail.participants if p.role is UserRole.INTERVIEWER)
    for outsider in (other.user_id, interviewer.user_id):
        view_as(at, outsider)
        visit(at, INTERVIEW, interview=str(interview_id))
        assert (
            "The job's hiring manager or recruiter, the interview's recruiter or a hiring "
            "manager on its panel records it." in [c.value for c in at.caption]
        )
        assert not [r for r in at.radio if r.key == "hd_call"]  # no form to fill
    manager = next(p for p in detail.participants if p.role is UserRole.HIRING_MANAGER)
    view_as(at, manager.user_id)
    visit(at, INTERVIEW, interview=str(interview_id))
    at.radio(key="hd_call").set_value("hold")
    at.text_area(key="hd_reason").set_value("Waiting for the second round.")
    at.button(key="hd_save").click().run()
    assert not at.exception and not at.error
    made = ref.get_application(application.application_id)
    assert made is not None and made.decision is not None
    assert made.decision.decided_by == manager.user_id  # the viewer, nobody else
    assert made.stage == application.stage  # a hold keeps the stage
