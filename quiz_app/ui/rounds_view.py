"""The combined view of a closed round as a table: per measure, the median and spread of the
members' scores, widest disagreement first (shared by the Rounds page and Home)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kb.model import KnowledgeBase
from quiz_app.assessments import MIN_GROUP_SIZE
from quiz_app.governance.rounds import CombinedView


def show_combined(view: CombinedView, kb: KnowledgeBase, *, key: str) -> None:
    """The table, or why there is none (fewer than ``MIN_GROUP_SIZE`` submissions)."""
    if view.spreads is None:
        st.info(
            f"{view.round.submitted} of {view.round.participants} submitted: figures need at "
            f"least {MIN_GROUP_SIZE} submissions, so that no one's answers can be read from them."
        )
        return
    titles = {m.id: f"21(2)({m.letter}) {m.title}" for m in kb.measures}
    table = pd.DataFrame(
        [
            {
                "Measure": titles.get(s.measure, s.measure),
                "Median %": round(s.median),
                "Lowest %": round(s.low),
                "Highest %": round(s.high),
                "Spread (points)": round(s.spread),
                "IQR (points)": round(s.iqr),
                "Members": s.members,
            }
            for s in view.spreads
        ]
    )
    st.caption(
        f"{view.round.submitted} of {view.round.participants} submitted. Measures where the "
        "members disagree most come first."
    )
    st.dataframe(table, hide_index=True, key=key)
