"""Insights: charts of the aggregates, one palette for all of them; a chart with nothing to
draw says so in words."""

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from interview_autopilot.ui import queries as q

st.title("Insights")


def colour(field: str, title: str, colours: dict[str, str]) -> alt.Color:
    """A category coloured by the shared palette, the legend in the palette's order."""
    order = list(colours)
    return alt.Color(
        field, title=title, scale=alt.Scale(domain=order, range=list(colours.values())), sort=order
    )


def bars(data, x: str, y: str, color: alt.Color | None = None, sort=None) -> alt.Chart:
    """Horizontal bars of one frame (`x`, `y` with Altair types), stacked by `color`."""
    encoding = {
        "x": alt.X(x),
        "y": alt.Y(y, sort=sort, title=None, axis=alt.Axis(labelLimit=240)),
    }
    tips = [x, y]
    if color is not None:
        encoding["color"] = color
        tips.append(color.shorthand)
    mark = alt.Chart(data).mark_bar(**({} if color is not None else {"color": q.COUNT_COLOUR}))
    return mark.encode(**encoding, tooltip=tips)


def draw(data, chart: str, make: Callable[[pd.DataFrame], alt.Chart], key: str) -> None:
    """The chart of the Insights field `chart`, or in words why there is none."""
    note = q.chart_empty_note(data, chart)
    if note:
        st.info(note, icon=":material/bar_chart:")
    else:
        st.altair_chart(make(getattr(data, chart)), key=key)


def weeks_chart(f: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(f)
        .mark_bar()
        .encode(
            x=alt.X("week:O", title="Week (Monday)"),
            y=alt.Y("interviews:Q", title="Interviews"),
            color=colour("status:N", "Status", q.STATUS_COLOURS),
            tooltip=["week:O", "status:N", "interviews:Q"],
        )
    )


def pipeline_chart(f: pd.DataFrame) -> alt.Chart:
    return bars(f, "interviews:Q", "stage:N", sort=list(f["stage"]))


def feedback_chart(f: pd.DataFrame) -> alt.Chart:
    return bars(f, "feedback:Q", "after the end:N", sort=list(f["after the end"]))


def versus_chart(f: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(f)
        .mark_rect()
        .encode(
            x=alt.X("decision:N", title="Hiring decision", sort=list(q.DECISION_COLOURS)),
            y=alt.Y(
                "recommendation:N", title="ATS recommendation", sort=list(q.RECOMMENDATION_COLOURS)
            ),
            color=alt.Color(
                "interviews:Q", title="Interviews", scale=alt.Scale(scheme=q.COUNT_SCHEME)
            ),
            tooltip=["recommendation:N", "decision:N", "interviews:Q"],
        )
    )


def load_chart(f: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(f)
        .mark_rect()
        .encode(
            x=alt.X("week:O", title="Week (Monday)"),
            y=alt.Y("interviewer:N", title=None, axis=alt.Axis(labelLimit=240)),
            color=alt.Color(
                "interviews:Q", title="Interviews", scale=alt.Scale(scheme=q.COUNT_SCHEME)
            ),
            tooltip=["week:O", "interviewer:N", "interviews:Q"],
        )
    )


def reminder_hours_chart(f: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(f)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:O", title="Week of the interview's end (Monday)"),
            y=alt.Y("mean hours:Q", title="Mean hours to feedback"),
            color=alt.Color(
                "reminders received:N",
                title="Reminders received",
                scale=alt.Scale(scheme=q.COUNT_SCHEME),
                sort=list(q.REMINDER_GROUPS),
            ),
            tooltip=["week:O", "reminders received:N", "mean hours:Q", "scorecards:Q"],
        )
    )


def within_chart(f: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(f)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:O", title="Week of the interview's end (Monday)"),
            y=alt.Y("share:Q", title="Scorecards in", axis=alt.Axis(format="%")),
            color=alt.Color("within:N", title="Within"),
            tooltip=["week:O", "within:N", alt.Tooltip("share:Q", format=".0%"), "scorecards:Q"],
        )
    )


def by_job(field: str, title: str, colours: dict[str, str]) -> Callable[[pd.DataFrame], alt.Chart]:
    return lambda f: bars(f, "interviews:Q", "job title:N", colour(f"{field}:N", title, colours))


with q.shown_errors():
    data = q.insights()
    st.caption(q.insights_note(data))
    if q.is_admin():
        st.caption(q.insights_method())

    st.subheader("Interviews per week by status")
    draw(data, "per_week", weeks_chart, "chart_weeks")

    st.subheader("Pipeline")
    draw(data, "pipeline", pipeline_chart, "chart_pipeline")

    verdicts = q.sees_verdict_counts()  # recommendations and decisions: not for interviewers
    if verdicts:
        left, right = st.columns(2)
        with left:
            st.subheader("ATS recommendations by job title")
            recommendations = by_job("recommendation", "Recommendation", q.RECOMMENDATION_COLOURS)
            draw(data, "by_job", recommendations, "chart_jobs")
        with right:
            st.subheader("Hiring decisions by job title")
            decisions = by_job("decision", "Decision", q.DECISION_COLOURS)
            draw(data, "decisions_by_job", decisions, "chart_job_decisions")

    left, right = st.columns(2)
    with left:
        if verdicts:
            st.subheader("Recommendation vs decision")
            draw(data, "recommendation_vs_decision", versus_chart, "chart_versus")
        else:
            st.caption(
                "Charts of ATS recommendations and hiring decisions are shown to recruiters, "
                "hiring managers and administrators."
            )
    with right:
        st.subheader("Time from interview end to feedback")
        draw(data, "time_to_feedback", feedback_chart, "chart_feedback_time")

    st.subheader("Does it work? Time to feedback by reminders received")
    st.caption(
        "Each scorecard counts in the week its interview ended, from its first submission "
        "(an edit keeps it), with the reminders its author had been sent by then."
    )
    few = q.feedback_time_note()
    if few:
        st.caption(few)
    left, right = st.columns(2)
    with left:
        draw(data, "reminder_hours", reminder_hours_chart, "chart_reminder_hours")
    with right:
        draw(data, "within", within_chart, "chart_within")
    if not data.feedback_time_table.empty:
        st.table(data.feedback_time_table.set_index("Week"))

    if verdicts:
        st.subheader("Pass-through by stage, per job")
        stages = q.pass_through()
        if stages.empty:
            st.info("No job yet: each job's stages show here.", icon=":material/work:")
        else:
            st.caption(
                "Of the applications that reached a stage, how many went on to the next one "
                "(counted by the decisions that move them)."
            )
            st.dataframe(stages, hide_index=True, key="pass_through")

    st.subheader("Interviewer load")
    st.caption(q.load_note(data))
    draw(data, "load", load_chart, "chart_load")

    team = q.team_calibration()  # recruiters and administrators
    if team is not None:
        st.subheader("Interviewer calibration")
        st.caption(
            "Per interviewer, from their scorecards: leniency is their score minus the "
            "panel's mean on the same interview and attribute."
        )
        if team.empty:
            st.info("No scorecard submitted yet.", icon=":material/bar_chart:")
        else:
            st.table(team.set_index("Interviewer"))
