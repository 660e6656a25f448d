"""Why the recommendation is what it is, in a bordered box (the interview page, the debrief):
the ratings per attribute and who gave them, where the panel disagrees, the attributes nobody
assessed, and the recommendation without each single scorecard."""

from __future__ import annotations

import streamlit as st

from ..core.formatting import inert
from ..core.recommendation_reasons import RecommendationReasons, attribute_line, without_line


def recommendation_box(found: RecommendationReasons, heading: str, key: str) -> None:
    with st.container(border=True, key=key):
        st.markdown(f"**{heading}**")
        if found.attributes:
            st.markdown("\n".join(f"- {inert(attribute_line(a))}" for a in found.attributes))
        if found.disputed:
            st.warning(
                inert("The panel disagrees on: " + ", ".join(found.disputed) + "."),
                icon=":material/compare_arrows:",
            )
        if found.unassessed:
            st.info(inert("Nobody assessed: " + ", ".join(found.unassessed) + "."))
        now = found.recommendation
        st.markdown("\n".join(f"- {inert(without_line(w, now))}" for w in found.without_each))
