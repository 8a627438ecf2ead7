"""The session cookie: read from the request, written and cleared by a script in the page.

Streamlit gives a page the cookies the browser sent with its websocket handshake
(``st.context.cookies``, read-only) but cannot set one. The app therefore writes the cookie
from the page itself, with a one-line script (``st.html(..., unsafe_allow_javascript=True)``,
which runs in the app's own document): ``document.cookie = "nis2_session=TOKEN; Path=...;
SameSite=Strict[; Secure]"``. A reload, a second tab, a reconnect or another replica then
sends it with the next handshake. The script only ever holds the token the server just made
(URL-safe base64) and constant attributes; no user input reaches it.

Because a script sets it, the cookie cannot be HttpOnly; README's "Security and privacy"
says what makes up for that.
"""

from __future__ import annotations

import json

import streamlit as st

COOKIE_NAME = "nis2_session"
CLIENT_HINT_LENGTH = 120


def _context(name: str, default):
    try:
        return getattr(st.context, name)
    except Exception:  # noqa: BLE001 - no request context (bare script runs)
        return default


def _text(value: object) -> str | None:
    # Only a browser's strings count (outside a server, Streamlit's context is a stand-in).
    return value if isinstance(value, str) and value else None


def read_token() -> str | None:
    """The session token the browser sent when this connection opened, if any."""
    return _text(_context("cookies", {}).get(COOKIE_NAME))


def client_hint() -> str | None:
    """The browser's user agent, cut short: shown to admins beside each session."""
    agent = _text(_context("headers", {}).get("User-Agent"))
    return agent[:CLIENT_HINT_LENGTH] if agent else None


def cookie_path() -> str:
    """The app's path (``server.baseUrlPath``), so the cookie goes to this app only."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else "/"


def served_over_https() -> bool:
    """Whether the browser reached the app over HTTPS (directly, or through a TLS proxy)."""
    proto = _text(_context("headers", {}).get("X-Forwarded-Proto")) or ""
    if proto.split(",")[0].strip().lower() == "https":
        return True
    return (_text(_context("url", None)) or "").lower().startswith("https://")


def cookie_script(token: str | None, *, ended: str | None = None) -> str:
    """The script that sets the cookie to ``token``; or, for None, clears it if it still
    holds the ``ended`` token (not one another tab has set since)."""
    attributes = f"Path={cookie_path()}; SameSite=Strict"
    if served_over_https():
        attributes += "; Secure"
    if token is not None:
        return f"<script>document.cookie = {json.dumps(f'{COOKIE_NAME}={token}; {attributes}')};</script>"
    held = json.dumps(f"{COOKIE_NAME}={ended}")
    cleared = json.dumps(f"{COOKIE_NAME}=; {attributes}; Max-Age=0")
    return (
        f"<script>if (document.cookie.split('; ').includes({held})) "
        f"document.cookie = {cleared};</script>"
    )


def sync(token: str | None, where=st) -> None:
    """Make the browser's cookie hold ``token``, if the browser did not send it; with None,
    clear the cookie the browser sent (its session has ended).

    ``where``: the container to put the (invisible) script in, e.g. ``st.sidebar``.
    """
    sent = read_token()
    if sent == token:
        return
    where.html(cookie_script(token, ended=sent), unsafe_allow_javascript=True)
