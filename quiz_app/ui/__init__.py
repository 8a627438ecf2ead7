"""Streamlit glue shared by the entry point and the pages: store, identity, page guard.

Identity is a login session in the store (:mod:`quiz_app.sessions`). Its token comes from
``st.session_state[TOKEN_KEY]`` (set by the login in this connection) or else from the
session cookie the browser sent (:mod:`quiz_app.ui.cookies`; a reload, a second tab or
another replica). Every run resolves the token in the store, so a logout, an expiry, a
revocation or a disabled account ends the session in every tab at its next action; the login
page then says why (``ENDED_KEY``). State alone never names an account. Tests log a user in
with ``store_support.log_in(at, engine, account_id)``.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.engine import Engine

from kb.i18n import localise
from kb.load import load
from kb.model import KnowledgeBase
from quiz_app import sessions, store
from quiz_app.authz import Action, Actor, require
from quiz_app.config import get_settings
from quiz_app.errors import (
    MigrationError,
    PermissionDenied,
    QuizAppError,
    SessionEnded,
)
from quiz_app.store import migrations
from quiz_app.ui import cookies
from quiz_app.ui.i18n import _
from quiz_app.ui.i18n import language as reader_language
from quiz_app.ui.text import plain, sentence

__all__ = ["plain"]  # re-exported: pages escape user-provided text with ui.plain

TOKEN_KEY = "nis2_session_token"  # this connection's session token
ENDED_KEY = "nis2_session_ended"  # why the session ended: shown once by the login page
_DEAD_COOKIE_KEY = "nis2_dead_cookie"  # a cookie token known to be ended: not tried again
_log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Engine:
    # Only `python -m quiz_app db upgrade` migrates; a store that needs it is not cached,
    # so the app notices the upgrade at the next run.
    engine = store.get_engine(url)
    migrations.require_current(engine)
    return engine


@st.cache_resource(show_spinner=False)
def _knowledge_base(language: str) -> KnowledgeBase:
    return load() if language == "en" else localise(_knowledge_base("en"), language)


def knowledge_base(language: str | None = None) -> KnowledgeBase:
    """The knowledge base from data/ in ``language`` (default: the reader's), loaded,
    validated and translated once per process and language. Ids, scores and order are the
    same in every language, so answers stored by id score alike whatever was read."""
    return _knowledge_base(language or reader_language())


def engine() -> Engine:
    """The store's engine, opened and checked once per process; stops the page on error
    (a store not at the code's schema version: the message says to run ``db upgrade``)."""
    try:
        return _open_store(store.database_url())
    except MigrationError as exc:
        _log.error("%s", exc)
        message = exc.message_in(reader_language())
        st.error(f"{sentence(message)}.")  # our own words, with `code`
        st.stop()
    except QuizAppError as exc:
        reason = plain(exc.message_in(reader_language()))  # inside a sentence: as written
        st.error(_("The store cannot be opened: {reason}").format(reason=reason))
        st.stop()


def session_token() -> str | None:
    """The token of this connection's session: from its login, else from the cookie."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        return token
    cookie = cookies.read_token()
    if cookie and cookie != st.session_state.get(_DEAD_COOKIE_KEY):
        return cookie
    return None


def current_actor() -> Actor | None:
    """The logged-in actor from the session, or None (an ended session is forgotten and its
    reason kept for the login page)."""
    token = session_token()
    if token is None:
        return None
    try:
        actor = sessions.resolve(engine(), token)
    except SessionEnded as exc:
        _forget(token)
        st.session_state[ENDED_KEY] = exc.message_in(reader_language())  # our own words
        return None
    st.session_state[TOKEN_KEY] = token
    return actor


def _forget(token: str) -> None:
    st.session_state.pop(TOKEN_KEY, None)
    if token == cookies.read_token():
        st.session_state[_DEAD_COOKIE_KEY] = token


def sync_cookie(where=st) -> None:
    """Write this connection's session token into the browser's cookie, or clear a cookie
    left from an ended session (call once per run; a no-op when it already matches)."""
    cookies.sync(st.session_state.get(TOKEN_KEY), where)


def guard(action: Action) -> Actor:
    """Call at the top of every page: the actor if allowed, else an error and nothing else."""
    actor = current_actor()
    try:
        require(actor, action)
    except PermissionDenied as exc:
        reason = plain(exc.message_in(reader_language()))  # inside a sentence: as written
        st.error(_("Not allowed: {reason}.").format(reason=reason))
        st.stop()
    return actor


FLASH_KEY = "flash"  # a confirmation to show once, on the page the next run opens


def client_address() -> str | None:
    """The visitor's address for login throttling: the last ``X-Forwarded-For`` hop when
    ``NIS2_TRUSTED_PROXY`` is set (the proxy appends the address it saw), else the address
    of the connection Streamlit sees."""
    try:
        if get_settings().trusted_proxy:
            forwarded = st.context.headers.get("X-Forwarded-For") or ""
            hops = [h.strip() for h in forwarded.split(",") if h.strip()]
            if hops:
                return hops[-1]
        return st.context.ip_address
    except Exception:  # noqa: BLE001 - no request context (tests, bare script runs)
        return None


def flash(message: str) -> None:
    """Rerun now and show ``message`` once on the page that run opens (see ``show_flash``):
    after a change, so everything the page drew before it shows the change."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def show_flash() -> None:
    """Show (once) the message :func:`flash` left, if any."""
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))


def log_in(account_id: int) -> None:
    """Start a session for the authenticated account (used by the login page only)."""
    token = sessions.create(engine(), account_id, client_hint=cookies.client_hint())
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop(ENDED_KEY, None)


def log_out() -> None:
    """End the session (audited) in every tab, and the SSO session, if any."""
    token = session_token()
    if token is not None:
        sessions.log_out(engine(), token)
        _forget(token)
    try:
        if st.user.is_logged_in:
            st.logout()
    except Exception:  # noqa: BLE001 - SSO not configured
        pass
