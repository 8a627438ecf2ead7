"""``approvals list``: the management body's approvals, latest first (manager)."""

from __future__ import annotations

import click

from quiz_app.cli.common import CommandGroup, Session, identity_options, pass_session
from quiz_app.governance import approvals

group = CommandGroup("approvals", help="The management body's approvals (manager).")


@group.command("list")
@identity_options
@pass_session
def list_(session: Session) -> None:
    """List the approvals: id, date, subject, meeting, members present.

    \b
    Example:
      python -m quiz_app --as manager1 approvals list
    """
    engine = session.engine()
    for a in approvals.list_approvals(engine, session.actor(engine)):
        corrects = f"  (corrects #{a.supersedes})" if a.supersedes else ""
        click.echo(
            f"{a.id:>5}  {a.approved_on:%Y-%m-%d}  {a.subject:<16}  {a.meeting_reference}  "
            f"[{', '.join(a.members)}]{corrects}"
        )
