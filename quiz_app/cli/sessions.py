"""``sessions list`` and ``sessions revoke``: the login sessions still valid (admin)."""

from __future__ import annotations

import click

from quiz_app import accounts, sessions
from quiz_app.cli.common import CommandGroup, Session, identity_options, pass_session

group = CommandGroup("sessions", help="List and revoke login sessions (admin).")


@group.command("list")
@identity_options
@pass_session
def list_(session: Session) -> None:
    """List the login sessions still valid: id, account, created, last seen (UTC), client.

    \b
    Example:
      python -m quiz_app --as admin sessions list
    """
    engine = session.engine()
    for s in sessions.list_active(engine, session.actor(engine)):
        click.echo(
            f"{s.id:>6}  {s.username:<20} {s.created_at:%Y-%m-%d %H:%M}  "
            f"{s.last_seen_at:%Y-%m-%d %H:%M}  {s.client_hint or '-'}"
        )


@group.command("revoke")
@click.option("--id", "session_id", type=int, metavar="ID", help="the session (from `list`)")
@click.option("--username", metavar="NAME", help="every session of this account")
@identity_options
@pass_session
def revoke(session: Session, session_id: int | None, username: str | None) -> None:
    """End one session, or every session of an account, at the user's next action.

    \b
    Example:
      python -m quiz_app --as admin sessions revoke --username staff1
    """
    if (session_id is None) == (username is None):
        raise click.UsageError("give either --id or --username")
    engine = session.engine()
    actor = session.actor(engine)
    if session_id is not None:
        sessions.revoke(engine, actor, session_id)
        click.echo(f"revoked session {session_id}")
    else:
        ended = sessions.revoke_all(engine, actor, accounts.account_id_for(engine, username))
        click.echo(f"revoked {ended} session(s) of {username}")
