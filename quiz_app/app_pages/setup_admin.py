"""First start: create the first admin account (offered only while no admin exists), with
the one-time setup token the app printed to its log (``quiz_app.setup_token``)."""

import streamlit as st

from quiz_app import accounts, setup_token, ui
from quiz_app.errors import QuizAppError
from quiz_app.ui.i18n import _

st.title(_("Create the first admin account"))
engine = ui.engine()
if accounts.admin_exists(engine):
    st.error(_("Not allowed: an admin already exists; log in instead."))
    st.stop()

st.write(
    _(
        "This store has no administrator yet. The account you create here manages people, "
        "accounts and roles. Use a password of at least {length} characters. The setup token "
        "is in the app's log (where it was started); or create the first admin on the command "
        "line: {command}."
    ).format(
        length=accounts.MIN_PASSWORD_LENGTH,
        command="`python -m quiz_app users add --username admin --role admin`",
    )
)
with st.form("setup_admin"):
    token = st.text_input(_("Setup token"), type="password", key="setup_token")
    username = st.text_input(_("Username"), key="setup_username")
    password = st.text_input(_("Password"), type="password", key="setup_password")
    repeat = st.text_input(_("Repeat the password"), type="password", key="setup_repeat")
    submitted = st.form_submit_button(_("Create admin"))

if submitted:
    if password != repeat:
        st.error(_("The two passwords differ."))
    else:
        try:
            setup_token.create_first_admin(engine, token, username=username, password=password)
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:
            for key in ("setup_token", "setup_username", "setup_password", "setup_repeat"):
                st.session_state.pop(key, None)
            ui.flash(
                _("Admin **{username}** created: log in with it.").format(
                    username=ui.plain(username.strip())
                )
            )
