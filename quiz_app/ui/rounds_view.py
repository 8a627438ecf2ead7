"""The combined view of a closed round as a table: per measure, the median and spread of the
members' scores, widest disagreement first (shared by the Rounds page and Home)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kb.model import KnowledgeBase
from quiz_app.assessments import MIN_GROUP_SIZE
from quiz_app.governance.rounds import CombinedView
from quiz_app.i18n import N_
from quiz_app.ui.i18n import _

COLUMNS = (
    N_("Measure"),
    N_("Median %"),
    N_("Lowest %"),
    N_("Highest %"),
    N_("Spread (points)"),
    N_("IQR (points)"),
    N_("Members"),
)


def show_combined(view: CombinedView, kb: KnowledgeBase, *, key: str) -> None:
    """The table, or why there is none (fewer than ``MIN_GROUP_SIZE`` submissions)."""
    counts = {"submitted": view.round.submitted, "participants": view.round.participants}
    if view.spreads is None:
        st.info(
            _(
                "{submitted} of {participants} submitted: figures need at least {minimum} "
                "submissions, so that no one's answers can be read from them."
            ).format(minimum=MIN_GROUP_SIZE, **counts)
        )
        return
    titles = {m.id: f"21(2)({m.letter}) {m.title}" for m in kb.measures}
    table = pd.DataFrame(
        [
            (
                titles.get(s.measure, s.measure),
                round(s.median),
                round(s.low),
                round(s.high),
                round(s.spread),
                round(s.iqr),
                s.members,
            )
            for s in view.spreads
        ],
        columns=[_(c) for c in COLUMNS],
    )
    st.caption(
        _(
            "{submitted} of {participants} submitted. Measures where the members disagree "
            "most come first."
        ).format(**counts)
    )
    st.dataframe(table, hide_index=True, key=key)
