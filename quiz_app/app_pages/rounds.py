"""Managers and admins: open an assessment round, follow who has submitted, close it and
read its combined view (per measure, median and spread of the members' scores) and download
it as a report (PDF or Markdown, :func:`quiz_app.reporting.round_report`). URL ``/rounds``. Everything here calls :mod:`quiz_app.governance.rounds`."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from quiz_app import reporting, ui
from quiz_app.authz import Action
from quiz_app.core import round_report
from quiz_app.errors import QuizAppError
from quiz_app.governance import rounds
from quiz_app.ui import assessment_view, labels
from quiz_app.ui.i18n import _, date_input_format, date_text, language, ngettext
from quiz_app.ui.rounds_view import show_combined

actor = ui.guard(Action.RUN_ROUNDS)
engine = ui.engine()
kb = ui.knowledge_base()
state = st.session_state
st.title(_("Assessment rounds"))
ui.show_flash()

people = rounds.candidates(engine, actor)
names = {c.person_id: c.name for c in people}


def _whole_board() -> None:
    """One click: every member of the management body becomes a participant."""
    state["round_participants"] = [c.person_id for c in people if c.is_management_body]


with st.expander(_("Open a round"), expanded=not rounds.list_rounds(engine, actor)):
    title = st.text_input(_("Title"), key="round_title", max_chars=200)
    track = st.radio(
        _("Track"),
        list(assessment_view.TRACK_LABELS),
        format_func=assessment_view.track_labels().get,
        key="round_track",
        horizontal=True,
    )
    deadline = st.date_input(
        _("Deadline"),
        value=date.today() + timedelta(days=14),
        key="round_deadline",
        format=date_input_format(),
    )
    st.button(_("All management body members"), key="round_all_board", on_click=_whole_board)
    chosen = st.multiselect(
        _("Participants"),
        list(names),
        format_func=names.get,
        key="round_participants",
        placeholder=_("Choose options"),
    )
    if st.button(_("Open round"), key="round_open", type="primary"):
        try:
            rounds.open_round(
                engine, actor, title=title, track=track, deadline=deadline, participant_ids=chosen
            )
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:
            ui.flash(
                ngettext(
                    "Round “{title}” opened for {count} participant.",
                    "Round “{title}” opened for {count} participants.",
                    len(chosen),
                ).format(title=ui.plain(title.strip()), count=len(chosen))
            )

for summary in rounds.list_rounds(engine, actor):
    st.subheader(ui.plain(summary.title))
    st.caption(
        _(
            "{track} · deadline {deadline} · {state} · {submitted} of {participants} submitted"
        ).format(
            track=assessment_view.track_label(summary.track),
            deadline=date_text(summary.deadline),
            state=labels.round_state_label(summary.status),
            submitted=summary.submitted,
            participants=summary.participants,
        )
    )
    progress = rounds.round_progress(engine, actor, summary.id)
    submitted, not_yet = _("submitted"), _("not yet")  # (the extractor skips f-strings)
    st.markdown(
        "\n".join(
            f"- {ui.plain(p.name)}: {submitted if p.submitted else not_yet}" for p in progress
        )
    )
    if summary.status == rounds.OPEN:
        if st.button(_("Close round"), key=f"round_close_{summary.id}"):
            try:
                rounds.close_round(engine, actor, summary.id)
            except QuizAppError as exc:
                st.error(ui.plain(exc))
            else:
                ui.flash(_("Round “{title}” closed.").format(title=ui.plain(summary.title)))
    else:
        show_combined(
            rounds.combined_view(engine, actor, kb, summary.id), kb, key=f"round_{summary.id}"
        )
        combined = reporting.round_report(engine, actor, kb, summary.id)
        stem = f"nis2-round-{summary.id}-{summary.deadline:%Y-%m-%d}"
        left, right = st.columns(2)
        left.download_button(
            _("Download the round's report (PDF)"),
            round_report.render_round_pdf(combined, tr=_, language=language()),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key=f"round_report_pdf_{summary.id}",
            icon=":material/picture_as_pdf:",
        )
        right.download_button(
            _("Download the round's report (Markdown)"),
            round_report.render_round_markdown(combined, tr=_, language=language()),
            file_name=f"{stem}.md",
            mime="text/markdown",
            key=f"round_report_md_{summary.id}",
            icon=":material/description:",
        )
