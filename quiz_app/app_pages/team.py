"""Team overview for the management body: staff figures in aggregate only, never a person's
answers; groups smaller than the minimum show their size only. URL ``/team``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from quiz_app import assessments, self_assessment, ui
from quiz_app.authz import Action
from quiz_app.core.advice import full_label, short_label
from quiz_app.links import site_url
from quiz_app.ui import assessment_view
from quiz_app.ui.i18n import _, percent_text

actor = ui.guard(Action.VIEW_TEAM_AGGREGATES)
engine = ui.engine()
kb = ui.knowledge_base()

st.title(_("Team overview"))
st.caption(
    _(
        "Staff knowledge check: each person's latest submission, in aggregate. Figures for a "
        "group of fewer than {size} people are hidden, head counts are shown in bands, and "
        "figures refresh only after every {size} new submissions, so nobody can be singled out."
    ).format(size=assessments.MIN_GROUP_SIZE)
)
HIDDEN = _("hidden")
TOO_FEW = assessments.head_count_band(0)  # the band of a group too small to show


def band_text(band: str) -> str:
    """A head-count band (``3-4``, ``fewer than 3``) in the reader's language."""
    if band != TOO_FEW:
        return band
    return _("fewer than {size}").format(size=assessments.MIN_GROUP_SIZE)


averages = self_assessment.team_area_averages(engine, actor, kb, track="staff")
rated = [a for a in averages if a.key.startswith("measures/") and a.mean_percent is not None]
st.subheader(_("Average staff score per measure"))
if rated:
    AVERAGE_SCORE = _("Average score (%)")  # the chart's axis title
    rows = [
        {  # the chart's fields (its axis shows the value's name only)
            "Area": short_label(kb, a.key),
            "Title": full_label(kb, a.key),
            AVERAGE_SCORE: round(a.mean_percent, 1),
            "Link": site_url(a.key),
        }
        for a in rated
    ]
    st.altair_chart(assessment_view.area_chart(rows, value=AVERAGE_SCORE))
else:
    st.info(_("Not enough staff submissions yet to show averages."))
st.dataframe(
    pd.DataFrame(
        [
            {
                _("Area"): short_label(kb, a.key),
                _("People"): band_text(a.head_count),
                _("Average"): percent_text(a.mean_percent)
                if a.mean_percent is not None
                else HIDDEN,
            }
            for a in averages
        ]
    ),
    hide_index=True,
    key="team_areas",
)

st.subheader(_("Groups"))
figures = assessments.team_aggregates(engine, actor, track="staff")
if not figures:
    st.info(_("No staff submissions yet."))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    _("Department"): f.department or _("(none)"),
                    _("Management body"): _("yes") if f.management_body else _("no"),
                    _("People"): band_text(f.head_count),
                    _("Average score"): percent_text(f.mean_score)
                    if f.mean_score is not None
                    else HIDDEN,
                    _("Maturity"): ", ".join(
                        f"{_(k)}: {v}" for k, v in sorted(f.maturity_counts.items())
                    )
                    if f.maturity_counts is not None
                    else HIDDEN,
                }
                for f in figures
            ]
        ),
        hide_index=True,
        key="team_groups",
    )
