"""Admins: every login session still valid, per account, with Revoke and Revoke all.

Revoking ends the session in the store: the user's next action, in every tab, shows the
login with "An administrator ended your session". Audited (``session_revoke``).
"""

from itertools import groupby

import streamlit as st

from quiz_app import sessions, ui
from quiz_app.authz import Action
from quiz_app.errors import QuizAppError
from quiz_app.ui.i18n import _, datetime_text, ngettext

actor = ui.guard(Action.MANAGE_SESSIONS)
engine = ui.engine()
st.title(_("Sessions"))
ui.show_flash()
st.caption(
    _(
        "Login sessions still valid, per account. A revoked session ends at the user's next "
        "action, in every tab and on every server."
    )
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
    st.info(_("No active sessions."))
for account_id, group in groupby(active, key=lambda s: s.account_id):
    rows = list(group)
    name = ui.plain(rows[0].username)
    st.subheader(f"{name} ({len(rows)})")
    for row in rows:
        cols = st.columns([3, 3, 4, 2], vertical_alignment="center")
        cols[0].write(_("Created {time}").format(time=datetime_text(row.created_at)))
        cols[1].write(_("Last seen {time}").format(time=datetime_text(row.last_seen_at)))
        cols[2].write(ui.plain(row.client_hint) if row.client_hint else _("(no client hint)"))
        if cols[3].button(_("Revoke"), key=f"session_revoke_{row.id}"):
            _revoke(sessions.revoke, row.id, _("Session of {name} revoked.").format(name=name))
    if len(rows) > 1 and st.button(
        _("Revoke all sessions of {name}").format(name=name), key=f"session_revoke_all_{account_id}"
    ):
        done = ngettext(
            "The {count} session of {name} revoked.",
            "All {count} sessions of {name} revoked.",
            len(rows),
        )
        _revoke(sessions.revoke_all, account_id, done.format(count=len(rows), name=name))
