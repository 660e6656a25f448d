"""Insights' pass-through by stage, per job, through AppTest on every page backend (the sample
data, test_pages' fixtures): the page's table equals what the sample's applications went
through, and reads of the counts the writes keep follow a new decision."""

from __future__ import annotations

import itertools
from collections import Counter

import test_pages as pages

from interview_autopilot.core import applications as rules
from interview_autopilot.core.models import UserRole
from interview_autopilot.features.pass_through import COLUMNS
from interview_autopilot.features.sample_team import read_sample_team, replayed
from interview_autopilot.ui.queries._cache import clear_caches

app_env, ref, visit, at, view_as = pages.app_env, pages.ref, pages.visit, pages.at, pages.view_as
INSIGHTS = "pages/insights.py"


def expected_rows() -> list[tuple[str, str, int, int, str]]:
    """From the sample files: the stages each application entered, per job."""
    team = read_sample_team()
    jobs = {j.job_id: j for j in team.jobs}
    entered: dict[str, Counter[str]] = {j.title: Counter() for j in team.jobs}
    for sample in team.applications:
        job = jobs[sample.job_id]
        deltas = replayed(job, sample)[2]
        entered[job.title].update(s for (s, kind), n in deltas.items() if kind == rules.REACHED)
    rows = []
    for job in sorted(team.jobs, key=lambda j: j.title_key):
        flow = [s for s in rules.stages(job) if s not in (rules.REJECTED, rules.WITHDRAWN)]
        for here, there in itertools.pairwise(flow):
            reached, went_on = entered[job.title][here], entered[job.title][there]
            rate = f"{went_on / reached:.0%}" if reached else "–"
            rows.append((job.title, here, reached, went_on, rate))
    return rows


def tables(at) -> list:
    """The page's pass-through tables (a table's key is not kept without a selection)."""
    return [d.value for d in at.dataframe if list(d.value.columns) == COLUMNS]


def test_insights_shows_pass_through_per_stage_per_job(at, ref):
    visit(at, INSIGHTS)
    (table,) = tables(at)
    shown = list(table.itertuples(index=False, name=None))
    assert shown == expected_rows()
    assert any(r[2] and r[3] < r[2] for r in shown)  # some did not go on
    pm = [r for r in shown if r[0] == "Product Manager"]
    assert [r[1] for r in pm] == [
        "Phone screen",
        "Case study",
        "Final with the hiring manager",
        rules.OFFER,
    ]


def test_interviewers_do_not_see_it(at, ref):
    interviewer = next(
        u for u in ref.list_users() if u.role is UserRole.INTERVIEWER and not u.admin
    )
    view_as(at, interviewer.user_id)
    visit(at, INSIGHTS)
    assert tables(at) == []
    clear_caches()
