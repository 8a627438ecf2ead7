"""Admins: every login session still valid, per account, with Revoke and Revoke all.

Revoking ends the session in the store: the user's next action, in every tab, shows the
login with "An administrator ended your session". Audited (``session_revoke``).
"""

from itertools import groupby

import streamlit as st

from quiz_app import sessions, ui
from quiz_app.authz import Action
from quiz_app.errors import QuizAppError

actor = ui.guard(Action.MANAGE_SESSIONS)
engine = ui.engine()
st.title("Sessions")
ui.show_flash()
st.caption(
    "Login sessions still valid, per account (times in UTC). A revoked session ends at the "
    "user's next action, in every tab and on every server."
)


def _revoke(revoke, target: int, done: str) -> None:
    """``revoke`` (one session, or all of an account) ``target``; say ``done`` after."""
    try:
        revoke(engine, actor, target)
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        ui.flash(done)


active = sessions.list_active(engine, actor)
if not active:
    st.info("No active sessions.")
for account_id, group in groupby(active, key=lambda s: s.account_id):
    rows = list(group)
    name = ui.plain(rows[0].username)
    st.subheader(f"{name} ({len(rows)})")
    for row in rows:
        cols = st.columns([3, 3, 4, 2], vertical_alignment="center")
        cols[0].write(f"Created {row.created_at:%Y-%m-%d %H:%M}")
        cols[1].write(f"Last seen {row.last_seen_at:%Y-%m-%d %H:%M}")
        cols[2].write(ui.plain(row.client_hint or "(no client hint)"))
        if cols[3].button("Revoke", key=f"session_revoke_{row.id}"):
            _revoke(sessions.revoke, row.id, f"Session of {name} revoked.")
    if len(rows) > 1 and st.button(
        f"Revoke all sessions of {name}", key=f"session_revoke_all_{account_id}"
    ):
        _revoke(sessions.revoke_all, account_id, f"All {len(rows)} sessions of {name} revoked.")
