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
from quiz_app.i18n import N_
from quiz_app.ui.i18n import _
from quiz_app.ui.tables import without_gaps

actor = ui.guard(Action.VIEW_COMPLETIONS)
engine = ui.engine()
kb = ui.knowledge_base()
st.title(_("Reminders"))
KIND = {
    "assigned": N_("assigned"),
    "due_soon": N_("due soon"),
    "overdue": N_("overdue"),
    "escalation": N_("escalation"),
}
st.caption(
    _(
        "E-mails sent by {command} (run daily; times in UTC): '{assigned}', '{due_soon}', "
        "'{overdue}' to the person, '{escalation}' to their manager. Each goes once."
    ).format(command="`python -m quiz_app reminders send`", **{k: _(v) for k, v in KIND.items()})
)
titles = {m.id: m.title for m in kb.training}


def kind_text(kind: str) -> str:
    """A reminder's kind (as stored) in the reader's language."""
    return _(KIND[kind]) if kind in KIND else kind


try:
    due = reminders.pending_reminders(
        engine, actor, ui.knowledge_base("en"), organisation=organisation_name(engine)
    )
except PermissionDenied:
    due = None
if due is not None:
    st.subheader(_("Due now: {count}").format(count=len(due)))
    if due:
        st.dataframe(
            without_gaps(
                pd.DataFrame(
                    [
                        {
                            _("kind"): kind_text(p.kind.value),
                            _("to"): p.recipient,
                            _("about"): p.text.person_name,
                            _("module"): titles.get(p.module_id, p.module_id),
                            _("due"): p.text.due_on,
                        }
                        for p in due
                    ]
                )
            ),
            hide_index=True,
            key="reminders_due_table",
        )

sent = reminders.sent_reminders(engine, actor)
st.subheader(_("Sent (latest {count})").format(count=len(sent)) if sent else _("Sent"))
if not sent:
    st.info(_("No reminder has been sent yet."))
else:
    st.dataframe(
        without_gaps(
            pd.DataFrame(
                [
                    {
                        _("sent at"): r.sent_at,
                        _("kind"): kind_text(r.kind),
                        _("to"): r.recipient or _("(erased)"),
                        _("person"): f"{r.person_name} ({r.person_external_id})",
                        _("module"): titles.get(r.module_id, r.module_id),
                        _("due"): r.due_on,
                    }
                    for r in sent
                ]
            )
        ),
        hide_index=True,
        key="reminders_table",
    )
