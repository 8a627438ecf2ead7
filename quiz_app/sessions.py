"""Login sessions kept in the store, so a reload, a second tab or another replica stays
logged in, and a logout, an expiry or a revocation ends the session everywhere at once.

A login (password or SSO) creates a session: a random token goes to the browser (a cookie,
see :mod:`quiz_app.ui.cookies`), only its SHA-256 is stored. Every run of the app resolves
the token to the account (:func:`resolve`): the session must not be revoked, idle for longer
than ``NIS2_SESSION_IDLE_SECONDS`` or older than ``NIS2_SESSION_ABSOLUTE_SECONDS``, and its
account must be enabled. ``last_seen_at`` moves on at most once a minute (:func:`touch_interval`),
so a rerun per click does not write to the store every time.

A password change, disabling an account and a role change revoke every session of that
account (:func:`revoke_account_sessions`, called by :mod:`quiz_app.accounts` in the same
transaction). Expiries, logouts and revocations are audited (session and account ids only).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from quiz_app import audit
from quiz_app.authz import Action, Actor, Role, require
from quiz_app.config import get_settings
from quiz_app.errors import NotFound, SessionEnded
from quiz_app.i18n import N_
from quiz_app.store import accounts, sessions, transaction, utcnow

CLIENT_HINT_LENGTH = 200
TOUCH_INTERVAL = timedelta(minutes=1)

IDLE = "idle"
ABSOLUTE = "absolute"
LOGOUT = "logout"
PASSWORD_CHANGE = "password_change"
DISABLED = "disabled"
ROLE_CHANGE = "role_change"
ADMIN = "admin"
UNKNOWN = "unknown"

# What the login page says for each way a session ends.
REASONS = {
    IDLE: N_("Your session expired; log in again."),
    ABSOLUTE: N_("Your session expired; log in again."),
    LOGOUT: N_("You logged out (in this or another tab or window); log in again."),
    PASSWORD_CHANGE: N_("Your password was changed; log in again."),
    DISABLED: N_("Your account is disabled or was removed; log in again."),
    ROLE_CHANGE: N_("Your role was changed; log in again."),
    ADMIN: N_("An administrator ended your session; log in again."),
    UNKNOWN: N_("Your session is no longer valid; log in again."),
}


@dataclass(frozen=True)
class ActiveSession:
    """A session as an admin sees it (never the token or its hash)."""

    id: int
    account_id: int
    username: str
    created_at: datetime
    last_seen_at: datetime
    idle_expires_at: datetime
    absolute_expires_at: datetime
    client_hint: str | None


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of a session token: what the store keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def touch_interval() -> timedelta:
    """How often ``last_seen_at`` moves on: once a minute, or more often under a short idle
    timeout (a quarter of it), so an active user never idles out between two writes."""
    idle = timedelta(seconds=get_settings().session_idle_seconds)
    return min(TOUCH_INTERVAL, idle / 4)


def _ended(reason: str) -> SessionEnded:
    return SessionEnded(REASONS.get(reason, REASONS[UNKNOWN]), reason)


def create(
    engine: Engine,
    account_id: int,
    *,
    client_hint: str | None = None,
    now: datetime | None = None,
) -> str:
    """Start a session for an authenticated account; return its token (shown only once).

    Call it right after :func:`quiz_app.authentication.authenticate` or
    :func:`quiz_app.accounts.authenticate_sso` (which audit the login).
    """
    now = now or utcnow()
    settings = get_settings()
    absolute = now + timedelta(seconds=settings.session_absolute_seconds)
    token = secrets.token_urlsafe(32)
    with transaction(engine) as conn:
        conn.execute(
            sessions.insert().values(
                token_hash=token_hash(token),
                account_id=account_id,
                created_at=now,
                last_seen_at=now,
                idle_expires_at=min(
                    now + timedelta(seconds=settings.session_idle_seconds), absolute
                ),
                absolute_expires_at=absolute,
                client_hint=(client_hint or "")[:CLIENT_HINT_LENGTH] or None,
            )
        )
    return token


def resolve(engine: Engine, token: str, *, now: datetime | None = None) -> Actor:
    """The account a session token stands for, checked now.

    A session found idle or past its absolute expiry is ended here (audited once). Its
    ``last_seen_at`` moves on when it is older than :func:`touch_interval`.

    Raises:
        SessionEnded: unknown token, revoked or expired session, disabled account; its
            ``reason`` names which, its message says it for the login page.
    """
    now = now or utcnow()
    query = (
        select(sessions, accounts.c.role, accounts.c.person_id, accounts.c.disabled)
        .join(accounts, accounts.c.id == sessions.c.account_id)
        .where(sessions.c.token_hash == token_hash(token))
    )
    with transaction(engine) as conn:
        row = conn.execute(query).one_or_none()
        if row is None:
            raise _ended(UNKNOWN)
        if row.revoked_at is not None:
            raise _ended(row.revoked_reason or UNKNOWN)
        ended = _expiry(row, now) or (DISABLED if row.disabled else None)
        if ended is None:
            if now - row.last_seen_at >= touch_interval():
                _touch(conn, row, now)
            return Actor(row.account_id, Role(row.role), row.person_id)
        _end(conn, row.id, ended, now)
        action = audit.SESSION_EXPIRE if ended in (IDLE, ABSOLUTE) else audit.SESSION_REVOKE
        audit.record(conn, None, action, f"account:{row.account_id}", _detail(row.id, ended))
    raise _ended(ended)


def _expiry(row, now: datetime) -> str | None:
    if now >= row.absolute_expires_at:
        return ABSOLUTE
    if now >= row.idle_expires_at:
        return IDLE
    return None


def _touch(conn: Connection, row, now: datetime) -> None:
    idle = timedelta(seconds=get_settings().session_idle_seconds)
    conn.execute(
        sessions.update()
        .where(sessions.c.id == row.id)
        .values(last_seen_at=now, idle_expires_at=min(now + idle, row.absolute_expires_at))
    )


def _end(conn: Connection, session_id: int, reason: str, now: datetime) -> None:
    conn.execute(
        sessions.update()
        .where(sessions.c.id == session_id, sessions.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )


def _detail(session_id: int, reason: str) -> dict:
    return {"session": session_id, "reason": reason}


def log_out(engine: Engine, token: str, *, now: datetime | None = None) -> None:
    """End the session of ``token`` (audited as a logout); an unknown or ended one is left
    as it is."""
    now = now or utcnow()
    with transaction(engine) as conn:
        row = conn.execute(
            select(sessions.c.id, sessions.c.account_id, sessions.c.revoked_at).where(
                sessions.c.token_hash == token_hash(token)
            )
        ).one_or_none()
        if row is None or row.revoked_at is not None:
            return
        _end(conn, row.id, LOGOUT, now)
        audit.record(
            conn, row.account_id, audit.LOGOUT, f"account:{row.account_id}", {"session": row.id}
        )


def revoke_account_sessions(
    conn: Connection,
    account_id: int,
    reason: str,
    *,
    by: int | None = None,
    now: datetime | None = None,
) -> int:
    """End every open session of an account in the caller's transaction; return how many.

    Audited when any was open (``by``: the acting account).
    """
    now = now or utcnow()
    ended = conn.execute(
        sessions.update()
        .where(sessions.c.account_id == account_id, sessions.c.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    ).rowcount
    if ended:
        detail = {"reason": reason, "sessions": ended}
        audit.record(conn, by, audit.SESSION_REVOKE, f"account:{account_id}", detail)
    return ended


def list_active(
    engine: Engine, actor: Actor, *, now: datetime | None = None
) -> list[ActiveSession]:
    """Every session still valid now, by username then newest first.

    Raises:
        PermissionDenied: the actor may not manage sessions.
    """
    require(actor, Action.MANAGE_SESSIONS)
    now = now or utcnow()
    query = (
        select(sessions, accounts.c.username)
        .join(accounts, accounts.c.id == sessions.c.account_id)
        .where(
            sessions.c.revoked_at.is_(None),
            sessions.c.idle_expires_at > now,
            sessions.c.absolute_expires_at > now,
            accounts.c.disabled.is_(False),
        )
        .order_by(accounts.c.username, sessions.c.created_at.desc(), sessions.c.id.desc())
    )
    with transaction(engine) as conn:
        rows = conn.execute(query).all()
    return [
        ActiveSession(
            id=r.id,
            account_id=r.account_id,
            username=r.username or f"account {r.account_id}",
            created_at=r.created_at,
            last_seen_at=r.last_seen_at,
            idle_expires_at=r.idle_expires_at,
            absolute_expires_at=r.absolute_expires_at,
            client_hint=r.client_hint,
        )
        for r in rows
    ]


def revoke(engine: Engine, actor: Actor, session_id: int, *, now: datetime | None = None) -> None:
    """End one session as an admin (audited).

    Raises:
        PermissionDenied: the actor may not manage sessions.
        NotFound: no open session with that id.
    """
    require(actor, Action.MANAGE_SESSIONS)
    now = now or utcnow()
    with transaction(engine) as conn:
        row = conn.execute(
            select(sessions.c.account_id).where(
                sessions.c.id == session_id, sessions.c.revoked_at.is_(None)
            )
        ).one_or_none()
        if row is None:
            raise NotFound(N_("no open session with id {session_id}"), session_id=session_id)
        _end(conn, session_id, ADMIN, now)
        audit.record(
            conn,
            actor.account_id,
            audit.SESSION_REVOKE,
            f"account:{row.account_id}",
            _detail(session_id, ADMIN),
        )


def revoke_all(
    engine: Engine, actor: Actor, account_id: int, *, now: datetime | None = None
) -> int:
    """End every open session of an account as an admin (audited); return how many.

    Raises:
        PermissionDenied: the actor may not manage sessions.
        NotFound: no such account.
    """
    require(actor, Action.MANAGE_SESSIONS)
    with transaction(engine) as conn:
        found = conn.execute(
            select(func.count()).select_from(accounts).where(accounts.c.id == account_id)
        ).scalar_one()
        if not found:
            raise NotFound(N_("no account with id {account_id}"), account_id=account_id)
        return revoke_account_sessions(conn, account_id, ADMIN, by=actor.account_id, now=now)
