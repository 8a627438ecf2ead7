"""Streamlit glue shared by the entry point and the pages: store, identity, page guard.

Identity lives in ``st.session_state[SESSION_KEY]`` as an account id, set only by the login
page. The account is re-read on every run, so a role change or a disabled account takes
effect at once. Tests log a user in with ``at.session_state[SESSION_KEY] = account_id``.
"""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.engine import Engine

from kb.load import load
from kb.model import KnowledgeBase
from quiz_app import authentication, store
from quiz_app.authz import Action, Actor, require
from quiz_app.config import get_settings
from quiz_app.errors import (
    AuthenticationFailed,
    MigrationError,
    PermissionDenied,
    QuizAppError,
)
from quiz_app.store import migrations
from quiz_app.ui.text import plain

__all__ = ["plain"]  # re-exported: pages escape user-provided text with ui.plain

SESSION_KEY = "nis2_account_id"
_log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Engine:
    # Only `python -m quiz_app db upgrade` migrates; a store that needs it is not cached,
    # so the app notices the upgrade at the next run.
    engine = store.get_engine(url)
    migrations.require_current(engine)
    return engine


@st.cache_resource(show_spinner=False)
def knowledge_base() -> KnowledgeBase:
    """The knowledge base from data/, loaded and validated once per process."""
    return load()


def engine() -> Engine:
    """The store's engine, opened and checked once per process; stops the page on error
    (a store not at the code's schema version: the message says to run ``db upgrade``)."""
    try:
        return _open_store(store.database_url())
    except MigrationError as exc:
        _log.error("%s", exc)
        message = str(exc)
        st.error(f"{message[:1].upper()}{message[1:]}.")
        st.stop()
    except QuizAppError as exc:
        st.error(f"The store cannot be opened: {exc}")
        st.stop()


def current_actor() -> Actor | None:
    """The logged-in actor, or None (a disabled or removed account is logged out)."""
    account_id = st.session_state.get(SESSION_KEY)
    if account_id is None:
        return None
    try:
        return authentication.load_actor(engine(), int(account_id))
    except AuthenticationFailed:
        st.session_state.pop(SESSION_KEY, None)
        return None


def guard(action: Action) -> Actor:
    """Call at the top of every page: the actor if allowed, else an error and nothing else."""
    actor = current_actor()
    try:
        require(actor, action)
    except PermissionDenied as exc:
        st.error(f"Not allowed: {exc}.")
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
    """Remember the authenticated account (used by the login page only)."""
    st.session_state[SESSION_KEY] = account_id


def log_out() -> None:
    """Forget the identity (audited) and end the SSO session, if any."""
    account_id = st.session_state.pop(SESSION_KEY, None)
    if account_id is not None:
        authentication.log_out(engine(), int(account_id))
    try:
        if st.user.is_logged_in:
            st.logout()
    except Exception:  # noqa: BLE001 - SSO not configured
        pass
