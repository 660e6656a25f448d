"""Insights: charts over the interviews (a bounded read, labelled as such on the page)."""

import altair as alt
import streamlit as st

from interview_autopilot import queries as q

q.require_frame()

st.title("Insights")

with q.shown_errors():
    data = q.insights()
    st.caption(q.insights_note(data))
    st.subheader("Interviews per week by status")
    st.altair_chart(
        alt.Chart(data.per_week)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="Week (Monday)"),
            y=alt.Y("interviews:Q", title="Interviews"),
            color=alt.Color("status:N", title="Status"),
            tooltip=["week:T", "status:N", "interviews:Q"],
        ),
        key="chart_weeks",
    )
    st.subheader("Pipeline")
    st.altair_chart(
        alt.Chart(data.pipeline)
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", sort=list(data.pipeline["stage"]), title=None),
            x=alt.X("interviews:Q", title="Interviews"),
            tooltip=["stage:N", "interviews:Q"],
        ),
        key="chart_pipeline",
    )
    st.subheader("Recommendations by job title")
    st.altair_chart(
        alt.Chart(data.by_job)
        .mark_bar()
        .encode(
            y=alt.Y("job title:N", title=None),
            x=alt.X("interviews:Q", title="Interviews"),
            color=alt.Color("recommendation:N", title="ATS recommendation"),
            tooltip=["job title:N", "recommendation:N", "interviews:Q"],
        ),
        key="chart_jobs",
    )
