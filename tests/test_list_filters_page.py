"""The Interviews page's recruiter and job title filters, driven through AppTest on every page
backend (the fixtures and helpers of test_pages): the list narrows to what the store's filtered
read gives, the choice lives in the URL, and one filter replaces the other."""

from __future__ import annotations

from test_pages import (  # noqa: F401  (app_env, at, ref: fixtures)
    INTERVIEWS,
    app_env,
    at,
    expected_rows,
    minute,
    ref,
    shown_rows,
    visit,
)

from interview_autopilot.core.filters import ListFilter, recruiter_options
from interview_autopilot.core.lifecycle import ListView
from interview_autopilot.core.models import InterviewStatus

S = InterviewStatus


def test_the_recruiter_filter_narrows_the_list_and_is_kept_in_the_url(at, ref):  # noqa: F811
    at.segmented_control(key="status").set_value(ListView.COMPLETED).run()
    picker = at.selectbox(key="recruiter_filter")
    assert picker.value == "" and picker.options[0] == "Everyone" and len(picker.options) > 2
    rid, name = list(recruiter_options(ref.list_users()).items())[1]  # the first by name
    assert picker.options[1] == name
    picker.set_value(rid).run()
    assert not at.exception, at.exception
    f = ListFilter.recruiter(rid)
    want = ref.list_filtered(f, S.COMPLETED).rows
    assert want and shown_rows(at) == expected_rows(want)
    assert {r.recruiter_name for r in want} == {name}
    assert ref.count_filtered(f)[S.COMPLETED] < ref.count_by_status()[S.COMPLETED]
    assert f"Completed ({ref.count_filtered(f)[S.COMPLETED]})" in (
        at.segmented_control(key="status").options
    )
    assert at.query_params["recruiter"] == rid

    at.segmented_control(key="status").set_value(ListView.UPCOMING).run()
    upcoming = ref.list_upcoming_filtered(f, now=minute()).rows
    assert shown_rows(at) == expected_rows(upcoming)


def test_the_job_filter_from_the_url_ignores_case_and_accents_and_replaces_the_recruiter(at, ref):  # noqa: F811
    title = ref.list_interviews_by_status(S.COMPLETED).rows[0].job_title
    assert title in at.selectbox(key="job_filter").options
    visit(at, INTERVIEWS, job=f"  {title.upper()} ")
    at.segmented_control(key="status").set_value(ListView.COMPLETED).run()
    f = ListFilter.job(title)
    assert at.selectbox(key="job_filter").value == f.value
    want = ref.list_filtered(f, S.COMPLETED).rows
    assert want and shown_rows(at) == expected_rows(want)
    assert {r.job_title for r in want} == {title}

    rid = list(recruiter_options(ref.list_users()))[1]
    at.selectbox(key="recruiter_filter").set_value(rid).run()
    assert at.selectbox(key="job_filter").value == ""
    assert "job" not in at.query_params
