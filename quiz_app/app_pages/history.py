"""One's own submitted assessments over time: a table, the trend chart and open drafts.
URL ``/history``."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from quiz_app import assessments, self_assessment, ui
from quiz_app.authz import Action
from quiz_app.i18n import format_decimal
from quiz_app.ui import assessment_view
from quiz_app.ui import i18n as ui_i18n
from quiz_app.ui.i18n import _, chart_date_format, date_text, datetime_text, percent_text

actor = ui.guard(Action.VIEW_OWN_RESULTS)


def points(value: float) -> str:
    return format_decimal(value, ui_i18n.language())


engine = ui.engine()

st.title(_("History"))
if actor.person_id is None:
    st.info(_("Your account is not linked to a person yet, so it has no history."))
    st.stop()

own = assessments.list_assessments_for(engine, actor, actor.person_id)
for draft in (s for s in own if s.status == assessments.DRAFT):
    label = assessment_view.track_label(draft.track)
    st.info(
        _("You have an unsubmitted draft: {track}, started {date}.").format(
            track=label, date=date_text(draft.started_at)
        )
    )
submitted = self_assessment.submitted_assessments(engine, actor)
if not submitted:
    st.info(_("No submitted self-assessment yet: your trend appears after the first one."))
    st.page_link(
        "app_pages/assessment.py", label=_("Start a self-assessment"), icon=":material/quiz:"
    )
    st.stop()

# Column names in the reader's language (the chart refers to them by name).
SUBMITTED, TRACK, SCORE = _("Submitted (UTC)"), _("Track"), _("Score (%)")
CHANGE, MATURITY = _("Change (points)"), _("Maturity")
rows = []
previous: dict[str, float | None] = {}
for s in submitted:
    before = previous.get(s.track)
    change = None if before is None or s.score is None else s.score - before
    rows.append(
        {
            SUBMITTED: s.submitted_at,
            TRACK: assessment_view.track_label(s.track),
            SCORE: s.score,
            CHANGE: ""
            if change is None
            else format_decimal(change, ui_i18n.language(), signed=True),
            MATURITY: _(s.maturity or "not rated"),
        }
    )
    previous[s.track] = s.score
frame = pd.DataFrame(rows)

st.subheader(_("Trend"))
chart = (
    alt.Chart(frame)
    .mark_line(point=True)
    .encode(
        x=alt.X(f"{SUBMITTED}:T", title=_("Submitted"), axis=alt.Axis(format=chart_date_format())),
        y=alt.Y(f"{SCORE}:Q", scale=alt.Scale(domain=[0, 100])),
        color=f"{TRACK}:N",
        tooltip=[f"{SUBMITTED}:T", f"{TRACK}:N", f"{SCORE}:Q", f"{MATURITY}:N"],
    )
)
st.altair_chart(chart)
for track, latest in previous.items():
    runs = [s for s in submitted if s.track == track]
    label = assessment_view.track_label(track)
    if len(runs) > 1 and runs[-1].score is not None and runs[-2].score is not None:
        delta = runs[-1].score - runs[-2].score
        if delta > 0:
            trend = _("up {points} points").format(points=points(abs(delta)))
        elif delta < 0:
            trend = _("down {points} points").format(points=points(abs(delta)))
        else:
            trend = _("unchanged")
        st.markdown(
            _("**{track}:** latest {score}, {trend} since {date} ({count} submissions).").format(
                track=label,
                score=percent_text(latest),
                trend=trend,
                date=date_text(runs[-2].submitted_at),
                count=len(runs),
            )
        )
    else:
        st.markdown(
            _("**{track}:** {score} (one submission so far).").format(
                track=label, score=percent_text(latest)
            )
        )

st.subheader(_("Submissions"))
st.dataframe(frame.iloc[::-1], hide_index=True, key="history_table")
by_id = {s.id: s for s in reversed(submitted)}
chosen = st.selectbox(
    _("Open a submission"),
    list(by_id),
    # Labels made now, in the reader's language (a format_func may run outside this run).
    format_func={
        i: f"{datetime_text(s.submitted_at)} · {assessment_view.track_label(s.track)} · "
        f"{percent_text(s.score)}"
        for i, s in by_id.items()
    }.get,
    key="history_open_choice",
    placeholder=_("Choose an option"),
)
if st.button(_("Show its results"), key="history_open"):
    st.session_state["results_assessment_id"] = chosen
    st.switch_page("app_pages/results.py")
