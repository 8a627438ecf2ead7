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

actor = ui.guard(Action.VIEW_APPROVALS)
engine = ui.engine()
kb = ui.knowledge_base()
st.title("Board approvals")
ui.show_flash()
history = approvals.list_approvals(engine, actor)

if allowed(actor.role, Action.RECORD_APPROVAL):
    board = dict(approvals.management_body(engine, actor))
    with st.form("approval_form", clear_on_submit=True):
        st.markdown("**Record an approval**")
        subject = st.radio(
            "The management body approved",
            list(approvals.SUBJECTS),
            format_func=approvals.SUBJECTS.get,
            key="approval_subject",
        )
        approved_on = st.date_input("On", value=date.today(), key="approval_date")
        reference = st.text_input("Meeting reference", max_chars=200, key="approval_reference")
        present = st.multiselect(
            "Members present", list(board), format_func=board.get, key="approval_members"
        )
        note = st.text_area("Note (optional)", key="approval_note")
        supersedes = st.selectbox(
            "Corrects an earlier approval (optional)",
            [None] + [a.id for a in history],
            format_func=lambda i: "none" if i is None else f"#{i}",
            key="approval_supersedes",
        )
        recorded = st.form_submit_button("Record approval", type="primary")
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
            ui.flash(f"Approval #{new_id} recorded ({len(present)} members present).")

st.subheader("History")
if not history:
    st.info("No approval recorded yet.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": a.id,
                    "Approved on": a.approved_on,
                    "What": approvals.SUBJECTS[a.subject],
                    "Meeting": a.meeting_reference,
                    "Members present": ", ".join(a.members),
                    "Corrects": f"#{a.supersedes}" if a.supersedes else "",
                    "Note": a.note or "",
                    "Recorded (UTC)": a.recorded_at,
                }
                for a in history
            ]
        ),
        hide_index=True,
        key="approval_history",
    )

st.subheader("Management body training (Art. 20(2))")
try:
    members = approvals.board_training(engine, actor, kb)
except QuizAppError as exc:
    st.warning(ui.plain(exc))
    members = []
if members:
    trained = sum(1 for m in members if m.trained)
    st.caption(f"{trained} of {len(members)} members hold a valid pass of every management module.")
    st.dataframe(
        pd.DataFrame(
            [
                {"Member": m.name}
                | {
                    f"{module} valid until": (
                        f"{until:%Y-%m-%d}"
                        if until and until.year < 9999
                        else ("no expiry" if until else "no valid pass")
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
    st.info("Nobody is flagged as a member of the management body (People page).")
