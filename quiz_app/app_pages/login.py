"""Log in with a local password, or with single sign-on when configured."""

import streamlit as st

from quiz_app import accounts, authentication, sso, ui
from quiz_app.errors import QuizAppError
from quiz_app.ui.i18n import _

st.title(_("Log in"))
engine = ui.engine()
ui.show_flash()
if ui.ENDED_KEY in st.session_state:  # expired, logged out elsewhere, revoked: say which
    st.warning(st.session_state.pop(ui.ENDED_KEY))


def _secrets():
    try:
        return st.secrets if sso.sso_configured(st.secrets) else None
    except Exception:  # noqa: BLE001 - no secrets file
        return None


secrets = _secrets()
if secrets is not None:
    if st.user.is_logged_in:
        try:
            claims = st.user.to_dict()
            identity = sso.verified_identity(claims)
            actor = accounts.authenticate_sso(
                engine,
                subject=identity.subject,
                email=identity.email,
                role=sso.role_for(claims, sso.load_rules(secrets)),
            )
        except QuizAppError as exc:
            st.error(ui.plain(exc))
            st.button(_("Log out of single sign-on"), on_click=st.logout)
            st.stop()
        ui.log_in(actor.account_id)
        st.rerun()
    st.button(_("Log in with single sign-on"), on_click=st.login, type="primary", key="sso")
    st.divider()

with st.form("login"):
    username = st.text_input(_("Username"), key="login_username")
    password = st.text_input(_("Password"), type="password", key="login_password")
    submitted = st.form_submit_button(_("Log in"))

if submitted:
    try:
        actor = authentication.authenticate(engine, username, password, address=ui.client_address())
    except QuizAppError as exc:
        st.error(ui.plain(exc))
    else:
        ui.log_in(actor.account_id)
        st.rerun()

ui.sync_cookie()  # clears a cookie left by an ended session
