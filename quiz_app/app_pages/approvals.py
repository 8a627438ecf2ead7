"""Managers: record that the management body approved the measures or the remediation plan
(NIS 2 Art. 20(1)), read the history of approvals, and see beside it which members of the
body hold a valid pass of the management training (Art. 20(2)). URL ``/approvals``.
Approvals are never changed: a correction is a new approval that supersedes the old one."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from quiz_app import ui
from quiz_app.authz import Action, allowed
from quiz_app.errors import QuizAppError
from quiz_app.governance import approvals
from quiz_app.ui.i18n import _, date_input_format, date_text, datetime_text, ngettext

actor = ui.guard(Action.VIEW_APPROVALS)
engine = ui.engine()
kb = ui.knowledge_base()
st.title(_("Board approvals"))
ui.show_flash()
history = approvals.list_approvals(engine, actor)
# Labels made now, in the reader's language (a format_func may run outside this run).
subjects = {subject: _(label) for subject, label in approvals.SUBJECTS.items()}

if allowed(actor.role, Action.RECORD_APPROVAL):
    board = dict(approvals.management_body(engine, actor))
    with st.form("approval_form", clear_on_submit=True):
        st.markdown(_("**Record an approval**"))
        subject = st.radio(
            _("The management body approved"),
            list(approvals.SUBJECTS),
            format_func=subjects.get,
            key="approval_subject",
        )
        approved_on = st.date_input(
            _("On"), value=date.today(), key="approval_date", format=date_input_format()
        )
        reference = st.text_input(_("Meeting reference"), max_chars=200, key="approval_reference")
        present = st.multiselect(
            _("Members present"),
            list(board),
            format_func=board.get,
            key="approval_members",
            placeholder=_("Choose options"),
        )
        note = st.text_area(_("Note (optional)"), key="approval_note")
        supersedes = st.selectbox(
            _("Corrects an earlier approval (optional)"),
            [None] + [a.id for a in history],
            format_func={None: _("none"), **{a.id: f"#{a.id}" for a in history}}.get,
            key="approval_supersedes",
            placeholder=_("Choose an option"),
        )
        recorded = st.form_submit_button(_("Record approval"), type="primary")
    if recorded:
        try:
            new_id = approvals.record_approval(
                engine,
                actor,
                subject=subject,
                approved_on=approved_on,
                meeting_reference=reference,
                member_ids=present,
                note=note,
                supersedes=supersedes,
            )
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:
            ui.flash(
                ngettext(
                    "Approval #{number} recorded ({count} member present).",
                    "Approval #{number} recorded ({count} members present).",
                    len(present),
                ).format(number=new_id, count=len(present))
            )

st.subheader(_("History"))
if not history:
    st.info(_("No approval recorded yet."))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": a.id,
                    _("Approved on"): date_text(a.approved_on),
                    _("What"): subjects.get(a.subject, a.subject),
                    _("Meeting"): a.meeting_reference,
                    _("Members present"): ", ".join(a.members),
                    _("Corrects"): f"#{a.supersedes}" if a.supersedes else "",
                    _("Note"): a.note or "",
                    _("Recorded"): datetime_text(a.recorded_at),
                }
                for a in history
            ]
        ),
        hide_index=True,
        key="approval_history",
    )

st.subheader(_("Management body training (Art. 20(2))"))
try:
    members = approvals.board_training(engine, actor, kb)
except QuizAppError as exc:
    st.warning(ui.plain(exc))
    members = []
if members:
    module_titles = {m.id: m.title for m in kb.training}  # in the reader's language
    trained = sum(1 for m in members if m.trained)
    st.caption(
        ngettext(
            "{trained} of {count} member holds a valid pass of every management module.",
            "{trained} of {count} members hold a valid pass of every management module.",
            len(members),
        ).format(trained=trained, count=len(members))
    )
    st.dataframe(
        pd.DataFrame(
            [
                {_("Member"): m.name}
                | {
                    _("{module} valid until").format(module=module_titles.get(module, module)): (
                        date_text(until)
                        if until and until.year < 9999
                        else (_("no expiry") if until else _("no valid pass"))
                    )
                    for module, until in m.valid.items()
                }
                for m in members
            ]
        ),
        hide_index=True,
        key="approval_training",
    )
else:
    st.info(_("Nobody is flagged as a member of the management body (People page)."))
