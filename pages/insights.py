"""Insights: charts of the aggregates (counters on Cassandra, GROUP BY on SQLite)."""

import altair as alt
import streamlit as st

from interview_autopilot import queries as q

q.require_frame()

st.title("Insights")


def bars(data, x: str, y: str, color: str | None = None, sort=None) -> alt.Chart:
    """A horizontal or stacked bar chart of one frame (`x`, `y` with Altair types)."""
    encoding = {
        "x": alt.X(x),
        "y": alt.Y(y, sort=sort, title=None, axis=alt.Axis(labelLimit=240)),
    }
    if color:
        encoding["color"] = alt.Color(color)
    tips = [c for c in (x, y, color) if c]
    return alt.Chart(data).mark_bar().encode(**encoding, tooltip=tips)


def verdict_charts(data) -> None:
    """Recommendations and hiring decisions by job title."""
    left, right = st.columns(2)
    with left:
        st.subheader("ATS recommendations by job title")
        st.altair_chart(
            bars(data.by_job, "interviews:Q", "job title:N", "recommendation:N"),
            key="chart_jobs",
        )
    with right:
        st.subheader("Hiring decisions by job title")
        st.altair_chart(
            bars(data.decisions_by_job, "interviews:Q", "job title:N", "decision:N"),
            key="chart_job_decisions",
        )


def versus_chart(data) -> None:
    st.subheader("Recommendation vs decision")
    st.altair_chart(
        alt.Chart(data.recommendation_vs_decision)
        .mark_rect()
        .encode(
            x=alt.X("decision:N", title="Hiring decision"),
            y=alt.Y("recommendation:N", title="ATS recommendation"),
            color=alt.Color("interviews:Q", title="Interviews"),
            tooltip=["recommendation:N", "decision:N", "interviews:Q"],
        ),
        key="chart_versus",
    )


with q.shown_errors():
    data = q.insights()
    st.caption(q.insights_note(data))

    st.subheader("Interviews per week by status")
    st.altair_chart(
        alt.Chart(data.per_week)
        .mark_bar()
        .encode(
            x=alt.X("week:O", title="Week (Monday)"),
            y=alt.Y("interviews:Q", title="Interviews"),
            color=alt.Color("status:N", title="Status"),
            tooltip=["week:O", "status:N", "interviews:Q"],
        ),
        key="chart_weeks",
    )

    st.subheader("Pipeline")
    st.altair_chart(
        bars(data.pipeline, "interviews:Q", "stage:N", sort=list(data.pipeline["stage"])),
        key="chart_pipeline",
    )

    verdicts = q.sees_verdict_counts()  # recommendations and decisions: not for interviewers
    if verdicts:
        verdict_charts(data)

    left, right = st.columns(2)
    with left:
        if verdicts:
            versus_chart(data)
        else:
            st.caption(
                "Charts of ATS recommendations and hiring decisions are shown to recruiters, "
                "hiring managers and administrators."
            )
    with right:
        st.subheader("Time from interview end to feedback")
        st.altair_chart(
            bars(
                data.time_to_feedback,
                "feedback:Q",
                "after the end:N",
                sort=list(data.time_to_feedback["after the end"]),
            ),
            key="chart_feedback_time",
        )

    st.subheader("Interviewer load")
    st.caption(q.load_note(data))
    st.altair_chart(
        alt.Chart(data.load)
        .mark_rect()
        .encode(
            x=alt.X("week:O", title="Week (Monday)"),
            y=alt.Y("interviewer:N", title=None, axis=alt.Axis(labelLimit=240)),
            color=alt.Color("interviews:Q", title="Interviews"),
            tooltip=["week:O", "interviewer:N", "interviews:Q"],
        ),
        key="chart_load",
    )
