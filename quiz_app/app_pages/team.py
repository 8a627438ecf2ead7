"""Team overview for the management body: staff figures in aggregate only, never a person's
answers; groups smaller than the minimum show their size only. URL ``/team``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from quiz_app import assessments, self_assessment, ui
from quiz_app.authz import Action
from quiz_app.core.advice import full_label, short_label
from quiz_app.core.report import percent_text
from quiz_app.links import site_url
from quiz_app.ui import assessment_view

actor = ui.guard(Action.VIEW_TEAM_AGGREGATES)
engine = ui.engine()
kb = ui.knowledge_base()

st.title("Team overview")
st.caption(
    "Staff knowledge check: each person's latest submission, in aggregate. Figures for a "
    f"group of fewer than {assessments.MIN_GROUP_SIZE} people are hidden, head counts are "
    f"shown in bands, and figures refresh only after every {assessments.MIN_GROUP_SIZE} new "
    "submissions, so nobody can be singled out."
)

averages = self_assessment.team_area_averages(engine, actor, kb, track="staff")
rated = [a for a in averages if a.key.startswith("measures/") and a.mean_percent is not None]
st.subheader("Average staff score per measure")
if rated:
    rows = [
        {
            "Area": short_label(kb, a.key),
            "Title": full_label(kb, a.key),
            "Average score (%)": round(a.mean_percent, 1),
            "Link": site_url(a.key),
        }
        for a in rated
    ]
    st.altair_chart(assessment_view.area_chart(rows, value="Average score (%)"))
else:
    st.info("Not enough staff submissions yet to show averages.")
st.dataframe(
    pd.DataFrame(
        [
            {
                "Area": short_label(kb, a.key),
                "People": a.head_count,
                "Average": percent_text(a.mean_percent) if a.mean_percent is not None else "hidden",
            }
            for a in averages
        ]
    ),
    hide_index=True,
    key="team_areas",
)

st.subheader("Groups")
figures = assessments.team_aggregates(engine, actor, track="staff")
if not figures:
    st.info("No staff submissions yet.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Department": f.department or "(none)",
                    "Management body": "yes" if f.management_body else "no",
                    "People": f.head_count,
                    "Average score": percent_text(f.mean_score)
                    if f.mean_score is not None
                    else "hidden",
                    "Maturity": ", ".join(f"{k}: {v}" for k, v in sorted(f.maturity_counts.items()))
                    if f.maturity_counts is not None
                    else "hidden",
                }
                for f in figures
            ]
        ),
        hide_index=True,
        key="team_groups",
    )
