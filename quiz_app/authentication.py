"""Logging in with a password, and out: throttled, audited, and the same for every caller.

Every login attempt is counted per username and per client address before its password is
checked (:mod:`quiz_app.throttle` holds the rule: short username locks, longer address
locks, decay, and why locking one admin never locks out another). Unknown usernames are
throttled alike and take the same time to reject, so the login form does not reveal which
usernames exist. Logins, failed logins, lockouts and logouts are audited (ids only).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from quiz_app import audit, throttle
from quiz_app.accounts import verify_password
from quiz_app.authz import Actor, Role
from quiz_app.errors import AuthenticationFailed, LoginThrottled
from quiz_app.i18n import N_
from quiz_app.store import accounts, transaction, utcnow

THROTTLE_AFTER = throttle.USERNAME_RULE.limit
WRONG_CREDENTIALS = N_("wrong username or password")


# What identifying an account needs, and only that (a store of an earlier revision, which
# lacks later columns such as ``accounts.locale``, still lets its admin run ``db upgrade``).
_IDENTITY = (
    accounts.c.id,
    accounts.c.role,
    accounts.c.person_id,
    accounts.c.disabled,
    accounts.c.password_hash,
)


def load_actor(engine: Engine, account_id: int) -> Actor:
    """The current identity of a logged-in account (re-read so role changes apply at once).

    Raises:
        AuthenticationFailed: the account no longer exists or is disabled.
    """
    with transaction(engine) as conn:
        row = conn.execute(select(*_IDENTITY).where(accounts.c.id == account_id)).one_or_none()
    if row is None or row.disabled:
        raise AuthenticationFailed(N_("your account is disabled or was removed; log in again"))
    return Actor(row.id, Role(row.role), row.person_id)


def _count_attempt(
    engine: Engine, username: str, address: str | None, now: datetime
) -> tuple[list[throttle.Count], Any]:
    """Count the attempt (committed before any password is checked); audit a lockout."""
    with transaction(engine) as conn:
        counts = []
        if address:
            counts.append(
                throttle.count_attempt(
                    conn, throttle.ADDRESS_RULE, throttle.address_key(address), now
                )
            )
        if not counts or counts[0].wait(now) is None:
            key = throttle.username_key(username)
            counts.append(throttle.count_attempt(conn, throttle.USERNAME_RULE, key, now))
        row = conn.execute(
            select(*_IDENTITY).where(accounts.c.username == username.strip().lower())
        ).one_or_none()
        target = f"account:{row.id}" if row is not None else "account:unknown"
        for count in counts:
            if count.locks_now:
                seconds = int((count.locked_until - now).total_seconds())
                detail = {"scope": count.rule.scope, "attempts": count.attempts, "seconds": seconds}
                audit.record(conn, None, audit.LOCKOUT, target, detail)
    return counts, row


def authenticate(
    engine: Engine,
    username: str,
    password: str,
    *,
    address: str | None = None,
    now: datetime | None = None,
) -> Actor:
    """Check a username and password; record the login or the failure in the audit log.

    The attempt is counted per username and per client ``address`` (None on the command
    line) before the password is checked; see :mod:`quiz_app.throttle` for the rule.

    Raises:
        LoginThrottled: too many recent attempts for this username or address (password not
            checked).
        AuthenticationFailed: wrong username or password, or the account is disabled.
    """
    now = now or utcnow()
    counts, row = _count_attempt(engine, username, address, now)
    waits = [w for w in (c.wait(now) for c in counts) if w is not None]
    if waits:
        raise LoginThrottled(
            N_("too many failed logins; try again in {seconds} s"), seconds=max(waits)
        )
    ok = verify_password(row.password_hash if row is not None else None, password)
    with transaction(engine) as conn:
        if ok and not row.disabled:
            for count in counts:
                throttle.take_back(conn, count.key)
            audit.record(conn, row.id, audit.LOGIN, f"account:{row.id}", {"method": "password"})
            return Actor(row.id, Role(row.role), row.person_id)
        reason = "disabled" if ok else ("bad_password" if row is not None else "unknown_user")
        target = f"account:{row.id}" if row is not None else "account:unknown"
        detail = {"reason": reason, "attempts": counts[-1].attempts}
        audit.record(conn, None, audit.LOGIN_FAILED, target, detail)
    raise AuthenticationFailed(WRONG_CREDENTIALS)


def log_out(engine: Engine, account_id: int) -> None:
    """Record that an account logged out (audited; the caller forgets the session)."""
    with transaction(engine) as conn:
        audit.record(conn, account_id, audit.LOGOUT, f"account:{account_id}")
