"""Append-only audit log: who (account id) did what to which target (ids only), when.

Rows never hold names, e-mail addresses or usernames -- only ids such as ``person:12`` or
``account:3`` -- so erasing a person never needs to touch the log. Database triggers
(created by migration 1) reject UPDATE, DELETE and TRUNCATE on ``audit_log``.

Write an entry inside the same transaction as the change it describes::

    with transaction(engine) as conn:
        ...change...
        audit.record(conn, actor.account_id, audit.ROLE_CHANGE, f"account:{id}", {"to": "admin"})
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from quiz_app.authz import Action, Actor, require
from quiz_app.store import accounts, audit_log, transaction, utcnow

LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOGOUT = "logout"
LOCKOUT = "lockout"
SESSION_EXPIRE = "session_expire"
SESSION_REVOKE = "session_revoke"
SETUP_REFUSED = "setup_refused"
ACCOUNT_CREATE = "account_create"
ACCOUNT_DISABLE = "account_disable"
ACCOUNT_ENABLE = "account_enable"
ACCOUNT_LINK = "account_link"
PASSWORD_CHANGE = "password_change"
ROLE_CHANGE = "role_change"
LANGUAGE_CHANGE = "language_change"
PERSON_CREATE = "person_create"
PERSON_EXPORT = "person_export"
PERSON_ERASE = "person_erase"
EXPORT = "export"
IMPORT = "import"
DB_UPGRADE = "db_upgrade"
DB_BACKUP = "db_backup"
DB_RESTORE = "db_restore"


@dataclass(frozen=True)
class AuditEntry:
    """One audit row as shown to admins."""

    id: int
    at: datetime
    actor_account_id: int | None
    action: str
    target: str
    detail: dict[str, Any] | None


def record(
    conn: Connection,
    actor_account_id: int | None,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry in the caller's transaction.

    Args:
        conn: the connection of the transaction that makes the audited change.
        actor_account_id: the acting account (None for anonymous, e.g. a failed login).
        action: one of the constants in this module (or a new short verb_noun).
        target: ids only, e.g. ``"person:12"``, ``"account:3"``, ``"store"``.
        detail: JSON-serialisable facts with ids, counts and codes -- never personal data.

    Raises:
        ValueError: ``detail`` or ``target`` looks like it holds an e-mail address.
    """
    text = json.dumps(detail, sort_keys=True, default=str) if detail is not None else None
    if "@" in target or (text and "@" in text):
        raise ValueError("audit entries must not contain e-mail addresses; use ids")
    conn.execute(
        audit_log.insert().values(
            at=utcnow(),
            actor_account_id=actor_account_id,
            action=action,
            target=target,
            detail=text,
        )
    )


def record_many(
    conn: Connection,
    actor_account_id: int | None,
    entries: list[tuple[str, str, dict[str, Any] | None]],
) -> None:
    """Append several ``(action, target, detail)`` entries in one statement (executemany),
    in the caller's transaction: what :func:`record` does, for a batch of changes.

    Raises:
        ValueError: a ``detail`` or ``target`` looks like it holds an e-mail address.
    """
    if not entries:
        return
    at = utcnow()
    rows = []
    for action, target, detail in entries:
        text = json.dumps(detail, sort_keys=True, default=str) if detail is not None else None
        if "@" in target or (text and "@" in text):
            raise ValueError("audit entries must not contain e-mail addresses; use ids")
        rows.append(
            {
                "at": at,
                "actor_account_id": actor_account_id,
                "action": action,
                "target": target,
                "detail": text,
            }
        )
    conn.execute(audit_log.insert(), rows)


def list_entries(
    engine: Engine,
    actor: Actor,
    *,
    action: str | None = None,
    actor_account_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[AuditEntry]:
    """Newest-first audit entries matching every given filter (``until`` is exclusive).

    Raises:
        PermissionDenied: the actor may not view the audit log.
    """
    require(actor, Action.VIEW_AUDIT)
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if action:
        query = query.where(audit_log.c.action == action)
    if actor_account_id is not None:
        query = query.where(audit_log.c.actor_account_id == actor_account_id)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at < until)
    with transaction(engine) as conn:
        rows = conn.execute(query).mappings().all()
    return [
        AuditEntry(
            id=r["id"],
            at=r["at"],
            actor_account_id=r["actor_account_id"],
            action=r["action"],
            target=r["target"],
            detail=json.loads(r["detail"]) if r["detail"] else None,
        )
        for r in rows
    ]


def known_actions(engine: Engine, actor: Actor) -> list[str]:
    """The distinct actions present in the log, for filter widgets.

    Raises:
        PermissionDenied: the actor may not view the audit log.
    """
    require(actor, Action.VIEW_AUDIT)
    with transaction(engine) as conn:
        rows = conn.execute(select(audit_log.c.action).distinct().order_by(audit_log.c.action))
        return [r[0] for r in rows]


def acting_accounts(engine: Engine, actor: Actor) -> dict[int, str]:
    """The accounts that appear as actors in the log, ``{account id: username}`` by name,
    for filter widgets and for showing who acted.

    Raises:
        PermissionDenied: the actor may not view the audit log.
    """
    require(actor, Action.VIEW_AUDIT)
    acting = select(audit_log.c.actor_account_id).distinct()
    with transaction(engine) as conn:
        rows = conn.execute(
            select(accounts.c.id, accounts.c.username)
            .where(accounts.c.id.in_(acting))
            .order_by(accounts.c.username)
        ).all()
    return {r.id: r.username for r in rows}
