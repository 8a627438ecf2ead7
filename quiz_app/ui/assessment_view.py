"""Streamlit glue shared by the self-assessment pages: the cached knowledge base, labels, charts.

Session keys used by the assessment pages (all prefixed so they never collide):

* ``assessment_track`` - the track radio; ``assessment_section_<track>`` - the section radio;
  ``q_<track>_<question id>`` - one radio per question (value: option index or ``"n/a"``).
* ``assessment_choices`` - ``{track: {question id: choice}}``, the answers being edited
  (filled from the saved draft the first time a track is opened in a session).
* ``assessment_submission_key_<track>`` - idempotency key of the next submission.
* ``assessment_revisions`` - ``{track: draft revision this tab last loaded or saved}``;
  ``assessment_problems`` - ``{track: message}`` of a failed save (e.g. a conflict with
  another tab), shown once with "Load the latest answers".
* ``assessment_params`` - the (track, measure) query parameters already applied.
* ``results_assessment_id`` - set by the assessment/history pages: which result to open;
  ``results_assessment`` - the results page's selectbox.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from kb.model import KnowledgeBase
from quiz_app.core.report import Report
from quiz_app.core.report_pdf import render_pdf
from quiz_app.i18n import N_, translator
from quiz_app.ui.i18n import _

TRACK_LABELS = {
    "management": N_("Management body (maturity)"),
    "staff": N_("Staff (knowledge)"),
}


def track_labels() -> dict[str, str]:
    """Every track's label in the reader's language, for a widget's ``format_func``."""
    return {track: track_label(track) for track in TRACK_LABELS}


def track_label(track: str) -> str:
    """The track's short label in the reader's language (its id if unknown)."""
    return _(TRACK_LABELS[track]) if track in TRACK_LABELS else track


def track_title(kb: KnowledgeBase, track: str) -> str:
    """The track's title from the question bank (its id if unknown)."""
    return next((t.title for t in kb.tracks if t.id == track), track)


@st.cache_data(show_spinner=False, max_entries=64)
def report_pdf(report: Report, language: str = "en") -> bytes:
    """The report's PDF in ``language`` (cached: rendering takes a moment)."""
    return render_pdf(report, tr=translator(language).gettext, language=language)


def area_chart(rows: list[dict], *, value: str = "Score (%)") -> alt.Chart:
    """Horizontal bars of per-area percentages, labelled with each area's short label
    (``Area``) in full, the full title (``Title``) on hover; each bar links to the area's
    site page. Fits the container's width, so it reads on a phone as at 1280 px."""
    frame = pd.DataFrame(rows)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{value}:Q", scale=alt.Scale(domain=[0, 100])),
            # Short labels (at most 36 characters) are shown whole: no truncation.
            y=alt.Y("Area:N", sort=None, title=None, axis=alt.Axis(labelLimit=0)),
            href="Link:N",
            tooltip=[
                alt.Tooltip("Title:N", title=_("Measure")),
                alt.Tooltip(f"{value}:Q", format=".1f"),
            ],
        )
        .properties(width="container", height=alt.Step(28))
    )
