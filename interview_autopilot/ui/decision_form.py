"""The hiring decision form of an application (the candidate page, the debrief): advance,
reject or hold, with a reason, and a reason for going against the recommendation when the
decision does. The write checks everything again; a refusal is shown on the page."""

from __future__ import annotations

from datetime import tzinfo

import streamlit as st

from ..core.applications import against_line
from ..core.errors import ValidationError
from ..core.formatting import inert, local_time
from ..core.models import HiringCall
from ..features.applications import ApplicationView
from .queries.applications import decide_application
from .queries.writes import REASON_LIMIT, over_limit

DECIDED = "app_decided"  # the session key of the confirmation shown after the rerun


def decision_shown(view: ApplicationView, zone: tzinfo, prefix: str = "") -> None:
    """The decision as the viewer may see it: why it is hidden, or the call, who made it and
    when, its reason and any disagreement with the recommendation (nothing when none was made);
    `prefix` names it where other things are listed beside it."""
    if view.hidden:
        st.caption(f":material/visibility_off: {prefix + ': ' if prefix else ''}{view.hidden}")
    elif (made := view.decision) is not None:
        st.markdown(
            f"{prefix + ' ' if prefix else ''}**{made.call.label}** by {inert(view.decider)}, "
            f"{inert(local_time(made.decided_at, zone))}"
        )
        st.text(made.reason)
        if against := against_line(made):
            st.warning(inert(against), icon=":material/compare_arrows:")


def decision_form(view: ApplicationView, key: str = "", label: str = "Save decision") -> None:
    """`key`: the prefix of the form's widget keys (the Interview page keeps its own);
    `label`: the save button's."""
    a = view.application
    key = key or f"app_{a.application_id}_{a.version}"
    if view.recommendation is not None:
        st.caption(f"Recommendation of the feedback: **{view.recommendation.label}**")
    with st.form(key=key, clear_on_submit=False, border=False):
        call = st.radio(
            "Decision",
            [c.value for c in HiringCall],
            format_func=lambda c: HiringCall(c).label,
            index=None,
            horizontal=True,
            key=f"{key}_call",
        )
        reason = st.text_area("Reason", key=f"{key}_reason", height=80)
        against = st.text_area(
            "Why against the recommendation",
            key=f"{key}_against",
            height=68,
            help="Needed when the decision goes against the recommendation of the feedback: "
            "advancing on a no hire, rejecting on a hire.",
        )
        sent = st.form_submit_button(label, type="primary", key=f"{key}_save")
    if sent:
        if too_long := over_limit(reason, REASON_LIMIT, "reason"):  # kept, to be shortened
            st.warning(too_long, icon=":material/content_cut:")
            return
        try:
            stage = decide_application(str(a.application_id), call, reason, a.stage, against)
        except ValidationError as exc:
            st.error(inert(exc.message))
        else:
            st.session_state[DECIDED] = f"Saved: {view.job_title} is now at {stage}."
            st.rerun()


def decided_note() -> None:
    """The confirmation of the decision saved before this rerun, once."""
    if done := st.session_state.pop(DECIDED, None):
        st.success(inert(done), icon=":material/check_circle:")
