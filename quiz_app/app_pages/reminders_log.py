"""Reminders (trainer): which reminder e-mails went to whom and when, newest first, and
what the next ``reminders send`` would send. Widget keys: ``reminders_table``,
``reminders_due_table``. The messages themselves are sent by the command (a daily job).
"""

import pandas as pd
import streamlit as st

from quiz_app import reminders, ui
from quiz_app.authz import Action
from quiz_app.certificates.organisation import organisation_name
from quiz_app.errors import PermissionDenied

actor = ui.guard(Action.VIEW_COMPLETIONS)
engine = ui.engine()
kb = ui.knowledge_base()
st.title("Reminders")
st.caption(
    "E-mails sent by `python -m quiz_app reminders send` (run daily; times in UTC): 'assigned', "
    "'due soon', 'overdue' to the person, 'escalation' to their manager. Each goes once."
)
KIND = {"assigned": "assigned", "due_soon": "due soon", "overdue": "overdue"}
titles = {m.id: m.title for m in kb.training}

try:
    due = reminders.pending_reminders(
        engine, actor, ui.knowledge_base("en"), organisation=organisation_name(engine)
    )
except PermissionDenied:
    due = None
if due is not None:
    st.subheader(f"Due now: {len(due)}")
    if due:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "kind": KIND.get(p.kind.value, p.kind.value),
                        "to": p.recipient,
                        "about": p.text.person_name,
                        "module": titles.get(p.module_id, p.module_id),
                        "due": p.text.due_on,
                    }
                    for p in due
                ]
            ),
            hide_index=True,
            key="reminders_due_table",
        )

sent = reminders.sent_reminders(engine, actor)
st.subheader(f"Sent (latest {len(sent)})" if sent else "Sent")
if not sent:
    st.info("No reminder has been sent yet.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "sent at": r.sent_at,
                    "kind": KIND.get(r.kind, r.kind),
                    "to": r.recipient or "(erased)",
                    "person": f"{r.person_name} ({r.person_external_id})",
                    "module": titles.get(r.module_id, r.module_id),
                    "due": r.due_on,
                }
                for r in sent
            ]
        ),
        hide_index=True,
        key="reminders_table",
    )
