"""Admins: the append-only audit log, filtered by action, acting account (by name) and dates."""

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from quiz_app import audit, ui
from quiz_app.authz import Action

actor = ui.guard(Action.VIEW_AUDIT)
engine = ui.engine()
st.title("Audit log")

cols = st.columns(3)
action = cols[0].selectbox(
    "Action", ["(all)", *audit.known_actions(engine, actor)], key="audit_action"
)
acting = audit.acting_accounts(engine, actor)
actor_id = cols[1].selectbox(
    "Acting account",
    [None, *acting],
    format_func=lambda i: "(all)" if i is None else acting[i],
    key="audit_actor",
)
today = date.today()
period = cols[2].date_input("Dates", value=(today - timedelta(days=30), today), key="audit_dates")
since = until = None
if isinstance(period, tuple) and len(period) == 2:
    since = datetime.combine(period[0], time.min)
    until = datetime.combine(period[1] + timedelta(days=1), time.min)

entries = audit.list_entries(
    engine,
    actor,
    action=None if action == "(all)" else action,
    actor_account_id=actor_id,
    since=since,
    until=until,
)
st.caption(f"{len(entries)} entries (times in UTC)")
st.dataframe(
    pd.DataFrame(
        [
            {
                "at": e.at,
                "account": (
                    "(nobody logged in)"
                    if e.actor_account_id is None
                    else acting.get(e.actor_account_id, f"(removed account {e.actor_account_id})")
                ),
                "action": e.action,
                "target": e.target,
                "detail": e.detail,
            }
            for e in entries
        ]
    ),
    hide_index=True,
    key="audit_table",
)
