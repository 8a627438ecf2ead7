"""One's own submitted assessments over time: a table, the trend chart and open drafts.
URL ``/history``."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from quiz_app import assessments, self_assessment, ui
from quiz_app.authz import Action
from quiz_app.core.report import percent_text
from quiz_app.ui import assessment_view

actor = ui.guard(Action.VIEW_OWN_RESULTS)
engine = ui.engine()

st.title("History")
if actor.person_id is None:
    st.info("Your account is not linked to a person yet, so it has no history.")
    st.stop()

own = assessments.list_assessments_for(engine, actor, actor.person_id)
for draft in (s for s in own if s.status == assessments.DRAFT):
    label = assessment_view.TRACK_LABELS.get(draft.track, draft.track)
    st.info(f"You have an unsubmitted draft: {label}, started {draft.started_at:%Y-%m-%d}.")
submitted = self_assessment.submitted_assessments(engine, actor)
if not submitted:
    st.info("No submitted self-assessment yet: your trend appears after the first one.")
    st.page_link("app_pages/assessment.py", label="Start a self-assessment", icon=":material/quiz:")
    st.stop()

rows = []
previous: dict[str, float | None] = {}
for s in submitted:
    before = previous.get(s.track)
    change = None if before is None or s.score is None else s.score - before
    rows.append(
        {
            "Submitted (UTC)": s.submitted_at,
            "Track": assessment_view.TRACK_LABELS.get(s.track, s.track),
            "Score (%)": s.score,
            "Change (points)": "" if change is None else f"{change:+.1f}",
            "Maturity": s.maturity or "not rated",
        }
    )
    previous[s.track] = s.score
frame = pd.DataFrame(rows)

st.subheader("Trend")
chart = (
    alt.Chart(frame)
    .mark_line(point=True)
    .encode(
        x=alt.X("Submitted (UTC):T", title="Submitted", axis=alt.Axis(format="%Y-%m-%d")),
        y=alt.Y("Score (%):Q", scale=alt.Scale(domain=[0, 100])),
        color="Track:N",
        tooltip=["Submitted (UTC):T", "Track:N", "Score (%):Q", "Maturity:N"],
    )
)
st.altair_chart(chart)
for track, latest in previous.items():
    runs = [s for s in submitted if s.track == track]
    label = assessment_view.TRACK_LABELS.get(track, track)
    if len(runs) > 1 and runs[-1].score is not None and runs[-2].score is not None:
        delta = runs[-1].score - runs[-2].score
        word = "up" if delta > 0 else "down" if delta < 0 else "unchanged"
        amount = f" {abs(delta):.1f} points" if delta else ""
        st.markdown(
            f"**{label}:** latest {percent_text(latest)}, {word}{amount} since "
            f"{runs[-2].submitted_at:%Y-%m-%d} ({len(runs)} submissions)."
        )
    else:
        st.markdown(f"**{label}:** {percent_text(latest)} (one submission so far).")

st.subheader("Submissions")
st.dataframe(frame.iloc[::-1], hide_index=True, key="history_table")
by_id = {s.id: s for s in reversed(submitted)}
chosen = st.selectbox(
    "Open a submission",
    list(by_id),
    format_func=lambda i: (
        f"{by_id[i].submitted_at:%Y-%m-%d %H:%M} UTC · "
        f"{assessment_view.TRACK_LABELS.get(by_id[i].track, by_id[i].track)} · "
        f"{percent_text(by_id[i].score)}"
    ),
    key="history_open_choice",
)
if st.button("Show its results", key="history_open"):
    st.session_state["results_assessment_id"] = chosen
    st.switch_page("app_pages/results.py")
