"""The one-time setup token that guards "Create first admin" in the browser.

While the store has no admin, the running app makes a random token, writes it to its log
(stderr) once, and keeps only its SHA-256 in process memory. The setup page creates the
first admin only with that token; a wrong token is refused and audited. Creating the admin
uses the token up. So whoever merely reaches a fresh install first cannot take it over:
they need the operator's log. The command line (``users add --role admin``) needs no token:
it runs on the server.

The token lives in the memory of one app process: after a restart a new one is printed, and
with several replicas behind a load balancer each prints its own, which works only on that
replica (create the first admin from the command line there, or run one replica for setup).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading

from sqlalchemy.engine import Engine

from quiz_app import accounts, audit
from quiz_app.authz import Actor
from quiz_app.errors import PermissionDenied
from quiz_app.i18n import N_
from quiz_app.store import transaction

logger = logging.getLogger("quiz_app.setup")
WRONG_TOKEN = N_("wrong setup token: copy it from the app's log, where it was printed at start")

_lock = threading.Lock()
_token_hashes: dict[str, str] = {}  # per store (engine URL): the SHA-256 of its token


def _digest(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def _store_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def announce(engine: Engine) -> None:
    """Make a token for the store and log it, unless this process already holds one (call
    while no admin exists)."""
    with _lock:
        if _store_key(engine) in _token_hashes:
            return
        token = secrets.token_urlsafe(24)
        _token_hashes[_store_key(engine)] = _digest(token)
    logger.warning(
        "No admin account yet. To create the first one in the browser, enter this one-time "
        "setup token on the setup page: %s",
        token,
    )


def create_first_admin(engine: Engine, token: str, *, username: str, password: str) -> Actor:
    """Create the first admin if ``token`` is this process's setup token; use the token up.

    Raises:
        PermissionDenied: wrong or no token (audited), or an admin already exists.
        InvalidInput: bad username or password (the token stays valid).
    """
    with _lock:
        expected = _token_hashes.get(_store_key(engine))
    if expected is None or not hmac.compare_digest(_digest(token or ""), expected):
        with transaction(engine) as conn:
            audit.record(conn, None, audit.SETUP_REFUSED, "store", {"reason": "wrong_token"})
        raise PermissionDenied(WRONG_TOKEN)
    actor = accounts.create_first_admin(engine, username=username, password=password)
    with _lock:
        _token_hashes.pop(_store_key(engine), None)  # used up
    return actor
