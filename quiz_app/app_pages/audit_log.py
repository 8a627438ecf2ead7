"""Admins: the append-only audit log, filtered by action, acting account (by name) and dates."""

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from quiz_app import audit, ui
from quiz_app.authz import Action
from quiz_app.i18n import N_
from quiz_app.ui import labels
from quiz_app.ui.i18n import _, date_input_format, ngettext
from quiz_app.ui.tables import without_gaps

COLUMNS = (N_("at"), N_("account"), N_("action"), N_("target"), N_("detail"))

actor = ui.guard(Action.VIEW_AUDIT)
engine = ui.engine()
st.title(_("Audit log"))

# Options are stored values; their words are settled on this run (a widget's format_func
# may be called outside it).
actions = {None: _("(all)")} | {
    a: labels.action_label(a) for a in audit.known_actions(engine, actor)
}
acting = audit.acting_accounts(engine, actor)
cols = st.columns(3)
action = cols[0].selectbox(
    _("Event"),
    list(actions),
    format_func=actions.get,
    key="audit_action",
    placeholder=_("Choose an option"),
)
actor_id = cols[1].selectbox(
    _("Acting account"),
    [None, *acting],
    format_func={None: _("(all)"), **acting}.get,
    key="audit_actor",
    placeholder=_("Choose an option"),
)
today = date.today()
period = cols[2].date_input(
    _("Dates"),
    value=(today - timedelta(days=30), today),
    key="audit_dates",
    format=date_input_format(),
)
since = until = None
if isinstance(period, tuple) and len(period) == 2:
    since = datetime.combine(period[0], time.min)
    until = datetime.combine(period[1] + timedelta(days=1), time.min)

entries = audit.list_entries(
    engine,
    actor,
    action=action,
    actor_account_id=actor_id,
    since=since,
    until=until,
)


def _account(account_id: int | None) -> str:
    """Who acted, by name: nobody (before a login), or an account since removed."""
    if account_id is None:
        return _("(nobody logged in)")
    if account_id in acting:
        return acting[account_id]
    return _("(removed account {id})").format(id=account_id)


st.caption(
    ngettext("{count} entry (times in UTC)", "{count} entries (times in UTC)", len(entries)).format(
        count=len(entries)
    )
)
st.dataframe(
    without_gaps(
        pd.DataFrame(
            [
                (
                    e.at,
                    _account(e.actor_account_id),
                    labels.action_label(e.action),
                    e.target,
                    e.detail,
                )
                for e in entries
            ],
            columns=[_(c) for c in COLUMNS],
        )
    ),
    hide_index=True,
    key="audit_table",
)
