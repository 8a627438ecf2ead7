"""Login throttling: every login attempt is counted atomically BEFORE its password is checked.

Two counters apply to each attempt, kept in ``login_throttle`` under a SHA-256 key (the table
holds no usernames and no addresses):

- **per client address** (when the caller knows one; the command line passes none):
  ``ADDRESS_RULE.limit`` attempts, then the address is locked for ``ADDRESS_RULE.first_lock``,
  doubling at each further ``limit`` attempts up to ``ADDRESS_RULE.max_lock``. This is the
  main defence against one attacker, and a locked address does not count against usernames.
- **per username** (known or not, so the form does not reveal which exist): after
  ``USERNAME_RULE.limit`` attempts the username is locked for 30 s, doubling up to 5 minutes.
  The lock is short on purpose: it slows a guesser spread over many addresses, and a locked
  sole admin gets in again after at most 5 minutes from an address that is not locked.
  Locking one account (an admin's included) never stops another account, so another admin
  can always log in and help.

Counting happens in one statement (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``) in its
own committed transaction, so concurrent attempts each see the others' counts: at most
``limit`` of them reach the password check before the lock. Failures decay: a counter that
sees no attempt for ``window`` starts again from zero. A successful login takes back its own
count, so logging in often never locks anyone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from quiz_app.store import login_throttle


@dataclass(frozen=True)
class Rule:
    """How many attempts a key may make, how long it is then locked, when it is forgotten."""

    scope: str
    limit: int
    first_lock: timedelta
    max_lock: timedelta
    window: timedelta

    def lock_for(self, attempts: int) -> timedelta:
        """The lock that the ``attempts``-th attempt (a multiple of ``limit``) starts."""
        return min(self.first_lock * 2 ** (attempts // self.limit - 1), self.max_lock)


USERNAME_RULE = Rule(
    "username", 5, timedelta(seconds=30), timedelta(minutes=5), timedelta(minutes=15)
)
ADDRESS_RULE = Rule("address", 20, timedelta(minutes=5), timedelta(hours=1), timedelta(hours=1))


@dataclass(frozen=True)
class Count:
    """The outcome of counting one attempt against one key."""

    rule: Rule
    key: str
    attempts: int
    locked_until: datetime | None  # set when the key is locked (by this attempt or before)
    locks_now: bool  # this attempt reached the limit and started the lock (it is checked)

    def wait(self, now: datetime) -> int | None:
        """Seconds to wait when the attempt is refused (not checked), else None."""
        if self.locks_now or self.locked_until is None or self.locked_until <= now:
            return None
        return int((self.locked_until - now).total_seconds()) + 1


def username_key(username: str) -> str:
    """The throttle key of a username (its lower-cased SHA-256)."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def address_key(address: str) -> str:
    """The throttle key of a client address."""
    return hashlib.sha256(f"address:{address.strip().lower()}".encode()).hexdigest()


def _insert(conn: Connection):
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(login_throttle)


def count_attempt(conn: Connection, rule: Rule, key: str, now: datetime) -> Count:
    """Count one attempt for ``key`` atomically; start the lock when it reaches the limit."""
    t = login_throttle.c
    forgotten = t.last_failure_at < now - rule.window
    statement = _insert(conn).values(key_hash=key, failures=1, last_failure_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[t.key_hash],
        set_={
            "failures": case((forgotten, 1), else_=t.failures + 1),
            "locked_until": case((forgotten, None), else_=t.locked_until),
            "last_failure_at": now,
        },
    ).returning(t.failures, t.locked_until)
    attempts, locked_until = conn.execute(statement).one()
    locked = locked_until is not None and locked_until > now
    if locked or attempts % rule.limit:
        return Count(rule, key, attempts, locked_until, locks_now=False)
    locked_until = now + rule.lock_for(attempts)
    conn.execute(login_throttle.update().where(t.key_hash == key).values(locked_until=locked_until))
    return Count(rule, key, attempts, locked_until, locks_now=True)


def take_back(conn: Connection, key: str) -> None:
    """Uncount one attempt of ``key`` (after a successful login)."""
    t = login_throttle.c
    conn.execute(
        login_throttle.update()
        .where(t.key_hash == key, t.failures > 0)
        .values(failures=t.failures - 1)
    )
