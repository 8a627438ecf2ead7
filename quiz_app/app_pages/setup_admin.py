"""First start: create the first admin account (offered only while no admin exists), with
the one-time setup token the app printed to its log (``quiz_app.setup_token``)."""

import streamlit as st

from quiz_app import accounts, setup_token, ui
from quiz_app.errors import QuizAppError

st.title("Create the first admin account")
engine = ui.engine()
if accounts.admin_exists(engine):
    st.error("Not allowed: an admin already exists; log in instead.")
    st.stop()

st.write(
    "This store has no administrator yet. The account you create here manages people, "
    f"accounts and roles. Use a password of at least {accounts.MIN_PASSWORD_LENGTH} characters. "
    "The setup token is in the app's log (where it was started); or create the first admin on "
    "the command line: `python -m quiz_app users add --username admin --role admin`."
)
with st.form("setup_admin"):
    token = st.text_input("Setup token", type="password", key="setup_token")
    username = st.text_input("Username", key="setup_username")
    password = st.text_input("Password", type="password", key="setup_password")
    repeat = st.text_input("Repeat the password", type="password", key="setup_repeat")
    submitted = st.form_submit_button("Create admin")

if submitted:
    if password != repeat:
        st.error("The two passwords differ.")
    else:
        try:
            setup_token.create_first_admin(engine, token, username=username, password=password)
        except QuizAppError as exc:
            st.error(ui.plain(exc))
        else:
            for key in ("setup_token", "setup_username", "setup_password", "setup_repeat"):
                st.session_state.pop(key, None)
            ui.flash(f"Admin **{ui.plain(username.strip())}** created: log in with it.")
