"""``users add|list|set-role|disable|enable|link``: accounts and their roles."""

from __future__ import annotations

import click

from quiz_app import accounts, maintenance
from quiz_app.authz import Role
from quiz_app.cli.common import (
    CommandGroup,
    Session,
    identity_options,
    pass_session,
    prompt_secret,
    read_stdin_line,
)
from quiz_app.errors import InvalidInput
from quiz_app.i18n import N_

group = CommandGroup("users", help="Local and SSO accounts and their roles (admin).")

ROLE_HELP = "staff, manager, trainer or admin"


def _new_password(username: str, password_stdin: bool, sso_email: str | None) -> str | None:
    if password_stdin:
        line = read_stdin_line()
        if not line:
            raise InvalidInput(N_("no password on standard input"))
        return line
    if sso_email:
        return None
    first = prompt_secret(f"New password for {username}: ")
    if first != prompt_secret("Repeat the password: "):
        raise InvalidInput(N_("the two passwords differ"))
    return first


@group.command("add")
@click.option("--username", required=True, help="login name (case-insensitive)")
@click.option("--role", required=True, help=ROLE_HELP)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="read the new password from the first line of standard input",
)
@click.option("--person", metavar="ID", help="link to the person with this HR id")
@click.option(
    "--sso-email",
    metavar="EMAIL",
    help="e-mail the SSO provider reports for this account (no password needed)",
)
@identity_options
@pass_session
def add(
    session: Session,
    username: str,
    role: str,
    password_stdin: bool,
    person: str | None,
    sso_email: str | None,
) -> None:
    """Create an account; the password is prompted for or read with --password-stdin.
    Without --as only the first admin can be created; on a fresh install this also creates
    the store's schema.

    \b
    Example:
      printf '%s\\n' "$PW" | python -m quiz_app users add --username alice --role admin --password-stdin
    """
    parsed = Role.parse(role)
    accounts.normalise_username(username)
    engine = session.raw_engine()
    if not session.as_user and not maintenance.has_admin(engine):
        maintenance.prepare_first_admin(engine, parsed)
        password = _new_password(username, password_stdin, sso_email)
        created = accounts.create_first_admin(
            engine, username=username, password=password or "", person_id=person
        )
        account_id = created.account_id
    else:
        engine = session.engine()
        actor = session.actor(engine)
        account_id = accounts.create_account(
            engine,
            actor,
            username=username,
            role=parsed,
            password=_new_password(username, password_stdin, sso_email),
            person_id=person,
            sso_email=sso_email,
        )
    click.echo(f"created account {username.strip().lower()} ({parsed}) with id {account_id}")


@group.command("list")
@identity_options
@pass_session
def list_(session: Session) -> None:
    """List every account with role and state.

    \b
    Example:
      python -m quiz_app --as admin users list
    """
    engine = session.engine()
    rows = accounts.list_accounts(engine, session.actor(engine))
    click.echo(f"{'id':>4}  {'username':<30} {'role':<8} {'person':>6}  state")
    for a in rows:
        state = "disabled" if a.disabled else "enabled"
        login = ("password" if a.has_password else "") + (" sso" if a.sso_email else "")
        person = "" if a.person_id is None else str(a.person_id)
        click.echo(f"{a.id:>4}  {a.username:<30} {a.role:<8} {person:>6}  {state}, {login.strip()}")


@group.command("set-role")
@click.option("--username", required=True)
@click.option("--role", required=True, help=ROLE_HELP)
@identity_options
@pass_session
def set_role(session: Session, username: str, role: str) -> None:
    """Give an account another role.

    \b
    Example:
      python -m quiz_app --as admin users set-role --username bob --role trainer
    """
    parsed = Role.parse(role)
    engine = session.engine()
    accounts.change_role(engine, session.actor(engine), username, parsed)
    click.echo(f"{username.strip().lower()} is now {parsed}")


def _set_disabled(session: Session, username: str, disabled: bool) -> None:
    engine = session.engine()
    accounts.set_disabled(engine, session.actor(engine), username, disabled)
    click.echo(f"{username.strip().lower()} is {'disabled' if disabled else 'enabled'}")


@group.command("disable")
@click.option("--username", required=True)
@identity_options
@pass_session
def disable(session: Session, username: str) -> None:
    """Disable an account (it can no longer log in).

    \b
    Example:
      python -m quiz_app --as admin users disable --username bob
    """
    _set_disabled(session, username, True)


@group.command("enable")
@click.option("--username", required=True)
@identity_options
@pass_session
def enable(session: Session, username: str) -> None:
    """Enable an account (again).

    \b
    Example:
      python -m quiz_app --as admin users enable --username bob
    """
    _set_disabled(session, username, False)


@group.command("link")
@click.option("--username", required=True)
@click.option("--person", required=True, metavar="ID", help="the person's HR id")
@identity_options
@pass_session
def link(session: Session, username: str, person: str) -> None:
    """Link an account to a person (HR id).

    \b
    Example:
      python -m quiz_app --as admin users link --username bob --person E123
    """
    engine = session.engine()
    accounts.link_person(engine, session.actor(engine), username, person)
    click.echo(f"{username.strip().lower()} is linked to person {person}")
