"""Debrief: one application (a candidate and a job) for the hiring committee: the interviews of
the plan, the scorecards side by side by focus attribute, the recommendation and its reasons,
the decision and its form, the history; a printable file. Deep link:
/debrief?application=<uuid> (linked from each application on the candidate page)."""

import pandas as pd
import streamlit as st

from interview_autopilot.ui import queries as q


def plan(d: q.Debrief, zone: q.tzinfo) -> None:
    st.subheader("Interviews of the plan")
    frame = pd.DataFrame(d.plan_rows(zone), columns=q.DEBRIEF_PLAN_COLUMNS)
    st.table(frame.set_index("Stage"))


def scorecards(d: q.Debrief) -> None:
    st.subheader("Scorecards side by side")
    if d.hidden:
        st.info(d.hidden, icon=":material/visibility_off:")
        return
    if not d.scorecards:
        st.caption("No scorecard yet.")
    else:
        table = {
            card.heading: [d.cell(a, card) for a in (*d.attributes, q.OVERALL)]
            for card in d.scorecards
        }
        frame = pd.DataFrame(table, index=pd.Index([*d.attributes, q.OVERALL], name="Attribute"))
        st.table(frame)
    if d.interviews_hidden:
        st.caption(
            f":material/visibility_off: The feedback of {d.interviews_hidden} interview(s) "
            "is not shown to you."
        )


def reasons(d: q.Debrief) -> None:
    if d.reasons is not None:
        r = d.reasons
        q.recommendation_box(r, f"Recommendation: {r.recommendation.label}", "debrief_reasons")


def decision(d: q.Debrief, zone: q.tzinfo) -> None:
    st.subheader("Decision")
    view = d.view
    q.decided_note()
    if view.decision is None and not view.hidden:
        st.caption("No decision yet.")
    q.decision_shown(view, zone)
    if view.may_decide:
        q.decision_form(view)


def history(d: q.Debrief, zone: q.tzinfo) -> None:
    if d.history is None:
        return
    st.subheader("History")
    rows = [[q.local_time(h.at, zone), h.who, h.action, h.after] for h in reversed(d.history)]
    frame = pd.DataFrame(rows, columns=[f"When ({q.zone_name(zone)})", "Who", "What", "After"])
    st.table(frame.set_index(frame.columns[0]))


def show(application_id: str) -> None:
    d = q.debrief(application_id)
    if d is None:
        st.title("Debrief")
        q.link_problem("No application has this id.", application_id)
        return
    zone = q.viewer_zone()
    st.title(q.inert(f"Debrief · {d.candidate} · {d.view.job_title}"))
    st.caption(q.inert(f"Stage: {d.application.stage}. Times in {q.zone_name(zone)}."))
    st.page_link(
        q.CANDIDATE_PAGE,
        label=q.inert(f"Back to {d.candidate}"),
        icon=":material/person:",
        query_params={"candidate": str(d.application.candidate_id)},
    )
    name, data = q.debrief_file(d)
    st.download_button(
        "Download for the hiring committee (printable HTML)",
        data=data,
        file_name=name,
        mime="text/html",
        on_click="ignore",
        key="debrief_file",
        icon=":material/print:",
    )
    plan(d, zone)
    scorecards(d)
    reasons(d)
    decision(d, zone)
    history(d, zone)


application_id = st.query_params.get("application", "").strip()
if not application_id:
    st.title("Debrief")
    st.info("Open a debrief from an application on a candidate's page.")
    st.page_link(q.CANDIDATE_PAGE, label="Find a candidate", icon=":material/person_search:")
else:
    with q.shown_errors():
        show(application_id)
