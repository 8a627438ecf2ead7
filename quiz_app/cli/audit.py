"""``audit list``: read the append-only audit log."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import click

from quiz_app import audit
from quiz_app.cli.common import DAY_START, CommandGroup, Session, identity_options, pass_session

group = CommandGroup("audit", help="Read the append-only audit log (admin).")


@group.command("list")
@click.option("--action", help="only this action, e.g. login, role_change, person_erase")
@click.option("--actor", type=int, metavar="ACCOUNT_ID", help="only this acting account")
@click.option("--since", type=DAY_START, metavar="DATE", help="from this day (YYYY-MM-DD)")
@click.option("--until", type=DAY_START, metavar="DATE", help="up to and including this day")
@click.option("--limit", type=int, default=1000, help="at most this many (default 1000)")
@identity_options
@pass_session
def list_(
    session: Session,
    action: str | None,
    actor: int | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
) -> None:
    """List audit entries, newest first.

    \b
    Example:
      python -m quiz_app --as admin audit list --action login_failed --since 2025-01-01
    """
    engine = session.engine()
    entries = audit.list_entries(
        engine,
        session.actor(engine),
        action=action,
        actor_account_id=actor,
        since=since,
        until=until + timedelta(days=1) if until else None,
        limit=limit,
    )
    for e in entries:
        who = "-" if e.actor_account_id is None else f"account:{e.actor_account_id}"
        detail = json.dumps(e.detail, sort_keys=True) if e.detail else ""
        click.echo(
            f"{e.at.isoformat(timespec='seconds')}  {who:<12} {e.action:<16} "
            f"{e.target:<16} {detail}".rstrip()
        )
