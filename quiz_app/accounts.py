"""Accounts: local passwords (argon2), first-admin bootstrap, roles, SSO accounts.

Passwords are hashed with argon2id (OWASP parameters). Logging in with a password, the
throttle around it and logging out are in :mod:`quiz_app.authentication`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from quiz_app import audit, sessions
from quiz_app.authz import Action, Actor, Role, require
from quiz_app.errors import (
    AuthenticationFailed,
    DuplicateUsername,
    InvalidInput,
    LastAdmin,
    NotFound,
    PermissionDenied,
)
from quiz_app.i18n import N_
from quiz_app.store import accounts, people, transaction, utcnow

MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_DUMMY_HASH = _hasher.hash("not a real password, used to even out timing")


@dataclass(frozen=True)
class Account:
    """An account as shown to admins (never the password hash)."""

    id: int
    username: str
    role: Role
    person_id: int | None
    sso_email: str | None
    has_password: bool
    disabled: bool
    created_at: datetime


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``.

    Raises:
        InvalidInput: the password is shorter than ``MIN_PASSWORD_LENGTH``.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            N_("password too short: use at least {minimum} characters"), minimum=MIN_PASSWORD_LENGTH
        )
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (False for a missing hash)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def normalise_username(username: str) -> str:
    """Usernames are case-insensitive and trimmed.

    Raises:
        InvalidInput: empty, too long, or containing whitespace or control characters.
    """
    name = (username or "").strip().lower()
    if not name or len(name) > 150 or any(c.isspace() or not c.isprintable() for c in name):
        raise InvalidInput(
            N_("invalid username {username!r}: use 1-150 characters, no spaces"), username=username
        )
    return name


def _to_account(row) -> Account:
    return Account(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        person_id=row.person_id,
        sso_email=row.sso_email,
        has_password=row.password_hash is not None,
        disabled=bool(row.disabled),
        created_at=row.created_at,
    )


def _enabled_admins(conn: Connection) -> int:
    return conn.execute(
        select(func.count())
        .select_from(accounts)
        .where(accounts.c.role == Role.ADMIN.value, accounts.c.disabled.is_(False))
    ).scalar_one()


def admin_exists(engine: Engine) -> bool:
    """Whether the store has at least one enabled admin account (else: bootstrap mode).

    Raises:
        StoreUnavailable: the database cannot be reached.
    """
    with transaction(engine) as conn:
        return _enabled_admins(conn) > 0


def _lock_accounts(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE")


def _insert_account(
    conn: Connection,
    *,
    username: str,
    role: Role,
    password: str | None,
    person_id: int | None,
    sso_email: str | None,
) -> int:
    values = {
        "username": normalise_username(username),
        "password_hash": hash_password(password) if password is not None else None,
        "role": role.value,
        "person_id": person_id,
        "sso_email": sso_email.strip().lower() if sso_email else None,
        "disabled": False,
        "created_at": utcnow(),
    }
    if values["password_hash"] is None and values["sso_email"] is None:
        raise InvalidInput(N_("an account needs a password or an SSO e-mail"))
    try:
        with conn.begin_nested():
            return conn.execute(accounts.insert().values(**values)).inserted_primary_key[0]
    except IntegrityError:
        raise DuplicateUsername(
            N_("username {username!r} is already taken"), username=values["username"]
        ) from None


def create_first_admin(
    engine: Engine, *, username: str, password: str, person_id: int | str | None = None
) -> Actor:
    """Create the first admin account; allowed only while no admin exists.

    Args:
        person_id: the person to link: internal id, or HR id (external id) as a string.

    Raises:
        PermissionDenied: an admin already exists.
        InvalidInput: bad username or password.
        NotFound: no person with that HR id.
    """
    with transaction(engine) as conn:
        _lock_accounts(conn)
        if _enabled_admins(conn):
            raise PermissionDenied(
                N_("an admin already exists; log in as an admin to add accounts")
            )
        person_id = _person_ref(conn, person_id)
        account_id = _insert_account(
            conn,
            username=username,
            role=Role.ADMIN,
            password=password,
            person_id=person_id,
            sso_email=None,
        )
        audit.record(
            conn,
            account_id,
            audit.ACCOUNT_CREATE,
            f"account:{account_id}",
            {"role": Role.ADMIN.value, "bootstrap": True},
        )
    return Actor(account_id, Role.ADMIN, person_id)


def create_account(
    engine: Engine,
    actor: Actor,
    *,
    username: str,
    role: Role | str,
    password: str | None = None,
    person_id: int | str | None = None,
    sso_email: str | None = None,
) -> int:
    """Create an account (local password and/or SSO e-mail); return its id.

    Args:
        person_id: the person to link: internal id, or HR id (external id) as a string.

    Raises:
        PermissionDenied: the actor may not manage accounts.
        UnknownRole, DuplicateUsername, InvalidInput, NotFound: bad input (nothing is written).
    """
    require(actor, Action.MANAGE_ACCOUNTS)
    role = Role.parse(role)
    with transaction(engine) as conn:
        person_id = _person_ref(conn, person_id)
        if person_id is not None:
            _check_person(conn, person_id)
        account_id = _insert_account(
            conn,
            username=username,
            role=role,
            password=password,
            person_id=person_id,
            sso_email=sso_email,
        )
        audit.record(
            conn,
            actor.account_id,
            audit.ACCOUNT_CREATE,
            f"account:{account_id}",
            {"role": role.value},
        )
    return account_id


def _check_person(conn: Connection, person_id: int) -> None:
    from quiz_app.people import get_person

    if get_person(conn, person_id).erased:
        raise InvalidInput(N_("that person has been erased"))


def _person_ref(conn: Connection, person: int | str | None) -> int | None:
    """The internal id of ``person``: an internal id, or an HR id (external id) string."""
    from quiz_app.people import person_id_for

    return person_id_for(conn, person) if isinstance(person, str) else person


# The columns an account is read by here, and only those: the reader's language
# (``accounts.locale``) belongs to ``quiz_app.preferences``, so reading an account works on any
# store that holds these (the seeding of tests builds stores of earlier revisions with this code).
_ACCOUNT_COLUMNS = tuple(c for c in accounts.c if c.name != "locale")


def _load_row(conn: Connection, account: int | str):
    """The row of ``account``: an account id, or a username."""
    if isinstance(account, str):
        name = normalise_username(account)
        row = conn.execute(
            select(*_ACCOUNT_COLUMNS).where(accounts.c.username == name)
        ).one_or_none()
        if row is None:
            raise NotFound(N_("no account named {name!r}"), name=name)
        return row
    row = conn.execute(select(*_ACCOUNT_COLUMNS).where(accounts.c.id == account)).one_or_none()
    if row is None:
        raise NotFound(N_("no account with id {account}"), account=account)
    return row


def account_id_for(engine: Engine, username: str) -> int:
    """The id of the account named ``username``.

    Raises:
        NotFound: no such account.
    """
    name = normalise_username(username)
    with transaction(engine) as conn:
        found = conn.execute(
            select(accounts.c.id).where(accounts.c.username == name)
        ).scalar_one_or_none()
    if found is None:
        raise NotFound(N_("no account named {name!r}"), name=name)
    return found


def list_accounts(engine: Engine, actor: Actor) -> list[Account]:
    """Every account, by username.

    Raises:
        PermissionDenied: the actor may not manage accounts.
    """
    require(actor, Action.MANAGE_ACCOUNTS)
    with transaction(engine) as conn:
        rows = conn.execute(select(*_ACCOUNT_COLUMNS).order_by(accounts.c.username)).all()
    return [_to_account(r) for r in rows]


@dataclass(frozen=True)
class AccountRow:
    """An account as the admins' table shows it: the person by name and HR id, not by number."""

    account: Account
    person_name: str | None
    person_hr_id: str | None


def list_accounts_with_people(engine: Engine, actor: Actor) -> list[AccountRow]:
    """Every account, by username, with its linked person's name and HR id (None: none).

    Raises:
        PermissionDenied: the actor may not manage accounts.
    """
    require(actor, Action.MANAGE_ACCOUNTS)
    with transaction(engine) as conn:
        rows = conn.execute(
            select(accounts, people.c.name.label("person_name"), people.c.external_id)
            .outerjoin(people, people.c.id == accounts.c.person_id)
            .order_by(accounts.c.username)
        ).all()
    return [AccountRow(_to_account(r), r.person_name, r.external_id) for r in rows]


def _guard_last_admin(conn: Connection, row, *, demoted: bool) -> None:
    if demoted and row.role == Role.ADMIN.value and not row.disabled and _enabled_admins(conn) <= 1:
        raise LastAdmin(N_("refusing: this is the last enabled admin account"))


def change_role(engine: Engine, actor: Actor, account_id: int | str, role: Role | str) -> None:
    """Give an account (id, or username) another role (audited); every session of the
    account ends, so the new role applies from its next login.

    Raises:
        PermissionDenied: the actor may not manage accounts.
        UnknownRole, NotFound, LastAdmin: bad input (nothing is written).
    """
    require(actor, Action.MANAGE_ACCOUNTS)
    role = Role.parse(role)
    with transaction(engine) as conn:
        _lock_accounts(conn)
        row = _load_row(conn, account_id)
        account_id = row.id
        if row.role == role.value:
            return
        _guard_last_admin(conn, row, demoted=True)
        conn.execute(accounts.update().where(accounts.c.id == account_id).values(role=role.value))
        audit.record(
            conn,
            actor.account_id,
            audit.ROLE_CHANGE,
            f"account:{account_id}",
            {"from": row.role, "to": role.value},
        )
        sessions.revoke_account_sessions(
            conn, account_id, sessions.ROLE_CHANGE, by=actor.account_id
        )


def set_disabled(engine: Engine, actor: Actor, account_id: int | str, disabled: bool) -> None:
    """Disable or re-enable an account (id, or username; audited). Disabled accounts cannot
    log in, and disabling ends every session of the account at once.

    Raises:
        PermissionDenied: the actor may not manage accounts.
        NotFound, LastAdmin: bad input (nothing is written).
    """
    require(actor, Action.MANAGE_ACCOUNTS)
    with transaction(engine) as conn:
        _lock_accounts(conn)
        row = _load_row(conn, account_id)
        account_id = row.id
        if bool(row.disabled) == disabled:
            return
        _guard_last_admin(conn, row, demoted=disabled)
        conn.execute(accounts.update().where(accounts.c.id == account_id).values(disabled=disabled))
        action = audit.ACCOUNT_DISABLE if disabled else audit.ACCOUNT_ENABLE
        audit.record(conn, actor.account_id, action, f"account:{account_id}")
        if disabled:
            sessions.revoke_account_sessions(
                conn, account_id, sessions.DISABLED, by=actor.account_id
            )


def link_person(
    engine: Engine, actor: Actor, account_id: int | str, person_id: int | str | None
) -> None:
    """Link an account (id, or username) to a person (id, or HR id; None unlinks); audited.

    Raises:
        PermissionDenied: the actor may not manage accounts.
        NotFound, InvalidInput: no such account or person, or the person was erased.
    """
    require(actor, Action.MANAGE_ACCOUNTS)
    with transaction(engine) as conn:
        account_id = _load_row(conn, account_id).id
        person_id = _person_ref(conn, person_id)
        if person_id is not None:
            _check_person(conn, person_id)
        conn.execute(
            accounts.update().where(accounts.c.id == account_id).values(person_id=person_id)
        )
        audit.record(
            conn,
            actor.account_id,
            audit.ACCOUNT_LINK,
            f"account:{account_id}",
            {"person_id": person_id},
        )


def set_password(engine: Engine, actor: Actor, account_id: int, password: str) -> None:
    """Set an account's password: admins for anyone, everyone for their own account. Every
    session of the account ends (it logs in again with the new password).

    Raises:
        PermissionDenied: another person's account and the actor may not manage accounts.
        InvalidInput, NotFound: weak password or no such account.
    """
    if actor.account_id != account_id:
        require(actor, Action.MANAGE_ACCOUNTS)
    new_hash = hash_password(password)
    with transaction(engine) as conn:
        _load_row(conn, account_id)
        conn.execute(
            accounts.update().where(accounts.c.id == account_id).values(password_hash=new_hash)
        )
        audit.record(conn, actor.account_id, audit.PASSWORD_CHANGE, f"account:{account_id}")
        sessions.revoke_account_sessions(
            conn, account_id, sessions.PASSWORD_CHANGE, by=actor.account_id
        )


def authenticate_sso(
    engine: Engine, *, subject: str, email: str | None, role: Role | None
) -> Actor:
    """Log in an identity verified by the OIDC provider.

    The account is found by ``subject``, else by its SSO e-mail (then bound to the subject,
    audited). If none exists and ``role`` is given (from ``quiz_app.sso`` rules), one is
    created. Pass ``email`` only when the provider verified it
    (:func:`quiz_app.sso.verified_identity`).

    Raises:
        AuthenticationFailed: no account and no matching rule, or the account is disabled.
    """
    email = email.strip().lower() if email else None
    with transaction(engine) as conn:
        row = conn.execute(
            select(*_ACCOUNT_COLUMNS).where(accounts.c.sso_subject == subject)
        ).one_or_none()
        if row is None and email:
            row = conn.execute(
                select(*_ACCOUNT_COLUMNS).where(
                    accounts.c.sso_email == email, accounts.c.sso_subject.is_(None)
                )
            ).first()
            if row is not None:
                conn.execute(
                    accounts.update().where(accounts.c.id == row.id).values(sso_subject=subject)
                )
                audit.record(
                    conn, None, audit.ACCOUNT_LINK, f"account:{row.id}", {"sso": "subject"}
                )
        if row is None and role is not None and email:
            account_id = _insert_account(
                conn, username=email, role=role, password=None, person_id=None, sso_email=email
            )
            conn.execute(
                accounts.update().where(accounts.c.id == account_id).values(sso_subject=subject)
            )
            audit.record(
                conn,
                None,
                audit.ACCOUNT_CREATE,
                f"account:{account_id}",
                {"role": role.value, "via": "sso"},
            )
            row = _load_row(conn, account_id)
        if row is None or row.disabled:
            target = f"account:{row.id}" if row is not None else "account:unknown"
            audit.record(conn, None, audit.LOGIN_FAILED, target, {"method": "sso"})
        else:
            audit.record(conn, row.id, audit.LOGIN, f"account:{row.id}", {"method": "sso"})
            return Actor(row.id, Role(row.role), row.person_id)
    raise AuthenticationFailed(N_("no enabled account for this identity; ask an administrator"))
